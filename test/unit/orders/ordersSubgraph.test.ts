import { ordersSubgraph } from '../../../subgraphs/orders/src';
import { daysFrom, storyAnchor } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';
import { RERUN_CLOCKS, SEED_NOW } from '../../harness/seedClock';

interface OrderPage {
  edges: { cursor: string; node: { id: string; status: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const ORDERS_PAGE = /* GraphQL */ `
  query ($representations: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        orders(first: $first, after: $after) {
          edges {
            cursor
            node {
              id
              status
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

describe.each(oneEngine())('orders subgraph on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([ordersSubgraph], { engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  const ordersOf = async (customerId: string, first?: number, after?: string | null) => {
    const result = await stack.query<{ _entities: { id: string; orders: OrderPage }[] }>(
      'orders',
      ORDERS_PAGE,
      { representations: [{ __typename: 'Customer', id: customerId }], first, after },
    );
    return { result, page: result.data?._entities[0]?.orders };
  };

  it("shows Dana's held order with its three items, offerings and status history", async () => {
    const anchor = storyAnchor(SEED_NOW);
    const result = await stack.query(
      'orders',
      /* GraphQL */ `
        {
          order(id: "ord-dana-move") {
            id
            customer {
              id
            }
            channel
            status
            placedAt
            updatedAt
            place {
              id
            }
            replaces {
              id
            }
            replacedBy {
              id
            }
            items {
              id
              quantity
              action
              deliveryMethod
              offering {
                id
                name
                category
                deliveryMethods
                requiresInstall
                tier
              }
            }
            statusHistory {
              status
              at
              reason
            }
          }
        }
      `,
    );
    expect(result).toEqual({
      data: {
        order: {
          id: 'ord-dana-move',
          customer: { id: 'cus-dana-reyes' },
          channel: 'WEBSITE',
          status: 'HELD',
          placedAt: daysFrom(anchor, -6 + 8 / 24).toISOString(),
          updatedAt: daysFrom(anchor, -2 + 12 / 24).toISOString(),
          place: { id: 'plc-dana-new-home' },
          replaces: null,
          replacedBy: null,
          items: [
            {
              id: 'ord-dana-move-item-1',
              quantity: 1,
              action: 'ADD',
              deliveryMethod: 'TECHNICIAN_INSTALL',
              offering: {
                id: 'off-internet-300',
                name: 'Internet 300',
                category: 'INTERNET',
                deliveryMethods: ['TECHNICIAN_INSTALL', 'SELF_INSTALL'],
                requiresInstall: true,
                tier: 1,
              },
            },
            {
              id: 'ord-dana-move-item-2',
              quantity: 1,
              action: 'ADD',
              deliveryMethod: 'STREAMING',
              offering: {
                id: 'off-tv-premium',
                name: 'TV Premium',
                category: 'TV',
                deliveryMethods: ['SET_TOP_BOX'],
                requiresInstall: true,
                tier: 2,
              },
            },
            {
              id: 'ord-dana-move-item-3',
              quantity: 1,
              action: 'ADD',
              deliveryMethod: 'SET_TOP_BOX',
              offering: {
                id: 'off-set-top-box',
                name: 'Set-top box',
                category: 'EQUIPMENT',
                deliveryMethods: ['SET_TOP_BOX'],
                requiresInstall: true,
                tier: 1,
              },
            },
          ],
          statusHistory: [
            {
              status: 'ACKNOWLEDGED',
              at: daysFrom(anchor, -6 + 8 / 24).toISOString(),
              reason: null,
            },
            {
              status: 'IN_PROGRESS',
              at: daysFrom(anchor, -6 + 9 / 24).toISOString(),
              reason: null,
            },
            {
              status: 'HELD',
              at: daysFrom(anchor, -2 + 12 / 24).toISOString(),
              reason: 'installer could not wire the set-top box; rewiring needed',
            },
          ],
        },
      },
      extensions: { cacheTags: ['customer:cus-dana-reyes'] },
    });
  });

  it('shows every persona order through Customer.orders', async () => {
    const result = await stack.query<{
      _entities: {
        id: string;
        orders: {
          edges: {
            node: {
              id: string;
              status: string;
              channel: string;
              items: { offering: { id: string; downloadMbps: number | null } }[];
            };
          }[];
        };
      }[];
    }>(
      'orders',
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Customer {
              id
              orders {
                edges {
                  node {
                    id
                    status
                    channel
                    items {
                      offering {
                        id
                        downloadMbps
                      }
                    }
                  }
                }
              }
            }
          }
        }
      `,
      {
        representations: ['cus-priya-nair', 'cus-sam-okafor', 'cus-lee-chen'].map((id) => ({
          __typename: 'Customer',
          id,
        })),
      },
    );
    expect(result.data?._entities).toEqual([
      {
        id: 'cus-priya-nair',
        orders: {
          edges: [
            {
              node: {
                id: 'ord-priya-gigabit',
                status: 'IN_PROGRESS',
                channel: 'WEBSITE',
                items: [{ offering: { id: 'off-internet-1000', downloadMbps: 1000 } }],
              },
            },
          ],
        },
      },
      {
        id: 'cus-sam-okafor',
        orders: {
          edges: [
            {
              node: {
                id: 'ord-sam-mobile',
                status: 'COMPLETED',
                channel: 'MOBILE_APP',
                items: [{ offering: { id: 'off-mobile-basic', downloadMbps: null } }],
              },
            },
          ],
        },
      },
      {
        id: 'cus-lee-chen',
        orders: {
          edges: [
            {
              node: {
                id: 'ord-lee-internet',
                status: 'COMPLETED',
                channel: 'PHONE',
                items: [{ offering: { id: 'off-internet-300', downloadMbps: 300 } }],
              },
            },
          ],
        },
      },
    ]);
  });

  it('lists the catalogue by category, best tier first', async () => {
    const result = await stack.query<{ all: { id: string }[] }>(
      'orders',
      /* GraphQL */ `
        {
          tv: productOfferings(category: TV) {
            id
            deliveryMethods
            requiresInstall
          }
          internet: productOfferings(category: INTERNET) {
            id
            tier
            downloadMbps
          }
          voice: productOfferings(category: VOICE) {
            id
          }
          all: productOfferings {
            id
          }
          one: productOffering(id: "off-mobile-plus") {
            name
            category
            deliveryMethods
            tier
            description
          }
        }
      `,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      tv: [
        { id: 'off-tv-premium', deliveryMethods: ['SET_TOP_BOX'], requiresInstall: true },
        { id: 'off-tv-streaming', deliveryMethods: ['STREAMING'], requiresInstall: false },
      ],
      internet: [
        { id: 'off-internet-1000', tier: 3, downloadMbps: 1000 },
        { id: 'off-internet-300', tier: 1, downloadMbps: 300 },
      ],
      voice: [],
      one: {
        name: 'Mobile Plus',
        category: 'MOBILE',
        deliveryMethods: ['SHIPPING', 'IN_STORE_PICKUP'],
        tier: 2,
        description: expect.stringContaining('unlimited'),
      },
    });
    expect(result.data?.all).toHaveLength(7);
  });

  it('answers null for unknown ids and an empty page for a customer without orders', async () => {
    const result = await stack.query(
      'orders',
      /* GraphQL */ `
        {
          order(id: "ord-nobody") {
            id
          }
          productOffering(id: "off-nothing") {
            id
          }
        }
      `,
    );
    expect(result).toEqual({
      data: { order: null, productOffering: null },
      extensions: { cacheTags: [] },
    });
    const { page } = await ordersOf('cus-nobody');
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('rejects bad page sizes, cursors and categories with BAD_USER_INPUT', async () => {
    for (const [first, after, pattern] of [
      [-1, null, /0 or more/],
      [101, null, /at most 100/],
      [5, 'nonsense', /not a cursor/],
    ] as const) {
      const { result } = await ordersOf('cus-dana-reyes', first, after);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(pattern);
    }
    const badCategory = await stack.query(
      'orders',
      /* GraphQL */ `
        query ($c: OfferingCategory) {
          productOfferings(category: $c) {
            id
          }
        }
      `,
      { c: 'FRIDGES' },
    );
    expect(badCategory.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages through a customer’s orders newest first with stable cursors', async () => {
    const first = await ordersOf('cus-000004', 1);
    expect(first.page?.edges.map((e) => e.node)).toEqual([
      { id: 'ord-000004-2', status: 'IN_PROGRESS' },
    ]);
    expect(first.page?.pageInfo.hasNextPage).toBe(true);
    const second = await ordersOf('cus-000004', 1, first.page?.pageInfo.endCursor);
    expect(second.page?.edges.map((e) => e.node)).toEqual([
      { id: 'ord-000004-1', status: 'COMPLETED' },
    ]);
    expect(second.page?.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: second.page?.edges[0]?.cursor,
    });
    const empty = await ordersOf('cus-000004', 0);
    expect(empty.page).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
    const all = await ordersOf('cus-000004');
    expect(all.page?.edges.map((e) => e.node.id)).toEqual(['ord-000004-2', 'ord-000004-1']);
  });

  it('resolves Order and ProductOffering references in one statement each, in key order', async () => {
    const before = await stack.statements('orders');
    const result = await stack.query(
      'orders',
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Order {
              id
              status
            }
          }
        }
      `,
      {
        representations: ['ord-sam-mobile', 'ord-unknown', 'ord-dana-move', 'ord-000003-1'].map(
          (id) => ({ __typename: 'Order', id }),
        ),
      },
    );
    expect(result.data?._entities).toEqual([
      { id: 'ord-sam-mobile', status: 'COMPLETED' },
      null,
      { id: 'ord-dana-move', status: 'HELD' },
      { id: 'ord-000003-1', status: 'COMPLETED' },
    ]);
    expect((await stack.statements('orders')) - before).toBe(1);

    const beforeOfferings = await stack.statements('orders');
    const offerings = await stack.query(
      'orders',
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on ProductOffering {
              id
              name
            }
          }
        }
      `,
      {
        representations: ['off-set-top-box', 'off-nothing', 'off-internet-1000'].map((id) => ({
          __typename: 'ProductOffering',
          id,
        })),
      },
    );
    expect(offerings.data?._entities).toEqual([
      { id: 'off-set-top-box', name: 'Set-top box' },
      null,
      { id: 'off-internet-1000', name: 'Internet 1000' },
    ]);
    expect((await stack.statements('orders')) - beforeOfferings).toBe(1);
  });

  it('answers Customer.orders for 25 customers with one statement per kind of row', async () => {
    const representations = Array.from({ length: 25 }, (_, i) => ({
      __typename: 'Customer',
      id: `cus-${String(i + 1).padStart(6, '0')}`,
    }));
    type Node = {
      id: string;
      customer: { id: string };
      place: { id: string };
      items: { deliveryMethod: string; offering?: { name: string } }[];
      statusHistory: { status: string }[];
    };
    const run = async (withOfferings: boolean) => {
      const before = await stack.statements('orders');
      const result = await stack.query<{
        _entities: { id: string; orders: { edges: { node: Node }[] } }[];
      }>(
        'orders',
        /* GraphQL */ `query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Customer { id orders(first: 5) { edges { node {
              id customer { id } place { id } statusHistory { status }
              items { deliveryMethod ${withOfferings ? 'offering { name }' : ''} }
            } } } }
          }
        }`,
        { representations },
      );
      return { result, cost: (await stack.statements('orders')) - before };
    };
    const full = await run(true);
    expect(full.result.errors).toBeUndefined();
    const customers = full.result.data!._entities;
    expect(customers).toHaveLength(25);
    expect(customers.map((c) => c.orders.edges.length)).toEqual(
      representations.map((_, i) => ((i + 1) % 4 === 0 ? 2 : 1)),
    );
    expect(customers[3]).toEqual({
      id: 'cus-000004',
      orders: {
        edges: [
          {
            node: {
              id: 'ord-000004-2',
              customer: { id: 'cus-000004' },
              place: { id: 'plc-000004' },
              statusHistory: [{ status: 'ACKNOWLEDGED' }, { status: 'IN_PROGRESS' }],
              items: [{ deliveryMethod: 'STREAMING', offering: { name: 'TV Streaming' } }],
            },
          },
          {
            node: {
              id: 'ord-000004-1',
              customer: { id: 'cus-000004' },
              place: { id: 'plc-000004' },
              statusHistory: [
                { status: 'ACKNOWLEDGED' },
                { status: 'IN_PROGRESS' },
                { status: 'COMPLETED' },
              ],
              items: [
                { deliveryMethod: 'TECHNICIAN_INSTALL', offering: { name: 'Internet 1000' } },
              ],
            },
          },
        ],
      },
    });
    expect(customers[0]?.orders.edges[0]?.node.items).toEqual([
      { deliveryMethod: 'SELF_INSTALL', offering: { name: 'Internet 300' } },
    ]);
    // orders, items, status history, offerings
    expect(full.cost).toBe(4);
    expect((await run(false)).cost).toBe(3);
  });

  it('answers different page arguments for many customers in one statement', async () => {
    const before = await stack.statements('orders');
    const result = await stack.query(
      'orders',
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Customer {
              id
              newest: orders(first: 1) {
                edges {
                  node {
                    id
                  }
                }
                pageInfo {
                  hasNextPage
                }
              }
              all: orders(first: 10) {
                edges {
                  node {
                    id
                  }
                }
                pageInfo {
                  hasNextPage
                }
              }
            }
          }
        }
      `,
      {
        representations: ['cus-000008', 'cus-000009'].map((id) => ({ __typename: 'Customer', id })),
      },
    );
    expect(result.data?._entities).toEqual([
      {
        id: 'cus-000008',
        newest: { edges: [{ node: { id: 'ord-000008-2' } }], pageInfo: { hasNextPage: true } },
        all: {
          edges: [{ node: { id: 'ord-000008-2' } }, { node: { id: 'ord-000008-1' } }],
          pageInfo: { hasNextPage: false },
        },
      },
      {
        id: 'cus-000009',
        newest: { edges: [{ node: { id: 'ord-000009-1' } }], pageInfo: { hasNextPage: false } },
        all: { edges: [{ node: { id: 'ord-000009-1' } }], pageInfo: { hasNextPage: false } },
      },
    ]);
    expect((await stack.statements('orders')) - before).toBe(1);
  });

  it('seeds idempotently: a rerun adds nothing, at once, an hour or a day later', async () => {
    const counts = async () =>
      (
        await stack.database.db.query<{
          orders: number;
          items: number;
          changes: number;
          offerings: number;
        }>(
          `SELECT (SELECT count(*)::int FROM orders."order") AS orders,
                  (SELECT count(*)::int FROM orders.order_item) AS items,
                  (SELECT count(*)::int FROM orders.order_status_change) AS changes,
                  (SELECT count(*)::int FROM orders.product_offering) AS offerings`,
        )
      )[0];
    const before = await counts();
    for (const now of RERUN_CLOCKS) {
      await ordersSubgraph.seed(stack.database.db, { customers: 30, now });
      expect(await counts()).toEqual(before);
    }
    // 4 persona orders; 30 generated first orders; 7 second orders (i % 4 = 0).
    expect(before).toEqual({
      orders: 41,
      items: 6 + 37,
      changes: 11 + 30 * 3 + 7 * 2,
      offerings: 7,
    });
  });

  it('links a replacing order both ways, batching replacedBy into one statement', async () => {
    const anchor = storyAnchor(SEED_NOW);
    await stack.database.db.query(
      `INSERT INTO orders."order" (id, customer_id, channel, status, place_id, placed_at, updated_at, replaces_order_id)
       VALUES ('ord-dana-streaming', 'cus-dana-reyes', 'PHONE', 'ACKNOWLEDGED', 'plc-dana-new-home', $1, $1, 'ord-dana-move')`,
      [daysFrom(anchor, -1)],
    );
    const before = await stack.statements('orders');
    const result = await stack.query(
      'orders',
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Order {
              id
              replacedBy {
                id
              }
              replaces {
                id
              }
            }
          }
        }
      `,
      {
        representations: ['ord-dana-move', 'ord-priya-gigabit', 'ord-dana-streaming'].map((id) => ({
          __typename: 'Order',
          id,
        })),
      },
    );
    expect(result.data?._entities).toEqual([
      { id: 'ord-dana-move', replacedBy: { id: 'ord-dana-streaming' }, replaces: null },
      { id: 'ord-priya-gigabit', replacedBy: null, replaces: null },
      { id: 'ord-dana-streaming', replacedBy: null, replaces: { id: 'ord-dana-move' } },
    ]);
    // the references, then replacedBy for all three; `replaces` is primed by the first
    expect((await stack.statements('orders')) - before).toBe(2);
    const { page } = await ordersOf('cus-dana-reyes');
    expect(page?.edges.map((e) => e.node.id)).toEqual(['ord-dana-streaming', 'ord-dana-move']);
  });
});
