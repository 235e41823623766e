import type { PublishedEvent } from '../../shared/events/eventBus';
import type { EventConsumer } from '../../shared/subgraphDefinition';
import { channelOf, timelineKindOf } from './modules/timeline/kinds';
import { insertTimelineEntry, type NewTimelineEntry } from './modules/timeline/repository';
import { CUSTOMER_VIEWED, VIEW_LOGGED } from './viewsConsumer';

/** The timeline entry an event becomes (unknown event types become OTHER, never dropped). */
export function timelineEntryOf(event: PublishedEvent): NewTimelineEntry {
  return {
    event_id: event.id,
    customer_id: event.customerId,
    occurred_at: event.occurredAt,
    kind: timelineKindOf(event.type),
    event_type: event.type,
    channel: channelOf(event.channel),
    actor: event.actor ?? null,
    summary: event.summary,
    subject_type: event.subject.typename,
    subject_id: event.subject.id,
    source: event.source,
  };
}

/**
 * Records every domain event of every subgraph as one entry on the customer's timeline.
 * Idempotent: the event id is the entry's key, so a redelivery adds nothing.
 */
export const timelineConsumer: EventConsumer = {
  group: 'support.timeline',
  // Views are not customer history: they feed the view log (viewsConsumer) only.
  handle: async (event, db) => {
    if (event.type === CUSTOMER_VIEWED || event.type === VIEW_LOGGED) return;
    await insertTimelineEntry(db, timelineEntryOf(event));
  },
};
