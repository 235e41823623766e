import type { Queryable } from '../../../../shared/db';
import type { ServiceOrderStatus } from '../../generated/graphql';

/** A row of `provisioning.service_order`. */
export interface ServiceOrderRow {
  id: string;
  order_id: string;
  customer_id: string;
  status: ServiceOrderStatus;
  created_at: Date;
}

/** A row of `provisioning.jeopardy_alert`. */
export interface JeopardyAlertRow {
  id: string;
  service_order_id: string;
  name: string;
  message: string;
  raised_at: Date;
}

/** A row of `provisioning.milestone`. */
export interface MilestoneRow {
  id: string;
  service_order_id: string;
  name: string;
  status: string;
  at: Date;
}

const COLUMNS = 'id, order_id, customer_id, status, created_at';

/** Service orders with the given ids, in no particular order. */
export function serviceOrdersByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<ServiceOrderRow[]> {
  return db.query<ServiceOrderRow>(
    `SELECT ${COLUMNS} FROM provisioning.service_order WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** Service orders fulfilling the given product orders (at most one each). */
export function serviceOrdersByOrderIds(
  db: Queryable,
  orderIds: readonly string[],
): Promise<ServiceOrderRow[]> {
  return db.query<ServiceOrderRow>(
    `SELECT ${COLUMNS} FROM provisioning.service_order WHERE order_id = ANY($1::text[])`,
    [orderIds],
  );
}

/** Jeopardy alerts of several service orders, each order's oldest first. */
export function alertsByServiceOrderIds(
  db: Queryable,
  ids: readonly string[],
): Promise<JeopardyAlertRow[]> {
  return db.query<JeopardyAlertRow>(
    `SELECT id, service_order_id, name, message, raised_at FROM provisioning.jeopardy_alert
      WHERE service_order_id = ANY($1::text[]) ORDER BY service_order_id, raised_at, id`,
    [ids],
  );
}

/** Milestones of several service orders, each order's oldest first. */
export function milestonesByServiceOrderIds(
  db: Queryable,
  ids: readonly string[],
): Promise<MilestoneRow[]> {
  return db.query<MilestoneRow>(
    `SELECT id, service_order_id, name, status, at FROM provisioning.milestone
      WHERE service_order_id = ANY($1::text[]) ORDER BY service_order_id, at, id`,
    [ids],
  );
}
