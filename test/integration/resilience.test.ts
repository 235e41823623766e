import { policies } from '../../schema/policies';
import { eventually } from '../harness/eventually';
import { startDelayProxy, type DelayProxy } from '../harness/delayProxy';
import { metricValue, startGatewayFor, type ExtraGateway } from '../harness/startGatewayFor';
import { startTestStack, type TestStack } from '../harness/startTestStack';
import type { GraphQLResponse } from '../harness/startTestSubgraphs';
import { TEST_DEADLINES } from '../harness/testDeadlines';

/** Dana's name from crm beside one of her orders from `orders` (nullable root). */
const NAME_AND_ORDER = /* GraphQL */ `
  query NameAndOrder {
    customer(id: "cus-dana-reyes") {
      displayName
    }
    order(id: "ord-dana-move") {
      id
    }
  }
`;

type NameAndOrder = { customer: { displayName: string } | null; order: { id: string } | null };

let stack: TestStack;
let proxy: DelayProxy;
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 5 });
  proxy = await startDelayProxy(stack.subgraphs.orders!.graphqlUrl);
});
afterAll(async () => {
  await proxy.stop();
  await stack.stop();
});
afterEach(() => {
  proxy.delayMs = 0;
  proxy.failWith = null;
});

/** The client requests (POSTs) orders received since `from`, not the breaker's probes. */
const postsSince = (from: number): number =>
  proxy.requests.slice(from).filter((request) => request.body !== '').length;
/** The breaker's GET /ready probes (no body) orders received since `from`. */
const probesSince = (from: number): number =>
  proxy.requests.slice(from).filter((request) => request.body === '').length;

