import { join } from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
import { answerReadReceipts, entityAccessPlugin } from '../../shared/accessLog/entityAccessPlugin';
import { entityAccessResolvers } from '../../shared/accessLog/entityAccessResolvers';
import { mergeResolvers } from '../../shared/mergeResolvers';
import { defineSubgraph } from '../../shared/subgraphDefinition';
import { createContext } from './context';
import type { Resolvers } from './generated/graphql';
import { attemptMutationResolvers } from './modules/attempts/mutationResolvers';
import { attemptResolvers } from './modules/attempts/resolvers';
import { outcomesConsumer } from './modules/outcomes/outcomesConsumer';
import { sessionMutationResolvers } from './modules/sessions/mutationResolvers';
import { sessionResolvers } from './modules/sessions/resolvers';
import { seedEngagement } from './seed';

/**
 * The `engagement` subgraph: the customer's mobile app sessions, the screens they went
 * through and whether what they tried worked, and whether they are in the app now.
 * Added with `customer-context-gateway new-subgraph engagement --port 4005`
 * (docs/adding-a-subgraph.md).
 */
export const engagementSubgraph = defineSubgraph({
  name: 'engagement',
  schemaFile: join(__dirname, 'schema.graphql'),
  migrationsDir: join(__dirname, 'migrations'),
  sharedMigrations: { outbox: '0002', entity_access: '0003' },
  resolvers: mergeResolvers<Resolvers>(
    { DateTime: DateTimeResolver },
    entityAccessResolvers('engagement', 'engagementAccessLog'),
    sessionResolvers,
    sessionMutationResolvers,
    attemptResolvers,
    attemptMutationResolvers,
  ),
  seed: seedEngagement,
  createContext,
  // Keeps the per-day outcome table and the list of contacts up to date.
  consumers: [outcomesConsumer],
  // Every staff read of customer-owned data, on record (one write per request).
  // Staff queries read by role, team and scopes, never by who the rep is: their answers
  // may be shared by authorization class, each copy served recorded by its receipt.
  plugins: () => [entityAccessPlugin({ schema: 'engagement', staffAnswersByClass: true })],
  answerConditional: answerReadReceipts('engagement'),
});
