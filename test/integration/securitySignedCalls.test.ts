import { startDelayProxy, type DelayProxy } from '../harness/delayProxy';
import { startGatewayFor, type ExtraGateway } from '../harness/startGatewayFor';
import { startTestStack, type TestStack } from '../harness/startTestStack';

/**
 * Finding 7 of issue 17 on the real gateway and subgraphs: a signed call the gateway
 * made, captured on the wire (a proxy in front of crm records it), cannot be replayed,
 * carry another body, or reach another subgraph; while the gateway's own requests,
 * retries included, keep working.
 */
const DANA = /* GraphQL */ `
  query DanaName {
    customer(id: "cus-dana-reyes") {
      displayName
    }
  }
`;

let stack: TestStack;
let proxy: DelayProxy;
let gateway: ExtraGateway;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 5 });
  proxy = await startDelayProxy(stack.subgraphs.crm!.graphqlUrl);
  gateway = await startGatewayFor(stack, {
    env: { SUBGRAPH_RETRIES: '2', CACHE: 'off' },
    subgraphUrls: { crm: proxy.url },
  });
}, 120_000);
afterAll(async () => {
  await gateway.stop();
  await proxy.stop();
  await stack.stop();
});

/** What the gateway sent crm for one client request: its headers and exact body. */
async function captured(): Promise<{ headers: Record<string, string>; body: string }> {
  proxy.requests.length = 0;
  const { status, body } = await gateway.post<{ customer: { displayName: string } }>(DANA);
  expect(status).toBe(200);
  expect(body.data?.customer.displayName).toBe('Dana Reyes');
  const [request] = proxy.requests;
  if (!request) throw new Error('the gateway sent crm nothing');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of ['x-cc-claims', 'x-cc-call', 'x-cc-claims-signature']) {
    const value = request.headers[name];
    if (typeof value !== 'string') throw new Error(`the gateway sent no ${name}`);
    headers[name] = value;
  }
  return { headers, body: request.body };
}

async function replay(url: string, headers: Record<string, string>, body: string) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

it('refuses a captured call replayed as is', async () => {
  const call = await captured();
  const again = await replay(stack.subgraphs.crm!.graphqlUrl, call.headers, call.body);
  expect(again.status).toBe(401);
  expect(again.text).toContain('UNAUTHENTICATED');
  expect(again.text).not.toContain('Dana');
});

it("refuses a captured call's headers carrying another body", async () => {
  const call = await captured();
  const other = call.body.replace('cus-dana-reyes', 'cus-sam-okafor');
  expect(other).not.toBe(call.body);
  const answer = await replay(stack.subgraphs.crm!.graphqlUrl, call.headers, other);
  expect(answer.status).toBe(401);
  expect(answer.text).not.toContain('Okafor');
});

it("refuses a captured call's headers sent to another subgraph", async () => {
  const call = await captured();
  const answer = await replay(stack.subgraphs.orders!.graphqlUrl, call.headers, call.body);
  expect(answer.status).toBe(401);
  expect(answer.text).toContain('another subgraph');
});

it('signs a retry afresh: a 503 then success answers, each attempt with its own call id', async () => {
  proxy.requests.length = 0;
  proxy.failWith = 503;
  const failing = gateway.post(DANA);
  // Let the first attempt fail, then let the retry through.
  const deadline = Date.now() + 10_000;
  while (proxy.requests.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  proxy.failWith = null;
  const { body } = await failing;
  expect(body.errors).toBeUndefined();
  expect(proxy.requests.length).toBeGreaterThanOrEqual(2);
  const ids = new Set(proxy.requests.map((r) => r.headers['x-cc-call']));
  expect(ids.size).toBe(proxy.requests.length);
});
