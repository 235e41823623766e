import { join } from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
import { mergeResolvers } from '../../shared/mergeResolvers';
import { defineSubgraph } from '../../shared/subgraphDefinition';
import { createContext } from './context';
import type { Resolvers } from './generated/graphql';
import { caseResolvers } from './modules/cases/resolvers';
import { conversationResolvers } from './modules/conversations/resolvers';
import { customerResolvers } from './modules/customers/resolvers';
import { interactionResolvers } from './modules/interactions/resolvers';
import { noteResolvers } from './modules/notes/resolvers';
import { seedSupport } from './seed';

/**
 * The `support` subgraph: interactions on every channel, resumable conversations,
 * cases with notes, handoffs and status history, and the view log [TMF621, TMF683].
 */
export const supportSubgraph = defineSubgraph({
  name: 'support',
  defaultPort: 4004,
  schemaFile: join(__dirname, 'schema.graphql'),
  migrationsDir: join(__dirname, 'migrations'),
  resolvers: mergeResolvers<Resolvers>(
    { DateTime: DateTimeResolver },
    customerResolvers,
    caseResolvers,
    conversationResolvers,
    interactionResolvers,
    noteResolvers,
  ),
  seed: seedSupport,
  createContext,
});
