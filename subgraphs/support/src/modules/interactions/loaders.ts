import type { Queryable } from '../../../../shared/db';
import { oneByKey } from '../../../../shared/loaders';
import { manyByRequest } from '../../../../shared/loaders';
import { interactionPages, interactionsByIds, type InteractionPageRequest } from './repository';

/** The interaction module's loaders; a fresh set per request. */
export function createInteractionLoaders(db: Queryable) {
  return {
    interactionById: oneByKey(
      (ids) => interactionsByIds(db, ids),
      (row) => row.id,
    ),
    /** Pages of many customers, with any page arguments, in one statement. */
    interactionsByCustomerId: manyByRequest((requests: readonly InteractionPageRequest[]) =>
      interactionPages(db, requests),
    ),
  };
}
