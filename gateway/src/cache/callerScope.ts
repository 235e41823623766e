import type { CallerClaims } from '../../../lib/claims';
import { classDigest } from '../../../lib/answerScope';
import { sha256Key } from '../../../lib/stableJson';

/**
 * A short, stable digest of who the caller is (never the token itself): the key for
 * anything only this caller may see (PRIVATE cache entries, in-flight dedupe).
 */
export function callerKey(claims: CallerClaims | null): string {
  if (!claims) return 'anonymous';
  return digest([claims.sub, claims.role, claims.team ?? null, [...claims.scopes].sort()]);
}

/**
 * A digest of what the caller is allowed, without who they are: role, team and scopes,
 * everything `@authenticated`, `@requiresScopes` and the named policies decide on.
 * PUBLIC cache entries are shared only between callers of one class, so an answer
 * shaped by authorization never reaches a caller of another class.
 */
export function authorizationClass(claims: CallerClaims | null): string {
  // The subgraphs bind validators and read receipts to the same digest.
  return classDigest(claims);
}

function digest(value: unknown): string {
  return sha256Key(JSON.stringify(value)).slice(0, 22);
}
