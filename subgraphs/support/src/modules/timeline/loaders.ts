import type { Queryable } from '../../../../shared/db';
import { manyByRequest } from '../../../../shared/loaders';
import { timelinePages, type TimelinePageRequest } from './repository';

/** The timeline module's loaders; a fresh set per request. */
export function createTimelineLoaders(db: Queryable) {
  return {
    /** Timeline pages of many customers, with any page arguments and filters, in one statement. */
    timelineByCustomerId: manyByRequest((requests: readonly TimelinePageRequest[]) =>
      timelinePages(db, requests),
    ),
  };
}
