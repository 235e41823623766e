import type { Queryable } from '../../../../shared/db';
import { manyByKey, oneByKey } from '../../../../shared/loaders';
import {
  alertsByServiceOrderIds,
  milestonesByServiceOrderIds,
  serviceOrdersByIds,
  serviceOrdersByOrderIds,
} from './repository';

/** The service-order module's loaders; a fresh set per request. */
export function createServiceOrderLoaders(db: Queryable) {
  return {
    serviceOrderById: oneByKey(
      (ids) => serviceOrdersByIds(db, ids),
      (row) => row.id,
    ),
    serviceOrderByOrderId: oneByKey(
      (ids) => serviceOrdersByOrderIds(db, ids),
      (row) => row.order_id,
    ),
    alertsByServiceOrderId: manyByKey(
      (ids) => alertsByServiceOrderIds(db, ids),
      (row) => row.service_order_id,
    ),
    milestonesByServiceOrderId: manyByKey(
      (ids) => milestonesByServiceOrderIds(db, ids),
      (row) => row.service_order_id,
    ),
  };
}
