import type { Queryable } from '../../../../shared/db';
import { oneByKey } from '../../../../shared/loaders';
import { perDatabase, sharedByCustomer } from '../../../../shared/sharedReads';
import { contactRulesByCustomerIds } from './repository';

/** Contact rules, read for concurrent requests in one statement (see `sharedByCustomer`). */
const sharedContactRules = perDatabase((db: Queryable) =>
  sharedByCustomer(
    (ids) => contactRulesByCustomerIds(db, ids),
    (row) => row.customer_id,
  ),
);

/** The attention module's loaders; a fresh set per request. */
export function createAttentionLoaders(db: Queryable) {
  return {
    contactRulesByCustomerId: oneByKey(sharedContactRules(db), (row) => row.customer_id),
  };
}
