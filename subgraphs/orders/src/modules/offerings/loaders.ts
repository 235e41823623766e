import type { Queryable } from '../../../../shared/db';
import { oneByKey } from '../../../../shared/loaders';
import { offeringsByIds } from './repository';

/** The offering module's loaders; a fresh set per request. */
export function createOfferingLoaders(db: Queryable) {
  return {
    offeringById: oneByKey(
      (ids) => offeringsByIds(db, ids),
      (row) => row.id,
    ),
  };
}
