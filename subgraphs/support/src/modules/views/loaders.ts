import type { Queryable } from '../../../../shared/db';
import { manyByRequest } from '../../../../shared/loaders';
import { lastViewsByRequests, type LastViewRequest } from './repository';

/** The view log's loaders; a fresh set per request. */
export function createViewLoaders(db: Queryable) {
  return {
    /** The latest view of many (customer, agent) pairs in one statement. */
    lastViewByCustomerAndAgent: manyByRequest((requests: readonly LastViewRequest[]) =>
      lastViewsByRequests(db, requests),
    ),
  };
}
