import type { Queryable } from '../../../../shared/db';
import type { DeliveryMethod, OfferingCategory, OrderStatus } from '../../generated/graphql';

/** Order statuses that mean the order is still being worked on. */
export const IN_FLIGHT_STATUSES: readonly OrderStatus[] = [
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'PENDING',
  'HELD',
  'ASSESSING_CANCELLATION',
  'PENDING_CANCELLATION',
];

/** The id of one in-flight order of a customer. */
export interface InFlightOrderRow {
  id: string;
  customer_id: string;
}

/**
 * One item of an order that may need attention (in flight, or completed in the last
 * 90 days), with its offering and the order's latest status reason.
 */
export interface AttentionItemRow {
  order_id: string;
  customer_id: string;
  status: OrderStatus;
  status_reason: string | null;
  delivery_method: DeliveryMethod | null;
  offering_id: string;
  offering_name: string;
  category: OfferingCategory;
  tier: number;
  download_mbps: number | null;
  delivery_methods: DeliveryMethod[];
}

/** In-flight orders of many customers, newest first. */
export function inFlightOrdersByCustomerIds(
  db: Queryable,
  customerIds: readonly string[],
): Promise<InFlightOrderRow[]> {
  return db.query<InFlightOrderRow>(
    `SELECT id, customer_id FROM orders."order"
      WHERE customer_id = ANY($1::text[]) AND status = ANY($2::text[])
      ORDER BY customer_id, placed_at DESC, id DESC`,
    [customerIds, IN_FLIGHT_STATUSES],
  );
}

/**
 * Items (with offering) of the in-flight orders and the orders completed in the last
 * 90 days of many customers, newest order first, items in order.
 */
export function attentionItemsByCustomerIds(
  db: Queryable,
  customerIds: readonly string[],
): Promise<AttentionItemRow[]> {
  return db.query<AttentionItemRow>(
    `SELECT o.id AS order_id, o.customer_id, o.status,
            (SELECT c.reason FROM orders.order_status_change c
              WHERE c.order_id = o.id ORDER BY c.position DESC LIMIT 1) AS status_reason,
            i.delivery_method, p.id AS offering_id, p.name AS offering_name, p.category,
            p.tier, p.download_mbps, p.delivery_methods
       FROM orders."order" o
       JOIN orders.order_item i ON i.order_id = o.id AND i.action <> 'DELETE'
       JOIN orders.product_offering p ON p.id = i.offering_id
      WHERE o.customer_id = ANY($1::text[])
        AND (o.status = ANY($2::text[])
             OR (o.status = 'COMPLETED' AND o.updated_at >= now() - interval '90 days'))
      ORDER BY o.customer_id, o.placed_at DESC, o.id DESC, i.position`,
    [customerIds, IN_FLIGHT_STATUSES],
  );
}
