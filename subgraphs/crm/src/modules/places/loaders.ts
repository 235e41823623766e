import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { perDatabase, sharedByCustomer } from '../../../../shared/sharedReads';
import { placesByCustomerIds, placesByIds } from './repository';

/** A customer's places, read for concurrent requests in one statement (see `sharedByCustomer`). */
const sharedPlaces = perDatabase((db: Queryable) =>
  sharedByCustomer(
    (ids) => placesByCustomerIds(db, ids),
    (row) => row.customer_id,
  ),
);

/** The place module's loaders; a fresh set per request. */
export function createPlaceLoaders(db: Queryable) {
  return {
    placeById: oneByKey(
      (ids) => placesByIds(db, ids),
      (row) => row.id,
    ),
    placesByCustomerId: manyByKey(sharedPlaces(db), (row) => row.customer_id),
  };
}
