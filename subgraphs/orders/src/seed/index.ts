import type { Database, Queryable } from '../../../shared/db';
import type { SeedOptions } from '../../../shared/subgraphDefinition';
import {
  OFFERING,
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PLACE,
  daysFrom,
  storyAnchor,
} from '../../../shared/seedIds';
import type { Channel, DeliveryMethod, OrderStatus } from '../generated/graphql';
import { CATALOGUE } from '../catalogue';
import { recordEvent } from '../../../shared/outbox';
import { personaOrderEvents, seedGeneratedOrderEvents } from './events';
import { seedGeneratedOrders } from './generated';

/** A persona order and its status history, as the seed writes it. */
export interface PersonaOrder {
  id: string;
  customerId: string;
  channel: Channel;
  placeId: string;
  /** Days from the story anchor (negative: the past). */
  placedDays: number;
  items: [offeringId: string, delivery: DeliveryMethod][];
  /** Oldest first; the last entry is the current status. */
  history: [status: OrderStatus, days: number, reason?: string][];
}

const HOUR = 1 / 24;

/** The personas' orders, as DOMAIN.md tells their stories. */
const PERSONA_ORDERS: PersonaOrder[] = [
  {
    id: PERSONA_ORDER.danaMove,
    customerId: PERSONA.dana,
    channel: 'WEBSITE',
    placeId: PERSONA_PLACE.danaNewHome,
    // Placed the morning provisioning opened its service order (day -6, 09:00), and
    // held only after the first visit failed (day -2, 11:00).
    placedDays: -6 + 8 * HOUR,
    items: [
      [OFFERING.internet300, 'TECHNICIAN_INSTALL'],
      // She asked for streaming; the premium package only comes by set-top box.
      [OFFERING.tvPremiumPackage, 'STREAMING'],
      [OFFERING.setTopBox, 'SET_TOP_BOX'],
    ],
    history: [
      ['ACKNOWLEDGED', -6 + 8 * HOUR],
      ['IN_PROGRESS', -6 + 9 * HOUR],
      ['HELD', -2 + 12 * HOUR, 'installer could not wire the set-top box; rewiring needed'],
    ],
  },
  {
    id: PERSONA_ORDER.priyaGigabit,
    customerId: PERSONA.priya,
    channel: 'WEBSITE',
    placeId: PERSONA_PLACE.priya,
    placedDays: -6,
    items: [[OFFERING.internet1000, 'TECHNICIAN_INSTALL']],
    history: [
      ['ACKNOWLEDGED', -6],
      ['IN_PROGRESS', -6 + HOUR],
    ],
  },
  {
    id: PERSONA_ORDER.samMobile,
    customerId: PERSONA.sam,
    channel: 'MOBILE_APP',
    placeId: PERSONA_PLACE.sam,
    placedDays: -200,
    items: [[OFFERING.mobileBasic, 'SHIPPING']],
    history: [
      ['ACKNOWLEDGED', -200],
      ['IN_PROGRESS', -200 + HOUR],
      ['COMPLETED', -198],
    ],
  },
  {
    id: 'ord-lee-internet',
    customerId: PERSONA.lee,
    channel: 'PHONE',
    placeId: PERSONA_PLACE.lee,
    placedDays: -50,
    items: [[OFFERING.internet300, 'TECHNICIAN_INSTALL']],
    history: [
      ['ACKNOWLEDGED', -50],
      ['IN_PROGRESS', -50 + HOUR],
      ['COMPLETED', -45],
    ],
  },
];

/**
 * Seeds the catalogue, the personas' orders and orders for `options.customers`
 * generated customers, with their history as unpublished outbox events (order.placed,
 * order.status_changed). Idempotent: fixed ids, inserted only when missing, one transaction.
 */
export async function seedOrders(db: Database, options: SeedOptions): Promise<void> {
  const anchor = storyAnchor(options.now);
  await db.transaction(async (tx) => {
    await seedCatalogue(tx);
    for (const order of PERSONA_ORDERS) {
      await seedPersonaOrder(tx, order, anchor);
      for (const event of personaOrderEvents(order, anchor)) {
        await recordEvent(tx, 'orders', event);
      }
    }
    await seedGeneratedOrders(tx, options.customers);
    await seedGeneratedOrderEvents(tx, options.customers);
  });
}

async function seedCatalogue(tx: Queryable): Promise<void> {
  for (const o of CATALOGUE) {
    await tx.query(
      `INSERT INTO orders.product_offering
         (id, name, description, category, delivery_methods, requires_install, tier, download_mbps)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [
        o.id,
        o.name,
        o.description,
        o.category,
        o.delivery_methods,
        o.requires_install,
        o.tier,
        o.download_mbps,
      ],
    );
  }
}

async function seedPersonaOrder(tx: Queryable, order: PersonaOrder, anchor: Date): Promise<void> {
  const last = order.history.at(-1);
  if (!last) throw new Error(`persona order ${order.id} has no status history`);
  await tx.query(
    `INSERT INTO orders."order" (id, customer_id, channel, status, place_id, placed_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [
      order.id,
      order.customerId,
      order.channel,
      last[0],
      order.placeId,
      daysFrom(anchor, order.placedDays),
      daysFrom(anchor, last[1]),
    ],
  );
  for (const [index, [offeringId, delivery]] of order.items.entries()) {
    await tx.query(
      `INSERT INTO orders.order_item (id, order_id, position, offering_id, quantity, action, delivery_method)
       VALUES ($1, $2, $3, $4, 1, 'ADD', $5) ON CONFLICT (id) DO NOTHING`,
      [`${order.id}-item-${index + 1}`, order.id, index + 1, offeringId, delivery],
    );
  }
  for (const [index, [status, days, reason]] of order.history.entries()) {
    await tx.query(
      `INSERT INTO orders.order_status_change (order_id, position, status, at, reason)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [order.id, index + 1, status, daysFrom(anchor, days), reason ?? null],
    );
  }
}
