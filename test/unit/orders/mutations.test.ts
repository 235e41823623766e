import { ordersSubgraph } from '../../../subgraphs/orders/src';
import { OFFERING, PERSONA, PERSONA_ORDER, PERSONA_PLACE } from '../../../subgraphs/shared/seedIds';
import {
  startTestSubgraphs,
  type GraphQLResponse,
  type TestSubgraphs,
} from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';

interface OrderResult {
  id: string;
  status: string;
  channel: string;
  customer: { id: string };
  place: { id: string } | null;
  items: { id: string; quantity: number; deliveryMethod: string; offering: { id: string } }[];
  statusHistory: { status: string; reason: string | null }[];
  replaces: { id: string; status: string } | null;
  replacedBy: { id: string } | null;
}

interface OutboxRow {
  customer_id: string;
  event_type: string;
  subject_type: string;
  subject_id: string;
  summary: string;
  channel: string | null;
  actor: string | null;
}

const ORDER_FIELDS = /* GraphQL */ `
  id status channel customer { id } place { id }
  items { id quantity deliveryMethod offering { id } }
  statusHistory { status reason }
  replaces { id status } replacedBy { id }
`;
const PLACE = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const CANCEL = `mutation ($input: CancelOrderInput!) { cancelOrder(input: $input) { ${ORDER_FIELDS} } }`;
const REPLACE = `mutation ($input: ReplaceOrderInput!) { replaceOrder(input: $input) { ${ORDER_FIELDS} } }`;

const TABLES = ['"order"', 'order_item', 'order_status_change', 'outbox', 'idempotency'];

const placeInput = (key: string, overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: key,
  customerId: PERSONA.sam,
  channel: 'MOBILE_APP',
  placeId: PERSONA_PLACE.sam,
  items: [{ offeringId: OFFERING.mobilePlus, quantity: 2, deliveryMethod: 'SHIPPING' }],
  actor: 'customer',
  ...overrides,
});

