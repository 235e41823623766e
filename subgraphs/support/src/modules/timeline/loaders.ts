import type { Queryable } from '../../../../shared/db';
import { manyByRequest } from '../../../../shared/loaders';
import { timelinePages, type TimelinePageRequest } from './repository';

/** The timeline module's loaders; a fresh set per request. */
export function createTimelineLoaders(db: Queryable) {
  return {
    /** Timeline pages of many customers, with any page arguments and filters, in one statement. */
    timelineByCustomerId: manyByRequest(
      (requests: readonly TimelinePageRequest[]) => timelinePages(db, requests),
      (r) =>
        JSON.stringify([
          r.customerId,
          r.after?.at.toISOString() ?? null,
          r.after?.id ?? null,
          r.limit,
          r.channels,
          r.kinds,
          r.since?.toISOString() ?? null,
          r.until?.toISOString() ?? null,
        ]),
    ),
  };
}
