import type { JWTPayload } from 'jose';
import type { Claims, Role } from '../../../lib/claims';
import { AuthenticationError } from './authenticationError';

/** Every role a token may carry, in the order help texts list them. */
export const ROLES: readonly Role[] = ['customer', 'agent', 'supervisor', 'service'];

/** Whether `value` names a {@link Role}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Maps a verified JWT payload to {@link Claims}: `sub`; `role` (anything else →
 * "unknown role"); `team` for agents and supervisors only; scopes from `scope`
 * (space separated, OAuth 2) and/or `scopes` (array), de-duplicated.
 * Claims of the wrong type are a "malformed token".
 */
export function claimsFromPayload(payload: JWTPayload): Claims {
  const { sub, role, team, exp } = payload;
  if (typeof sub !== 'string' || sub.length === 0) throw new AuthenticationError('malformed');
  if (!isRole(role)) throw new AuthenticationError('unknown_role');
  if (team !== undefined && typeof team !== 'string') throw new AuthenticationError('malformed');
  const claims: Claims = { sub, role, scopes: scopesFromPayload(payload) };
  if (team && (role === 'agent' || role === 'supervisor')) claims.team = team;
  if (typeof exp === 'number') claims.exp = exp;
  return claims;
}

function scopesFromPayload(payload: JWTPayload): string[] {
  const { scope, scopes } = payload;
  const found: string[] = [];
  if (scope !== undefined) {
    if (typeof scope !== 'string') throw new AuthenticationError('malformed');
    found.push(...scope.split(/\s+/));
  }
  if (scopes !== undefined) {
    if (!Array.isArray(scopes) || !scopes.every((s): s is string => typeof s === 'string')) {
      throw new AuthenticationError('malformed');
    }
    found.push(...scopes);
  }
  return [...new Set(found.filter((s) => s.length > 0))];
}
