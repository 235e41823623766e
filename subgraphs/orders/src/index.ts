import { join } from 'node:path';
import { DateTimeResolver } from 'graphql-scalars';
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
  defaultPort: 4002,
  schemaFile: join(__dirname, 'schema.graphql'),
  migrationsDir: join(__dirname, 'migrations'),
  resolvers: mergeResolvers<Resolvers>(
    { DateTime: DateTimeResolver },
    offeringResolvers,
    orderResolvers,
    orderMutationResolvers,
    customerResolvers,
    attentionResolvers,
  ),
  seed: seedOrders,
  createContext,
});
