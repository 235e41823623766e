import type { Queryable } from '../../../../shared/db';
import { oneByKey } from '../../../../shared/loaders';
import { contactRulesByCustomerIds } from './repository';

/** The attention module's loaders; a fresh set per request. */
export function createAttentionLoaders(db: Queryable) {
  return {
    contactRulesByCustomerId: oneByKey(
      (ids) => contactRulesByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
  };
}
