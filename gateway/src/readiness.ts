import type { Readiness } from '../../lib/http/startHttpServer';
import { signRequest } from '../../lib/signedClaims';

/** A subgraph the gateway routes to. */
export interface RoutedSubgraph {
  name: string;
  url: string;
}

const READY_QUERY = '{"query":"{ __typename }"}';

/**
 * Asks every subgraph `{ __typename }` (which any GraphQL server answers) within
 * `timeoutMs`, signed as an anonymous caller with `secret` (subgraphs answer nothing
 * unsigned), so `/ready` says which subgraph is not answering and why.
 */
export async function checkSubgraphs(
  subgraphs: readonly RoutedSubgraph[],
  timeoutMs: number,
  secret: string,
): Promise<Readiness> {
  const results = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...signRequest(null, secret, { subgraph: name, body: READY_QUERY }),
          },
          body: READY_QUERY,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok)
          return [name, { ok: false, detail: `HTTP ${response.status} from ${url}` }] as const;
        const body = (await response.json()) as { data?: { __typename?: string } };
        return body.data?.__typename
          ? ([name, { ok: true }] as const)
          : ([name, { ok: false, detail: `unexpected answer from ${url}` }] as const);
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : String(error);
        return [name, { ok: false, detail: `${url}: ${reason}` }] as const;
      }
    }),
  );
  return {
    ok: results.every(([, check]) => check.ok),
    checks: Object.fromEntries(results.map(([name, check]) => [`subgraph:${name}`, check])),
  };
}
