import { readableOwned } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { refOrNull } from '../../references';

/** Resolvers of `Service`, `Equipment` and `Customer.services`. */
export const serviceResolvers: Resolvers = {
  Query: {
    service: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.serviceById.load(id)),
  },
  Service: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.serviceById.load(reference.id)),
    customer: (service) => ({ id: service.customer_id }),
    place: (service) => refOrNull(service.place_id),
    offering: (service) => ({ id: service.offering_id }),
    deliveryMethod: (service) => service.delivery_method,
    equipment: (service, _args, { loaders }) => loaders.equipmentByServiceId.load(service.id),
    activatedAt: (service) => service.activated_at,
    serviceOrder: (service, _args, { loaders }) =>
      service.service_order_id ? loaders.serviceOrderById.load(service.service_order_id) : null,
  },
  Equipment: {
    serialNumber: (equipment) => equipment.serial_number,
  },
  Customer: {
    services: (customer, _args, { loaders }) => loaders.servicesByCustomerId.load(customer.id),
  },
};