describe.each(testEngines())('orders mutations on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([ordersSubgraph], { engine, seedCustomers: 5 });
  });
  afterAll(() => stack.stop());

  const counts = async (): Promise<number[]> => {
    const result: number[] = [];
    for (const table of TABLES) {
      const [row] = await stack.database.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM orders.${table}`,
      );
      result.push(row?.n ?? -1);
    }
    return result;
  };
  /** Events the mutations wrote about `subjectId` (the seeded history has fixed `evt-` ids). */
  const eventsAbout = (subjectId: string) =>
    stack.database.db.query<OutboxRow>(
      `SELECT customer_id, event_type, subject_type, subject_id, summary, channel, actor
         FROM orders.outbox WHERE subject_id = $1 AND id NOT LIKE 'evt-%' ORDER BY occurred_at, event_type`,
      [subjectId],
    );
  const send = <K extends string>(query: string, input: Record<string, unknown>) =>
    stack.query<Record<K, OrderResult>>('orders', query, { input });

  /** Sends a mutation that must fail with `code` and write nothing at all. */
  const expectRejected = async (
    query: string,
    input: Record<string, unknown>,
    code: string,
    message?: RegExp,
  ): Promise<GraphQLResponse> => {
    const before = await counts();
    const result = await stack.query('orders', query, { input });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    if (message) expect(result.errors?.[0]?.message).toMatch(message);
    expect(await counts()).toEqual(before);
    return result;
  };

  describe('placeOrder', () => {
    it('places an ACKNOWLEDGED order with its lines, history and one order.placed event', async () => {
      const before = await counts();
      const result = await send<'placeOrder'>(PLACE, placeInput('place-ok'));
      expect(result.errors).toBeUndefined();
      const order = result.data?.placeOrder;
      expect(order).toMatchObject({
        status: 'ACKNOWLEDGED',
        channel: 'MOBILE_APP',
        customer: { id: PERSONA.sam },
        place: { id: PERSONA_PLACE.sam },
        statusHistory: [{ status: 'ACKNOWLEDGED', reason: null }],
        replaces: null,
        replacedBy: null,
      });
      expect(order?.items).toEqual([
        {
          id: `${order?.id}-item-1`,
          quantity: 2,
          deliveryMethod: 'SHIPPING',
          offering: { id: OFFERING.mobilePlus },
        },
      ]);
      expect(await counts()).toEqual([
        before[0]! + 1,
        before[1]! + 1,
        before[2]! + 1,
        before[3]! + 1,
        before[4]! + 1,
      ]);
      const stored = await stack.query<{ order: { status: string } }>(
        'orders',
        `{ order(id: "${order?.id}") { status } }`,
      );
      expect(stored.data?.order.status).toBe('ACKNOWLEDGED');
      expect(await eventsAbout(order?.id ?? '')).toEqual([
        {
          customer_id: PERSONA.sam,
          event_type: 'order.placed',
          subject_type: 'Order',
          subject_id: order?.id,
          summary: 'Order placed in the mobile app: 2 × Mobile Plus',
          channel: 'MOBILE_APP',
          actor: 'customer',
        },
      ]);
    });

    it('replays the same key and input to the same order, writing nothing', async () => {
      const first = await send<'placeOrder'>(PLACE, placeInput('place-replay'));
      const before = await counts();
      const again = await send<'placeOrder'>(PLACE, placeInput('place-replay'));
      expect(again.errors).toBeUndefined();
      expect(again.data?.placeOrder.id).toBe(first.data?.placeOrder.id);
      expect(again.data?.placeOrder).toEqual(first.data?.placeOrder);
      expect(await counts()).toEqual(before);
    });

    it('rejects a key reused with a different input', async () => {
      await send<'placeOrder'>(PLACE, placeInput('place-reuse'));
      await expectRejected(
        PLACE,
        placeInput('place-reuse', { channel: 'WEBSITE' }),
        'IDEMPOTENCY_KEY_REUSED',
        /place-reuse/,
      );
    });

    it('rejects an unknown offering with NOT_FOUND', async () => {
      const items = [{ offeringId: 'off-nope', quantity: 1, deliveryMethod: 'SHIPPING' }];
      await expectRejected(PLACE, placeInput('place-404', { items }), 'NOT_FOUND', /off-nope/);
    });

    it('rejects a delivery method the offering lacks, naming offering and method', async () => {
      const items = [
        { offeringId: OFFERING.internet300, quantity: 1, deliveryMethod: 'SELF_INSTALL' },
        { offeringId: OFFERING.tvPremiumPackage, quantity: 1, deliveryMethod: 'STREAMING' },
      ];
      const result = await expectRejected(
        PLACE,
        placeInput('place-method', { items }),
        'DELIVERY_METHOD_NOT_SUPPORTED',
        /TV Premium \(off-tv-premium\) cannot be delivered by STREAMING; it supports SET_TOP_BOX/,
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({
        offeringId: OFFERING.tvPremiumPackage,
        deliveryMethod: 'STREAMING',
      });
    });

    it.each([
      ['no items', { items: [] }, /items is empty/],
      [
        '21 items',
        { items: Array.from({ length: 21 }, () => placeInput('x').items[0]) },
        /at most 20/,
      ],
      ['quantity 0', { items: [{ ...placeInput('x').items[0], quantity: 0 }] }, /quantity is 0/],
      [
        'quantity 100',
        { items: [{ ...placeInput('x').items[0], quantity: 100 }] },
        /quantity is 100/,
      ],
      ['a blank key', { idempotencyKey: ' ' }, /idempotencyKey must not be blank/],
    ])('rejects %s with BAD_USER_INPUT', async (_name, overrides, message) => {
      await expectRejected(PLACE, placeInput('place-bad', overrides), 'BAD_USER_INPUT', message);
    });
  });

  describe('cancelOrder', () => {
    it('cancels an in-flight order with a history row and one order.cancelled event', async () => {
      const before = await counts();
      const result = await send<'cancelOrder'>(CANCEL, {
        orderId: PERSONA_ORDER.priyaGigabit,
        reason: 'customer is moving abroad',
        actor: 'agent-kim',
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.cancelOrder.status).toBe('CANCELLED');
      expect(result.data?.cancelOrder.statusHistory.map((s) => s.status)).toEqual([
        'ACKNOWLEDGED',
        'IN_PROGRESS',
        'CANCELLED',
      ]);
      expect(result.data?.cancelOrder.statusHistory.at(-1)?.reason).toBe(
        'customer is moving abroad',
      );
      expect(await counts()).toEqual([
        before[0],
        before[1],
        before[2]! + 1,
        before[3]! + 1,
        before[4],
      ]);
      expect(await eventsAbout(PERSONA_ORDER.priyaGigabit)).toEqual([
        {
          customer_id: PERSONA.priya,
          event_type: 'order.cancelled',
          subject_type: 'Order',
          subject_id: PERSONA_ORDER.priyaGigabit,
          summary: 'Order ord-priya-gigabit cancelled (was IN_PROGRESS): customer is moving abroad',
          channel: null,
          actor: 'agent-kim',
        },
      ]);
    });

    it('refuses to cancel it twice, saying it is already cancelled', async () => {
      await expectRejected(
        CANCEL,
        { orderId: PERSONA_ORDER.priyaGigabit, reason: 'again' },
        'INVALID_STATE_TRANSITION',
        /already cancelled/,
      );
    });

    it('refuses a completed order, an unknown order and a blank reason', async () => {
      const input = { orderId: PERSONA_ORDER.samMobile, reason: 'too late' };
      await expectRejected(CANCEL, input, 'INVALID_STATE_TRANSITION', /is COMPLETED/);
      await expectRejected(CANCEL, { ...input, orderId: 'ord-nope' }, 'NOT_FOUND', /ord-nope/);
      await expectRejected(CANCEL, { ...input, reason: '' }, 'BAD_USER_INPUT', /reason/);
    });
  });

  describe('replaceOrder', () => {
    const danaInput = (key: string, overrides: Record<string, unknown> = {}) => ({
      idempotencyKey: key,
      orderId: PERSONA_ORDER.danaMove,
      channel: 'PHONE',
      items: [
        { offeringId: OFFERING.tvStreamingPackage, quantity: 1, deliveryMethod: 'STREAMING' },
        { offeringId: OFFERING.internet300, quantity: 1, deliveryMethod: 'TECHNICIAN_INSTALL' },
      ],
      reason: 'TV Premium cannot be streamed; switching to TV Streaming',
      actor: 'agent-kim',
      ...overrides,
    });

    it('leaves the old order untouched when the replacement fails validation', async () => {
      const badItems = [
        { offeringId: OFFERING.tvPremiumPackage, quantity: 1, deliveryMethod: 'STREAMING' },
      ];
      await expectRejected(
        REPLACE,
        danaInput('replace-bad', { items: badItems }),
        'DELIVERY_METHOD_NOT_SUPPORTED',
        /off-tv-premium/,
      );
      await expectRejected(REPLACE, danaInput('replace-404', { orderId: 'ord-nope' }), 'NOT_FOUND');
      await expectRejected(REPLACE, danaInput('replace-0', { items: [] }), 'BAD_USER_INPUT');
      const old = await stack.query<{ order: { status: string; replacedBy: null } }>(
        'orders',
        `{ order(id: "${PERSONA_ORDER.danaMove}") { status replacedBy { id } } }`,
      );
      expect(old.data?.order).toEqual({ status: 'HELD', replacedBy: null });
    });

    it("replaces Dana's order: old CANCELLED, new linked both ways, two events", async () => {
      const before = await counts();
      const result = await send<'replaceOrder'>(REPLACE, danaInput('replace-dana'));
      expect(result.errors).toBeUndefined();
      const order = result.data?.replaceOrder;
      expect(order).toMatchObject({
        status: 'ACKNOWLEDGED',
        channel: 'PHONE',
        customer: { id: PERSONA.dana },
        place: { id: PERSONA_PLACE.danaNewHome },
        replaces: { id: PERSONA_ORDER.danaMove, status: 'CANCELLED' },
        replacedBy: null,
      });
      expect(order?.items.map((i) => [i.offering.id, i.deliveryMethod])).toEqual([
        [OFFERING.tvStreamingPackage, 'STREAMING'],
        [OFFERING.internet300, 'TECHNICIAN_INSTALL'],
      ]);
      expect(await counts()).toEqual([
        before[0]! + 1,
        before[1]! + 2,
        before[2]! + 2,
        before[3]! + 2,
        before[4]! + 1,
      ]);
      const old = await stack.query<{
        order: {
          status: string;
          replacedBy: { id: string };
          statusHistory: { status: string; reason: string }[];
        };
      }>(
        'orders',
        `{ order(id: "${PERSONA_ORDER.danaMove}") { status replacedBy { id } statusHistory { status reason } } }`,
      );
      expect(old.data?.order.status).toBe('CANCELLED');
      expect(old.data?.order.replacedBy.id).toBe(order?.id);
      expect(old.data?.order.statusHistory.at(-1)).toEqual({
        status: 'CANCELLED',
        reason: 'TV Premium cannot be streamed; switching to TV Streaming',
      });
      const events = [
        ...(await eventsAbout(PERSONA_ORDER.danaMove)),
        ...(await eventsAbout(order?.id ?? '')),
      ];
      expect(events.map((e) => [e.event_type, e.subject_id, e.channel, e.actor])).toEqual([
        ['order.cancelled', PERSONA_ORDER.danaMove, 'PHONE', 'agent-kim'],
        ['order.replaced', order?.id, 'PHONE', 'agent-kim'],
      ]);
      expect(events[1]?.summary).toBe(
        `Order ord-dana-move replaced by phone by ${order?.id}: TV Streaming, Internet 300`,
      );
    });

    it('replays the same key to the same new order, writing nothing', async () => {
      const before = await counts();
      const again = await send<'replaceOrder'>(REPLACE, danaInput('replace-dana'));
      expect(again.errors).toBeUndefined();
      expect(again.data?.replaceOrder.replaces?.id).toBe(PERSONA_ORDER.danaMove);
      const [link] = await stack.database.db.query<{ id: string }>(
        `SELECT id FROM orders."order" WHERE replaces_order_id = $1`,
        [PERSONA_ORDER.danaMove],
      );
      expect(again.data?.replaceOrder.id).toBe(link?.id);
      expect(await counts()).toEqual(before);
    });

    it('rejects the key reused with different input, and a second replacement of the cancelled order', async () => {
      await expectRejected(
        REPLACE,
        danaInput('replace-dana', { channel: 'CHAT' }),
        'IDEMPOTENCY_KEY_REUSED',
      );
      await expectRejected(
        REPLACE,
        danaInput('replace-dana-2'),
        'INVALID_STATE_TRANSITION',
        /already cancelled/,
      );
    });
  });
});
