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

/** Fixed connections for a fixed time with autocannon; each request gets the next body. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  let graphqlErrors = 0;
  const cache: CacheOutcomes = { hit: 0, revalidated: 0, partial: 0, miss: 0 };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount === undefined
      ? { duration: options.durationSec ?? 10 }
      : { amount: options.amount }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, ...options.request(n++) }),
        onResponse: (status, body, _context, headers) => {
          if (status >= 200 && status < 300 && body.includes('"errors"')) graphqlErrors++;
          const outcome = headerValue(headers, 'x-cache');
          if (outcome !== undefined && Object.hasOwn(cache, outcome))
            cache[outcome as keyof CacheOutcomes]++;
        },
      },
    ],
  });
  const ok = result.requests.total - result.non2xx - graphqlErrors;
  return {
    requestsPerSec: result.requests.average,
    okPerSec: ok / Math.max(1, result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    graphqlErrors,
    socketErrors: result.errors + result.timeouts,
    cache,
  };
}
