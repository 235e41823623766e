/**
 * `Server-Timing` (W3C Server Timing) as subgraphs send it and the gateway and the bench
 * read it: one metric, `graphql;dur=<ms>`, the server's own time for the request.
 */

/** The metric name subgraphs report their own time under. */
export const SERVER_TIMING_METRIC = 'graphql';

/** The header value for `ms` of the server's own time. */
export function serverTimingValue(ms: number): string {
  return `${SERVER_TIMING_METRIC};dur=${ms.toFixed(3)}`;
}

/**
 * The `dur` of the `graphql` metric in a `Server-Timing` value, ms, or null when the
 * value has none (absent header, other metrics only, no or a malformed `dur`).
 */
export function serverTimingMs(header: string | null | undefined): number | null {
  if (!header) return null;
  for (const entry of header.split(',')) {
    const [name, ...params] = entry.split(';').map((part) => part.trim());
    if (name !== SERVER_TIMING_METRIC) continue;
    for (const param of params) {
      const match = /^dur=([0-9]+(?:\.[0-9]+)?)$/.exec(param);
      if (match) return Number(match[1]);
    }
    return null;
  }
  return null;
}
