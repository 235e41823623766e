import { readableOwned } from '../../../../shared/customerAccess';
import { decodeCursor, pageSize, toPage } from '../../../../shared/pagination';
import type { Resolvers } from '../../generated/graphql';
import { optionalAgent } from '../agents/loaders';

/** Resolvers of `Interaction`, `Customer.interactions` and the interaction query. */
export const interactionResolvers: Resolvers = {
  Query: {
    interaction: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.interactionById.load(id)),
  },
  Customer: {
    interactions: async (customer, { first, after }, { loaders }) => {
      const limit = pageSize(first);
      const rows = await loaders.interactionsByCustomerId.load({
        customerId: customer.id,
        after: decodeCursor(after),
        limit: limit + 1,
      });
      for (const row of rows) loaders.interactionById.prime(row.id, row);
      return toPage(rows, limit, (row) => ({ at: row.occurred_at, id: row.id }));
    },
  },
  Interaction: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.interactionById.load(reference.id)),
    customer: (interaction) => ({ id: interaction.customer_id }),
    occurredAt: (interaction) => interaction.occurred_at,
    agent: (interaction, _args, { loaders }) =>
      optionalAgent(loaders.agentById, interaction.agent_id),
    appContext: (interaction) => interaction.app_context,
    case: (interaction, _args, { loaders }) =>
      interaction.case_id === null ? null : loaders.caseById.load(interaction.case_id),
  },
};
