import type { Policies } from '../gateway/src/authz/requirement';

/**
 * The named policies this deployment's subgraphs use in `@policy(policies: [[...]])`.
 * The gateway evaluates them before planning; a policy named in the schema but missing
 * here denies.
 */
export const policies: Policies = {
  /** Reps, supervisors and trusted services: internal notes, handoffs, attention flags. */
  staff: ({ claims }) => claims !== null && claims.role !== 'customer',
  /** Supervisors only (audit). */
  supervisor: ({ claims }) => claims?.role === 'supervisor',
};
