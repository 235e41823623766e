import { startTestStack, type TestStack } from '../harness/startTestStack';

const DANA_AS_CUSTOMER = { sub: 'cus-dana-reyes', role: 'customer' as const, scopes: [] };

interface Result {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

describe('authorization declared in the subgraph schemas, enforced by the gateway', () => {
  let stack: TestStack;
  let danaToken: string;
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 5, gatewayEnv: { MAX_BATCHED_OPERATIONS: '2' } });
    danaToken = await stack.tokenFor(DANA_AS_CUSTOMER);
  });
  afterAll(() => stack.stop());

  const asDana = () => ({ authorization: `Bearer ${danaToken}` });

  it('gives a customer her own data, and FORBIDDEN nulls for staff-only fields, the rest intact', async () => {
    const result = (await stack.gatewayQuery(
      /* GraphQL */ `
        {
          customer(id: "cus-dana-reyes") {
            displayName
            contactPoints {
              kind
              value
              masked
            }
            attention {
              code
            }
            cases(openOnly: true) {
              id
              title
              notes {
                body
              }
              latestHandoff {
                summary
              }
            }
          }
        }
      `,
      {},
      asDana(),
    )) as Result;
    const customer = result.data!.customer as {
      displayName: string;
      contactPoints: { value: string; masked: boolean }[];
      attention: unknown;
      cases: { id: string; notes: unknown; latestHandoff: unknown }[];
    };
    expect(customer.displayName).toBe('Dana Reyes');
    // Her own contact values are hers to see.
    expect(customer.contactPoints.map((p) => p.value)).toContain('+14155550134');
    expect(customer.attention).toBeNull();
    expect(customer.cases[0]).toMatchObject({
      id: 'case-dana-move',
      notes: null,
      latestHandoff: null,
    });
    const forbidden = (result.errors ?? [])
      .filter((e) => e.extensions?.code === 'FORBIDDEN')
      .map((e) => e.path);
    expect(forbidden).toEqual(
      expect.arrayContaining([
        ['customer', 'attention'],
        ['customer', 'cases', 0, 'notes'],
        ['customer', 'cases', 0, 'latestHandoff'],
      ]),
    );
  });

  it('answers an anonymous caller UNAUTHENTICATED for customer data without calling the subgraph, and serves the public catalogue', async () => {
    const before = await stack.statements('crm');
    const result = (await stack.gatewayQuery(
      /* GraphQL */ `
        {
          customer(id: "cus-dana-reyes") {
            displayName
          }
          productOfferings(category: TV) {
            name
          }
        }
      `,
      {},
      { authorization: '' },
    )) as Result;
    expect(result.data!.customer).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['customer'],
        message: 'authentication is required to read Query.customer',
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
    expect((result.data!.productOfferings as { name: string }[]).map((o) => o.name).sort()).toEqual(
      ['TV Premium', 'TV Streaming'],
    );
    expect(await stack.statements('crm')).toBe(before);
  });

  it('gives an agent the staff-only fields', async () => {
    const result = (await stack.gatewayQuery(/* GraphQL */ `
      {
        customer(id: "cus-dana-reyes") {
          attention {
            code
          }
        }
      }
    `)) as Result;
    expect(result.errors).toBeUndefined();
    expect((result.data!.customer as { attention: unknown[] }).attention.length).toBeGreaterThan(0);
  });

  it('allows batched operations up to MAX_BATCHED_OPERATIONS and refuses more', async () => {
    const one = { query: '{ productOfferings(category: MOBILE) { id } }' };
    const token = await stack.tokenFor({ sub: 'agt-x', role: 'agent', team: 'care', scopes: [] });
    const post = (body: unknown) =>
      fetch(`${stack.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const two = await post([one, one]);
    expect(two.status).toBe(200);
    expect(((await two.json()) as unknown[]).length).toBe(2);
    const three = await post([one, one, one]);
    expect(three.status).toBe(400);
    expect(await three.text()).toMatch(/at most 2 operations/);
  });

  it('refuses a cross-site simple request (CSRF prevention) before executing it', async () => {
    const response = await fetch(
      `${stack.gateway.url}/graphql?query=${encodeURIComponent('{ productOfferings { id } }')}`,
      {
        method: 'GET',
      },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
  });
});
