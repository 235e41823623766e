import { badUserInput } from '../../../../shared/errors';
import { decodeCursor, pageSize, toPage } from '../../../../shared/pagination';
import type { Resolvers, TimelineFilter } from '../../generated/graphql';
import { readsStaffEntries } from './audience';
import type { TimelinePageRequest } from './repository';
import { subjectOf } from './subjects';

type Filter = Pick<TimelinePageRequest, 'channels' | 'kinds' | 'since' | 'until'>;

const AUDIENCE = { everyone: 'EVERYONE', staff: 'STAFF' } as const;

/** Checks and normalises a `TimelineFilter`; `since` must come before `until`. */
function readFilter(filter: TimelineFilter | null | undefined): Filter {
  const since = filter?.since ?? null;
  const until = filter?.until ?? null;
  if (since && until && since.getTime() >= until.getTime()) {
    throw badUserInput(
      `filter.since (${since.toISOString()}) must be earlier than filter.until (${until.toISOString()})`,
      'filter',
    );
  }
  return { channels: filter?.channels ?? null, kinds: filter?.kinds ?? null, since, until };
}

/** Resolvers of `Customer.timeline`, `TimelineEntry` and the `TimelineSubject` union. */
export const timelineResolvers: Resolvers = {
  Customer: {
    timeline: async (customer, { first, after, filter }, { claims, loaders }) => {
      const limit = pageSize(first);
      const rows = await loaders.timelineByCustomerId.load({
        customerId: customer.id,
        after: decodeCursor(after),
        limit: limit + 1,
        ...readFilter(filter),
        // A customer's own timeline leaves out what only staff may read (handoffs, notes).
        staff: readsStaffEntries(claims),
      });
      return toPage(rows, limit, (row) => ({ at: row.occurred_at, id: row.event_id }));
    },
  },
  TimelineEntry: {
    id: (entry) => entry.event_id,
    occurredAt: (entry) => entry.occurred_at,
    audience: (entry) => AUDIENCE[entry.audience],
    subject: (entry, _args, { loaders }) => subjectOf(entry, loaders),
  },
  TimelineSubject: {
    __resolveType: (subject) => subject.__typename,
  },
};
