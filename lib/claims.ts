/**
 * Who is calling, as the gateway verified it from the caller's token and as the
 * subgraphs receive it (signed) from the gateway. Domain-agnostic: roles and scopes,
 * nothing about customers beyond "a customer caller acts as themself".
 */
export type Role = 'customer' | 'agent' | 'supervisor' | 'service';

/** Every {@link Role}, in the order help texts list them (also `schema/domain.json`'s `claims.roles`). */
export const ROLES: readonly Role[] = ['customer', 'agent', 'supervisor', 'service'];

/** Whether `value` names a {@link Role}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The verified caller as the gateway knows it: the role is one of the roles its domain
 * configuration allows (any string to the gateway).
 */
export interface CallerClaims {
  /** Token subject: a customer id for `customer`, an agent id for `agent`/`supervisor`, a client id for `service`. */
  sub: string;
  role: string;
  /** Team of an agent or supervisor, e.g. `care`; absent otherwise. */
  team?: string;
  /** OAuth-style scopes, e.g. `pii:read`. */
  scopes: string[];
  /** Token expiry, seconds since the epoch. */
  exp?: number;
}

/** The verified caller as this repository's subgraphs receive it: one of their roles. */
export interface Claims extends CallerClaims {
  role: Role;
}

/** Whether the caller holds `scope`. */
export function hasScope(claims: CallerClaims | null, scope: string): boolean {
  return claims?.scopes.includes(scope) ?? false;
}
