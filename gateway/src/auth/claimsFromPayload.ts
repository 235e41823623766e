import type { JWTPayload } from 'jose';
import type { CallerClaims } from '../../../lib/claims';
import { GENERIC_DOMAIN, type ClaimsMapping } from '../domain/domainConfig';
import { AuthenticationError } from './authenticationError';

/**
 * Maps a verified JWT payload to {@link CallerClaims} by the configured
 * {@link ClaimsMapping}: `sub`; the role from `mapping.roleClaim` (one of
 * `mapping.roles` when listed, else "unknown role"); the team from `mapping.teamClaim`,
 * kept for `mapping.teamRoles` only; scopes from `scope` (space separated, OAuth 2)
 * and/or `scopes` (array), de-duplicated. Claims of the wrong type are a "malformed token".
 */
export function claimsFromPayload(
  payload: JWTPayload,
  mapping: ClaimsMapping = GENERIC_DOMAIN.claims,
): CallerClaims {
  const { sub, exp } = payload;
  const role = payload[mapping.roleClaim];
  const team = payload[mapping.teamClaim];
  if (typeof sub !== 'string' || sub.length === 0) throw new AuthenticationError('malformed');
  if (typeof role !== 'string' || role.length === 0) throw new AuthenticationError('unknown_role');
  if (mapping.roles && !mapping.roles.includes(role)) throw new AuthenticationError('unknown_role');
  if (team !== undefined && typeof team !== 'string') throw new AuthenticationError('malformed');
  const claims: CallerClaims = { sub, role, scopes: scopesFromPayload(payload) };
  if (team && (mapping.teamRoles === null || mapping.teamRoles.includes(role))) claims.team = team;
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
