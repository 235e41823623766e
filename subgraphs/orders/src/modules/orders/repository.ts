import type { Queryable } from '../../../../shared/db';
import type { KeyedRow } from '../../../../shared/loaders';
import type { CursorPosition } from '../../../../shared/pagination';
import type {
  Channel,
  DeliveryMethod,
  OrderItemAction,
  OrderStatus,
} from '../../generated/graphql';

/** A row of `orders."order"`. */
export interface OrderRow {
  id: string;
  customer_id: string;
  channel: Channel;
  status: OrderStatus;
  place_id: string | null;
  placed_at: Date;
  updated_at: Date;
  replaces_order_id: string | null;
}

/** A row of `orders.order_item`. */
export interface OrderItemRow {
  id: string;
  order_id: string;
  position: number;
  offering_id: string;
  quantity: number;
  action: OrderItemAction;
  delivery_method: DeliveryMethod | null;
}

/** A row of `orders.order_status_change`. */
export interface StatusChangeRow {
  order_id: string;
  position: number;
  status: OrderStatus;
  at: Date;
  reason: string | null;
}

/** A reference to a `Place` owned by `crm`: only its id is known here. */
export interface PlaceRef {
  id: string;
}

/** One customer's page request: up to `limit` orders after `after` (newest first). */
export interface OrdersPageRequest {
  customerId: string;
  limit: number;
  after: CursorPosition | null;
}

export const ORDER_COLUMNS =
  'id, customer_id, channel, status, place_id, placed_at, updated_at, replaces_order_id';

/** Orders with the given ids, in no particular order. */
export function ordersByIds(db: Queryable, ids: readonly string[]): Promise<OrderRow[]> {
  return db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders."order" WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** The orders that replaced the given orders, with the id each one replaced. */
export function ordersReplacingIds(db: Queryable, ids: readonly string[]): Promise<OrderRow[]> {
  return db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders."order" WHERE replaces_order_id = ANY($1::text[])`,
    [ids],
  );
}

/**
 * One page of orders for each request, newest first, in ONE statement whatever the
 * mix of customers, page sizes and cursors. Each row carries `key_index`, the 1-based
 * index of the request it answers.
 */
export function ordersPages(
  db: Queryable,
  requests: readonly OrdersPageRequest[],
): Promise<(OrderRow & KeyedRow)[]> {
  return db.query(
    `SELECT r.n::int AS key_index, o.*
       FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[])
            WITH ORDINALITY AS r(customer_id, lim, after_at, after_id, n)
      CROSS JOIN LATERAL (
        SELECT ${ORDER_COLUMNS} FROM orders."order"
         WHERE customer_id = r.customer_id
           AND (r.after_at IS NULL OR (placed_at, id) < (r.after_at, r.after_id))
         ORDER BY placed_at DESC, id DESC
         LIMIT r.lim
      ) o
      ORDER BY r.n, o.placed_at DESC, o.id DESC`,
    [
      requests.map((r) => r.customerId),
      requests.map((r) => r.limit),
      requests.map((r) => r.after?.at.toISOString() ?? null),
      requests.map((r) => r.after?.id ?? null),
    ],
  );
}

/** Items of several orders, each order's in the order the customer added them. */
export function itemsByOrderIds(db: Queryable, ids: readonly string[]): Promise<OrderItemRow[]> {
  return db.query<OrderItemRow>(
    `SELECT id, order_id, position, offering_id, quantity, action, delivery_method
       FROM orders.order_item WHERE order_id = ANY($1::text[]) ORDER BY order_id, position`,
    [ids],
  );
}

/** Status histories of several orders, oldest first. */
export function statusHistoriesByOrderIds(
  db: Queryable,
  ids: readonly string[],
): Promise<StatusChangeRow[]> {
  return db.query<StatusChangeRow>(
    `SELECT order_id, position, status, at, reason
       FROM orders.order_status_change WHERE order_id = ANY($1::text[]) ORDER BY order_id, position`,
    [ids],
  );
}
