import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client, type RequestParams } from 'graphql-sse';
import { customerTag } from '../../../lib/cacheTags';
import { limitError } from '../../../gateway/src/limits/limitErrors';
import { eventually } from '../../harness/eventually';
import { startTestStack, TEST_AGENT, type TestStack } from '../../harness/startTestStack';
import {
  DANA,
  LIVE_NOTES,
  addNote,
  metricValue,
  noteBodies,
  startSubscriptionRig,
  type SubscriptionRig,
} from './subscriptionsSupport';

const DANA_ID = 'cus-dana-reyes';

/** What one subscription saw through a graphql-sse client. */
interface Seen {
  results: FormattedExecutionResult[];
  errors: unknown[];
  completed: boolean;
}

function watch(client: Client, payload: RequestParams): Seen {
  const seen: Seen = { results: [], errors: [], completed: false };
  client.subscribe(payload, {
    next: (result) => seen.results.push(result as FormattedExecutionResult),
    error: (error) => seen.errors.push(error),
    complete: () => {
      seen.completed = true;
    },
  });
  return seen;
}

/** A raw event stream: the exact bytes received, and whether the server ended it. */
interface RawStream {
  status: number;
  text: string;
  ended: boolean;
  abort(): void;
}

async function openStream(url: string, authorization: string, body: unknown): Promise<RawStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const stream: RawStream = {
    status: response.status,
    text: '',
    ended: false,
    abort: () => controller.abort(),
  };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        stream.text += decoder.decode(value, { stream: true });
      }
      stream.ended = true;
    } catch {
      // aborted by the test
    }
  })();
  return stream;
}

let stack: TestStack;
let rig: SubscriptionRig;
let agent: string;
const clients: Client[] = [];
beforeAll(async () => {
  stack = await startTestStack({ seedCustomers: 3 });
  rig = await startSubscriptionRig(stack);
  agent = `Bearer ${await stack.tokenFor(TEST_AGENT)}`;
});
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});
afterAll(async () => {
  await rig.stop();
  await stack.stop();
});

