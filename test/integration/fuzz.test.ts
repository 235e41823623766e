import { signRequest } from '../../lib/signedClaims';
import { PERSONA } from '../../subgraphs/shared/seedIds';
import { captureLogs } from '../harness/captureLogs';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';
import { TEST_SERVICE_CLAIMS } from '../harness/startTestSubgraphs';
import { gatewayOperations, gatewayRequest, subgraphBody, type FuzzRequest } from './fuzzCases';
import { seededRandom } from './fuzzSupport';

// Issue 17: a fuzzed stream found one request in eight answered as a server error. This
// suite replays a fixed-seed stream of about 2,000 hostile or careless requests against
// the gateway and, with valid claims, against each subgraph, and asserts what a client
// and an operator must be able to rely on.

const SEED = 17;
const GATEWAY_REQUESTS = 1_500;
const SUBGRAPH_REQUESTS = 100;
const CONCURRENCY = 4;

/** What came back: status, and the first error code when there is one. */
interface Outcome {
  request: string;
  status: number;
  code: string;
  internal: boolean;
}

let stack: TestStack;
const logs = captureLogs();
const secrets: string[] = [];
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 2, logDestination: logs.destination });
});
afterAll(() => stack.stop());

/** Sends one request; a connection that fails or never answers counts as a server failure. */
async function send(baseUrl: string, request: FuzzRequest): Promise<Outcome> {
  const described = `${request.method} ${request.path.slice(0, 80)} ${(request.body ?? '').slice(0, 200)}`;
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      signal: AbortSignal.timeout(15_000),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const text = await response.text();
    const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? (response.ok ? 'ok' : 'none');
    const internal = text.includes('INTERNAL_SERVER_ERROR');
    return { request: described, status: response.status, code, internal };
  } catch (error) {
    const code = error instanceof Error ? error.name : 'Error';
    return { request: described, status: 599, code: `no answer (${code})`, internal: true };
  }
}

async function inBatches(requests: (() => Promise<Outcome>)[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < requests.length; i += CONCURRENCY) {
    outcomes.push(...(await Promise.all(requests.slice(i, i + CONCURRENCY).map((r) => r()))));
  }
  return outcomes;
}

it('answers a fixed-seed stream of fuzzed requests without a server error, and stays healthy', async () => {
  const random = seededRandom(SEED);
  const tokens = await Promise.all([
    stack.tokenFor(TEST_AGENT),
    stack.tokenFor({ sub: PERSONA.dana, role: 'customer', scopes: [] }),
    stack.tokenFor({ sub: 'sup-1', role: 'supervisor', team: 'care', scopes: ['pii:read'] }),
  ]);
  secrets.push(...tokens);
  const authorizations = ['', ...tokens.map((token) => `Bearer ${token}`)];
  const operations = gatewayOperations();
  const requests: (() => Promise<Outcome>)[] = [];
  for (let i = 0; i < GATEWAY_REQUESTS; i += 1) {
    const request = gatewayRequest(random, operations, authorizations);
    requests.push(() => send(stack.gateway.url, request));
  }
  for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
    for (let i = 0; i < SUBGRAPH_REQUESTS; i += 1) {
      const body = subgraphBody(random, name);
      const headers = {
        'content-type': 'application/json',
        // Signed for this one call, so the mutated body reaches the subgraph's GraphQL.
        ...signRequest(TEST_SERVICE_CLAIMS, stack.secret, { subgraph: name, body }),
      };
      requests.push(() => send(subgraph.url, { method: 'POST', path: '/graphql', headers, body }));
    }
  }
  const outcomes = await inBatches(requests);

  const counts: Record<string, number> = {};
  for (const { status, code } of outcomes) {
    counts[`${status} ${code}`] = (counts[`${status} ${code}`] ?? 0) + 1;
  }
  console.log(`fuzz seed ${SEED}: ${outcomes.length} requests`, counts);
  const serverErrors = outcomes.filter((o) => o.status >= 500 || o.internal);
  console.log(`server errors: ${serverErrors.length}`);
  expect(serverErrors.slice(0, 5)).toEqual([]);
  expect(outcomes.length).toBeGreaterThanOrEqual(2_000);

  const services = [stack.gateway.url, ...Object.values(stack.subgraphs).map((s) => s.url)];
  for (const url of services) expect((await fetch(`${url}/health`)).status).toBe(200);
}, 180_000);

it('writes no token, phone number or email to any log line', () => {
  const lines = logs.lines();
  expect(lines.length).toBeGreaterThan(1_000);
  const leaks = lines.filter(
    (line) =>
      secrets.some((secret) => line.includes(secret)) ||
      /eyJ[\w-]{8,}\.[\w-]{8,}/.test(line) ||
      /\+\d{10,15}|555-01\d\d/.test(line) ||
      /[\w.+-]+@[\w-]+\.[a-z]{2,}/i.test(line),
  );
  expect(leaks.slice(0, 3)).toEqual([]);
});
