import { uncacheable } from '../../../../shared/cacheHints';
import { recordCustomerRead } from '../../../../shared/cacheScope';
import { readableOwned } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';

/** Resolvers of `ServiceOrder`, its alerts and milestones, and `Order.fulfilment`. */
export const serviceOrderResolvers: Resolvers = {
  Query: {
    serviceOrder: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.serviceOrderById.load(id)),
  },
  ServiceOrder: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.serviceOrderById.load(reference.id)),
    order: (serviceOrder) => ({ id: serviceOrder.order_id }),
    customer: (serviceOrder) => ({ id: serviceOrder.customer_id }),
    jeopardyAlerts: (serviceOrder, _args, { loaders }) =>
      loaders.alertsByServiceOrderId.load(serviceOrder.id),
    milestones: (serviceOrder, _args, { loaders }) =>
      loaders.milestonesByServiceOrderId.load(serviceOrder.id),
    appointments: (serviceOrder, _args, { loaders }) =>
      loaders.appointmentsByServiceOrderId.load(serviceOrder.id),
  },
  JeopardyAlert: {
    raisedAt: (alert) => alert.raised_at,
  },
  Order: {
    fulfilment: async (order, _args, { claims, loaders }, info) => {
      const serviceOrder = await loaders.serviceOrderByOrderId.load(order.id);
      // "No fulfilment yet" is about the order's customer too, though no row says whose.
      if (order.customer) recordCustomerRead(order.customer.id);
      else if (!serviceOrder) uncacheable(info);
      return readableOwned(claims, serviceOrder);
    },
  },
};
