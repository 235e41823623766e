import { canReadCustomer } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';

/**
 * Entities owned elsewhere that this subgraph extends. Each is known by its id alone,
 * so resolving a reference costs no query; the fields added here use loaders.
 */
export const referenceResolvers: Resolvers = {
  Customer: {
    __resolveReference: (reference, { claims }) =>
      canReadCustomer(claims, reference.id) ? { id: reference.id } : null,
  },
  Order: {
    // Keeps the customer `@requires` brought along with the key.
    __resolveReference: (reference) => ({ id: reference.id, customer: reference.customer ?? null }),
  },
};
