import { ErrorCode } from '../../../../../schema/errorCodes';
import type { Queryable } from '../../../../shared/db';
import { badUserInput, codedError } from '../../../../shared/errors';
import type { OrderItemInput, OrderStatus } from '../../generated/graphql';
import { offeringsByIds, type OfferingRow } from '../offerings/repository';
import type { OrderRow } from './repository';

/** Most lines one order may have. */
export const MAX_ITEMS = 20;
/** Largest quantity of one line. */
export const MAX_QUANTITY = 99;

/** Statuses from which an order may still be cancelled (or replaced). */
const CANCELLABLE: readonly OrderStatus[] = ['ACKNOWLEDGED', 'IN_PROGRESS', 'PENDING', 'HELD'];

/** Rejects a blank string argument with `BAD_USER_INPUT`. */
export function checkNotBlank(value: string, argument: string): void {
  if (value.trim() === '') throw badUserInput(`${argument} must not be blank`, argument);
}

/** Checks the shape of order lines: 1..20 lines, each quantity 1..99. */
export function checkItems(items: readonly OrderItemInput[]): void {
  if (items.length === 0) {
    throw badUserInput('items is empty; an order needs at least one line', 'items');
  }
  if (items.length > MAX_ITEMS) {
    throw badUserInput(
      `items has ${items.length} lines; an order takes at most ${MAX_ITEMS}`,
      'items',
    );
  }
  items.forEach((item, index) => {
    if (item.quantity < 1 || item.quantity > MAX_QUANTITY) {
      throw badUserInput(
        `items[${index}].quantity is ${item.quantity}; it must be 1 to ${MAX_QUANTITY}`,
        `items[${index}].quantity`,
      );
    }
  });
}

/**
 * Loads the offerings the lines name (one statement) and checks each exists and can be
 * delivered the way asked. Returns them in line order.
 */
export async function checkOfferings(
  tx: Queryable,
  items: readonly OrderItemInput[],
): Promise<OfferingRow[]> {
  const rows = await offeringsByIds(tx, [...new Set(items.map((item) => item.offeringId))]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return items.map((item, index) => {
    const offering = byId.get(item.offeringId);
    if (!offering) {
      throw codedError(ErrorCode.NOT_FOUND, `no offering has id ${item.offeringId}`, {
        argument: `items[${index}].offeringId`,
        offeringId: item.offeringId,
      });
    }
    if (!offering.delivery_methods.includes(item.deliveryMethod)) {
      throw codedError(
        ErrorCode.DELIVERY_METHOD_NOT_SUPPORTED,
        `${offering.name} (${offering.id}) cannot be delivered by ${item.deliveryMethod}; ` +
          `it supports ${offering.delivery_methods.join(', ')}`,
        {
          argument: `items[${index}].deliveryMethod`,
          offeringId: offering.id,
          deliveryMethod: item.deliveryMethod,
          supportedDeliveryMethods: offering.delivery_methods,
        },
      );
    }
    return offering;
  });
}

/** Throws `NOT_FOUND` for a missing order and `INVALID_STATE_TRANSITION` for one past cancelling. */
export function checkCancellable(order: OrderRow | undefined, orderId: string): OrderRow {
  if (!order) {
    throw codedError(ErrorCode.NOT_FOUND, `no order has id ${orderId}`, { argument: 'orderId' });
  }
  if (!CANCELLABLE.includes(order.status)) {
    const already = order.status === 'CANCELLED' ? ' (it is already cancelled)' : '';
    throw codedError(
      ErrorCode.INVALID_STATE_TRANSITION,
      `order ${order.id} is ${order.status}${already}; only ${CANCELLABLE.join(', ')} orders can be cancelled`,
      { orderId: order.id, status: order.status },
    );
  }
  return order;
}
