import { randomUUID } from 'node:crypto';
import { recordCustomerChange, recordInvalidatedTag } from './cacheScope';
import type { Queryable } from './db';

/**
 * A domain event as a subgraph records it: what changed, about which customer and
 * entity, through which channel and by whom. The support subgraph turns these into
 * timeline entries; caches evict by them.
 */
export interface DomainEvent {
  /** Event id; default a random UUID. Seeds pass fixed ids so re-seeding adds nothing. */
  id?: string;
  customerId: string;
  /** Dotted type, e.g. `order.placed`, `appointment.rescheduled`. */
  type: string;
  /** The entity the event is about, as a federated reference. */
  subject: { typename: string; id: string };
  /** One line a rep can read, e.g. "Order placed on the website: Internet 300". */
  summary: string;
  channel?: string | null;
  /** Who did it: an agent id, `customer`, or `system`. */
  actor?: string | null;
  /**
   * Anything else a consumer may need; JSON. Two keys are read by everyone:
   * - `invalidates: string[]` (tags from lib/cacheTags.ts) names exactly what the event
   *   changed for the gateway's caches and live subscriptions, in place of the default
   *   (the customer and the subject); `[]` evicts nothing.
   * - `timeline: false` says the event is not customer history (a view, a screen visit,
   *   a timeline entry being added): support's timeline consumer skips it. Absent means
   *   history.
   */
  payload?: Record<string, unknown>;
  /** When it happened; default now. Seeds set it to tell a story's past. */
  occurredAt?: Date;
}

/**
 * Writes `event` to `<schema>.outbox` with the caller's transaction, so the change and
 * its event commit together or not at all (the transactional outbox). A relay
 * publishes unpublished rows later. Returns the event id. An event whose (fixed) id is
 * already there is left as it is, so seeds that tell a history can run again.
 * Inside an operation, adds what the event changed to its `extensions.invalidatedTags`
 * (the tags its payload's `invalidates` lists, else `customer:<customerId>`), so the
 * gateway that carried the change evicts at once what every other replica will evict
 * when the event reaches it, and no more.
 */
export async function recordEvent(
  tx: Queryable,
  schema: string,
  event: DomainEvent,
): Promise<string> {
  const [id] = await recordEvents(tx, schema, [event]);
  return id!;
}

/**
 * {@link recordEvent} for several events, with ONE statement. Returns their ids, in
 * order.
 */
export async function recordEvents(
  tx: Queryable,
  schema: string,
  events: readonly DomainEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = events.map((event) => event.id ?? randomUUID());
  const column = <T>(pick: (event: DomainEvent) => T) => events.map(pick);
  await tx.query(
    `INSERT INTO ${schema}.outbox
       (id, customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload, occurred_at)
     SELECT e.id, e.customer_id, e.event_type, e.subject_type, e.subject_id, e.summary, e.channel,
            e.actor, e.payload::jsonb,
            date_trunc('milliseconds', coalesce(e.occurred_at, now()))
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::text[], $10::timestamptz[])
            WITH ORDINALITY AS e(id, customer_id, event_type, subject_type, subject_id, summary,
                                 channel, actor, payload, occurred_at, ord)
      ORDER BY e.ord
     ON CONFLICT (id) DO NOTHING`,
    [
      ids,
      column((e) => e.customerId),
      column((e) => e.type),
      column((e) => e.subject.typename),
      column((e) => e.subject.id),
      column((e) => e.summary),
      column((e) => e.channel ?? null),
      column((e) => e.actor ?? null),
      column((e) => JSON.stringify(e.payload ?? {})),
      column((e) => e.occurredAt ?? null),
    ],
  );
  for (const event of events) recordChangeOf(event);
  return ids;
}

/**
 * Adds what `event` changed to the current operation's `extensions.invalidatedTags`, as
 * every other gateway replica will read it from the event (`changeOfEvent`): the tags
 * its payload's `invalidates` lists, else the customer's tag.
 */
function recordChangeOf(event: DomainEvent): void {
  const declared = event.payload?.['invalidates'];
  if (!Array.isArray(declared)) return recordCustomerChange(event.customerId);
  for (const tag of declared) if (typeof tag === 'string') recordInvalidatedTag(tag);
}
