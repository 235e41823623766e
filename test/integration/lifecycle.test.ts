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
  gateway = await startGatewayProcess(stack, { urls: { orders: proxy.url } });
}, 60_000);
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
  proxy.delayMs = 1000;
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
  await eventually(async () => expect(proxy.requests.length).toBe(CONCURRENT), 10_000);
  gateway.command.child.kill('SIGTERM');

  await eventually(async () => expect(await refused(gateway.url)).toBe(true), 2000);
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
}, 30_000);