function sseClient(authorization: string, target = rig): Client {
  const client = createClient({
    url: target.streamUrl,
    headers: { authorization },
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

describe('live customer context over Server-Sent Events', () => {
  it('sends the context at once, then exactly one update per real change, nothing else', async () => {
    const seen = watch(sseClient(agent), { query: LIVE_NOTES, variables: { id: DANA_ID } });
    await eventually(async () => expect(seen.results).toHaveLength(1));
    expect(seen.results[0]).toMatchObject({
      data: { customerContext: { id: DANA_ID, displayName: 'Dana Reyes' } },
    });
    const before = noteBodies(seen.results[0]);
    const updates = (outcome: string): Promise<number> =>
      metricValue(rig.metrics, 'gateway_subscription_updates_total', {
        transport: 'sse',
        outcome,
      });

    await addNote(stack, 'sse: technician confirmed');
    rig.fire(customerTag(DANA_ID));
    await eventually(async () => expect(seen.results).toHaveLength(2));
    expect(noteBodies(seen.results[1])).toEqual(
      expect.arrayContaining([...before, 'sse: technician confirmed']),
    );

    // A change to someone else runs nothing; a change that leaves the answer as it was
    // runs the query once and sends nothing. Runs are one at a time and in order, so a
    // later, distinguishable change (the marker) proves it: when the marker's update
    // arrives, every earlier run has ended, and nothing was sent between.
    const runs = rig.proxy.requests.length;
    rig.fire(customerTag('cus-priya-nair'));
    rig.fire(customerTag(DANA_ID), 'Case:case-dana-move');
    await eventually(async () => expect(await updates('unchanged')).toBe(1));
    await addNote(stack, 'sse: marker after the unchanged run');
    rig.fire(customerTag(DANA_ID));
    await eventually(async () => expect(seen.results).toHaveLength(3));
    expect(noteBodies(seen.results[2])).toEqual(
      expect.arrayContaining([
        ...before,
        'sse: technician confirmed',
        'sse: marker after the unchanged run',
      ]),
    );
    expect(rig.proxy.requests.length).toBe(runs + 2);
    expect(seen.errors).toEqual([]);
    expect(await updates('sent')).toBe(2);
    expect(await updates('unchanged')).toBe(1);
    expect(
      await metricValue(rig.metrics, 'gateway_subscriptions_active', { transport: 'sse' }),
    ).toBe(1);
    // One change→sent latency observed for each update sent.
    expect(
      await rig.metrics.getSingleMetricAsString('gateway_subscription_update_seconds'),
    ).toMatch(/^gateway_subscription_update_seconds_count\{transport="sse"\} 2$/m);
    clients.pop()!.dispose(); // the client goes away: its run stops, nothing stays open
    await eventually(async () =>
      expect(
        await metricValue(rig.metrics, 'gateway_subscriptions_active', { transport: 'sse' }),
      ).toBe(0),
    );
  });

  it("gives Dana's customer token what the query gives for Sam (null), then completes", async () => {
    const dana = sseClient(`Bearer ${await stack.tokenFor(DANA)}`);
    const seen = watch(dana, {
      query: 'subscription { customerContext(id: "cus-sam-okafor") { id displayName } }',
    });
    await eventually(async () => expect(seen.completed).toBe(true));
    expect(seen.results).toEqual([{ data: { customerContext: null } }]);
  });

  it('sends UNAUTHENTICATED "token expired" when the token expires, then completes and ends', async () => {
    // Long enough for the first answer on a busy machine; the expiry is what is tested.
    const token = await stack.tokenFor(TEST_AGENT, 5);
    const seen = watch(sseClient(`Bearer ${token}`), {
      query: LIVE_NOTES,
      variables: { id: DANA_ID },
    });
    await eventually(async () => expect(seen.completed).toBe(true));
    expect(seen.results).toHaveLength(2);
    expect(seen.results[0]?.data).toMatchObject({ customerContext: { id: DANA_ID } });
    expect(seen.results[1]).toEqual({
      errors: [{ message: 'token expired', extensions: { code: 'UNAUTHENTICATED' } }],
    });

    const raw = await openStream(rig.streamUrl, `Bearer ${await stack.tokenFor(TEST_AGENT, 2)}`, {
      query: LIVE_NOTES,
      variables: { id: DANA_ID },
    });
    await eventually(async () => expect(raw.ended).toBe(true));
    expect(raw.text).toMatch(/event: next\ndata: \{"errors":\[\{"message":"token expired"/);
    expect(raw.text).toMatch(/event: complete\n/);
  });

  it('refuses a bad token with HTTP 401 UNAUTHENTICATED before anything runs', async () => {
    const runs = rig.proxy.requests.length;
    const response = await fetch(rig.streamUrl, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: 'Bearer not-a-jwt',
      },
      body: JSON.stringify({ query: LIVE_NOTES, variables: { id: DANA_ID } }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: [{ message: 'malformed token', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const seen = watch(sseClient('Bearer not-a-jwt'), {
      query: LIVE_NOTES,
      variables: { id: DANA_ID },
    });
    await eventually(async () => expect(seen.errors).toHaveLength(1));
    expect(seen.results).toEqual([]);
    expect(rig.proxy.requests.length).toBe(runs);
  });

  it('answers an invalid subscription with a coded error, then completes', async () => {
    const seen = watch(sseClient(agent), {
      query:
        'subscription { a: customerContext(id: "x") { id } b: customerContext(id: "y") { id } }',
    });
    await eventually(async () => expect(seen.completed).toBe(true));
    expect(seen.results).toEqual([
      {
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
          }),
        ],
      },
    ]);
  });

  it('answers a document the trusted-documents check refuses with its error, then completes', async () => {
    const own = await startSubscriptionRig(stack, {
      trustedDocuments: (document) =>
        document.includes('displayName')
          ? undefined
          : limitError('TRUSTED_DOCUMENT_REQUIRED', 'only registered operations may run'),
    });
    try {
      const runs = own.proxy.requests.length;
      const seen = watch(sseClient(agent, own), {
        query: 'subscription { customerContext(id: "cus-dana-reyes") { id } }',
      });
      await eventually(async () => expect(seen.completed).toBe(true));
      expect(seen.results).toEqual([
        {
          errors: [
            {
              message: 'only registered operations may run',
              extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED' },
            },
          ],
        },
      ]);
      expect(own.proxy.requests.length).toBe(runs);
    } finally {
      await own.stop();
    }
  });

  it('sends a ":" comment every keepAliveMs on an idle stream', async () => {
    const own = await startSubscriptionRig(stack, { keepAliveMs: 200 });
    const raw = await openStream(own.streamUrl, agent, {
      query: LIVE_NOTES,
      variables: { id: DANA_ID },
    });
    try {
      await eventually(async () => expect(raw.text).toContain('event: next'));
      const afterFirst = raw.text.length;
      // Three keep-alive comments in a row, and nothing else in between.
      await eventually(async () =>
        expect((raw.text.slice(afterFirst).match(/^:\n\n/gm) ?? []).length).toBeGreaterThanOrEqual(
          3,
        ),
      );
      expect(raw.text.slice(afterFirst)).not.toContain('event:');
    } finally {
      raw.abort();
      await own.stop();
    }
  });

  it('close() ends open streams without waiting out its grace period', async () => {
    // A grace far longer than any close on a loaded machine: a close() that sat out the
    // grace before cutting would take a minute, one that ends the streams takes moments.
    const closeGraceMs = 60_000;
    const own = await startSubscriptionRig(stack, { closeGraceMs });
    const raw = await openStream(own.streamUrl, agent, {
      query: LIVE_NOTES,
      variables: { id: DANA_ID },
    });
    await eventually(async () => expect(raw.text).toContain('event: next'));
    expect(
      await metricValue(own.metrics, 'gateway_subscriptions_active', { transport: 'sse' }),
    ).toBe(1);
    const started = Date.now();
    await own.server.close();
    expect(Date.now() - started).toBeLessThan(closeGraceMs / 2);
    await own.stop();
    // Ended by the server, not cut: a destroyed response fails the read instead.
    await eventually(async () => expect(raw.ended).toBe(true));
    expect(
      await metricValue(own.metrics, 'gateway_subscriptions_active', { transport: 'sse' }),
    ).toBe(0);
  });
});
