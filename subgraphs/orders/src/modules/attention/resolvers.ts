import type { OwnerAttentionFlag, Resolvers } from '../../generated/graphql';
import type { CustomerRef } from '../customers/resolvers';
import type { OfferingRow } from '../offerings/repository';
import { IN_FLIGHT_STATUSES, type AttentionItemRow } from './repository';

/** A customer as `orders` sees it, with the active offerings `provisioning` supplied (`@requires`). */
export interface CustomerWithServices extends CustomerRef {
  activeServiceOfferingIds?: readonly string[] | null;
}

/** Categories where a lower active tier than ordered means the customer gets less. */
const TIERED_CATEGORIES = new Set(['INTERNET', 'TV', 'MOBILE']);

const words = (method: string): string =>
  method === 'SET_TOP_BOX' ? 'set-top box' : method.toLowerCase().replaceAll('_', ' ');

const named = (o: { name: string; download_mbps: number | null }): string =>
  o.download_mbps === null ? o.name : `${o.name} (${o.download_mbps} Mbit/s)`;

const flag = (
  code: string,
  severity: OwnerAttentionFlag['severity'],
  message: string,
  orderId: string,
) =>
  ({
    code,
    severity,
    message,
    subjectType: 'Order',
    subjectId: orderId,
  }) satisfies OwnerAttentionFlag;

const isInFlight = (item: AttentionItemRow): boolean => IN_FLIGHT_STATUSES.includes(item.status);

/** `ORDER_IN_JEOPARDY` when the item's order is HELD or PENDING, else null. */
function jeopardyFlag(item: AttentionItemRow): OwnerAttentionFlag | null {
  if (item.status !== 'HELD' && item.status !== 'PENDING') return null;
  const state = item.status === 'HELD' ? 'held on our side' : 'waiting on the customer';
  const reason = item.status_reason ? `: ${item.status_reason}` : '';
  return flag('ORDER_IN_JEOPARDY', 'WARNING', `The order is ${state}${reason}`, item.order_id);
}

/** `INCOMPATIBLE_DELIVERY` when an in-flight item's method is not one its offering supports. */
function deliveryFlag(item: AttentionItemRow): OwnerAttentionFlag | null {
  const method = item.delivery_method;
  if (!isInFlight(item) || method === null || item.delivery_methods.includes(method)) return null;
  const supported = item.delivery_methods.map(words).join(' or ');
  const message = `${item.offering_name} cannot be delivered by ${words(method)}; it supports ${supported} only`;
  return flag('INCOMPATIBLE_DELIVERY', 'WARNING', message, item.order_id);
}

/** `DELIVERED_BELOW_ORDERED` when every active service of the item's category is a lower tier. */
function belowOrderedFlag(
  item: AttentionItemRow,
  active: readonly OfferingRow[],
): OwnerAttentionFlag | null {
  if (!TIERED_CATEGORIES.has(item.category)) return null;
  const same = active.filter((o) => o.category === item.category);
  if (same.length === 0 || same.some((o) => o.tier >= item.tier)) return null;
  const verb = same.length === 1 ? 'is' : 'are';
  const message = `Ordered ${named({ name: item.offering_name, download_mbps: item.download_mbps })} but ${same.map(named).join(' and ')} ${verb} active`;
  return flag('DELIVERED_BELOW_ORDERED', 'CRITICAL', message, item.order_id);
}

/** Every orders flag for one customer's attention items, newest order first. */
export function orderFlags(
  items: readonly AttentionItemRow[],
  active: readonly OfferingRow[],
): OwnerAttentionFlag[] {
  const flags: OwnerAttentionFlag[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!seen.has(item.order_id)) {
      seen.add(item.order_id);
      const jeopardy = jeopardyFlag(item);
      if (jeopardy) flags.push(jeopardy);
    }
    for (const found of [deliveryFlag(item), belowOrderedFlag(item, active)]) {
      if (found) flags.push(found);
    }
  }
  return flags;
}

/** Resolvers of the internal attention fields orders adds to `Customer`. */
export const attentionResolvers: Resolvers = {
  Customer: {
    ordersAttention: async (customer, _args, { loaders }) => {
      const [items, offerings] = await Promise.all([
        loaders.attentionItemsByCustomerId.load(customer.id),
        loaders.offeringById.loadMany([...(customer.activeServiceOfferingIds ?? [])]),
      ]);
      const active = offerings.filter((o): o is OfferingRow => o !== null && !(o instanceof Error));
      return orderFlags(items, active);
    },
    inFlightOrderIds: async (customer, _args, { loaders }) =>
      (await loaders.inFlightOrdersByCustomerId.load(customer.id)).map((row) => row.id),
  },
};
