import type { Queryable } from '../../../../shared/db';
import type { Channel, OrderItemInput, OrderStatus } from '../../generated/graphql';
import { ORDER_COLUMNS, type OrderRow } from './repository';

/** An order about to be written, already validated. */
export interface NewOrder {
  id: string;
  customerId: string;
  channel: Channel;
  placeId: string | null;
  replacesOrderId: string | null;
  items: readonly OrderItemInput[];
  /** When it is placed; millisecond precision (cursors depend on it). */
  at: Date;
}

/** Writes an `ACKNOWLEDGED` order, its lines and its first status-history entry. */
export async function insertOrder(tx: Queryable, order: NewOrder): Promise<void> {
  await tx.query(
    `INSERT INTO orders."order"
       (id, customer_id, channel, status, place_id, placed_at, updated_at, replaces_order_id)
     VALUES ($1, $2, $3, 'ACKNOWLEDGED', $4, $5, $5, $6)`,
    [order.id, order.customerId, order.channel, order.placeId, order.at, order.replacesOrderId],
  );
  await tx.query(
    `INSERT INTO orders.order_item
       (id, order_id, position, offering_id, quantity, action, delivery_method)
     SELECT $1 || '-item-' || i.n, $1, i.n::int, i.offering_id, i.quantity, 'ADD', i.delivery_method
       FROM unnest($2::text[], $3::int[], $4::text[])
            WITH ORDINALITY AS i(offering_id, quantity, delivery_method, n)`,
    [
      order.id,
      order.items.map((item) => item.offeringId),
      order.items.map((item) => item.quantity),
      order.items.map((item) => item.deliveryMethod),
    ],
  );
  await tx.query(
    `INSERT INTO orders.order_status_change (order_id, position, status, at, reason)
     VALUES ($1, 1, 'ACKNOWLEDGED', $2, NULL)`,
    [order.id, order.at],
  );
}

/** The order with `id`, row-locked until the transaction ends; undefined when unknown. */
export async function lockOrder(tx: Queryable, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders."order" WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

/** Moves an order to `status`, appending a status-history entry; returns the new row. */
export async function changeStatus(
  tx: Queryable,
  change: { orderId: string; status: OrderStatus; reason: string | null; at: Date },
): Promise<OrderRow> {
  await tx.query(
    `INSERT INTO orders.order_status_change (order_id, position, status, at, reason)
     SELECT $1, COALESCE(MAX(position), 0) + 1, $2, $3, $4
       FROM orders.order_status_change WHERE order_id = $1`,
    [change.orderId, change.status, change.at, change.reason],
  );
  const [row] = await tx.query<OrderRow>(
    `UPDATE orders."order" SET status = $2, updated_at = $3 WHERE id = $1 RETURNING ${ORDER_COLUMNS}`,
    [change.orderId, change.status, change.at],
  );
  if (!row) throw new Error(`order ${change.orderId} vanished while locked`);
  return row;
}
