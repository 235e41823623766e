/** How the gateway calls each subgraph: deadline, retries, breaker, dedupe, pool. */
export interface SubgraphCallOptions {
  /**
   * Deadline for one subgraph fetch, retries included, in ms. Default 5000. When it
   * passes the fetch is aborted and fails with reason `timeout`; no retry starts after it.
   */
  timeoutMs: number;
  /**
   * Deadline for one MUTATION fetch, in ms. Default 15000: longer than reads', and not
   * cut to the client request's deadline, because a write that times out has an unknown
   * outcome (`OUTCOME_UNKNOWN`), and each one avoided saves the client a retry.
   */
  mutationTimeoutMs: number;
  /**
   * Extra attempts for a QUERY fetch after a network error or HTTP 502/503/504, with
   * exponential backoff and jitter. Mutations are never retried. Default 2.
   */
  retries: number;
  /** First backoff delay in ms; attempt n waits about `retryBaseDelayMs * 2^n`. Default 100. */
  retryBaseDelayMs: number;
  /** Circuit breaker, one per subgraph. */
  breaker: {
    /** Consecutive failed attempts that open the circuit. Default 5. */
    consecutiveFailures: number;
    /**
     * How long an open circuit fails fast before its next trial, ms. Default 1000. A trial
     * first asks the subgraph's `/ready` and goes only when it is ready, so a short
     * interval costs a cheap probe, never a client request sent to a subgraph starting up.
     */
    halfOpenAfterMs: number;
  };
  /**
   * Share one fetch between identical in-flight QUERY fetches to the same subgraph
   * (same body, same forwarded headers apart from request id and trace context). Default true.
   */
  dedupe: boolean;
  /** Keep-alive connections per subgraph origin in the undici pool. Default 64. */
  maxConnections: number;
  /**
   * Cross-request entity batching: `_entities` fetches that concurrent QUERY requests
   * of one caller make to the subgraph with the same operation and variables are sent
   * as one call (see `EntityBatcher`). `windowMs`: how long a batch stays open while
   * other calls to the subgraph are in flight (none in flight, or 0: only until the
   * event loop has handled what is already due); `maxRepresentations`: a batch is sent
   * once it holds this many. null: off. Default `{ windowMs: 2, maxRepresentations: 200 }`.
   */
  batch: { windowMs: number; maxRepresentations: number } | null;
}

/** The defaults listed on {@link SubgraphCallOptions}. */
export const DEFAULT_SUBGRAPH_CALL_OPTIONS: Readonly<SubgraphCallOptions> = Object.freeze({
  timeoutMs: 5000,
  mutationTimeoutMs: 15_000,
  retries: 2,
  retryBaseDelayMs: 100,
  breaker: Object.freeze({ consecutiveFailures: 5, halfOpenAfterMs: 1000 }),
  dedupe: true,
  maxConnections: 64,
  batch: Object.freeze({ windowMs: 2, maxRepresentations: 200 }),
});

/** Partial options as config or tests give them; anything left out takes its default. */
export type SubgraphCallOptionsInput = Partial<Omit<SubgraphCallOptions, 'breaker' | 'batch'>> & {
  breaker?: Partial<SubgraphCallOptions['breaker']>;
  /** null or false: off; an object: on, with its fields or their defaults. */
  batch?: Partial<NonNullable<SubgraphCallOptions['batch']>> | null | false;
};

/** Fills in defaults and rejects values that cannot work, naming each bad one. */
export function resolveSubgraphCallOptions(
  input: SubgraphCallOptionsInput = {},
): SubgraphCallOptions {
  const d = DEFAULT_SUBGRAPH_CALL_OPTIONS;
  const options: SubgraphCallOptions = {
    timeoutMs: input.timeoutMs ?? d.timeoutMs,
    mutationTimeoutMs: input.mutationTimeoutMs ?? d.mutationTimeoutMs,
    retries: input.retries ?? d.retries,
    retryBaseDelayMs: input.retryBaseDelayMs ?? d.retryBaseDelayMs,
    breaker: {
      consecutiveFailures: input.breaker?.consecutiveFailures ?? d.breaker.consecutiveFailures,
      halfOpenAfterMs: input.breaker?.halfOpenAfterMs ?? d.breaker.halfOpenAfterMs,
    },
    dedupe: input.dedupe ?? d.dedupe,
    maxConnections: input.maxConnections ?? d.maxConnections,
    batch:
      input.batch === null || input.batch === false
        ? null
        : {
            windowMs: input.batch?.windowMs ?? d.batch!.windowMs,
            maxRepresentations: input.batch?.maxRepresentations ?? d.batch!.maxRepresentations,
          },
  };
  const problems = [
    check('timeoutMs', options.timeoutMs, 1),
    check('mutationTimeoutMs', options.mutationTimeoutMs, 1),
    check('retries', options.retries, 0),
    check('retryBaseDelayMs', options.retryBaseDelayMs, 0),
    check('breaker.consecutiveFailures', options.breaker.consecutiveFailures, 1),
    check('breaker.halfOpenAfterMs', options.breaker.halfOpenAfterMs, 1),
    check('maxConnections', options.maxConnections, 1),
    ...(options.batch
      ? [
          check('batch.windowMs', options.batch.windowMs, 0),
          check('batch.maxRepresentations', options.batch.maxRepresentations, 1),
        ]
      : []),
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0)
    throw new RangeError(`invalid subgraph call options: ${problems.join('; ')}`);
  return options;
}

function check(name: string, value: number, min: number): string | undefined {
  return Number.isInteger(value) && value >= min
    ? undefined
    : `${name}=${String(value)} must be an integer >= ${min}`;
}
