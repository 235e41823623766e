import { canReadCustomer } from '../../../../shared/customerAccess';
import { decodeCursor, pageSize, toPage } from '../../../../shared/pagination';
import type { Resolvers } from '../../generated/graphql';

/** A reference to a `Customer` owned by `crm`: `orders` knows only its id. */
export interface CustomerRef {
  id: string;
}

/** Resolvers of `Customer.orders`, the field `orders` adds to crm's customer. */
export const customerResolvers: Resolvers = {
  Customer: {
    // No query: the customer itself lives in `crm`; its orders are loaded on demand.
    __resolveReference: ({ id, activeServiceOfferingIds }, { claims }) =>
      canReadCustomer(claims, id) ? { id, activeServiceOfferingIds } : null,
    orders: async (customer, { first, after }, { loaders }) => {
      const limit = pageSize(first);
      const position = decodeCursor(after);
      const rows = await loaders.ordersByCustomerId.load({
        customerId: customer.id,
        limit: limit + 1,
        after: position,
      });
      for (const row of rows) loaders.orderById.prime(row.id, row);
      return toPage(rows, limit, (row) => ({ at: row.placed_at, id: row.id }));
    },
  },
};
