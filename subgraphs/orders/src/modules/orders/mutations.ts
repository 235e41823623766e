import { CHANNEL_PHRASE } from '../../../../shared/channelPhrase';
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../../../shared/db';
import { idempotent } from '../../../../shared/idempotency';
import { recordEvent } from '../../../../shared/outbox';
import type {
  CancelOrderInput,
  Channel,
  OrderItemInput,
  PlaceOrderInput,
  ReplaceOrderInput,
} from '../../generated/graphql';
import type { OfferingRow } from '../offerings/repository';
import type { OrderRow } from './repository';
import { checkCancellable, checkItems, checkNotBlank, checkOfferings } from './validation';
import { changeStatus, insertOrder, lockOrder } from './writes';

const SCHEMA = 'orders';

/** What an idempotent create stores: ids only; the order is reloaded afterwards. */
interface CreatedOrder {
  orderId: string;
}

const newOrderId = (): string => `ord-${randomUUID()}`;

/** "Internet 300, 2 × Mobile Basic" */
function describeItems(items: readonly OrderItemInput[], offerings: readonly OfferingRow[]) {
  return items
    .map((item, i) => `${item.quantity > 1 ? `${item.quantity} × ` : ''}${offerings[i]?.name}`)
    .join(', ');
}

/** The items as they go into an event payload. */
const itemsPayload = (items: readonly OrderItemInput[]) =>
  items.map(({ offeringId, quantity, deliveryMethod }) => ({
    offeringId,
    quantity,
    deliveryMethod,
  }));

/** Places a new `ACKNOWLEDGED` order; returns its id (the first one on a replay). */
export async function placeOrder(db: Database, input: PlaceOrderInput): Promise<string> {
  checkNotBlank(input.idempotencyKey, 'idempotencyKey');
  checkItems(input.items);
  const request = {
    customerId: input.customerId,
    channel: input.channel,
    placeId: input.placeId ?? null,
    items: itemsPayload(input.items),
    actor: input.actor ?? null,
  };
  const options = { scope: 'placeOrder', key: input.idempotencyKey, request };
  const created = await idempotent<CreatedOrder>(db, SCHEMA, options, async (tx) => {
    const offerings = await checkOfferings(tx, input.items);
    const id = newOrderId();
    await insertOrder(tx, {
      ...request,
      id,
      replacesOrderId: null,
      items: input.items,
      at: new Date(),
    });
    await recordEvent(tx, SCHEMA, {
      customerId: input.customerId,
      type: 'order.placed',
      subject: { typename: 'Order', id },
      summary: `Order placed ${CHANNEL_PHRASE[input.channel]}: ${describeItems(input.items, offerings)}`,
      channel: input.channel,
      actor: input.actor ?? 'system',
      payload: { orderId: id, placeId: request.placeId, items: request.items },
    });
    return { orderId: id };
  });
  return created.orderId;
}

/** Cancels a locked, cancellable order and records `order.cancelled`. */
async function cancelLocked(
  tx: Queryable,
  order: OrderRow,
  change: { reason: string; actor: string; channel: Channel | null; at: Date },
): Promise<OrderRow> {
  const cancelled = await changeStatus(tx, {
    orderId: order.id,
    status: 'CANCELLED',
    reason: change.reason,
    at: change.at,
  });
  await recordEvent(tx, SCHEMA, {
    customerId: order.customer_id,
    type: 'order.cancelled',
    subject: { typename: 'Order', id: order.id },
    summary: `Order ${order.id} cancelled (was ${order.status}): ${change.reason}`,
    channel: change.channel,
    actor: change.actor,
    payload: { orderId: order.id, previousStatus: order.status, reason: change.reason },
  });
  return cancelled;
}

/** Cancels an order (see the SDL for the allowed statuses); returns the updated row. */
export async function cancelOrder(db: Database, input: CancelOrderInput): Promise<OrderRow> {
  checkNotBlank(input.reason, 'reason');
  return db.transaction(async (tx) => {
    const order = checkCancellable(await lockOrder(tx, input.orderId), input.orderId);
    const change = { reason: input.reason, actor: input.actor ?? 'system', channel: null };
    return cancelLocked(tx, order, { ...change, at: new Date() });
  });
}

/** Cancels an order and places its replacement in one transaction; returns the new id. */
export async function replaceOrder(db: Database, input: ReplaceOrderInput): Promise<string> {
  checkNotBlank(input.idempotencyKey, 'idempotencyKey');
  checkNotBlank(input.reason, 'reason');
  checkItems(input.items);
  const { idempotencyKey, ...rest } = input;
  const request = { ...rest, items: itemsPayload(input.items), actor: input.actor ?? null };
  const options = { scope: 'replaceOrder', key: idempotencyKey, request };
  const created = await idempotent<CreatedOrder>(db, SCHEMA, options, async (tx) => {
    const offerings = await checkOfferings(tx, input.items);
    const old = checkCancellable(await lockOrder(tx, input.orderId), input.orderId);
    const actor = input.actor ?? 'system';
    const at = new Date();
    await cancelLocked(tx, old, { reason: input.reason, actor, channel: input.channel, at });
    const id = newOrderId();
    await insertOrder(tx, {
      id,
      customerId: old.customer_id,
      channel: input.channel,
      placeId: old.place_id,
      replacesOrderId: old.id,
      items: input.items,
      at,
    });
    await recordEvent(tx, SCHEMA, {
      customerId: old.customer_id,
      type: 'order.replaced',
      subject: { typename: 'Order', id },
      summary: `Order ${old.id} replaced ${CHANNEL_PHRASE[input.channel]} by ${id}: ${describeItems(input.items, offerings)}`,
      channel: input.channel,
      actor,
      payload: { orderId: id, replacesOrderId: old.id, reason: input.reason, items: request.items },
    });
    return { orderId: id };
  });
  return created.orderId;
}
