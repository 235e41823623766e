import type { Queryable } from '../../../../shared/db';
import { manyByKey } from '../../../../shared/loaders';
import {
  activeOfferingsByCustomerIds,
  jeopardisedServiceOrdersByCustomerIds,
  skillMismatchesByCustomerIds,
} from './repository';

/** The attention module's loaders, each one statement for every customer asked; fresh per request. */
export function createAttentionLoaders(db: Queryable) {
  return {
    activeOfferingsByCustomerId: manyByKey(
      (ids) => activeOfferingsByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
    skillMismatchesByCustomerId: manyByKey(
      (ids) => skillMismatchesByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
    jeopardisedServiceOrdersByCustomerId: manyByKey(
      (ids) => jeopardisedServiceOrdersByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
  };
}
