import { readableOwned } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';
import { optionalAgent, requiredAgent } from '../agents/loaders';

/** Resolvers of `Case`, `Handoff`, `CaseStatusChange`, `Customer.cases` and the case query. */
export const caseResolvers: Resolvers = {
  Query: {
    case: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.caseById.load(id)),
  },
  Customer: {
    cases: async (customer, { openOnly }, { loaders }) => {
      const rows = await loaders.casesByCustomerId.load({
        customerId: customer.id,
        openOnly: openOnly ?? false,
      });
      for (const row of rows) loaders.caseById.prime(row.id, row);
      return rows;
    },
  },
  Case: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.caseById.load(reference.id)),
    customer: (c) => ({ id: c.customer_id }),
    openedAt: (c) => c.opened_at,
    updatedAt: (c) => c.updated_at,
    order: (c) => (c.order_id === null ? null : { id: c.order_id }),
    assignedTo: (c, _args, { loaders }) => optionalAgent(loaders.agentById, c.assigned_to),
    notes: (c, _args, { loaders }) => loaders.notesByCaseId.load(c.id),
    handoffs: (c, _args, { loaders }) => loaders.handoffsByCaseId.load(c.id),
    latestHandoff: async (c, _args, { loaders }) =>
      (await loaders.handoffsByCaseId.load(c.id))[0] ?? null,
    statusHistory: (c, _args, { loaders }) => loaders.statusHistoryByCaseId.load(c.id),
    appContext: (c) => c.app_context,
    conversation: (c, _args, { loaders }) =>
      c.conversation_id === null ? null : loaders.conversationById.load(c.conversation_id),
  },
  Handoff: {
    fromAgent: (h, _args, { loaders }) => requiredAgent(loaders.agentById, h.from_agent_id),
    toAgent: (h, _args, { loaders }) => optionalAgent(loaders.agentById, h.to_agent_id),
    toTeam: (h) => h.to_team,
  },
};
