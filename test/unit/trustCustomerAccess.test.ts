import type { Claims } from '../../lib/claims';
import { SUBGRAPHS } from '../../subgraphs/registry';
import {
  PERSONA,
  PERSONA_ORDER,
  PERSONA_PROVISIONING,
  PERSONA_SUPPORT,
} from '../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../harness/startTestSubgraphs';

const dana: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
const sam: Claims = { sub: PERSONA.sam, role: 'customer', scopes: [] };
const agent: Claims = { sub: 'a-100', role: 'agent', team: 'care', scopes: [] };

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
      }
    }
  }
`;

/** Each path by which a customer could be read, with Dana's data expected on it. */
const PATHS: { name: string; subgraph: string; query: string; variables: object }[] = [
  {
    name: 'crm customer(id)',
    subgraph: 'crm',
    query: 'query ($id: ID!) { result: customer(id: $id) { id } }',
    variables: { id: PERSONA.dana },
  },
  {
    name: 'crm customerByIdentifier',
    subgraph: 'crm',
    query: '{ result: customerByIdentifier(kind: PHONE, value: "(415) 555-0134") { id } }',
    variables: {},
  },
  {
    name: 'crm customersByIds',
    subgraph: 'crm',
    query: 'query ($id: ID!) { result: customersByIds(ids: [$id]) { id } }',
    variables: { id: PERSONA.dana },
  },
  ...['crm', 'orders', 'provisioning', 'support'].map((subgraph) => ({
    name: `${subgraph} _entities Customer`,
    subgraph,
    query: ENTITIES.replace('_entities(', 'result: _entities('),
    variables: { representations: [{ __typename: 'Customer', id: PERSONA.dana }] },
  })),
  {
    name: 'orders order(id)',
    subgraph: 'orders',
    query: 'query ($id: ID!) { result: order(id: $id) { id } }',
    variables: { id: PERSONA_ORDER.danaMove },
  },
  {
    name: 'provisioning appointment(id)',
    subgraph: 'provisioning',
    query: 'query ($id: ID!) { result: appointment(id: $id) { id } }',
    variables: { id: PERSONA_PROVISIONING.danaFirstVisit },
  },
  {
    name: 'support case(id)',
    subgraph: 'support',
    query: 'query ($id: ID!) { result: case(id: $id) { id } }',
    variables: { id: PERSONA_SUPPORT.danaCase },
  },
];

describe('a customer reads only themself, in every subgraph', () => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs(SUBGRAPHS, { seedCustomers: 5 });
  });
  afterAll(() => stack.stop());

  /** The `result` of a path, as a list (single results wrapped), errors refused. */
  async function read(path: (typeof PATHS)[number], claims: Claims | null): Promise<unknown[]> {
    const response = await stack.query<{ result: unknown }>(
      path.subgraph,
      path.query,
      path.variables as Record<string, unknown>,
      claims,
    );
    expect(response.errors).toBeUndefined();
    const result = response.data?.result;
    return Array.isArray(result) ? (result as unknown[]) : [result];
  }

  it.each(PATHS)('$name: another customer gets null', async (path) => {
    expect(await read(path, sam)).toEqual([null]);
  });

  it.each(PATHS)('$name: an anonymous caller gets null', async (path) => {
    expect(await read(path, null)).toEqual([null]);
  });

  it.each(PATHS)('$name: the customer themself gets their data', async (path) => {
    expect((await read(path, dana))[0]).toEqual(
      expect.objectContaining({ id: expect.any(String) }),
    );
  });

  it.each(PATHS)('$name: an agent gets the data', async (path) => {
    expect((await read(path, agent))[0]).toEqual(
      expect.objectContaining({ id: expect.any(String) }),
    );
  });

  it('customers lists only the customer themself for a customer caller', async () => {
    const query = '{ customers(first: 50) { edges { node { id } } } }';
    const own = await stack.query<{ customers: { edges: { node: { id: string } }[] } }>(
      'crm',
      query,
      {},
      dana,
    );
    expect(own.data?.customers.edges.map((e) => e.node.id)).toEqual([PERSONA.dana]);
    const all = await stack.query<{ customers: { edges: unknown[] } }>('crm', query, {}, agent);
    expect(all.data?.customers.edges.length).toBeGreaterThan(1);
  });

  it('refuses a customer acting on another customer with FORBIDDEN and writes nothing', async () => {
    const mutation = /* GraphQL */ `
      mutation ($customerId: ID!) {
        updateConsent(input: { customerId: $customerId, purpose: MARKETING, granted: true }) {
          id
        }
      }
    `;
    const before = await stack.statements('crm');
    const denied = await stack.query('crm', mutation, { customerId: PERSONA.dana }, sam);
    expect(denied.data).toBeNull();
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await stack.statements('crm')).toBe(before);
    const own = await stack.query('crm', mutation, { customerId: PERSONA.dana }, dana);
    expect(own.errors).toBeUndefined();
  });

  it('refuses a customer cancelling another customer’s order', async () => {
    const cancel = /* GraphQL */ `
      mutation ($orderId: ID!) {
        cancelOrder(input: { orderId: $orderId, reason: "not mine" }) {
          status
        }
      }
    `;
    const denied = await stack.query('orders', cancel, { orderId: PERSONA_ORDER.danaMove }, sam);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const order = await stack.query<{ order: { status: string } }>(
      'orders',
      'query ($id: ID!) { order(id: $id) { status } }',
      { id: PERSONA_ORDER.danaMove },
    );
    expect(order.data?.order.status).not.toBe('CANCELLED');
  });
});
