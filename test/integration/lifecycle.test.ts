import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { eventually } from '../harness/eventually';
import { startDelayProxy, type DelayProxy } from '../harness/delayProxy';
import { postToGateway, type RawGatewayResponse } from '../harness/postToGateway';
import { startGatewayProcess, type GatewayProcess } from '../harness/startGatewayProcess';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';

const CONCURRENT = 50;

let stack: TestStack;
let proxy: DelayProxy;
let gateway: GatewayProcess;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 5 });
  proxy = await startDelayProxy(stack.subgraphs.orders!.graphqlUrl);
  gateway = await startGatewayProcess(stack, {
    urls: { orders: proxy.url },
    // Requests wait at the held proxy for as long as a busy machine needs to get all of
    // them there; the deadlines are not what these tests are about.
    env: { REQUEST_TIMEOUT_MS: '120000', SUBGRAPH_TIMEOUT_MS: '120000' },
  });
}, 180_000);
afterAll(async () => {
  await gateway?.stop();
  await proxy?.stop();
  await stack?.stop();
});

/** Resolves true when a fresh TCP connection to `url` is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

it('SIGTERM under concurrent load loses no accepted request, then exits 0', async () => {
  const token = await stack.tokenFor(TEST_AGENT);
  // The slow subgraph answers only once the listener is seen closed: every request is
  // still in flight when SIGTERM arrives and while new connections are refused.
  const release = proxy.hold();
  const sent = Array.from({ length: CONCURRENT }, (_, i) =>
    postToGateway<{ customer: { displayName: string }; order: { id: string } | null }>(
      gateway.url,
      {
        query: /* GraphQL */ `
          query Load($id: ID!) {
            customer(id: "cus-dana-reyes") {
              displayName
            }
            order(id: $id) {
              id
            }
          }
        `,
        // Distinct variables, so the gateway cannot share one subgraph fetch among them.
        variables: { id: i === 0 ? 'ord-dana-move' : `ord-unknown-${i}` },
      },
      { authorization: `Bearer ${token}`, 'x-request-id': `load-${i}` },
    ),
  );
  // Every request has reached the slow subgraph: all are accepted and in flight.
  await eventually(async () => expect(proxy.requests.length).toBe(CONCURRENT), 60_000);
  gateway.command.child.kill('SIGTERM');

  try {
    await eventually(async () => expect(await refused(gateway.url)).toBe(true));
  } finally {
    release();
  }
  const responses: RawGatewayResponse<{
    customer: { displayName: string };
    order: { id: string } | null;
  }>[] = await Promise.all(sent);
  for (const [i, response] of responses.entries()) {
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.customer.displayName).toBe('Dana Reyes');
    expect(response.body.data?.order?.id ?? null).toBe(i === 0 ? 'ord-dana-move' : null);
  }
  expect(await gateway.command.exited).toBe(0);
  expect(await refused(gateway.url)).toBe(true);
}, 120_000);

/** What one request on a kept-alive connection came to. */
type Outcome =
  | { kind: 'answered'; status: number; connection: string | undefined; afterSignal: boolean }
  | { kind: 'refused' }
  | { kind: 'reset'; code: string };

/** POSTs `body` through `agent`, resolving how it ended (never rejecting). */
function send(agent: Agent, url: string, body: string, token: string, signalled: () => boolean) {
  return new Promise<Outcome>((resolve) => {
    const req = request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.once('end', () =>
          resolve({
            kind: 'answered',
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            afterSignal: signalled(),
          }),
        );
        res.once('error', (error: NodeJS.ErrnoException) =>
          resolve({ kind: 'reset', code: error.code ?? error.message }),
        );
      },
    );
    req.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED'
          ? { kind: 'refused' }
          : { kind: 'reset', code: error.code ?? error.message },
      ),
    );
    req.end(body);
  });
}

it('SIGTERM under keep-alive load: requests on open connections are answered, none is reset', async () => {
  const drained = await startGatewayProcess(stack);
  const token = await stack.tokenFor(TEST_AGENT);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const body = JSON.stringify({
    query: /* GraphQL */ `
      query Drain {
        customer(id: "cus-dana-reyes") {
          displayName
        }
      }
    `,
  });
  let signalled = false;
  const outcomes: Outcome[] = [];
  // Eight clients, each reusing its connection until the gateway refuses a new one (a
  // client would then go to another replica).
  const clients = Array.from({ length: 8 }, async () => {
    for (;;) {
      const outcome = await send(agent, drained.url, body, token, () => signalled);
      outcomes.push(outcome);
      if (outcome.kind !== 'answered') return;
    }
  });
  try {
    await eventually(async () => expect(outcomes.length).toBeGreaterThan(100));
    signalled = true;
    drained.command.child.kill('SIGTERM');
    await Promise.all(clients);
  } finally {
    agent.destroy();
    await drained.stop();
  }
  expect(outcomes.filter((outcome) => outcome.kind === 'reset')).toEqual([]);
  const answered = outcomes.filter((outcome) => outcome.kind === 'answered');
  expect(answered.filter((outcome) => outcome.status !== 200)).toEqual([]);
  // Answers sent during the drain tell the client to let the connection go.
  expect(answered.filter((o) => o.afterSignal && o.connection === 'close').length).toBeGreaterThan(
    0,
  );
  expect(outcomes.filter((outcome) => outcome.kind === 'refused')).toHaveLength(8);
  expect(await drained.command.exited).toBe(0);
}, 60_000);
