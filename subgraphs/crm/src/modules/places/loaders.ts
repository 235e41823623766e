import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { perDatabase, sharedByCustomer } from '../../../../shared/sharedReads';
import { placeOwnersByPlaceIds, placesByCustomerIds, placesByIds } from './repository';

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
    /** The customers each place belongs to (who may read it). */
    placeOwnersByPlaceId: manyByKey(
      (ids) => placeOwnersByPlaceIds(db, ids),
      (row) => row.place_id,
    ),
  };
}
