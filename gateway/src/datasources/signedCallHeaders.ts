import { CLAIMS_HEADER, claimsValue, signCall } from '../../../lib/signedClaims';
import type { FetcherInit } from '../resilience/resilientFetcher';

/**
 * The per-attempt signing stage of a subgraph call: binds the caller the request's
 * {@link CLAIMS_HEADER} names (set once per client request by the gateway's headers
 * hook; absent for calls without a client request, such as Apollo's health checks,
 * which are signed as anonymous) to this attempt's method, `subgraph`, exact body and a fresh
 * nonce. Called for every attempt, so a retry is never refused as a replay, and after
 * batching merged the representations, so the merged body is what is signed.
 */
export function signedCallHeaders(
  secret: string,
  subgraph: string,
): (url: string, init: FetcherInit) => Readonly<Record<string, string>> {
  return (_url, init) => {
    const claims = init.headers?.[CLAIMS_HEADER] ?? claimsValue(null);
    return {
      [CLAIMS_HEADER]: claims,
      ...signCall(claims, secret, {
        method: init.method ?? 'POST',
        subgraph,
        body: init.body ?? '',
      }),
    };
  };
}
