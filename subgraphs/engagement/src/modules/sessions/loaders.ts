import type { Queryable } from '../../../../shared/db';
import { manyByKey, manyByRequest, oneByKey, type KeyedRow } from '../../../../shared/loaders';
import {
  presenceByCustomerIds,
  type AppSessionRow,
  type SessionsRequest,
  screensBySessionIds,
  sessionsByIds,
  sessionsByRequests,
} from './repository';

/** The sessions module's loaders; a fresh set per request. */
export function createSessionLoaders(db: Queryable) {
  return {
    sessionById: oneByKey(
      (ids) => sessionsByIds(db, ids),
      (row) => row.id,
    ),
    sessionsByCustomerId: manyByRequest<SessionsRequest, AppSessionRow & KeyedRow>(
      (requests) => sessionsByRequests(db, requests),
      (request) => `${request.customerId}:${request.limit}`,
    ),
    screensBySessionId: manyByKey(
      (ids) => screensBySessionIds(db, ids),
      (row) => row.session_id,
    ),
    presenceByCustomerId: oneByKey(
      (ids) => presenceByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
  };
}
