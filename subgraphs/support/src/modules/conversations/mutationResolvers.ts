import { actingAs, withActor } from '../../../../shared/actingAs';
import { assertMayActOnCustomer, assertMayActOnOwned } from '../../../../shared/customerAccess';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import {
  closeConversation,
  pauseConversation,
  recordStep,
  resumeConversation,
  startConversation,
} from './mutations';
import type { ConversationRow } from './repository';

/** Reloads a conversation a mutation just wrote (or wrote on the first run of a replay). */
async function reload(id: string, { loaders }: Context): Promise<ConversationRow> {
  const row = await loaders.conversationById.load(id);
  if (!row) throw new Error(`conversation ${id} was written but cannot be read back`);
  return row;
}

/** Replaces the request's cached copy of a changed conversation and its steps. */
function fresh(row: ConversationRow, { loaders }: Context): ConversationRow {
  loaders.conversationById.clear(row.id).prime(row.id, row);
  loaders.stepsByConversationId.clear(row.id);
  return row;
}

/** Throws `FORBIDDEN` unless the caller may act on the conversation's customer. */
async function mayAct(conversationId: string, { claims, loaders }: Context): Promise<void> {
  assertMayActOnOwned(claims, await loaders.conversationById.load(conversationId));
}

/** Resolvers of the conversation mutations. */
export const conversationMutationResolvers: Resolvers = {
  Mutation: {
    startConversation: async (_root, { input }, context) => {
      assertMayActOnCustomer(context.claims, input.customerId);
      return reload(
        await startConversation(context.db, withActor(input, context.claims, 'customer')),
        context,
      );
    },
    recordStep: async (_root, { input }, context) => {
      await mayAct(input.conversationId, context);
      return fresh(
        await recordStep(context.db, withActor(input, context.claims, 'customer')),
        context,
      );
    },
    pauseConversation: async (_root, { conversationId, actor }, context) => {
      await mayAct(conversationId, context);
      return fresh(
        await pauseConversation(
          context.db,
          conversationId,
          actingAs(context.claims, actor, 'customer') ?? 'customer',
        ),
        context,
      );
    },
    resumeConversation: async (_root, { input }, context) => {
      await mayAct(input.conversationId, context);
      return fresh(
        await resumeConversation(context.db, withActor(input, context.claims, 'customer')),
        context,
      );
    },
    closeConversation: async (_root, { conversationId, actor }, context) => {
      await mayAct(conversationId, context);
      return fresh(await closeConversation(context.db, conversationId, actor), context);
    },
  },
};
