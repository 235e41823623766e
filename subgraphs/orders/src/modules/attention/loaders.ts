import type { Queryable } from '../../../../shared/db';
import { manyByKey } from '../../../../shared/loaders';
import { attentionItemsByCustomerIds, inFlightOrdersByCustomerIds } from './repository';

/** The attention module's loaders, each one statement for every customer asked; fresh per request. */
export function createAttentionLoaders(db: Queryable) {
  return {
    inFlightOrdersByCustomerId: manyByKey(
      (ids) => inFlightOrdersByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
    attentionItemsByCustomerId: manyByKey(
      (ids) => attentionItemsByCustomerIds(db, ids),
      (row) => row.customer_id,
    ),
  };
}
