import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { CallerClaims } from './claims';

/**
 * The verified caller as the gateway forwards it to a subgraph, bound to one HTTP call.
 * Three headers:
 * - {@link CLAIMS_HEADER}: base64url(JSON `{ claims }`), the caller (null: anonymous);
 *   the same for every call of one client request.
 * - {@link CALL_HEADER}: base64url(JSON `{ iat, nonce, method, subgraph, bodySha256 }`):
 *   when it was signed (ms since the epoch), a random id of this one call (a retry gets
 *   a new one), the HTTP method, the name of the subgraph called (as the supergraph
 *   names it; a name, not a host, so proxies that rewrite `Host` do not matter) and the
 *   base64url SHA-256 of the exact body bytes sent.
 * - {@link CLAIMS_SIGNATURE_HEADER}: base64url(HMAC-SHA256(secret, `<claims>.<call>`))
 *   under the secret the gateway replicas and the subgraphs share.
 * A subgraph compares method, its own name and the body digest with the request it received,
 * refuses any mismatch, a stale or future `iat`, and a nonce it has seen (see
 * `verifySignedClaims.ts`), so a captured header cannot carry another body, reach
 * another subgraph or be sent twice.
 */

/** Header carrying base64url(JSON `{ claims }`). */
export const CLAIMS_HEADER = 'x-cc-claims';
/** Header carrying base64url(JSON `{ iat, nonce, method, subgraph, bodySha256 }`). */
export const CALL_HEADER = 'x-cc-call';
/** Header carrying base64url(HMAC-SHA256(secret, `<claims header>.<call header>`)). */
export const CLAIMS_SIGNATURE_HEADER = 'x-cc-claims-signature';

/** The three headers {@link signRequest} produces. */
export type SignedClaimsHeaders = Record<
  typeof CLAIMS_HEADER | typeof CALL_HEADER | typeof CLAIMS_SIGNATURE_HEADER,
  string
>;

/** What a signature is bound to besides the caller. */
export interface SignedCall {
  /** HTTP method, upper case (`POST`). */
  method: string;
  /** Name of the subgraph called, as the supergraph names it (`crm`). */
  subgraph: string;
  /** The exact body sent (a string is sent as UTF-8). */
  body: string | Uint8Array;
}

/** Options for {@link signCall}; tests pin them. */
export interface SignCallOptions {
  /** Signing time, ms since the epoch. Default `Date.now()`. */
  now?: number;
  /** The call's unique id. Default 16 random bytes, base64url. */
  nonce?: string;
}

/** The value of {@link CLAIMS_HEADER} for `claims` (null: an anonymous caller, still signed). */
export function claimsValue(claims: CallerClaims | null): string {
  return Buffer.from(JSON.stringify({ claims })).toString('base64url');
}

/** base64url SHA-256 of `body` (a string counts as its UTF-8 bytes). */
export function bodyDigest(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** HMAC-SHA256 of the two header values, as the signature header carries it. */
export function claimsHmac(secret: string, claims: string, call: string): Buffer {
  return createHmac('sha256', secret).update(`${claims}.${call}`).digest();
}

/**
 * Signs one call for the caller whose {@link CLAIMS_HEADER} value is `claims`: the
 * call and signature headers. The gateway calls this once per HTTP attempt, so a
 * retry carries a fresh nonce.
 */
export function signCall(
  claims: string,
  secret: string,
  call: SignedCall,
  options: SignCallOptions = {},
): Omit<SignedClaimsHeaders, typeof CLAIMS_HEADER> {
  const value = Buffer.from(
    JSON.stringify({
      iat: options.now ?? Date.now(),
      nonce: options.nonce ?? randomBytes(16).toString('base64url'),
      method: call.method.toUpperCase(),
      subgraph: call.subgraph,
      bodySha256: bodyDigest(call.body),
    }),
  ).toString('base64url');
  return {
    [CALL_HEADER]: value,
    [CLAIMS_SIGNATURE_HEADER]: claimsHmac(secret, claims, value).toString('base64url'),
  };
}

/**
 * The headers for one request to `subgraph` with `body` as `claims` (null: anonymous):
 * what tools, tests and readiness checks that call a subgraph directly send. Sign the
 * body you send, byte for byte, and sign again for every request.
 */
export function signRequest(
  claims: CallerClaims | null,
  secret: string,
  request: { subgraph: string; body: string | Uint8Array; method?: string },
  options: SignCallOptions = {},
): SignedClaimsHeaders {
  const value = claimsValue(claims);
  return {
    [CLAIMS_HEADER]: value,
    ...signCall(
      value,
      secret,
      {
        method: request.method ?? 'POST',
        subgraph: request.subgraph,
        body: request.body,
      },
      options,
    ),
  };
}
