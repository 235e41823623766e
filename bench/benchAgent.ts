import type { Claims } from '../lib/claims';
import { PERSONA_SUPPORT } from '../subgraphs/shared/seedIds';

/**
 * The caller every bench request acts as: the seeded care rep, who may read PII (so
 * crm's `customer.viewed` events are recorded by support, as for a real rep). `ours`
 * gets it as a JWT; `baseline` and `limit` sign it straight into the subgraph headers.
 */
export const BENCH_AGENT: Claims = {
  sub: PERSONA_SUPPORT.careRep,
  role: 'agent',
  team: 'care',
  scopes: ['pii:read'],
};
