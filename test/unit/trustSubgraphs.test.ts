import type { Claims } from '../../lib/claims';
import { signClaims } from '../../lib/signedClaims';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { ConfigError, loadSubgraphConfig } from '../../subgraphs/shared/config';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../harness/startTestSubgraphs';

const CUSTOMER = /* GraphQL */ `
  query ($id: ID!) {
    customer(id: $id) {
      id
      displayName
    }
  }
`;

interface Raw {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('trust between gateway and subgraphs', () => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs(SUBGRAPHS, { seedCustomers: 5 });
  });
  afterAll(() => stack.stop());

  async function post(
    headers: Record<string, string>,
    query: string,
    variables = {},
  ): Promise<Raw> {
    const response = await fetch(stack.subgraphs.crm!.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Raw['body'] };
  }

  async function expectRefused(headers: Record<string, string>): Promise<void> {
    const before = await stack.statements('crm');
    const { status, body } = await post(headers, CUSTOMER, { id: PERSONA.dana });
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await stack.statements('crm')).toBe(before);
  }

  const agent: Claims = { sub: 'a-100', role: 'agent', scopes: [] };

  it('answers 401 and executes nothing without claims', () => expectRefused({}));

  it('answers 401 to a forged signature', () =>
    expectRefused(signClaims(agent, 'not-the-shared-secret-but-long-enough!!')));

  it('answers 401 to stale claims', () =>
    expectRefused(signClaims(agent, stack.secret, Date.now() - 61_000)));

  it('answers valid claims', async () => {
    const { status, body } = await post(signClaims(agent, stack.secret), CUSTOMER, {
      id: PERSONA.dana,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { customer: { id: PERSONA.dana, displayName: 'Dana Reyes' } },
      extensions: { cacheTags: ['customer:cus-dana-reyes'] },
    });
  });

  it('lets composition and readiness through without claims, and nothing else', async () => {
    const sdl = await post({}, '{ _service { sdl } }');
    expect(sdl.status).toBe(200);
    expect(JSON.stringify(sdl.body)).toContain('type Customer');
    expect((await post({}, '{ __typename }')).body).toEqual({
      data: { __typename: 'Query' },
      extensions: { cacheTags: [] },
    });
    const sneaky = await post({}, '{ __typename ...on Query { customers { edges { cursor } } } }');
    expect(sneaky.status).toBe(401);
    expect((await post({}, '{ __schema { types { name } } }')).status).toBe(401);
  });
});

describe('subgraph configuration of the shared key', () => {
  it('refuses to start without SUBGRAPH_HMAC_SECRET or with a short one, never echoing it', () => {
    expect(() => loadSubgraphConfig('crm', 4001, {})).toThrow(/SUBGRAPH_HMAC_SECRET/);
    let error: unknown;
    try {
      loadSubgraphConfig('crm', 4001, { SUBGRAPH_HMAC_SECRET: 'short-secret' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain('at least 32');
    expect(String(error)).not.toContain('short-secret');
    const secret = 'x'.repeat(32);
    expect(
      loadSubgraphConfig('crm', 4001, { SUBGRAPH_HMAC_SECRET: secret }).subgraphHmacSecret,
    ).toBe(secret);
  });
});
