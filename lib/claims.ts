/**
 * Who is calling, as the gateway verified it from the caller's token and as the
 * subgraphs receive it (signed) from the gateway. Domain-agnostic: roles and scopes,
 * nothing about customers beyond "a customer caller acts as themself".
 */
export type Role = 'customer' | 'agent' | 'supervisor' | 'service';

/** The verified caller. */
export interface Claims {
  /** Token subject: a customer id for `customer`, an agent id for `agent`/`supervisor`, a client id for `service`. */
  sub: string;
  role: Role;
  /** Team of an agent or supervisor, e.g. `care`; absent otherwise. */
  team?: string;
  /** OAuth-style scopes, e.g. `pii:read`. */
  scopes: string[];
  /** Token expiry, seconds since the epoch. */
  exp?: number;
}

/** Whether the caller holds `scope`. */
export function hasScope(claims: Claims | null, scope: string): boolean {
  return claims?.scopes.includes(scope) ?? false;
}
