import type { Database } from '../../shared/db';
import type { PublishedEvent } from '../../shared/events/eventBus';
import { recordEvent } from '../../shared/outbox';
import type { EventConsumer } from '../../shared/subgraphDefinition';
import { viewLoggedEvent } from './modules/views/viewLoggedEvent';

/** The event crm records each time an agent or supervisor reads a customer. */
export const CUSTOMER_VIEWED = 'customer.viewed';

/**
 * Adds the view to `support.customer_view` (what UNREAD_NOTES compares notes with) and,
 * when it is new, a `customer.view_logged` event ({@link viewLoggedEvent}) in the same
 * transaction; answers whether the viewer is a known agent. A redelivered event adds
 * nothing (same agent, customer and instant).
 */
async function insertViewOf(event: PublishedEvent, db: Database): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ known_agent: boolean; added: boolean }>(
      `WITH known AS (SELECT id FROM support.agent WHERE id = $1),
       added AS (
         INSERT INTO support.customer_view (agent_id, customer_id, viewed_at)
         SELECT id, $2, $3::timestamptz FROM known
         ON CONFLICT DO NOTHING
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM known) AS known_agent, EXISTS (SELECT 1 FROM added) AS added`,
      [event.actor, event.customerId, event.occurredAt],
    );
    if (row?.added) {
      await recordEvent(
        tx,
        'support',
        viewLoggedEvent(
          { customerId: event.customerId, agentId: event.actor ?? null },
          { viewEventId: event.id },
        ),
      );
    }
    return row?.known_agent ?? false;
  });
}

/**
 * A consumer that turns crm's `customer.viewed` events into the view log and ignores
 * every other event. A viewer who is not an agent of support (e.g. a supervisor known
 * only to the identity provider) is logged and skipped, never thrown: a throw would
 * make the bus redeliver the event forever.
 */
export function createViewsConsumer(): EventConsumer {
  return {
    group: 'support.views',
    async handle(event, db, logger) {
      if (event.type !== CUSTOMER_VIEWED) return;
      if (!event.actor || !(await insertViewOf(event, db))) {
        logger.warn(
          { eventId: event.id, actor: event.actor, customerId: event.customerId },
          'customer.viewed by someone who is not a support agent; view not recorded',
        );
      }
    },
  };
}

/** The views consumer `support` runs. */
export const viewsConsumer: EventConsumer = createViewsConsumer();
