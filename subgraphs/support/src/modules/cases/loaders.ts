import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import { manyByRequest } from '../../../../shared/loaders';
import {
  casesByIds,
  casesByRequests,
  handoffsByCaseIds,
  statusHistoryByCaseIds,
  type CasesRequest,
} from './repository';

/** The case module's loaders; a fresh set per request. */
export function createCaseLoaders(db: Queryable) {
  return {
    caseById: oneByKey(
      (ids) => casesByIds(db, ids),
      (row) => row.id,
    ),
    /** Cases of many customers, each all or open only, in one statement. */
    casesByCustomerId: manyByRequest((requests: readonly CasesRequest[]) =>
      casesByRequests(db, requests),
    ),
    handoffsByCaseId: manyByKey(
      (ids) => handoffsByCaseIds(db, ids),
      (row) => row.case_id,
    ),
    statusHistoryByCaseId: manyByKey(
      (ids) => statusHistoryByCaseIds(db, ids),
      (row) => row.case_id,
    ),
  };
}
