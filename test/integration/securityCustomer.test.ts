import { randomBytes } from 'node:crypto';
import type { Claims } from '../../lib/claims';
import { signRequest } from '../../lib/signedClaims';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';

const DANA: Claims = { sub: 'cus-dana-reyes', role: 'customer', scopes: [] };
/** What must never reach Dana about the others: names, ids, contact values. */
const OTHERS = [
  'Okafor',
  'cus-sam-okafor',
  '+442079460321',
  'sam.okafor@',
  'Nair',
  'cus-priya-nair',
];

const PROFILE = 'id displayName contactPoints { value }';

/** Each path by which Dana could try to reach another customer through the gateway. */
const PATHS: [string, string][] = [
  ['customer(id)', `{ result: customer(id: "cus-sam-okafor") { ${PROFILE} } }`],
  [
    'customerByIdentifier (Sam’s phone)',
    `{ result: customerByIdentifier(kind: PHONE, value: "+44 20 7946 0321") { ${PROFILE} } }`,
  ],
  [
    'customersByIds',
    `{ result: customersByIds(ids: ["cus-sam-okafor", "cus-priya-nair"]) { ${PROFILE} } }`,
  ],
  ['customers page', `{ result: customers(first: 100) { edges { node { ${PROFILE} } } } }`],
  [
    'order(id) and its customer',
    `{ result: order(id: "ord-priya-gigabit") { id status customer { ${PROFILE} } } }`,
  ],
  [
    'case(id) and its customer',
    `{ result: case(id: "case-priya-speed") { id title customer { ${PROFILE} } } }`,
  ],
  [
    'appointment(id) and its customer',
    `{ result: appointment(id: "apt-priya-install") { id customer { ${PROFILE} } } }`,
  ],
];

let stack: TestStack;
let danaToken: string;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 5 });
  danaToken = await stack.tokenFor(DANA);
});
afterAll(() => stack.stop());

function asDana<T = Record<string, unknown>>(query: string): Promise<GraphQLResponse<T>> {
  return stack.gatewayQuery<T>(query, {}, { authorization: `Bearer ${danaToken}` });
}

/** Every customer id anywhere in `value`. */
function customerIds(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/"(cus-[a-z0-9-]+)"/g)].map((m) => m[1] ?? '');
}

describe('a customer cannot read another customer by any path', () => {
  it('Dana reads herself', async () => {
    const response = await asDana<{ result: { id: string; displayName: string } }>(
      `{ result: customer(id: "cus-dana-reyes") { ${PROFILE} } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.result).toMatchObject({
      id: 'cus-dana-reyes',
      displayName: 'Dana Reyes',
    });
  });

  it.each(PATHS)('%s gives Dana nothing of anyone else', async (_name, query) => {
    const response = await asDana(query);
    const text = JSON.stringify(response);
    for (const secret of OTHERS) expect(text).not.toContain(secret);
    expect(customerIds(response.data).filter((id) => id !== DANA.sub)).toEqual([]);
  });

  it('the same paths do reach the others for an agent (so the test above can fail)', async () => {
    for (const [, query] of PATHS) {
      const response = await stack.gatewayQuery(query);
      expect(JSON.stringify(response.data)).toMatch(/Okafor|Nair/);
    }
  });
});

describe('a subgraph called directly trusts no made-up caller header', () => {
  const SAM = `{ customer(id: "cus-sam-okafor") { ${PROFILE} } }`;

  const body = JSON.stringify({ query: SAM });
  const sign = (secret: string, now?: number): Record<string, string> =>
    signRequest(agent, secret, { subgraph: 'crm', body }, { now });

  async function direct(headers: Record<string, string>) {
    const response = await fetch(stack.subgraphs.crm!.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  const agent: Claims = { sub: 'agt-care-jordan', role: 'agent', scopes: ['pii:read'] };
  const forged = (): Record<string, string> => sign(randomBytes(32).toString('hex'));
  const unsigned = (): Record<string, string> => ({
    'x-cc-claims': Buffer.from(JSON.stringify({ claims: agent, iat: Date.now() })).toString(
      'base64url',
    ),
  });
  const stale = (): Record<string, string> => sign(stack.secret, Date.now() - 10 * 60_000);

  it.each([
    ['no claims header', (): Record<string, string> => ({})],
    ['a made-up claims header without signature', unsigned],
    ['claims signed with a guessed key', forged],
    ['claims signed with the real key but stale', stale],
  ])('%s: HTTP 401 and no data', async (_name, headers) => {
    const { status, text } = await direct(headers());
    expect(status).toBe(401);
    expect(text).toContain('UNAUTHENTICATED');
    expect(text).not.toContain('Okafor');
  });

  it('claims signed with the shared key are answered (so the test above can fail)', async () => {
    const { status, text } = await direct(sign(stack.secret));
    expect(status).toBe(200);
    expect(text).toContain('Okafor');
  });
});
