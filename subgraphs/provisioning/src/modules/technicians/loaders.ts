import type { Queryable } from '../../../../shared/db';
import { oneByKey } from '../../../../shared/loaders';
import { techniciansByIds } from './repository';

/** The technician module's loaders; a fresh set per request. */
export function createTechnicianLoaders(db: Queryable) {
  return {
    technicianById: oneByKey(
      (ids) => techniciansByIds(db, ids),
      (row) => row.id,
    ),
  };
}
