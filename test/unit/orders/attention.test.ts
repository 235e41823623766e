import { ordersSubgraph } from '../../../subgraphs/orders/src';
import {
  OFFERING,
  PERSONA,
  PERSONA_ORDER,
  generatedCustomerId,
} from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';

interface Flag {
  code: string;
  severity: string;
  message: string;
  subjectType: string;
  subjectId: string;
}
interface Attention {
  id: string;
  ordersAttention: Flag[];
  inFlightOrderIds: string[];
}

const ATTENTION = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        ordersAttention {
          code
          severity
          message
          subjectType
          subjectId
        }
        inFlightOrderIds
      }
    }
  }
`;

const REPLACE = /* GraphQL */ `
  mutation ($input: ReplaceOrderInput!) {
    replaceOrder(input: $input) {
      id
      status
    }
  }
`;

describe.each(oneEngine())('orders attention on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([ordersSubgraph], { engine, seedCustomers: 25 });
  });
  afterAll(() => stack.stop());

  /** Asks as the gateway does: each representation carries the provisioning field. */
  const attentionOf = async (customers: [id: string, active: string[]][]): Promise<Attention[]> => {
    const representations = customers.map(([id, activeServiceOfferingIds]) => ({
      __typename: 'Customer',
      id,
      activeServiceOfferingIds,
    }));
    const result = await stack.query<{ _entities: Attention[] }>('orders', ATTENTION, {
      representations,
    });
    expect(result.errors).toBeUndefined();
    return result.data?._entities ?? [];
  };

  it("flags Priya's gigabit order against an active 300 Mbit/s service only", async () => {
    const [below, upgraded, none] = await attentionOf([
      [PERSONA.priya, [OFFERING.internet300]],
      [PERSONA.priya, [OFFERING.internet1000]],
      [PERSONA.priya, []],
    ]);
    expect(below?.ordersAttention).toEqual([
      {
        code: 'DELIVERED_BELOW_ORDERED',
        severity: 'CRITICAL',
        message: 'Ordered Internet 1000 (1000 Mbit/s) but Internet 300 (300 Mbit/s) is active',
        subjectType: 'Order',
        subjectId: PERSONA_ORDER.priyaGigabit,
      },
    ]);
    expect(upgraded?.ordersAttention).toEqual([]);
    expect(none?.ordersAttention).toEqual([]);
    expect(below?.inFlightOrderIds).toEqual([PERSONA_ORDER.priyaGigabit]);
  });

  it('answers an unknown customer with no flags and no orders', async () => {
    const [nobody] = await attentionOf([['cus-nobody', [OFFERING.internet300]]]);
    expect(nobody).toEqual({ id: 'cus-nobody', ordersAttention: [], inFlightOrderIds: [] });
  });

  it('answers 25 generated customers with no flags in a bounded number of statements', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => generatedCustomerId(i + 1));
    const before = await stack.statements('orders');
    const customers = await attentionOf(ids.map((id) => [id, [OFFERING.internet300]]));
    // Items, in-flight ids and the active offerings: one statement each.
    expect((await stack.statements('orders')) - before).toBeLessThanOrEqual(3);
    expect(customers.map((c) => c.id)).toEqual(ids);
    expect(customers.flatMap((c) => c.ordersAttention)).toEqual([]);
    expect(customers.filter((c) => c.inFlightOrderIds.length > 0)).not.toHaveLength(0);
  });

  it("flags Dana's held order and its unstreamable TV package until it is replaced", async () => {
    const [dana] = await attentionOf([[PERSONA.dana, []]]);
    expect(dana?.inFlightOrderIds).toEqual([PERSONA_ORDER.danaMove]);
    expect(dana?.ordersAttention).toEqual([
      {
        code: 'ORDER_IN_JEOPARDY',
        severity: 'WARNING',
        message:
          'The order is held on our side: installer could not wire the set-top box; rewiring needed',
        subjectType: 'Order',
        subjectId: PERSONA_ORDER.danaMove,
      },
      {
        code: 'INCOMPATIBLE_DELIVERY',
        severity: 'WARNING',
        message: 'TV Premium cannot be delivered by streaming; it supports set-top box only',
        subjectType: 'Order',
        subjectId: PERSONA_ORDER.danaMove,
      },
    ]);

    const replaced = await stack.query<{ replaceOrder: { id: string; status: string } }>(
      'orders',
      REPLACE,
      {
        input: {
          idempotencyKey: 'attention-replace-dana',
          orderId: PERSONA_ORDER.danaMove,
          channel: 'PHONE',
          items: [
            { offeringId: OFFERING.tvStreamingPackage, quantity: 1, deliveryMethod: 'STREAMING' },
            { offeringId: OFFERING.internet300, quantity: 1, deliveryMethod: 'TECHNICIAN_INSTALL' },
          ],
          reason: 'TV Premium cannot be streamed; switching to TV Streaming',
          actor: 'agt-sales-morgan',
        },
      },
    );
    expect(replaced.errors).toBeUndefined();
    const [after] = await attentionOf([[PERSONA.dana, []]]);
    expect(after?.ordersAttention).toEqual([]);
    expect(after?.inFlightOrderIds).toEqual([replaced.data?.replaceOrder.id]);
  });
});
