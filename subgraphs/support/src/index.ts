import { join } from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
import { answerReadReceipts, entityAccessPlugin } from '../../shared/accessLog/entityAccessPlugin';
import { entityAccessResolvers } from '../../shared/accessLog/entityAccessResolvers';
import { mergeResolvers } from '../../shared/mergeResolvers';
import { defineSubgraph } from '../../shared/subgraphDefinition';
import { createContext } from './context';
import type { Resolvers } from './generated/graphql';
import { attentionResolvers } from './modules/attention/resolvers';
import { caseMutationResolvers } from './modules/cases/mutationResolvers';
import { caseResolvers } from './modules/cases/resolvers';
import { conversationMutationResolvers } from './modules/conversations/mutationResolvers';
import { startIdleConversationTimer } from './modules/conversations/idleConversations';
import { conversationResolvers } from './modules/conversations/resolvers';
import { customerResolvers } from './modules/customers/resolvers';
import { interactionResolvers } from './modules/interactions/resolvers';
import { noteMutationResolvers } from './modules/notes/mutationResolvers';
import { noteResolvers } from './modules/notes/resolvers';
import { timelineResolvers } from './modules/timeline/resolvers';
import { viewMutationResolvers } from './modules/views/mutationResolvers';
import { viewResolvers } from './modules/views/resolvers';
import { seedSupport } from './seed';
import { timelineConsumer } from './timelineConsumer';
import { viewsConsumer } from './viewsConsumer';

/**
 * The `support` subgraph: interactions on every channel, resumable conversations,
 * cases with notes, handoffs and status history, and the view log [TMF621, TMF683].
 */
export const supportSubgraph = defineSubgraph({
  name: 'support',
  schemaFile: join(__dirname, 'schema.graphql'),
  migrationsDir: join(__dirname, 'migrations'),
  sharedMigrations: { outbox: '0002', entity_access: '0007' },
  resolvers: mergeResolvers<Resolvers>(
    { DateTime: DateTimeResolver },
    entityAccessResolvers('support', 'supportAccessLog'),
    customerResolvers,
    caseResolvers,
    conversationResolvers,
    interactionResolvers,
    noteResolvers,
    viewResolvers,
    conversationMutationResolvers,
    caseMutationResolvers,
    noteMutationResolvers,
    viewMutationResolvers,
    timelineResolvers,
    attentionResolvers,
  ),
  seed: seedSupport,
  consumers: [timelineConsumer, viewsConsumer],
  background: ({ db, config, logger }) =>
    startIdleConversationTimer(db, {
      idleMs: config.conversationIdleMinutes * 60_000,
      onError: (error) => logger.warn({ err: error }, 'pausing idle conversations failed'),
    }),
  createContext,
  // Every staff read of customer-owned data, on record (one write per request).
  // Staff queries read by role, team and scopes, never by who the rep is: their answers
  // may be shared by authorization class, each copy served recorded by its receipt.
  plugins: () => [entityAccessPlugin({ schema: 'support', staffAnswersByClass: true })],
  answerConditional: answerReadReceipts('support'),
});
