import { assertStaffOrService } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { recordCustomerView } from './mutations';

/** Resolvers of the view-log mutation. */
export const viewMutationResolvers: Resolvers = {
  Mutation: {
    recordCustomerView: (_root, { input }, { db, claims }) => {
      assertStaffOrService(claims);
      return recordCustomerView(db, input);
    },
  },
};
