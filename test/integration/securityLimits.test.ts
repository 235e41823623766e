import { postToGateway, statementCounts } from '../harness/postToGateway';
import { startTestStack, type TestStack } from '../harness/startTestStack';

const LIMITS = {
  MAX_QUERY_DEPTH: '6',
  MAX_ALIASES: '3',
  MAX_ROOT_FIELDS: '3',
  MAX_DOCUMENT_BYTES: '1500',
  MAX_COST: '60',
  MAX_BODY_BYTES: '4096',
};

const CHEAP = /* GraphQL */ `
  query Cheap {
    customer(id: "cus-dana-reyes") {
      displayName
    }
  }
`;

/** Each over-limit request: which limit, the code expected, the query (over that limit only). */
const OVER_LIMIT: [string, string, string][] = [
  [
    'depth',
    'OPERATION_TOO_COMPLEX',
    `{ customer(id: "cus-dana-reyes") { orders(first: 1) { edges { node { items { offering { id } } } } } } }`,
  ],
  [
    'aliases',
    'OPERATION_TOO_COMPLEX',
    `{ customer(id: "cus-dana-reyes") { a: id b: id c: id d: id } }`,
  ],
  [
    'root fields',
    'OPERATION_TOO_COMPLEX',
    `{ __typename customer(id: "cus-dana-reyes") { id } order(id: "ord-dana-move") { id } case(id: "case-dana-move") { id } }`,
  ],
  [
    'document size',
    'OPERATION_TOO_COMPLEX',
    `{ customer(id: "cus-dana-reyes") { id } }\n${'#'.repeat(1600)}\n`,
  ],
  [
    'cost',
    'COST_LIMIT_EXCEEDED',
    `{ customers(first: 100) { edges { node { id displayName } } } }`,
  ],
];

/** The `violations[].code` each structural case must report, and only it. */
const VIOLATION: Record<string, string> = {
  depth: 'depth',
  aliases: 'aliases',
  'root fields': 'rootFields',
  'document size': 'documentSize',
};

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 5, gatewayEnv: LIMITS });
  token = await stack.tokenFor({ sub: 'agt-care-jordan', role: 'agent', team: 'care', scopes: [] });
});
afterAll(() => stack.stop());

const post = (body: unknown) =>
  postToGateway(stack.gateway.url, body, { authorization: `Bearer ${token}` });

describe('each limit rejects before any subgraph is called', () => {
  it('a cheap operation runs and reports its estimated cost in extensions.cost', async () => {
    const before = await statementCounts(stack);
    const response = await post({ query: CHEAP });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ customer: { displayName: 'Dana Reyes' } });
    const cost = (response.body as { extensions?: { cost?: { estimated: number; limit: number } } })
      .extensions?.cost;
    expect(cost?.limit).toBe(60);
    expect(cost?.estimated).toBeGreaterThan(0);
    expect(cost?.estimated).toBeLessThanOrEqual(60);
    expect((await statementCounts(stack)).crm).toBeGreaterThan(before.crm ?? 0);
  });

  it.each(OVER_LIMIT)(
    '%s: HTTP 400 %s, no subgraph executed anything',
    async (name, code, query) => {
      const before = await statementCounts(stack);
      const response = await post({ query });
      expect(response.status).toBe(400);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
      if (code === 'OPERATION_TOO_COMPLEX') {
        const violations = response.body.errors?.[0]?.extensions?.violations as { code: string }[];
        expect(violations.map((v) => v.code)).toEqual([VIOLATION[name]]);
      }
      expect(await statementCounts(stack)).toEqual(before);
    },
  );

  it('the cost rejection carries the estimate, over the limit', async () => {
    const response = await post({ query: OVER_LIMIT[4]?.[2] });
    const extensions = response.body.errors?.[0]?.extensions as
      { cost?: { estimated: number; limit: number } } | undefined;
    expect(extensions?.cost?.limit).toBe(60);
    expect(extensions?.cost?.estimated).toBeGreaterThan(60);
  });

  it('a body over MAX_BODY_BYTES: HTTP 413, nothing executed', async () => {
    const before = await statementCounts(stack);
    const response = await post({ query: CHEAP, variables: { pad: 'x'.repeat(5000) } });
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    expect(await statementCounts(stack)).toEqual(before);
  });
});
