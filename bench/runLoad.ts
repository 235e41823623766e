import autocannon from 'autocannon';

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
}

/** Options for {@link runLoad}. */
export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  /** Body of the `n`-th request (rotating customers). */
  body(n: number): string;
  connections: number;
  durationSec: number;
}

/** Fixed connections for a fixed time with autocannon; each request gets the next body. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  let graphqlErrors = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSec,
    requests: [
      {
        method: 'POST',
        headers: options.headers,
        setupRequest: (request) => ({ ...request, body: options.body(n++) }),
        onResponse: (status, body) => {
          if (status >= 200 && status < 300 && body.includes('"errors"')) graphqlErrors++;
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
  };
}
