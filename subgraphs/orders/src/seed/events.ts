import { CHANNEL_PHRASE } from '../../../shared/channelPhrase';
import type { Queryable } from '../../../shared/db';
import type { DomainEvent } from '../../../shared/outbox';
import { OFFERING, daysFrom, generatedCustomerIdSql } from '../../../shared/seedIds';
import { CATALOGUE } from '../catalogue';
import type { OrderStatus } from '../generated/graphql';
import type { PersonaOrder } from './index';
import { FIRST_PLACED, SECOND_PLACED, SERIES, generatedOrderIdSql } from './generated';

/** A status as a rep reads it in a summary. */
const STATUS_PHRASE: Partial<Record<OrderStatus, string>> = {
  IN_PROGRESS: 'in progress',
  HELD: 'held',
  COMPLETED: 'completed',
};

const offeringName = (id: string): string => CATALOGUE.find((o) => o.id === id)?.name ?? id;

/**
 * A persona order's history as events: `order.placed` when placed (id
 * `evt-<order>-placed`), then one `order.status_changed` per later status (id
 * `evt-<order>-status-<position>`; the first, ACKNOWLEDGED, is the placing itself).
 */
export function personaOrderEvents(
  order: PersonaOrder,
  anchor: Date,
): (DomainEvent & { id: string; occurredAt: Date })[] {
  const base = { customerId: order.customerId, subject: { typename: 'Order', id: order.id } };
  const self = order.channel === 'WEBSITE' || order.channel === 'MOBILE_APP';
  const placed = {
    ...base,
    id: `evt-${order.id}-placed`,
    type: 'order.placed',
    summary: `Order placed ${CHANNEL_PHRASE[order.channel]}: ${order.items.map(([id]) => offeringName(id)).join(', ')}`,
    channel: order.channel,
    actor: self ? 'customer' : 'system',
    payload: {
      orderId: order.id,
      placeId: order.placeId,
      items: order.items.map(([offeringId, deliveryMethod]) => ({
        offeringId,
        quantity: 1,
        deliveryMethod,
      })),
    },
    occurredAt: daysFrom(anchor, order.placedDays),
  };
  const changes = order.history.slice(1).map(([status, days, reason], n) => ({
    ...base,
    id: `evt-${order.id}-status-${n + 2}`,
    type: 'order.status_changed',
    summary: `Order ${STATUS_PHRASE[status] ?? status}${reason ? `: ${reason}` : ''}`,
    channel: null,
    actor: 'system',
    payload: { orderId: order.id, from: order.history[n]?.[0], to: status, reason: reason ?? null },
    occurredAt: daysFrom(anchor, days),
  }));
  return [placed, ...changes];
}

/**
 * One `order.placed` per generated order (id `evt-<order>-placed`, at its placed time),
 * matching seedGeneratedOrders. Set-based: one statement however many customers.
 */
export async function seedGeneratedOrderEvents(tx: Queryable, count: number): Promise<void> {
  if (count === 0) return;
  const customer = generatedCustomerIdSql('i');
  const first = generatedOrderIdSql('i', 1);
  const second = generatedOrderIdSql('i', 2);
  const columns = `id, customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload, occurred_at`;
  await tx.query(
    `INSERT INTO orders.outbox (${columns})
     SELECT 'evt-' || ${first} || '-placed', ${customer}, 'order.placed', 'Order', ${first},
            'Order placed on the website: ' || CASE WHEN i % 2 = 1 THEN $2 ELSE $3 END,
            'WEBSITE', 'customer', jsonb_build_object('orderId', ${first}), ${FIRST_PLACED} ${SERIES}
     UNION ALL
     SELECT 'evt-' || ${second} || '-placed', ${customer}, 'order.placed', 'Order', ${second},
            'Order placed in the mobile app: ' || $4, 'MOBILE_APP', 'customer',
            jsonb_build_object('orderId', ${second}), ${SECOND_PLACED} ${SERIES} WHERE i % 4 = 0
     ON CONFLICT (id) DO NOTHING`,
    [
      count,
      offeringName(OFFERING.internet300),
      offeringName(OFFERING.internet1000),
      offeringName(OFFERING.tvStreamingPackage),
    ],
  );
}
