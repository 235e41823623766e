import type { Claims } from '../../lib/claims';
import { signRequest } from '../../lib/signedClaims';
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

  const crmUrl = (): string => stack.subgraphs.crm!.graphqlUrl;
  const bodyOf = (query: string, variables = {}): string => JSON.stringify({ query, variables });

  /** Sends `body` as is, with `headers`, to `url` (crm by default). */
  async function send(
    headers: Record<string, string>,
    body: string,
    options: { url?: string; method?: string } = {},
  ): Promise<Raw> {
    const method = options.method ?? 'POST';
    const response = await fetch(options.url ?? crmUrl(), {
      method,
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': '1', ...headers },
      ...(method === 'POST' ? { body } : {}),
    });
    return { status: response.status, body: (await response.json()) as Raw['body'] };
  }

  /** `query` to crm, signed as `claims` for exactly this body (unless `headers` replace it). */
  function post(claims: Claims | null, query: string, variables = {}): Promise<Raw> {
    const body = bodyOf(query, variables);
    return send(signRequest(claims, stack.secret, { subgraph: 'crm', body }), body);
  }

  async function expectRefused(
    headers: Record<string, string>,
    body = bodyOf(CUSTOMER, { id: PERSONA.dana }),
    options: { url?: string; method?: string } = {},
  ): Promise<Raw> {
    const before = await stack.statements('crm');
    const answer = await send(headers, body, options);
    expect(answer.status).toBe(401);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await stack.statements('crm')).toBe(before);
    return answer;
  }

  const agent: Claims = { sub: 'a-100', role: 'agent', scopes: [] };
  const danaBody = (): string => bodyOf(CUSTOMER, { id: PERSONA.dana });
  const signedFor = (body: string, subgraph = 'crm', now?: number): Record<string, string> =>
    signRequest(agent, stack.secret, { subgraph, body }, now === undefined ? {} : { now });

  it('answers 401 and executes nothing without claims', () => expectRefused({}));

  it('answers 401 to a forged signature', () =>
    expectRefused(
      signRequest(agent, 'not-the-shared-secret-but-long-enough!!', {
        subgraph: 'crm',
        body: danaBody(),
      }),
    ));

  it('answers 401 to stale claims', () =>
    expectRefused(signedFor(danaBody(), 'crm', Date.now() - 61_000)));

  it('answers valid claims', async () => {
    const { status, body } = await post(agent, CUSTOMER, { id: PERSONA.dana });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { customer: { id: PERSONA.dana, displayName: 'Dana Reyes' } },
      extensions: { cacheTags: ['customer:cus-dana-reyes'] },
    });
  });

  it('refuses a captured signed header replayed with another body, a mutation included', async () => {
    const captured = signedFor(danaBody());
    const other = await expectRefused(captured, bodyOf(CUSTOMER, { id: PERSONA.sam }));
    expect(other.body.errors?.[0]?.message).toMatch(/another request body/);
    await expectRefused(
      captured,
      bodyOf('mutation { recordConsent(customerId: "cus-sam-okafor") { id } }'),
    );
  });

  it('refuses the same call id twice', async () => {
    const headers = signedFor(danaBody());
    expect((await send(headers, danaBody())).status).toBe(200);
    const again = await expectRefused(headers, danaBody());
    expect(again.body.errors?.[0]?.message).toMatch(/already used/);
  });

  it('refuses a call signed for another method or another subgraph', async () => {
    // Signed for orders, sent to crm.
    const forOrders = signedFor(danaBody(), 'orders');
    expect((await expectRefused(forOrders)).body.errors?.[0]?.message).toMatch(/another subgraph/);
    // Signed for a POST, sent as a GET carrying the query in the URL.
    const query = new URLSearchParams({ query: '{ __typename }' });
    await expectRefused(signedFor(''), '', {
      url: `${crmUrl()}?${query.toString()}`,
      method: 'GET',
    });
  });

  it('answers _service { sdl } only to a signed caller', async () => {
    const sdlQuery = '{ _service { sdl } }';
    await expectRefused({}, bodyOf(sdlQuery));
    await expectRefused({}, bodyOf('{ __typename }'));
    const signed = await post(
      { sub: 'gateway-composition', role: 'service', scopes: [] },
      sdlQuery,
    );
    expect(signed.status).toBe(200);
    expect(JSON.stringify(signed.body)).toContain('type Customer');
  });

  it('gives an unsigned caller no "Did you mean" suggestion', async () => {
    // Validation would suggest `customer` / `customers` for this misspelling.
    const probe = bodyOf('{ custome(id: "x") { id } }');
    const refused = await expectRefused({}, probe);
    expect(JSON.stringify(refused.body)).not.toMatch(/Did you mean/);
    // A signed caller still gets validation's help (so the probe does misspell).
    const signed = await send(signedFor(probe), probe);
    expect(JSON.stringify(signed.body)).toMatch(/Did you mean/);
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
