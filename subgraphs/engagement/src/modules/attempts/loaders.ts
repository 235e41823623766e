import type { Queryable } from '../../../../shared/db';
import { manyByKey, manyByRequest, oneByKey, type KeyedRow } from '../../../../shared/loaders';
import {
  attemptsBeforeContacts,
  contactOwnersBySubjects,
  attemptsByRequests,
  type AttemptRow,
  type AttemptsRequest,
} from './repository';

/** The attempts module's loaders; a fresh set per request. */
export function createAttemptLoaders(db: Queryable, windowHours: number) {
  return {
    attemptsByCustomerId: manyByRequest<AttemptsRequest, AttemptRow & KeyedRow>((requests) =>
      attemptsByRequests(db, requests),
    ),
    /** The customer of a contact engagement recorded, keyed like the one below. */
    contactOwner: oneByKey(
      (subjects) => contactOwnersBySubjects(db, subjects),
      (row) => row.subject,
    ),
    /** Keyed by `<typename>:<id>` of the contact (`Interaction:int-1`, `Case:case-1`). */
    attemptsBeforeContact: manyByKey(
      (subjects) => attemptsBeforeContacts(db, subjects, windowHours),
      (row) => row.subject,
    ),
  };
}
