import type { Claims } from '../../lib/claims';
import { codedError } from './errors';
import { ErrorCode } from '../../schema/errorCodes';

/**
 * Who a change is recorded as: agents and supervisors act as themselves (the token's
 * subject), whatever `actor` the input names, and naming someone else is FORBIDDEN; a
 * customer acts as `customer`; only a trusted service may name the actor (e.g. a
 * back-office job acting for an agent), else `fallback` (default `system`; null leaves
 * it unset so the mutation can insist on one).
 */
export function actingAs(
  claims: Claims | null,
  requested: string | null | undefined,
  fallback: string | null = 'system',
): string | null {
  const named = requested?.trim() || null;
  if (claims?.role === 'agent' || claims?.role === 'supervisor') {
    if (named && named !== claims.sub) {
      throw codedError(
        ErrorCode.FORBIDDEN,
        `an agent acts as themself; actor ${JSON.stringify(named)} is not ${claims.sub}`,
        { argument: 'input.actor' },
      );
    }
    return claims.sub;
  }
  if (claims?.role === 'customer') return 'customer';
  return requested ?? fallback;
}

/** `input` with its `actor` replaced by {@link actingAs} (left out when that is null). */
export function withActor<T extends { actor?: string | null }>(
  input: T,
  claims: Claims | null,
  fallback: string | null = 'system',
): T {
  const actor = actingAs(claims, input.actor, fallback);
  return actor === null ? input : { ...input, actor };
}
