import { actingAs } from '../../../../shared/actingAs';
import { assertStaffOrService } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { recordCustomerView } from './mutations';

/** Resolvers of the view-log mutation. */
export const viewMutationResolvers: Resolvers = {
  Mutation: {
    recordCustomerView: (_root, { input }, { db, claims }) => {
      assertStaffOrService(claims);
      // An agent records their own views only; a service may record anyone's.
      actingAs(claims, input.agentId);
      return recordCustomerView(db, input);
    },
  },
};
