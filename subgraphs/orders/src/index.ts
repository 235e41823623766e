import { join } from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
import { answerReadReceipts, entityAccessPlugin } from '../../shared/accessLog/entityAccessPlugin';
import { entityAccessResolvers } from '../../shared/accessLog/entityAccessResolvers';
import { mergeResolvers } from '../../shared/mergeResolvers';
import { defineSubgraph } from '../../shared/subgraphDefinition';
import { createContext } from './context';
import type { Resolvers } from './generated/graphql';
import { attentionResolvers } from './modules/attention/resolvers';
import { customerResolvers } from './modules/customers/resolvers';
import { offeringResolvers } from './modules/offerings/resolvers';
import { orderMutationResolvers } from './modules/orders/mutationResolvers';
import { orderResolvers } from './modules/orders/resolvers';
import { seedOrders } from './seed';

/**
 * The `orders` subgraph: the product catalogue and customer orders with their items,
 * status history and replacements [TMF620, TMF622]; adds `Customer.orders`.
 */
export const ordersSubgraph = defineSubgraph({
  name: 'orders',
  schemaFile: join(__dirname, 'schema.graphql'),
  migrationsDir: join(__dirname, 'migrations'),
  sharedMigrations: { outbox: '0002', entity_access: '0003' },
  resolvers: mergeResolvers<Resolvers>(
    { DateTime: DateTimeResolver },
    entityAccessResolvers('orders', 'ordersAccessLog'),
    offeringResolvers,
    orderResolvers,
    orderMutationResolvers,
    customerResolvers,
    attentionResolvers,
  ),
  seed: seedOrders,
  createContext,
  // Every staff read of customer-owned data, on record (one write per request).
  // Staff queries read by role, team and scopes, never by who the rep is: their answers
  // may be shared by authorization class, each copy served recorded by its receipt.
  plugins: () => [entityAccessPlugin({ schema: 'orders', staffAnswersByClass: true })],
  answerConditional: answerReadReceipts('orders'),
});
