import { canReadCustomer } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';

/**
 * `Customer` references: `crm` owns customers, so a reference is answered with its key
 * alone, without a query; the list fields come from the other modules.
 */
export const customerResolvers: Resolvers = {
  Customer: {
    // Keeps the @requires fields the gateway sent along with the key.
    __resolveReference: (reference, { claims }) =>
      canReadCustomer(claims, reference.id) ? reference : null,
  },
};
