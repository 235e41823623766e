import { crmSubgraph } from '../../../subgraphs/crm/src';
import { createCustomerLoaders } from '../../../subgraphs/crm/src/modules/customers/loaders';
import { currentCacheScope, inFreshCacheScope } from '../../../subgraphs/shared/cacheScope';
import { countStatements } from '../../../subgraphs/shared/db';
import { generatedCustomerId, PERSONA } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';
import { RERUN_CLOCKS } from '../../harness/seedClock';

describe.each(oneEngine())('crm subgraph on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([crmSubgraph], { engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  it('finds Dana by every spelling of every identifier', async () => {
    const lookups: [string, string][] = [
      ['PHONE', '(415) 555-0134'],
      ['PHONE', '+14155550134'],
      ['PHONE', '415.555.0134'],
      ['EMAIL', 'DANA.REYES@example.com'],
      ['SOCIAL', '@Dana_Reyes'],
      ['ACCOUNT_NUMBER', 'acc-100234'],
    ];
    for (const [kind, value] of lookups) {
      const result = await stack.query<{ customerByIdentifier: { id: string } | null }>(
        'crm',
        /* GraphQL */ `
          query ($kind: IdentifierKind!, $value: String!) {
            customerByIdentifier(kind: $kind, value: $value) {
              id
            }
          }
        `,
        { kind, value },
      );
      expect({ kind, value, result }).toEqual({
        kind,
        value,
        result: {
          data: { customerByIdentifier: { id: 'cus-dana-reyes' } },
          extensions: { cacheTags: ['customer:cus-dana-reyes'] },
        },
      });
    }
  });

  it('finds Sam by app device id', async () => {
    const result = await stack.query(
      'crm',
      /* GraphQL */ `
        {
          customerByIdentifier(kind: APP_DEVICE, value: "ios-7f3a9c21") {
            id
            displayName
          }
        }
      `,
    );
    expect(result.data).toEqual({
      customerByIdentifier: { id: 'cus-sam-okafor', displayName: 'Sam Okafor' },
    });
  });

  it('answers null for an unknown id or identifier', async () => {
    const result = await stack.query(
      'crm',
      /* GraphQL */ `
        {
          customer(id: "cus-nobody") {
            id
          }
          customerByIdentifier(kind: EMAIL, value: "nobody@example.com") {
            id
          }
        }
      `,
    );
    expect(result).toEqual({
      data: { customer: null, customerByIdentifier: null },
      extensions: { cacheTags: [] },
    });
  });

  it('rejects an unparseable phone number with BAD_USER_INPUT', async () => {
    const result = await stack.query(
      'crm',
      /* GraphQL */ `
        {
          customerByIdentifier(kind: PHONE, value: "call me maybe") {
            id
          }
        }
      `,
    );
    expect(result.data).toEqual({ customerByIdentifier: null });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/not a valid phone number/);
  });

  it('shows Lee quiet hours, SMS preference and refused marketing consent', async () => {
    const result = await stack.query(
      'crm',
      /* GraphQL */ `
        {
          customer(id: "cus-lee-chen") {
            preferences {
              preferredChannel
              quietHours {
                start
                end
                timeZone
              }
            }
            consents {
              purpose
              granted
            }
          }
        }
      `,
    );
    expect(result.data).toEqual({
      customer: {
        preferences: {
          preferredChannel: 'SMS',
          quietHours: { start: '21:00', end: '08:00', timeZone: 'Australia/Sydney' },
        },
        consents: [
          { purpose: 'MARKETING', granted: false },
          { purpose: 'SERVICE_NOTIFICATIONS', granted: true },
        ],
      },
    });
  });

  it('pages through customers with stable cursors and validates page sizes', async () => {
    const first = await stack.query<{
      customers: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      'crm',
      /* GraphQL */ `
        {
          customers(first: 3) {
            edges {
              node {
                id
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `,
    );
    const page1 = first.data!.customers;
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await stack.query<{ customers: { edges: { node: { id: string } }[] } }>(
      'crm',
      /* GraphQL */ `
        query ($after: String) {
          customers(first: 3, after: $after) {
            edges {
              node {
                id
              }
            }
          }
        }
      `,
      { after: page1.pageInfo.endCursor },
    );
    const ids1 = page1.edges.map((e) => e.node.id);
    const ids2 = second.data!.customers.edges.map((e) => e.node.id);
    expect(ids2).toHaveLength(3);
    expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);

    for (const [first, pattern] of [
      [-1, /0 or more/],
      [101, /at most 100/],
    ] as const) {
      const bad = await stack.query(
        'crm',
        /* GraphQL */ `
          query ($first: Int) {
            customers(first: $first) {
              edges {
                cursor
              }
            }
          }
        `,
        {
          first,
        },
      );
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).toMatch(pattern);
    }
    const badCursor = await stack.query(
      'crm',
      /* GraphQL */ `
        {
          customers(after: "nonsense") {
            edges {
              cursor
            }
          }
        }
      `,
    );
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves Customer entity references in one statement, in key order', async () => {
    const before = await stack.statements('crm');
    const result = await stack.query<{ _entities: ({ id: string; displayName: string } | null)[] }>(
      'crm',
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Customer {
              id
              displayName
            }
          }
        }
      `,
      {
        representations: [
          { __typename: 'Customer', id: 'cus-lee-chen' },
          { __typename: 'Customer', id: 'cus-unknown' },
          { __typename: 'Customer', id: 'cus-dana-reyes' },
        ],
      },
    );
    expect(result.data?._entities).toEqual([
      { id: 'cus-lee-chen', displayName: 'Lee Chen' },
      null,
      { id: 'cus-dana-reyes', displayName: 'Dana Reyes' },
    ]);
    expect((await stack.statements('crm')) - before).toBe(1);
  });

  it('serves concurrent requests with shared statements, each its own customer and tags', async () => {
    const CUSTOMER = /* GraphQL */ `
      query ($id: ID!) {
        customer(id: $id) {
          id
          displayName
          contactPoints {
            kind
            value
          }
          preferences {
            language
          }
          consents {
            purpose
            granted
          }
          addresses {
            id
            city
          }
        }
      }
    `;
    const ids = Array.from({ length: 20 }, (_, i) => generatedCustomerId(i + 1));
    const read = (id: string) => stack.query('crm', CUSTOMER, { id });
    let before = await stack.statements('crm');
    const alone = [];
    for (const id of ids) alone.push(await read(id));
    const aloneStatements = (await stack.statements('crm')) - before;
    before = await stack.statements('crm');
    const together = await Promise.all(ids.map(read));
    const togetherStatements = (await stack.statements('crm')) - before;
    // The same answers, each tagged with its own customer only.
    expect(together).toEqual(alone);
    together.forEach((result, i) => {
      expect(result.data?.customer).toMatchObject({ id: ids[i] });
      expect(result).toMatchObject({ extensions: { cacheTags: [`customer:${ids[i]}`] } });
    });
    // How many share depends on timing (PGlite answers each statement before the next
    // request is read); the next test makes them meet for sure.
    expect(togetherStatements).toBeLessThanOrEqual(aloneStatements);
  });

  it('two requests reading in the same turn share one statement per read', async () => {
    let statements = 0;
    const db = countStatements(stack.database.db, () => statements++);
    const dana = PERSONA.dana;
    const lee = PERSONA.lee;
    const request = inFreshCacheScope(async (phone: string, id: string) => {
      const loaders = createCustomerLoaders(db);
      const [holder, customer, points] = await Promise.all([
        loaders.contactPointHolder.load({ kind: 'PHONE', value: phone }),
        loaders.customerById.load(id),
        loaders.contactPointsByCustomerId.load(id),
      ]);
      return {
        holder,
        customer: customer?.id,
        points: points.map((p) => p.customer_id),
        tags: currentCacheScope()!.tags(),
      };
    });
    const [first, second] = await Promise.all([
      request('+14155550134', lee),
      request('+15550000000', dana),
    ]);
    expect(statements).toBe(3);
    expect(first).toMatchObject({ holder: dana, customer: lee });
    expect(new Set(first.points)).toEqual(new Set([lee]));
    expect(first.tags).toEqual([`customer:${dana}`, `customer:${lee}`].sort());
    // Nobody holds the second phone: no holder, no tag for it.
    expect(second).toMatchObject({ holder: null, customer: dana, tags: [`customer:${dana}`] });
  });

  it('seeds idempotently: a rerun adds nothing, at once, an hour or a day later', async () => {
    const count = async () =>
      (
        await stack.database.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM crm.contact_point',
        )
      )[0]!.n;
    const before = await count();
    for (const now of RERUN_CLOCKS) {
      await crmSubgraph.seed(stack.database.db, { customers: 30, now });
      expect(await count()).toBe(before);
    }
    expect(before).toBe(4 * 3 - 1 + 30 * 2);
  });
});
