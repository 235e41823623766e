import { customerTag } from '../../../lib/cacheTags';
import type { PublishedEvent } from '../../shared/events/eventBus';
import { recordEvent, type DomainEvent } from '../../shared/outbox';
import type { EventConsumer } from '../../shared/subgraphDefinition';
import { audienceOfEvent } from './modules/timeline/audience';
import { channelOf, timelineKindOf } from './modules/timeline/kinds';
import { insertTimelineEntry, type NewTimelineEntry } from './modules/timeline/repository';
import { CUSTOMER_VIEWED } from './viewsConsumer';

/**
 * The event support records when an entry lands on a customer's timeline. The entry is
 * written after the event it comes from has already evicted the gateway's caches, so
 * this second event evicts the customer again and re-runs their live subscriptions.
 * Not history itself (`timeline: false`).
 */
export const TIMELINE_ENTRY_ADDED = 'timeline.entry_added';

/**
 * Types that are never history even without `timeline: false` in their payload: crm's
 * audit events recorded before payloads carried the key may still wait in an outbox or
 * a stream. (Every event type added since carries the key.)
 */
const NEVER_HISTORY: ReadonlySet<string> = new Set([CUSTOMER_VIEWED]);

/** Whether `event` is customer history: not marked `timeline: false` (see DomainEvent). */
export function isCustomerHistory(event: PublishedEvent): boolean {
  return event.payload?.['timeline'] !== false && !NEVER_HISTORY.has(event.type);
}

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
    audience: audienceOfEvent(event.type),
  };
}

/** The {@link TIMELINE_ENTRY_ADDED} event of the entry recorded from `event`. */
function entryAddedEvent(event: PublishedEvent): DomainEvent {
  return {
    customerId: event.customerId,
    type: TIMELINE_ENTRY_ADDED,
    subject: { typename: 'TimelineEntry', id: event.id },
    summary: `On the timeline: ${event.summary}`,
    actor: 'system',
    payload: { invalidates: [customerTag(event.customerId)], timeline: false },
  };
}

/**
 * Records every domain event of every subgraph that is customer history as one entry
 * on the customer's timeline and, in the same transaction, a {@link TIMELINE_ENTRY_ADDED}
 * event. Idempotent: the event id is the entry's key, so a redelivery adds nothing, and
 * records no event either.
 */
export const timelineConsumer: EventConsumer = {
  group: 'support.timeline',
  handle: async (event, db) => {
    if (!isCustomerHistory(event)) return;
    await db.transaction(async (tx) => {
      if (await insertTimelineEntry(tx, timelineEntryOf(event))) {
        await recordEvent(tx, 'support', entryAddedEvent(event));
      }
    });
  },
};
