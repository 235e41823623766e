import { signRequest } from '../../lib/signedClaims';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { captureLogs } from '../harness/captureLogs';
import { postToGateway, type RawGatewayResponse } from '../harness/postToGateway';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';
import { TEST_SERVICE_CLAIMS } from '../harness/startTestSubgraphs';

// Finding 5 of issue 17: each of these client mistakes was answered HTTP 500 with
// INTERNAL_SERVER_ERROR (or a masked server error inside a 200). Each is the client's to
// fix, so each must be a 4xx with a client code and a message saying what was wrong.

const CUSTOMER = /* GraphQL */ `
  query Customer($id: ID!) {
    customer(id: $id) {
      id
    }
  }
`;

/** `{"a":{"a":…1…}}` nested `depth` levels, as text: JSON.stringify would overflow here too. */
function nestedJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function expectClientError(answer: RawGatewayResponse, code: string, message: RegExp): void {
  expect(answer.status).toBe(400);
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(answer.body.errors?.[0]?.message).toMatch(message);
}

describe.each([
  ['development', {}],
  ['production', { NODE_ENV: 'production', TRUSTED_DOCUMENTS: 'off' }],
])(
  'client mistakes at the gateway and at subgraphs called with valid claims (%s)',
  (mode, gatewayEnv) => {
    let stack: TestStack;
    let headers: Record<string, string>;
    const logs = captureLogs();
    beforeAll(async () => {
      stack = await startTestStack({
        seedCustomers: 2,
        gatewayEnv,
        subgraphEnv: gatewayEnv,
        logDestination: logs.destination,
      });
      headers = { authorization: `Bearer ${await stack.tokenFor(TEST_AGENT)}` };
    });
    afterAll(() => stack.stop());

    const post = (body: unknown): Promise<RawGatewayResponse> =>
      postToGateway(stack.gateway.url, body, headers);

    it('names a missing required variable', async () => {
      expectClientError(await post({ query: CUSTOMER }), 'BAD_USER_INPUT', /"\$id".*not provided/);
    });

    it('names a null required variable', async () => {
      expectClientError(
        await post({ query: CUSTOMER, variables: { id: null } }),
        'BAD_USER_INPUT',
        /"\$id".*must not be null/,
      );
    });

    it('says no operation has the operationName sent', async () => {
      expectClientError(
        await post({ query: CUSTOMER, operationName: 'Nope', variables: { id: PERSONA.dana } }),
        'OPERATION_RESOLUTION_FAILURE',
        /no operation .* named "Nope"/,
      );
    });

    it('asks which of several operations to run', async () => {
      expectClientError(
        await post({ query: 'query A { __typename } query B { __typename }' }),
        'OPERATION_RESOLUTION_FAILURE',
        /2 operations.*operationName/,
      );
    });

    it('points a subscription over POST to the live transports', async () => {
      expectClientError(
        await post({ query: `subscription { customerContext(id: "${PERSONA.dana}") { id } }` }),
        'BAD_REQUEST',
        /WebSocket.*SSE/,
      );
    });

    it('refuses variables nested 5,000 deep, and every log line stays JSON', async () => {
      const body = `{"query":${JSON.stringify(CUSTOMER)},"variables":{"id":"x","z":${nestedJson(5000)}}}`;
      expectClientError(await post(body), 'BAD_REQUEST', /nests deeper than 32 levels/);
      expect((await fetch(`${stack.gateway.url}/health`)).status).toBe(200);
      for (const line of logs.lines()) expect(() => JSON.parse(line) as unknown).not.toThrow();
    });

    it('refuses a NUL character in an id, as a variable and as a literal', async () => {
      expectClientError(
        await post({ query: CUSTOMER, variables: { id: `${PERSONA.dana}\u0000` } }),
        'BAD_USER_INPUT',
        /customer\.id contains a NUL character/,
      );
      expectClientError(
        await post({ query: '{ order(id: "ord-\\u0000") { id } }' }),
        'BAD_USER_INPUT',
        /order\.id contains a NUL character/,
      );
    });

    it('refuses a lone UTF-16 surrogate before it reaches a subgraph (PostgreSQL refuses it in JSON)', async () => {
      // JSON.stringify writes a lone surrogate as the escape \ud800, as a client would send it.
      const topic = 'call me at +14155550134 x\ud800y';
      const logged = logs.lines().length;
      expectClientError(
        await post({
          query: /* GraphQL */ `
            mutation ($topic: String!) {
              startConversation(
                input: {
                  idempotencyKey: "u1"
                  customerId: "cus-dana-reyes"
                  channel: WEBSITE
                  topic: $topic
                }
              ) {
                id
              }
            }
          `,
          variables: { topic },
        }),
        'BAD_USER_INPUT',
        /input\.topic contains a lone UTF-16 surrogate/,
      );
      // Nothing of what was sent reaches a log line.
      for (const line of logs.lines().slice(logged)) expect(line).not.toContain('4155550134');
    });

    it.each([
      ['an impossible date', '2027-02-30T09:00:00Z'],
      ['year zero', '0000-00-00T00:00:00Z'],
      ['a word', 'yesterday'],
    ])(
      'answers a DateTime a subgraph refuses (%s) as BAD_USER_INPUT, never with its raw answer',
      async (_what, from) => {
        // The gateway sees DateTime as an opaque scalar: the subgraph checks it (HTTP 400).
        const answer = await post({
          query: /* GraphQL */ `
            query ($from: DateTime!) {
              availableSlots(input: { jobType: INSTALL, requiredSkills: [], from: $from }) {
                window {
                  start
                }
              }
            }
          `,
          variables: { from },
        });
        expect(answer.status).toBeLessThan(500);
        expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(answer.body.errors?.[0]?.message).toMatch(/DateTime/);
        expect(JSON.stringify(answer.body)).not.toMatch(/"response"|cacheTags|locations.*line/);
      },
    );

    it.each([
      ['an unsupported version', { version: 2, sha256Hash: 'a'.repeat(64) }],
      ['a hash that does not match the query', { version: 1, sha256Hash: 'b'.repeat(64) }],
    ])('answers a persisted query with %s as BAD_REQUEST', async (_what, persistedQuery) => {
      const answer = await post({ query: '{ __typename }', extensions: { persistedQuery } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
    });

    const ENTITIES = /* GraphQL */ `
      query ($r: [_Any!]!) {
        _entities(representations: $r) {
          __typename
        }
      }
    `;

    async function postSubgraph(name: string, variables: unknown): Promise<RawGatewayResponse> {
      const body = JSON.stringify({ query: ENTITIES, variables });
      const response = await fetch(stack.subgraphs[name]!.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signRequest(TEST_SERVICE_CLAIMS, stack.secret, { subgraph: name, body }),
        },
        body,
      });
      const answer = (await response.json()) as RawGatewayResponse['body'];
      return { status: response.status, headers: response.headers, body: answer };
    }

    it.each(['crm', 'orders', 'provisioning', 'support', 'engagement'])(
      'subgraph %s refuses malformed representations and NUL characters as BAD_USER_INPUT',
      async (name) => {
        const cases: [unknown, RegExp][] = [
          [{}, /has no __typename/],
          [{ __typename: 'Customer' }, /lacks the key of Customer/],
          [{ __typename: 'Customer', id: { nested: 1 } }, /key field is not a scalar/],
          [{ __typename: 'NoSuchType', id: '1' }, /not an entity type/],
          [{ __typename: 'Customer', id: `${PERSONA.dana}\u0000` }, /NUL character/],
        ];
        for (const [representation, message] of cases) {
          expectClientError(
            await postSubgraph(name, { r: [representation] }),
            'BAD_USER_INPUT',
            message,
          );
        }
      },
    );

    it('a subgraph refuses a NUL character in an argument before it reaches PostgreSQL', async () => {
      const answer = await stack.query('crm', CUSTOMER, { id: `${PERSONA.dana}\u0000` });
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0]?.message).toMatch(/customer\.id contains a NUL character/);
    });

    // Finding 12 (part): "Did you mean …" names fields and types; production keeps quiet.
    it('suggests field names only outside production, at the gateway and at a subgraph', async () => {
      const gateway = await post({ query: '{ customr(id: "x") { id } }' });
      expect(gateway.status).toBe(400);
      expect(gateway.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const subgraph = await stack.query('crm', '{ customr(id: "x") { id } }');
      const messages = [gateway.body.errors?.[0]?.message, subgraph.errors?.[0]?.message];
      for (const message of messages) {
        expect(message).toMatch(/Cannot query field "customr"/);
        if (mode === 'production') expect(message).not.toMatch(/Did you mean/);
        else expect(message).toMatch(/Did you mean "customer/);
      }
    });
  },
);
