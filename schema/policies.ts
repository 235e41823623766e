import type { Policies } from '../gateway/src/authz/requirement';

/**
 * The named policies this deployment's subgraphs use in `@policy(policies: [[...]])`.
 * The gateway evaluates them before planning; a policy named in the schema but missing
 * here denies.
 */
export const policies: Policies = {
  /** Reps, supervisors and trusted services: internal notes, handoffs, attention flags. */
  staff: ({ claims }) => claims !== null && claims.role !== 'customer',
  /** Who owns the customer experience figures: staff holding `cx:read`, or a supervisor. */
  cxRead: ({ claims }) =>
    claims !== null &&
    (claims.role === 'supervisor' ||
      (claims.role !== 'customer' && claims.scopes.includes('cx:read'))),
  /** Supervisors only (audit). */
  supervisor: ({ claims }) => claims?.role === 'supervisor',
};
