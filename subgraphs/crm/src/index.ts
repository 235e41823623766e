import { join } from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
import { mergeResolvers } from '../../shared/mergeResolvers';
import { defineSubgraph } from '../../shared/subgraphDefinition';
import { createContext } from './context';
import type { Resolvers } from './generated/graphql';
import { attentionResolvers } from './modules/attention/resolvers';
import { answerConditionalRead, readValidatorPlugin } from './modules/audit/conditionalRead';
import { customerAccessPlugin } from './modules/audit/customerAccessRecorder';
import { auditResolvers } from './modules/audit/resolvers';
import { customerMutationResolvers } from './modules/customers/mutationResolvers';
import { customerResolvers } from './modules/customers/resolvers';
import { placeResolvers } from './modules/places/resolvers';
import { seedCrm } from './seed';

/**
 * The `crm` subgraph: customers, their identifiers on every channel, preferences,
 * consents and service addresses [TMF629, TMF632, TMF644].
 */
export const crmSubgraph = defineSubgraph({
  name: 'crm',
  schemaFile: join(__dirname, 'schema.graphql'),
  migrationsDir: join(__dirname, 'migrations'),
  sharedMigrations: { outbox: '0002' },
  resolvers: mergeResolvers<Resolvers>(
    { DateTime: DateTimeResolver },
    customerResolvers,
    customerMutationResolvers,
    placeResolvers,
    attentionResolvers,
    auditResolvers,
  ),
  seed: seedCrm,
  createContext,
  answerConditional: answerConditionalRead,
  plugins: ({ config }) => [customerAccessPlugin(), readValidatorPlugin(config.subgraphHmacSecret)],
});
