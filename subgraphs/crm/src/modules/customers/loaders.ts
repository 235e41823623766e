import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import {
  consentsByCustomerIds,
  contactPointsByCustomerIds,
  customersByIds,
  preferencesByCustomerIds,
} from './repository';

/** The customer module's loaders; a fresh set per request. */
export function createCustomerLoaders(db: Queryable) {
  return {
    customerById: oneByKey(
      (ids) => customersByIds(db, ids),
      (row) => row.id,
    ),
    contactPointsByCustomerId: manyByKey(
      (ids) => contactPointsByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
    preferencesByCustomerId: oneByKey(
      (ids) => preferencesByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
    consentsByCustomerId: manyByKey(
      (ids) => consentsByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
  };
}
