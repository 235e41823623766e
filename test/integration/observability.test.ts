import { eventually } from '../harness/eventually';
import { startDelayProxy, type DelayProxy } from '../harness/delayProxy';
import { postToGateway } from '../harness/postToGateway';
import { metricValue } from '../harness/startGatewayFor';
import { startGatewayProcess, type GatewayProcess } from '../harness/startGatewayProcess';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';

const NAMED = /* GraphQL */ `
  query ObservedName {
    customer(id: "cus-dana-reyes") {
      displayName
    }
  }
`;
const FAILING = /* GraphQL */ `
  query ObservedFailure {
    customerByIdentifier(kind: PHONE, value: "not a phone") {
      id
    }
  }
`;
/** Dana's contact values, which must never reach a log line. */
const DANA_PII = ['+14155550134', '555-0134', '555 0134', 'dana.reyes@example.com'];

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 5 });
  token = await stack.tokenFor(TEST_AGENT);
});
afterAll(() => stack.stop());

const post = (query: string, headers: Record<string, string> = {}, variables = {}) =>
  postToGateway(
    stack.gateway.url,
    { query, variables },
    { authorization: `Bearer ${token}`, ...headers },
  );

describe('metrics', () => {
  it('count operations by name and outcome, and time them and their subgraph fetches', async () => {
    expect((await post(NAMED)).body.errors).toBeUndefined();
    expect((await post(FAILING)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    const requests = (operation: string, outcome: string) =>
      metricValue(text, 'gateway_requests_total', { operation, outcome });
    expect(requests('ObservedName', 'success')).toBe(1);
    expect(requests('ObservedFailure', 'error')).toBe(1);
    expect(
      metricValue(text, 'gateway_request_duration_seconds_count', { operation: 'ObservedName' }),
    ).toBe(1);
    const fetches = metricValue(text, 'gateway_subgraph_fetch_duration_seconds_count', {
      subgraph: 'crm',
      outcome: 'success',
    });
    expect(fetches).toBeGreaterThanOrEqual(1);
    // Every answer of crm told its own time (Server-Timing); it is part of each fetch's.
    expect(metricValue(text, 'gateway_subgraph_server_seconds_count', { subgraph: 'crm' })).toBe(
      fetches,
    );
    const own = metricValue(text, 'gateway_subgraph_server_seconds_sum', { subgraph: 'crm' })!;
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThanOrEqual(
      metricValue(text, 'gateway_subgraph_fetch_duration_seconds_sum', {
        subgraph: 'crm',
        outcome: 'success',
      })!,
    );
  });
});

describe('x-request-id', () => {
  it('keeps a valid incoming id', async () => {
    const response = await post(NAMED, { 'x-request-id': 'client-req.42_A' });
    expect(response.headers.get('x-request-id')).toBe('client-req.42_A');
  });

  it('replaces an invalid one with a fresh id', async () => {
    const response = await post(NAMED, { 'x-request-id': 'not valid; <script>' });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    expect(id).not.toContain('script');
  });

  it('generates one when none is sent', async () => {
    expect((await post(NAMED)).headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{8,128}$/);
  });

  it("tells a client no timings: the subgraphs' Server-Timing stays between them and the gateway", async () => {
    const response = await post(NAMED);
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toBeNull();
  });
});

describe('the real gateway process: forwarded request id and logs', () => {
  let crm: DelayProxy;
  let orders: DelayProxy;
  let gateway: GatewayProcess;
  beforeAll(async () => {
    crm = await startDelayProxy(stack.subgraphs.crm!.graphqlUrl);
    orders = await startDelayProxy(stack.subgraphs.orders!.graphqlUrl);
    orders.failWith = 503;
    gateway = await startGatewayProcess(stack, {
      env: { LOG_LEVEL: 'info', SUBGRAPH_RETRIES: '0' },
      urls: { crm: crm.url, orders: orders.url },
    });
  }, 60_000);
  afterAll(async () => {
    await gateway?.stop();
    await crm?.stop();
    await orders?.stop();
  });

  const send = (query: string, requestId: string, authorization = `Bearer ${token}`) =>
    postToGateway(
      gateway.url,
      { query, variables: { kind: 'PHONE', value: '(415) 555-0134' } },
      {
        authorization,
        'x-request-id': requestId,
      },
    );
  const linesFor = (requestId: string) =>
    gateway.logLines().filter((line) => line.requestId === requestId);

  it('forwards the request id to the subgraph', async () => {
    const response = await send(NAMED, 'obs-forward-1');
    expect(response.headers.get('x-request-id')).toBe('obs-forward-1');
    expect(crm.requests.map((r) => r.headers['x-request-id'])).toContain('obs-forward-1');
  });

  it('logs a refused request with its request id', async () => {
    await send(NAMED, 'obs-refused-1', 'Bearer not.a.token');
    await eventually(async () => expect(linesFor('obs-refused-1').length).toBeGreaterThan(0));
  });

  it('logs a subgraph failure with the request id of the request that met it', async () => {
    const response = await send(
      /* GraphQL */ `
        query ObservedOrder {
          order(id: "ord-dana-move") {
            id
          }
        }
      `,
      'obs-failure-1',
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    await eventually(async () => {
      const lines = gateway.logLines().filter((l) => l.msg === 'subgraph unavailable');
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.map((l) => l.requestId)).toContain('obs-failure-1');
    });
  });

  it('logs a served request with its request id', async () => {
    const lookup = /* GraphQL */ `
      query ObservedLookup($kind: IdentifierKind!, $value: String!) {
        customerByIdentifier(kind: $kind, value: $value) {
          displayName
          contactPoints {
            value
          }
        }
      }
    `;
    const response = await send(lookup, 'obs-served-1');
    expect(JSON.stringify(response.body)).toContain('dana.reyes@example.com');
    await eventually(async () => expect(linesFor('obs-served-1').length).toBeGreaterThan(0));
  });

  it('writes JSON lines with no token and none of the persona’s contact values', () => {
    const output = gateway.command.output();
    expect(gateway.logLines().length).toBeGreaterThan(0);
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[2] ?? token);
    for (const value of DANA_PII) expect(output).not.toContain(value);
  });
});
