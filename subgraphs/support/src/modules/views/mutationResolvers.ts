import type { Resolvers } from '../../generated/graphql';
import { recordCustomerView } from './mutations';

/** Resolvers of the view-log mutation. */
export const viewMutationResolvers: Resolvers = {
  Mutation: {
    recordCustomerView: (_root, { input }, { db }) => recordCustomerView(db, input),
  },
};
