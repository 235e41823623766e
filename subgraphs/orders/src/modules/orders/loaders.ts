import type { Queryable } from '../../../../shared/db';
import { manyByKey, manyByRequest, oneByKey } from '../../../../shared/loaders';
import {
  itemsByOrderIds,
  ordersByIds,
  ordersPages,
  ordersReplacingIds,
  statusHistoriesByOrderIds,
  type OrdersPageRequest,
} from './repository';

/** The order module's loaders; a fresh set per request. */
export function createOrderLoaders(db: Queryable) {
  return {
    orderById: oneByKey(
      (ids) => ordersByIds(db, ids),
      (row) => row.id,
    ),
    /** The order that replaced an order, keyed by the replaced order's id. */
    orderReplacingId: oneByKey(
      (ids) => ordersReplacingIds(db, ids),
      (row) => row.replaces_order_id ?? '',
    ),
    /** A page of orders per (customer, size, cursor); one statement per tick. */
    ordersByCustomerId: manyByRequest((requests: readonly OrdersPageRequest[]) =>
      ordersPages(db, requests),
    ),
    itemsByOrderId: manyByKey(
      (ids) => itemsByOrderIds(db, ids),
      (row) => row.order_id,
    ),
    statusHistoryByOrderId: manyByKey(
      (ids) => statusHistoriesByOrderIds(db, ids),
      (row) => row.order_id,
    ),
  };
}
