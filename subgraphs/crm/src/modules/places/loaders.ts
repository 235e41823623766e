import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { placesByCustomerIds, placesByIds } from './repository';

/** The place module's loaders; a fresh set per request. */
export function createPlaceLoaders(db: Queryable) {
  return {
    placeById: oneByKey(
      (ids) => placesByIds(db, ids),
      (row) => row.id,
    ),
    placesByCustomerId: manyByKey(
      (ids) => placesByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
  };
}
