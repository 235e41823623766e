import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { STATUS_CODES } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { NOT_MODIFIED_HEADER } from '../../../lib/readValidators';
import { serverTimingMs } from '../../../lib/http/serverTiming';
import { BufferedHeaders } from './bufferedHeaders';
import { isQueryRequest } from './operationKind';
import type { SubgraphCallOptions } from './subgraphCallOptions';
import { circuitStateName, type SubgraphMetrics } from './subgraphMetrics';
import { SubgraphUnavailableError, subgraphFailure } from './subgraphUnavailableError';
import { withRetries } from './withRetries';

/** The fetch function `RemoteGraphQLDataSource` calls. */
export type SubgraphFetcher = RemoteGraphQLDataSource['fetcher'];
/** The request `RemoteGraphQLDataSource` hands its fetcher: method, headers, body. */
export type FetcherInit = NonNullable<Parameters<SubgraphFetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<SubgraphFetcher>>;

/** Options for {@link createResilientFetcher}. */
export interface ResilientFetcherOptions {
  /** Subgraph name, used in errors and metric labels (never its URL). */
  subgraph: string;
  /** Timeout, retries, breaker and dedupe settings. */
  call: SubgraphCallOptions;
  /** Keep-alive connection pool (see `createSubgraphAgent`). */
  dispatcher: Dispatcher;
  /** Where fetch latency, errors and circuit state go; none when absent. */
  metrics?: SubgraphMetrics;
  /**
   * When this gateway last learnt of a change (epoch ms). An in-flight query started
   * before it is not shared with a request arriving now: it may have read the old
   * value. Default: never.
   */
  lastChangeAt?: () => number;
  /**
   * Headers added to each HTTP attempt, retries included, from the URL and the request
   * as sent (the signed claims: a fresh nonce per attempt). Default none.
   */
  signAttempt?: (url: string, init: FetcherInit) => Readonly<Record<string, string>>;
}

/** A subgraph response read in full, so several waiters can each get their own copy. */
interface BufferedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", " as Fetch does. */
  headers: ReadonlyMap<string, string>;
  body: string;
}

/**
 * The whole client request's deadline (epoch ms), set by the gateway: a fetch never
 * waits past it, whatever the per-fetch timeout, so a plan of sequential fetches still
 * answers in time. Subgraphs may read it too.
 */
export const DEADLINE_HEADER = 'x-cc-deadline';

/**
 * Set on every subgraph response the fetcher hands back (never sent anywhere): when the
 * fetch that produced it started (epoch ms). A response shared by in-flight dedupe was
 * read when the first request asked, and caches must treat it as read then.
 */
export const READ_AT_HEADER = 'x-cc-read-at';

/**
 * Headers that differ per incoming request but do not change the subgraph's answer.
 * The signed call headers are added per attempt, after these keys are taken; who the
 * caller is stays in the key through the stable `x-cc-caller` header.
 */
const PER_REQUEST_HEADERS = new Set([
  'x-request-id',
  'traceparent',
  'tracestate',
  'content-length',
  'x-cc-claims',
  'x-cc-claims-signature',
  'x-cc-call',
  DEADLINE_HEADER,
]);

/**
 * Milliseconds this fetch may take: for a query the per-fetch timeout cut to the
 * request's deadline; for a mutation its own deadline, whole (see `mutationTimeoutMs`).
 */
function budgetMs(call: SubgraphCallOptions, init: FetcherInit, isQuery: boolean): number {
  if (!isQuery) return call.mutationTimeoutMs;
  const { timeoutMs } = call;
  const entry = Object.entries(init.headers ?? {}).find(
    ([name]) => name.toLowerCase() === DEADLINE_HEADER,
  );
  const deadline = Number(entry?.[1]);
  if (!Number.isFinite(deadline) || deadline <= 0) return timeoutMs;
  return Math.max(1, Math.min(timeoutMs, deadline - Date.now()));
}