/** Asserts crm's data arrived and orders' field is null with SUBGRAPH_UNAVAILABLE naming it. */
function expectOrdersMissing(body: GraphQLResponse<NameAndOrder>, reason: string): void {
  expect(body.data?.customer?.displayName).toBe('Dana Reyes');
  expect(body.data?.order).toBeNull();
  const error = body.errors?.find((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
  expect(error?.extensions).toMatchObject({ subgraph: 'orders', reason });
}

/**
 * Posts NAME_AND_ORDER through `gateway` while orders answers nothing (held until the
 * gateway has answered): the answer has crm's data and orders timed out, so a deadline
 * ended the fetch, whatever the machine's pace.
 */
async function expectTimedOutWhileOrdersHeld(gateway: ExtraGateway): Promise<void> {
  const release = proxy.hold();
  try {
    const { status, body } = await gateway.post<NameAndOrder>(NAME_AND_ORDER);
    expect(status).toBe(200);
    expectOrdersMissing(body, 'timeout');
  } finally {
    release();
  }
}

describe('a slow subgraph', () => {
  let gateway: ExtraGateway;
  beforeAll(async () => {
    // A fetch deadline a quick answer meets on a loaded machine; no retry after it.
    gateway = await startGatewayFor(stack, {
      env: { SUBGRAPH_TIMEOUT_MS: '3000', SUBGRAPH_RETRIES: '0' },
      subgraphUrls: { orders: proxy.url },
    });
  });
  afterAll(() => gateway.stop());

  it('answers fast and whole while the subgraph is quick (control)', async () => {
    const { body } = await gateway.post<NameAndOrder>(NAME_AND_ORDER);
    expect(body.errors).toBeUndefined();
    expect(body.data?.order?.id).toBe('ord-dana-move');
  });

  it('gives partial results within the deadline when the subgraph is slow', async () => {
    // orders answers nothing until released: an answer before that came from the deadline.
    await expectTimedOutWhileOrdersHeld(gateway);
  });
});

describe('the request deadline', () => {
  let gateway: ExtraGateway;
  beforeAll(async () => {
    // Each fetch may take two minutes, but the whole request only 4 s (crm's quick
    // answer meets that on a loaded machine).
    gateway = await startGatewayFor(stack, {
      env: { SUBGRAPH_TIMEOUT_MS: '120000', REQUEST_TIMEOUT_MS: '4000', SUBGRAPH_RETRIES: '0' },
      subgraphUrls: { orders: proxy.url },
    });
  });
  afterAll(() => gateway.stop());

  it('cuts a slow fetch at the request deadline, not the per-fetch timeout', async () => {
    // Only the request's deadline can have ended it: the fetch's own is two minutes.
    await expectTimedOutWhileOrdersHeld(gateway);
  });
});

describe('the circuit breaker', () => {
  let gateway: ExtraGateway;
  beforeAll(async () => {
    gateway = await startGatewayFor(stack, {
      env: {
        SUBGRAPH_BREAKER_FAILURES: '2',
        // The precondition, not the measure: long enough that the three posts below meet
        // the circuit open on a loaded machine. (A /ready probe landing among them would
        // not fail the test: only client POSTs are counted, and the failing proxy answers
        // the probe 503, so the circuit stays open.)
        SUBGRAPH_BREAKER_HALF_OPEN_MS: '15000',
        SUBGRAPH_RETRIES: '0',
      },
      subgraphUrls: { orders: proxy.url },
    });
  });
  afterAll(() => gateway.stop());

  const circuit = async (): Promise<number | undefined> =>
    metricValue(await gateway.metrics(), 'gateway_circuit_state', { subgraph: 'orders' });

  it('opens after failures, stops calling the subgraph, and closes after it recovers', async () => {
    expect(await circuit()).toBe(0);
    proxy.failWith = 503;
    for (let i = 0; i < 2; i++) {
      expectOrdersMissing((await gateway.post<NameAndOrder>(NAME_AND_ORDER)).body, 'HTTP 503');
    }
    expect(await circuit()).toBe(2);

    const seen = proxy.requests.length;
    for (let i = 0; i < 3; i++) {
      expectOrdersMissing((await gateway.post<NameAndOrder>(NAME_AND_ORDER)).body, 'circuit open');
    }
    // No client request reached the subgraph while the circuit was open.
    expect(postsSince(seen)).toBe(0);

    proxy.failWith = null;
    // Open for the interval above, then a trial: the answers come back once the circuit
    // lets one through, and it was a client request that reached the subgraph again.
    await eventually(
      async () => {
        const { body } = await gateway.post<NameAndOrder>(NAME_AND_ORDER);
        expect(body.errors).toBeUndefined();
        expect(body.data?.order?.id).toBe('ord-dana-move');
      },
      undefined,
      250,
    );
    expect(postsSince(seen)).toBeGreaterThan(0);
    expect(await circuit()).toBe(0);
  });
});

describe('a subgraph that comes back', () => {
  let gateway: ExtraGateway;
  beforeAll(async () => {
    // The default breaker interval: no SUBGRAPH_BREAKER_HALF_OPEN_MS.
    gateway = await startGatewayFor(stack, {
      env: { SUBGRAPH_BREAKER_FAILURES: '2', SUBGRAPH_RETRIES: '0' },
      subgraphUrls: { orders: proxy.url },
    });
  });
  afterAll(() => gateway.stop());

  const circuit = async (): Promise<number | undefined> =>
    metricValue(await gateway.metrics(), 'gateway_circuit_state', { subgraph: 'orders' });

  it('asks /ready before a trial, and closes within about a second of the subgraph being ready', async () => {
    proxy.failWith = 503;
    for (let i = 0; i < 2; i++) await gateway.post<NameAndOrder>(NAME_AND_ORDER);
    expect(await circuit()).toBe(2);
    const opened = proxy.requests.length;
    // While the subgraph is not ready, trials are /ready probes, never client requests:
    // two probes, so the circuit stayed open after a failed one and tried again.
    await eventually(async () => {
      expectOrdersMissing((await gateway.post<NameAndOrder>(NAME_AND_ORDER)).body, 'circuit open');
      expect(probesSince(opened)).toBeGreaterThanOrEqual(2);
    });
    expect(postsSince(opened)).toBe(0);
    expect(await circuit()).toBe(2);

    // A probe only goes with a client request, and none is in flight now: every probe
    // from here on meets a ready subgraph.
    proxy.failWith = null;
    const ready = proxy.requests.length;
    await eventually(async () => {
      const { body } = await gateway.post<NameAndOrder>(NAME_AND_ORDER);
      expect(body.data?.order?.id).toBe('ord-dana-move');
    });
    expect(await circuit()).toBe(0);
    // It closed at the first trial after the subgraph was ready (one interval, about a
    // second by default): one probe, then that trial's client request, nothing wasted.
    expect(probesSince(ready)).toBe(1);
    expect(postsSince(ready)).toBe(1);
  });
});

describe('a mutation across a timeout', () => {
  const ADD_NOTE = /* GraphQL */ `
    mutation AddNote($input: AddNoteInput!) {
      addNote(input: $input) {
        id
        body
      }
    }
  `;
  type AddNote = { addNote: { id: string; body: string } | null };
  let support: DelayProxy;
  let gateway: ExtraGateway;
  beforeAll(async () => {
    support = await startDelayProxy(stack.subgraphs.support!.graphqlUrl);
    // Reads may take 200 ms, writes 5000 ms (far apart, so a busy machine cannot blur them).
    gateway = await startGatewayFor(stack, {
      env: { SUBGRAPH_TIMEOUT_MS: '200', SUBGRAPH_MUTATION_TIMEOUT_MS: '5000' },
      subgraphUrls: { support: support.url },
      policies,
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await support.stop();
  });
  afterEach(() => {
    support.delayMs = 0;
  });

  const input = (key: string) => ({
    idempotencyKey: key,
    subjectId: 'case-dana-move',
    body: `Called back about the rewiring (${key}).`,
    actor: 'agt-care-jordan',
  });
  const notesWith = async (key: string): Promise<number> => {
    const rows = await stack.database.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM support.note WHERE body = $1',
      [input(key).body],
    );
    return rows[0]?.n ?? 0;
  };
  const addNoteCalls = () => support.requests.filter((r) => r.body.includes('addNote')).length;

  it("gives a write its own deadline, longer than reads'", async () => {
    support.delayMs = 600;
    const { body } = await gateway.post<AddNote>(ADD_NOTE, { input: input('slow-write') });
    expect(body.errors).toBeUndefined();
    expect(body.data?.addNote?.body).toBe(input('slow-write').body);
  });

  it('says OUTCOME_UNKNOWN with the key to retry with; the retry returns the committed note, once', async () => {
    const key = 'timed-out-write';
    const calls = addNoteCalls();
    support.delayMs = 7000;
    const first = await gateway.post<AddNote>(ADD_NOTE, { input: input(key) });
    expect(first.status).toBe(200);
    expect(first.body.data?.addNote ?? null).toBeNull();
    expect(first.body.errors).toEqual([
      expect.objectContaining({
        path: ['addNote'],
        message: expect.stringContaining(`retry with the same idempotency key "${key}"`),
        extensions: expect.objectContaining({
          code: 'OUTCOME_UNKNOWN',
          subgraph: 'support',
          reason: 'timeout',
          idempotencyKey: key,
        }),
      }),
    ]);
    // Sent once, never retried by the gateway; the subgraph commits it after the timeout.
    expect(addNoteCalls()).toBe(calls + 1);
    await eventually(async () => expect(await notesWith(key)).toBe(1), 20_000);

    support.delayMs = 0;
    const retry = await gateway.post<AddNote>(ADD_NOTE, { input: input(key) });
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data?.addNote?.body).toBe(input(key).body);
    expect(await notesWith(key)).toBe(1);
  });

  it('says SUBGRAPH_UNAVAILABLE when the write was never sent (refused)', async () => {
    const down = await startGatewayFor(stack, {
      env: { SUBGRAPH_RETRIES: '0' },
      subgraphUrls: { support: 'http://127.0.0.1:9/graphql' },
      policies,
    });
    try {
      const { body } = await down.post<AddNote>(ADD_NOTE, { input: input('never-sent') });
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        reason: 'connection refused',
      });
    } finally {
      await down.stop();
    }
  });
});

