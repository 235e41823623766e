import { GraphQLError } from 'graphql';
import type { Claims } from '../../lib/claims';

/**
 * "A customer reads only themself", checked in every subgraph on top of the gateway's
 * own authorization: staff (`agent`, `supervisor`) and machine clients (`service`) read
 * any customer, a `customer` caller only the customer whose id is their subject, an
 * anonymous caller none. A denied read resolves to null, never an error, so a caller
 * cannot learn whether an id exists.
 */

/** Code of the error a denied mutation raises (Apollo's conventional code). */
export const FORBIDDEN = 'FORBIDDEN';

/**
 * The message of every refusal to act on a customer or use an id in an input: the same
 * whether the id belongs to someone else or to nobody, so a refusal reveals nothing.
 */
export const NOT_ALLOWED = 'not allowed to act on this customer';

/** Whether the caller may read the customer `customerId` and what that customer owns. */
export function canReadCustomer(claims: Claims | null, customerId: string): boolean {
  if (!claims) return false;
  switch (claims.role) {
    case 'service':
    case 'agent':
    case 'supervisor':
      return true;
    case 'customer':
      return claims.sub === customerId;
    default: {
      const unreachable: never = claims.role;
      throw new Error(`unknown role ${String(unreachable)}`);
    }
  }
}

/** `customer` when the caller may read them, else null. */
export function readableCustomer<T extends { id: string }>(
  claims: Claims | null,
  customer: T | null | undefined,
): T | null {
  return customer && canReadCustomer(claims, customer.id) ? customer : null;
}

/** `entity` when the caller may read its owner `customer_id`, else null. */
export function readableOwned<T extends { customer_id: string }>(
  claims: Claims | null,
  entity: T | null | undefined,
): T | null {
  return entity && canReadCustomer(claims, entity.customer_id) ? entity : null;
}

/**
 * Throws `FORBIDDEN` unless the caller may act on the customer `customerId` (the same
 * rule as reading: a customer acts only on themself). Call before any write.
 */
export function assertMayActOnCustomer(
  claims: Claims | null,
  customerId: string,
  argument?: string,
): void {
  if (!canReadCustomer(claims, customerId)) throw notAllowed(argument);
}

/** The refusal {@link NOT_ALLOWED}, naming the input field when known. */
function notAllowed(argument: string | undefined): GraphQLError {
  return new GraphQLError(NOT_ALLOWED, {
    extensions: { code: FORBIDDEN, ...(argument ? { argument } : {}) },
  });
}

/** Throws `FORBIDDEN` unless the caller is staff or a service (no customer, no anonymous). */
export function assertStaffOrService(claims: Claims | null): void {
  if (!claims || claims.role === 'customer') {
    throw new GraphQLError('this operation is for staff and services only', {
      extensions: { code: FORBIDDEN },
    });
  }
}

/**
 * Throws `FORBIDDEN` unless the caller may act on `entity`'s owner. An unknown entity
 * is left for the mutation to report (`NOT_FOUND`) to staff and services only; a
 * customer gets the same `FORBIDDEN` either way, so ids of others do not leak.
 * `argument` names the input field holding the id, e.g. `input.orderId`.
 */
export function assertMayActOnOwned(
  claims: Claims | null,
  entity: { customer_id: string } | null | undefined,
  argument?: string,
): void {
  if (entity) assertMayActOnCustomer(claims, entity.customer_id, argument);
  else if (claims?.role === 'customer') throw notAllowed(argument);
  else assertStaffOrService(claims);
}
