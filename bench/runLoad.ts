import autocannon from 'autocannon';

/** How many answers said `x-cache: hit`, `revalidated`, `partial` or `miss` (none: no header). */
export interface CacheOutcomes {
  hit: number;
  revalidated: number;
  partial: number;
  miss: number;
}

/** What one load run measured. */
export interface LoadResult {
  /** Every answered request, failures included (autocannon's average). */
  requestsPerSec: number;
  /** Answered 2xx without GraphQL errors, per second: the figure ratios and chart use. */
  okPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  /** 2xx responses whose body carries GraphQL `errors`. */
  graphqlErrors: number;
  /** Socket errors and timeouts. */
  socketErrors: number;
  /** The gateway's `x-cache` header over the run (all zero for a contender without it). */
  cache: CacheOutcomes;
}

/** One request of a load run: its body and headers. */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

/** Options for {@link runLoad}. */
export interface LoadOptions {
  url: string;
  /** The `n`-th request (rotating customers, and callers when each calls as themself). */
  request(n: number): LoadRequest;
  connections: number;
  /** Seconds to run for, unless `amount` is given. */
  durationSec?: number;
  /** Send exactly this many requests (e.g. one pass over a rotation), then stop. */
  amount?: number;
  /**
   * Seconds of load before the measured window, in the same run over the same
   * connections (with `durationSec`): answers to requests sent before the window opens
   * count nowhere, so the figures are the steady state, not the first wave of
   * connections all starting at once.
   */
  warmupSec?: number;
  /** Called when the measured window opens (to start CPU meters then). */
  onWindowOpen?(): void;
}

function headerValue(
  headers: Record<string, unknown> | undefined,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return String(value);
  }
  return undefined;
}

/** The value at percentile `p` of ascending `sorted` (nearest rank), ms to 0.1. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 10) / 10;
}

/**
 * Fixed connections for a fixed time (or a fixed amount) with autocannon; each request
 * gets the next body. With `warmupSec`, the run lasts `warmupSec + durationSec` and only
 * requests sent once the window is open count: rates are over `durationSec`, latency
 * percentiles over those requests (each answer's time as autocannon measured it).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmupMs = options.amount === undefined ? (options.warmupSec ?? 0) * 1000 : 0;
  const durationSec = options.durationSec ?? 10;
  let n = 0;
  // Performance-clock time the window opened: requests sent before it do not count.
  let windowOpensAt = warmupMs > 0 ? Infinity : -Infinity;
  if (warmupMs === 0) options.onWindowOpen?.();
  // What onResponse saw of the answer autocannon reports next ('response' follows it).
  let last: { ok: boolean; graphqlError: boolean; outcome: keyof CacheOutcomes | null } | null =
    null;
  const latencies: number[] = [];
  let non2xx = 0;
  let graphqlErrors = 0;
  const cache: CacheOutcomes = { hit: 0, revalidated: 0, partial: 0, miss: 0 };
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount === undefined
          ? { duration: durationSec + warmupMs / 1000 }
          : { amount: options.amount }),
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({ ...request, ...options.request(n++) }),
            onResponse: (status, body, _context, headers) => {
              const outcome = headerValue(headers, 'x-cache');
              last = {
                ok: status >= 200 && status < 300,
                graphqlError: status >= 200 && status < 300 && body.includes('"errors"'),
                outcome:
                  outcome !== undefined && Object.hasOwn(cache, outcome)
                    ? (outcome as keyof CacheOutcomes)
                    : null,
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime: number) => {
      const seen = last;
      last = null;
      if (performance.now() - responseTime < windowOpensAt) return;
      latencies.push(responseTime);
      if (!seen) return;
      if (!seen.ok) non2xx++;
      else if (seen.graphqlError) graphqlErrors++;
      if (seen.outcome) cache[seen.outcome]++;
    });
  });
  const timer =
    warmupMs > 0
      ? setTimeout(() => {
          windowOpensAt = performance.now();
          options.onWindowOpen?.();
        }, warmupMs)
      : undefined;
  const result = await done;
  clearTimeout(timer);
  latencies.sort((a, b) => a - b);
  const answered = latencies.length;
  const seconds =
    options.amount === undefined ? durationSec : Math.max(1, result.duration ?? durationSec);
  return {
    requestsPerSec: answered / seconds,
    okPerSec: (answered - non2xx - graphqlErrors) / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    requests: answered,
    non2xx,
    graphqlErrors,
    socketErrors: result.errors + result.timeouts,
    cache,
  };
}
