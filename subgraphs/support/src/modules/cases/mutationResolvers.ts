import { withActor } from '../../../../shared/actingAs';
import { assertMayActOnOwned, assertStaffOrService } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { escalateToAgent, transferCase } from './mutations';

/** Resolvers of the case mutations. */
export const caseMutationResolvers: Resolvers = {
  Mutation: {
    escalateToAgent: async (_root, { input }, { db, claims, loaders }) => {
      assertMayActOnOwned(claims, await loaders.conversationById.load(input.conversationId));
      // Escalating may change the conversation; later fields must read it fresh.
      loaders.conversationById.clear(input.conversationId);
      const id = await escalateToAgent(db, withActor(input, claims, 'customer'));
      const row = await loaders.caseById.load(id);
      if (!row) throw new Error(`case ${id} was written but cannot be read back`);
      return row;
    },
    transferCase: async (_root, { input }, { db, claims, loaders }) => {
      assertStaffOrService(claims);
      const id = await transferCase(db, withActor(input, claims, null));
      // The transfer changed the case and its handoffs; later fields must read them fresh.
      loaders.caseById.clear(id);
      loaders.handoffsByCaseId.clear(id);
      const row = await loaders.caseById.load(id);
      if (!row) throw new Error(`case ${id} was transferred but cannot be read back`);
      return row;
    },
  },
};
