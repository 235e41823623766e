import { withActor } from '../../../../shared/actingAs';
import { assertMayActOnCustomer, assertMayActOnOwned } from '../../../../shared/customerAccess';
import { assertMayReference, type ForeignEntity } from '../../../../shared/referenceCheck';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { cancelOrder, placeOrder, replaceOrder } from './mutations';
import type { OrderRow } from './repository';

/** Reloads an order a mutation just wrote (or wrote on the first run of a replay). */
async function reload(id: string, { loaders }: Context): Promise<OrderRow> {
  const order = await loaders.orderById.load(id);
  if (!order) throw new Error(`order ${id} was written but cannot be read back`);
  return order;
}

/** A service address, owned by `crm`. */
const PLACE: ForeignEntity = { typename: 'Place', owner: 'crm' };

/** Resolvers of the order mutations. */
export const orderMutationResolvers: Resolvers = {
  Mutation: {
    placeOrder: async (_root, { input }, context) => {
      assertMayActOnCustomer(context.claims, input.customerId, 'input.customerId');
      // The place is crm's: crm decides whether it is this customer's.
      await assertMayReference(context, PLACE, input.placeId, 'input.placeId');
      return reload(await placeOrder(context.db, withActor(input, context.claims)), context);
    },
    cancelOrder: async (_root, { input }, { db, claims, loaders }) => {
      assertMayActOnOwned(claims, await loaders.orderById.load(input.orderId), 'input.orderId');
      const order = await cancelOrder(db, withActor(input, claims));
      loaders.orderById.clear(order.id).prime(order.id, order);
      return order;
    },
    replaceOrder: async (_root, { input }, context) => {
      const old = await context.loaders.orderById.load(input.orderId);
      assertMayActOnOwned(context.claims, old, 'input.orderId');
      // The replaced order changes below; later fields must read it fresh.
      context.loaders.orderById.clear(input.orderId);
      return reload(await replaceOrder(context.db, withActor(input, context.claims)), context);
    },
  },
};