/**
 * The fetcher for one subgraph: an overall deadline (`timeoutMs`), retries with backoff for
 * queries, a circuit breaker, and sharing of identical in-flight queries. Failures throw
 * {@link SubgraphUnavailableError}; HTTP 5xx counts as a failure.
 */
export function createResilientFetcher(options: ResilientFetcherOptions): SubgraphFetcher {
  const { subgraph, call, metrics } = options;
  const breaker = circuitBreaker(
    handleWhen((e) => e instanceof SubgraphUnavailableError),
    {
      halfOpenAfter: call.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(call.breaker.consecutiveFailures),
    },
  );
  metrics?.setCircuitState(subgraph, 'closed');
  breaker.onStateChange((state) => metrics?.setCircuitState(subgraph, circuitStateName(state)));
  // The half-open trial asks the subgraph's /ready first (see `readyForTrial`).
  const trial = { next: false };
  breaker.onHalfOpen(() => {
    trial.next = true;
  });
  const inFlight = new Map<string, { response: Promise<BufferedResponse>; startedAt: number }>();

  const run = (url: string, init: FetcherInit, isQuery: boolean) =>
    fetchWithPolicies(options, breaker, trial, url, init, isQuery);

  return async (url, init = {}) => {
    const isQuery = isQueryRequest(init.headers, init.body);
    if (!(call.dedupe && isQuery)) {
      const startedAt = Date.now();
      return toResponse(await run(url, init, isQuery), startedAt);
    }
    const key = dedupeKey(url, init);
    let shared = inFlight.get(key);
    if (!shared || shared.startedAt <= (options.lastChangeAt?.() ?? 0)) {
      const entry = { response: run(url, init, true), startedAt: Date.now() };
      entry.response = entry.response.finally(() => {
        if (inFlight.get(key) === entry) inFlight.delete(key);
      });
      inFlight.set(key, entry);
      shared = entry;
    }
    return toResponse(await shared.response, shared.startedAt);
  };
}

/** One subgraph fetch under the deadline, with retries (queries only) and the breaker. */
async function fetchWithPolicies(
  options: ResilientFetcherOptions,
  breaker: CircuitBreakerPolicy,
  trial: { next: boolean },
  url: string,
  init: FetcherInit,
  isQuery: boolean,
): Promise<BufferedResponse> {
  const { subgraph, call, metrics } = options;
  const started = performance.now();
  const budget = budgetMs(call, init, isQuery);
  const signal = AbortSignal.timeout(budget);
  const deadline = Date.now() + budget;
  const attempt = () =>
    breaker.execute(async () => {
      if (trial.next) {
        trial.next = false;
        if (!(await readyForTrial(url, options.dispatcher, signal)))
          throw new SubgraphUnavailableError(subgraph, 'circuit open');
      }
      return fetchOnce(subgraph, url, init, signal, options);
    }, signal);
  try {
    const retries = isQuery ? call.retries : 0;
    const result = await withRetries(
      subgraph,
      attempt,
      retries,
      call.retryBaseDelayMs,
      deadline,
      signal,
    );
    metrics?.observeFetch(subgraph, 'success', (performance.now() - started) / 1000);
    return result;
  } catch (error) {
    const failure = subgraphFailure(subgraph, error, signal);
    metrics?.observeFetch(subgraph, 'error', (performance.now() - started) / 1000);
    metrics?.countError(subgraph, failure.reason);
    throw failure;
  }
}

/**
 * Whether an open circuit's trial may go: the subgraph's `GET /ready` (beside its
 * GraphQL path) answered below 500. A subgraph still starting (503) or gone (no answer)
 * keeps the circuit open for another `halfOpenAfterMs` at the cost of one cheap probe,
 * and no client request is spent on it; one that is ready gets the trial at once, so
 * the circuit closes within about `halfOpenAfterMs` of the subgraph's return.
 */
