import { readableOwned } from '../../../../shared/customerAccess';
import type { Resolvers } from '../../generated/graphql';

/** Resolvers of `Conversation`, `Customer.conversations` and the conversation query. */
export const conversationResolvers: Resolvers = {
  Query: {
    conversation: async (_root, { id }, { claims, loaders }) =>
      readableOwned(claims, await loaders.conversationById.load(id)),
  },
  Customer: {
    conversations: async (customer, { status }, { loaders }) => {
      const rows = await loaders.conversationsByCustomerId.load({
        customerId: customer.id,
        status: status ?? null,
      });
      for (const row of rows) loaders.conversationById.prime(row.id, row);
      return rows;
    },
  },
  Conversation: {
    __resolveReference: async (reference, { claims, loaders }) =>
      readableOwned(claims, await loaders.conversationById.load(reference.id)),
    customer: (conversation) => ({ id: conversation.customer_id }),
    startedOn: (conversation) => conversation.started_on,
    lastChannel: (conversation) => conversation.last_channel,
    currentStep: (conversation) => conversation.current_step,
    totalSteps: (conversation) => conversation.total_steps,
    stepName: (conversation) => conversation.step_name,
    startedAt: (conversation) => conversation.started_at,
    lastActivityAt: (conversation) => conversation.last_activity_at,
    steps: (conversation, _args, { loaders }) =>
      loaders.stepsByConversationId.load(conversation.id),
  },
};
