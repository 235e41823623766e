import type { Queryable } from '../../../../shared/db';
import type { PublishedEvent } from '../../../../shared/events/eventBus';
import type { EventConsumer } from '../../../../shared/subgraphDefinition';
import {
  functionDayKeysBeforeContacts,
  functionDayKeysOfSessions,
  refreshFunctionDays,
  type FunctionDayKey,
} from './functionDays';

/** Default of `APP_ATTEMPT_WINDOW_HOURS` when no configuration is passed (unit tests). */
export const DEFAULT_WINDOW_HOURS = 24;

/** Engagement's own events that change an attempt. */
const ATTEMPT_EVENTS: ReadonlySet<string> = new Set(['app.screen_recorded', 'app.session_ended']);

/**
 * Event types that are the customer contacting the company, whichever subgraph records
 * them: an inbound interaction, a case opened, a conversation step the customer took.
 */
const CONTACT_EVENTS: ReadonlySet<string> = new Set([
  'interaction.recorded',
  'case.opened',
  'conversation.started',
  'conversation.step_recorded',
  'conversation.resumed',
]);

/** A contact as `engagement.customer_contact` keeps it. */
export interface ContactFact {
  eventId: string;
  customerId: string;
  channel: string;
  subjectType: string;
  subjectId: string;
  occurredAt: string;
}

/** The contact an event reports, or null when it is none (outbound, no channel, a rep's step). */
export function contactOf(event: PublishedEvent): ContactFact | null {
  if (!CONTACT_EVENTS.has(event.type) || !event.channel) return null;
  if (event.payload?.['direction'] === 'OUTBOUND') return null;
  if (event.type.startsWith('conversation.') && event.actor !== 'customer') return null;
  return {
    eventId: event.id,
    customerId: event.customerId,
    channel: event.channel,
    subjectType: event.subject.typename,
    subjectId: event.subject.id,
    occurredAt: event.occurredAt,
  };
}

/** Records contacts once per event id (a redelivery inserts nothing). */
async function insertContacts(q: Queryable, contacts: readonly ContactFact[]): Promise<void> {
  if (contacts.length === 0) return;
  await q.query(
    `INSERT INTO engagement.customer_contact (event_id, customer_id, channel, subject_type, subject_id, occurred_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
     ON CONFLICT (event_id) DO NOTHING`,
    [
      contacts.map((c) => c.eventId),
      contacts.map((c) => c.customerId),
      contacts.map((c) => c.channel),
      contacts.map((c) => c.subjectType),
      contacts.map((c) => c.subjectId),
      contacts.map((c) => c.occurredAt),
    ],
  );
}

/**
 * Applies events to the outcome table: stores the contacts they report, then
 * recomputes every (day, function, platform) group they touch from the current rows.
 * Idempotent and order-free by construction: the result depends on the rows, not on
 * how many times or in which order the events came.
 */
export async function applyOutcomeEvents(
  q: Queryable,
  events: readonly PublishedEvent[],
  windowHours: number,
): Promise<void> {
  const sessions = events
    .filter((e) => e.source === 'engagement' && ATTEMPT_EVENTS.has(e.type))
    .map((e) => e.subject.id);
  const contacts = events.map(contactOf).filter((c): c is ContactFact => c !== null);
  if (sessions.length === 0 && contacts.length === 0) return;
  await insertContacts(q, contacts);
  const keys: FunctionDayKey[] = [
    ...(sessions.length > 0 ? await functionDayKeysOfSessions(q, sessions) : []),
    ...(contacts.length > 0 ? await functionDayKeysBeforeContacts(q, contacts, windowHours) : []),
  ];
  await refreshFunctionDays(q, keys, windowHours);
}

/** Keeps `engagement.app_function_day` and the contact list up to date from the event stream. */
export const outcomesConsumer: EventConsumer = {
  group: 'engagement.outcomes',
  handle: (event, db, _logger, config) =>
    db.transaction((tx) =>
      applyOutcomeEvents(tx, [event], config?.appAttemptWindowHours ?? DEFAULT_WINDOW_HOURS),
    ),
  handleBatch: (events, db, _logger, config) =>
    db.transaction((tx) =>
      applyOutcomeEvents(tx, events, config?.appAttemptWindowHours ?? DEFAULT_WINDOW_HOURS),
    ),
};
