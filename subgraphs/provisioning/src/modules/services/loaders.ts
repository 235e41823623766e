import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { equipmentByServiceIds, servicesByCustomerIds, servicesByIds } from './repository';

/** The service module's loaders; a fresh set per request. */
export function createServiceLoaders(db: Queryable) {
  return {
    serviceById: oneByKey(
      (ids) => servicesByIds(db, ids),
      (row) => row.id,
    ),
    servicesByCustomerId: manyByKey(
      (ids) => servicesByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
    equipmentByServiceId: manyByKey(
      (ids) => equipmentByServiceIds(db, ids),
      (row) => row.service_id,
    ),
  };
}
