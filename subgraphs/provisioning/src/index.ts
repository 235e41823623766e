import { join } from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
import { answerReadReceipts, entityAccessPlugin } from '../../shared/accessLog/entityAccessPlugin';
import { entityAccessResolvers } from '../../shared/accessLog/entityAccessResolvers';
import { mergeResolvers } from '../../shared/mergeResolvers';
import { defineSubgraph } from '../../shared/subgraphDefinition';
import { createContext } from './context';
import type { Resolvers } from './generated/graphql';
import { attentionResolvers } from './modules/attention/resolvers';
import { appointmentResolvers } from './modules/appointments/resolvers';
import { referenceResolvers } from './modules/references/resolvers';
import { schedulingResolvers } from './modules/scheduling/resolvers';
import { serviceOrderResolvers } from './modules/serviceOrders/resolvers';
import { serviceResolvers } from './modules/services/resolvers';
import { technicianResolvers } from './modules/technicians/resolvers';
import { seedProvisioning } from './seed';

/**
 * The `provisioning` subgraph: installed services and their equipment, service orders
 * with jeopardy alerts and milestones, technician appointments and technicians
 * [TMF638, TMF641, TMF646].
 */
export const provisioningSubgraph = defineSubgraph({
  name: 'provisioning',
  schemaFile: join(__dirname, 'schema.graphql'),
  migrationsDir: join(__dirname, 'migrations'),
  sharedMigrations: { outbox: '0002', entity_access: '0004' },
  resolvers: mergeResolvers<Resolvers>(
    { DateTime: DateTimeResolver },
    entityAccessResolvers('provisioning', 'provisioningAccessLog'),
    referenceResolvers,
    serviceResolvers,
    serviceOrderResolvers,
    appointmentResolvers,
    technicianResolvers,
    schedulingResolvers,
    attentionResolvers,
  ),
  seed: seedProvisioning,
  createContext,
  // Every staff read of customer-owned data, on record (one write per request).
  // Staff queries read by role, team and scopes, never by who the rep is: their answers
  // may be shared by authorization class, each copy served recorded by its receipt.
  plugins: () => [entityAccessPlugin({ schema: 'provisioning', staffAnswersByClass: true })],
  answerConditional: answerReadReceipts('provisioning'),
});