async function readyForTrial(
  url: string,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<boolean> {
  try {
    const response = await request(new URL('/ready', url), { method: 'GET', dispatcher, signal });
    await response.body.dump();
    return response.statusCode < 500;
  } catch {
    return false;
  }
}

/**
 * One HTTP attempt through the pool, reading the whole body before the deadline. Uses
 * undici's `request` rather than its WHATWG `fetch`: no web streams, Request/Response
 * objects or transferable wrappers per call (they were a fifth of the gateway's CPU
 * under the rep's workload, measured with `BENCH_CPU_PROF`).
 */
async function fetchOnce(
  subgraph: string,
  url: string,
  init: FetcherInit,
  signal: AbortSignal,
  options: ResilientFetcherOptions,
): Promise<BufferedResponse> {
  try {
    const response = await request(url, {
      method: init.method ?? 'POST',
      headers: { ...init.headers, ...options.signAttempt?.(url, init) },
      body: init.body ?? null,
      signal,
      dispatcher: options.dispatcher,
    });
    const body = await response.body.text();
    if (response.statusCode >= 500)
      throw new SubgraphUnavailableError(subgraph, `HTTP ${response.statusCode}`);
    const headers = new Map<string, string>();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const ownMs = serverTimingMs(headers.get('server-timing'));
    if (ownMs !== null) options.metrics?.observeServerTime(subgraph, ownMs / 1000);
    return { status: response.statusCode, headers, body };
  } catch (error) {
    throw subgraphFailure(subgraph, error, signal);
  }
}

/**
 * URL, method and headers (none holds a line break: JSON escapes them), then the body as
 * is: unambiguous, and the body (representations and all) is not escaped into a copy.
 */
function dedupeKey(url: string, init: FetcherInit): string {
  const headers = JSON.stringify(answerShapingHeaders(init.headers ?? {}));
  return `${url}\n${init.method ?? 'POST'}\n${headers}\n${init.body?.toString() ?? ''}`;
}

/**
 * The headers of a subgraph request that may change its answer (who the caller is,
 * forwarded client headers), lower-cased and sorted: everything but the per-request
 * ones (request id, trace context, deadline, the claims' per-request signature).
 * Requests that agree on these may share a fetch.
 */
export function answerShapingHeaders(
  headers: Readonly<Record<string, string>>,
): [string, string][] {
  return Object.entries(headers)
    .map(([name, value]): [string, string] => [name.toLowerCase(), value])
    .filter(([name]) => !PER_REQUEST_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function toResponse(buffered: BufferedResponse, startedAt: number): FetcherResponse {
  const headers = new BufferedHeaders(buffered.headers);
  headers.set(READ_AT_HEADER, String(startedAt));
  // Ours to set, never a subgraph's.
  headers.delete(NOT_MODIFIED_HEADER);
  if (buffered.status === 304) {
    // A conditional replay's "not modified" (see lib/readValidators.ts): Apollo's data
    // source fails every status outside 2xx, so it gets an empty answer, marked.
    headers.set(NOT_MODIFIED_HEADER, '1');
    headers.set('content-type', 'application/json');
    return new BufferedFetcherResponse(200, headers, '{}');
  }
  return new BufferedFetcherResponse(buffered.status, headers, buffered.body);
}

/**
 * A subgraph answer already read in full: the Fetch-like response Apollo's data source
 * expects, without a stream behind it. Each caller (in-flight dedupe) gets its own.
 */
class BufferedFetcherResponse implements FetcherResponse {
  bodyUsed = false;
  readonly url = '';
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText: string;

  constructor(
    readonly status: number,
    readonly headers: BufferedHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
  }

  private consume(): string {
    if (this.bodyUsed) throw new TypeError('the body of this response was already read');
    this.bodyUsed = true;
    return this.body;
  }

  async text(): Promise<string> {
    return this.consume();
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.consume());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.consume());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  clone(): FetcherResponse {
    if (this.bodyUsed) throw new TypeError('a read response cannot be cloned');
    return new BufferedFetcherResponse(
      this.status,
      new BufferedHeaders(this.headers.map),
      this.body,
    );
  }
}
