import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { notesByCaseIds, notesByIds } from './repository';

/** The note module's loaders; a fresh set per request. */
export function createNoteLoaders(db: Queryable) {
  return {
    noteById: oneByKey(
      (ids) => notesByIds(db, ids),
      (row) => row.id,
    ),
    /** Notes whose subject is the case, newest first. */
    notesByCaseId: manyByKey(
      (ids) => notesByCaseIds(db, ids),
      (row) => row.subject_id,
    ),
  };
}