describe('a stopped subgraph', () => {
  const NAME_AND_CASE = /* GraphQL */ `
    query NameAndCase {
      customer(id: "cus-dana-reyes") {
        displayName
      }
      case(id: "case-dana-move") {
        id
      }
    }
  `;

  it('gives crm data and SUBGRAPH_UNAVAILABLE naming support, within the deadline', async () => {
    const before = await stack.gatewayQuery<{ case: { id: string } | null }>(NAME_AND_CASE);
    expect(before.data?.case?.id).toBe('case-dana-move');

    await stack.subgraphs.support!.stop();
    const started = Date.now();
    // The answer above is now in the response cache (crm's audited read is re-sent on a
    // hit, the case came from support): ask something support must answer itself.
    const response = await stack.gatewayQuery<{
      customer: { displayName: string } | null;
      case: { id: string } | null;
    }>(NAME_AND_CASE.replace('query NameAndCase', 'query NameAndCaseAfterStop'));
    expect(response.data?.customer?.displayName).toBe('Dana Reyes');
    expect(response.data?.case).toBeNull();
    const error = response.errors?.find((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
    expect(error?.extensions?.subgraph).toBe('support');
    // Refused, not timed out: the gateway knew at once, and did not wait for the fetch
    // deadline this stack's gateway has (TEST_DEADLINES).
    expect(error?.extensions?.reason).toBe('connection refused');
    expect(Date.now() - started).toBeLessThan(Number(TEST_DEADLINES.SUBGRAPH_TIMEOUT_MS));
    expect(error?.message).toContain('support');
    expect(JSON.stringify(response.errors)).not.toContain('127.0.0.1');
  });
});

describe('admission control (MAX_CONCURRENT_REQUESTS)', () => {
  let gateway: ExtraGateway;
  beforeAll(async () => {
    // One request at a time, one waiting; the rest are refused.
    gateway = await startGatewayFor(stack, {
      env: { MAX_CONCURRENT_REQUESTS: '1', MAX_QUEUED_REQUESTS: '1', SUBGRAPH_TIMEOUT_MS: '5000' },
      subgraphUrls: { orders: proxy.url },
    });
  });
  afterAll(() => gateway.stop());

  it('works on one request, lets the next wait its turn, and refuses the one after with 503 SERVER_OVERLOADED', async () => {
    proxy.delayMs = 600;
    const seen = proxy.requests.length;
    const first = gateway.post<NameAndOrder>(NAME_AND_ORDER);
    // The first is at work once its fetch reached the (slow) subgraph.
    await eventually(async () => expect(proxy.requests.length).toBeGreaterThan(seen));
    const second = gateway.post<NameAndOrder>(NAME_AND_ORDER);
    await eventually(async () =>
      expect(metricValue(await gateway.metrics(), 'gateway_requests_queued')).toBe(1),
    );
    const third = await gateway.post<NameAndOrder>(NAME_AND_ORDER);
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(third.body.data).toBeUndefined();
    expect(third.body.errors?.[0]?.extensions?.code).toBe('SERVER_OVERLOADED');

    for (const answer of await Promise.all([first, second])) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.order?.id).toBe('ord-dana-move');
    }
    const text = await gateway.metrics();
    expect(metricValue(text, 'gateway_requests_refused_total', { reason: 'queue_full' })).toBe(1);
    expect(metricValue(text, 'gateway_request_queue_seconds_count')).toBe(2);
    expect(metricValue(text, 'gateway_requests_in_flight')).toBe(0);
    expect(metricValue(text, 'gateway_requests_queued')).toBe(0);
  });
});
