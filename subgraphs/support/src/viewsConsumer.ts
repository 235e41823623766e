import type { Logger } from 'pino';
import type { Database } from '../../shared/db';
import type { PublishedEvent } from '../../shared/events/eventBus';
import { recordEvents } from '../../shared/outbox';
import type { EventConsumer } from '../../shared/subgraphDefinition';
import { viewLoggedEvent } from './modules/views/viewLoggedEvent';

/** The event crm records each time an agent or supervisor reads a customer. */
export const CUSTOMER_VIEWED = 'customer.viewed';

/**
 * Adds the views to `support.customer_view` (what UNREAD_NOTES compares notes with) and,
 * for each one that is new, a `customer.view_logged` event ({@link viewLoggedEvent}), in
 * ONE transaction of two statements. Answers, per event, whether the viewer is a known
 * agent. A redelivered event adds nothing (same agent, customer and instant), nor does a
 * second event of one view in the same batch.
 */
async function insertViewsOf(
  events: readonly (PublishedEvent & { actor: string })[],
  db: Database,
): Promise<boolean[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ ord: string; known_agent: boolean; added: boolean }>(
      `WITH input AS (
         SELECT i.*, min(i.ord) OVER (PARTITION BY i.agent_id, i.customer_id, i.viewed_at) AS first
           FROM unnest($1::text[], $2::text[], $3::timestamptz[])
                WITH ORDINALITY AS i(agent_id, customer_id, viewed_at, ord)
       ),
       added AS (
         INSERT INTO support.customer_view (agent_id, customer_id, viewed_at)
         SELECT i.agent_id, i.customer_id, i.viewed_at
           FROM input i JOIN support.agent a ON a.id = i.agent_id
          WHERE i.ord = i.first
         ON CONFLICT DO NOTHING
         RETURNING agent_id, customer_id, viewed_at
       )
       SELECT i.ord::text AS ord,
              a.id IS NOT NULL AS known_agent,
              i.ord = i.first AND EXISTS (
                SELECT 1 FROM added d
                 WHERE d.agent_id = i.agent_id AND d.customer_id = i.customer_id
                   AND d.viewed_at = i.viewed_at
              ) AS added
         FROM input i LEFT JOIN support.agent a ON a.id = i.agent_id
        ORDER BY i.ord`,
      [
        events.map((e) => e.actor),
        events.map((e) => e.customerId),
        events.map((e) => e.occurredAt),
      ],
    );
    await recordEvents(
      tx,
      'support',
      rows.flatMap((row, i) => {
        const event = events[i]!;
        return row.added
          ? [
              viewLoggedEvent(
                { customerId: event.customerId, agentId: event.actor },
                { viewEventId: event.id },
              ),
            ]
          : [];
      }),
    );
    return rows.map((row) => row.known_agent);
  });
}

/**
 * A consumer that turns crm's `customer.viewed` events into the view log and ignores
 * every other event. A viewer who is not an agent of support (e.g. a supervisor known
 * only to the identity provider) is logged and skipped, never thrown: a throw would
 * make the bus redeliver the event forever.
 */
export function createViewsConsumer(): EventConsumer {
  const notAnAgent = (event: PublishedEvent, logger: Logger) =>
    logger.warn(
      { eventId: event.id, actor: event.actor, customerId: event.customerId },
      'customer.viewed by someone who is not a support agent; view not recorded',
    );
  // One event is a batch of one: the same two statements, the same answers.
  const applyViews = async (
    events: readonly PublishedEvent[],
    db: Database,
    logger: Logger,
  ): Promise<void> => {
    const views = events.filter((event) => event.type === CUSTOMER_VIEWED);
    const withActor = views.filter((event): event is PublishedEvent & { actor: string } =>
      Boolean(event.actor),
    );
    const known = withActor.length > 0 ? await insertViewsOf(withActor, db) : [];
    const knownOf = new Map<PublishedEvent, boolean | undefined>(
      withActor.map((event, i) => [event, known[i]]),
    );
    // Warned in event order, as one by one would.
    for (const event of views) if (!knownOf.get(event)) notAnAgent(event, logger);
  };
  return {
    group: 'support.views',
    handle: (event, db, logger) => applyViews([event], db, logger),
    // Under load (every rep read is a view) one transaction for many views.
    handleBatch: applyViews,
  };
}

/** The views consumer `support` runs. */
export const viewsConsumer: EventConsumer = createViewsConsumer();
