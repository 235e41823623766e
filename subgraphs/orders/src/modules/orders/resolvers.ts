import { readableOwned } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';

/** Resolvers of `Order`, its items and status history, and the order query. */
export const orderResolvers: Resolvers = {
  Query: {
    order: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.orderById.load(id)),
  },
  Order: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.orderById.load(reference.id)),
    customer: (order) => ({ id: order.customer_id }),
    placedAt: (order) => order.placed_at,
    updatedAt: (order) => order.updated_at,
    items: (order, _args, { loaders }) => loaders.itemsByOrderId.load(order.id),
    statusHistory: (order, _args, { loaders }) => loaders.statusHistoryByOrderId.load(order.id),
    replaces: (order, _args, { loaders }) =>
      order.replaces_order_id ? loaders.orderById.load(order.replaces_order_id) : null,
    replacedBy: (order, _args, { loaders }) => loaders.orderReplacingId.load(order.id),
    place: (order) => (order.place_id ? { id: order.place_id } : null),
  },
  OrderItem: {
    offering: async (item, _args, { loaders }) => {
      const offering = await loaders.offeringById.load(item.offering_id);
      // The foreign key makes a missing offering impossible short of a broken database.
      if (!offering)
        throw new Error(`order item ${item.id} refers to missing offering ${item.offering_id}`);
      return offering;
    },
    deliveryMethod: (item) => item.delivery_method,
  },
};
