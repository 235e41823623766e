import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';
import { customerTag } from '../../../lib/cacheTags';
import { LiveQuery, type UpdateOutcome } from '../../../gateway/src/subscriptions/liveQuery';
import { eventually } from '../../harness/eventually';
import { startTestStack, TEST_AGENT, type TestStack } from '../../harness/startTestStack';
import {
  DANA,
  LIVE_NOTES,
  addNote,
  metricValue,
  noteBodies,
  openRawSocket,
  startSubscriptionRig,
  type SubscriptionRig,
} from './subscriptionsSupport';

const DANA_ID = 'cus-dana-reyes';

/** What one subscription saw through a graphql-ws client. */
interface Seen {
  results: FormattedExecutionResult[];
  errors: unknown[];
  completed: boolean;
}

function watch(client: Client, payload: SubscribePayload): Seen {
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

function wsClient(rig: SubscriptionRig, authorization: string): Client {
  return createClient({
    url: rig.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    retryAttempts: 0,
  });
}

/** The close event of `client`'s socket (close code and reason). */
function closeOf(client: Client): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    client.on('closed', (event) => resolve(event as { code: number; reason: string })),
  );
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
afterEach(async () => {
  rig.proxy.delayMs = 0;
  await Promise.all(clients.splice(0).map(async (client) => client.dispose()));
});
afterAll(async () => {
  await rig.stop();
  await stack.stop();
});

function agentClient(): Client {
  const client = wsClient(rig, agent);
  clients.push(client);
  return client;
}

describe('live customer context over WebSocket', () => {
  it('sends the context at once, then exactly one update per real change, nothing else', async () => {
    const seen = watch(agentClient(), { query: LIVE_NOTES, variables: { id: DANA_ID } });
    await eventually(async () => expect(seen.results).toHaveLength(1), 20_000);
    expect(seen.results[0]).toMatchObject({
      data: { customerContext: { id: DANA_ID, displayName: 'Dana Reyes' } },
    });
    const before = noteBodies(seen.results[0]);

    await addNote(stack, 'ws: rewiring confirmed for Tuesday');
    rig.fire(customerTag(DANA_ID));
    await eventually(async () => expect(seen.results).toHaveLength(2), 20_000);
    expect(noteBodies(seen.results[1])).toEqual(
      expect.arrayContaining([...before, 'ws: rewiring confirmed for Tuesday']),
    );

    // A change to someone else runs nothing; a change that leaves the answer as it was
    // runs the query once and sends nothing.
    // Runs are one at a time and in order, so a later, distinguishable change (the
    // marker) proves it: when the marker's update arrives, every earlier run has ended,
    // and nothing was sent between.
    const updates = (outcome: string): Promise<number> =>
      metricValue(rig.metrics, 'gateway_subscription_updates_total', { outcome });
    const runs = rig.proxy.requests.length;
    rig.fire(customerTag('cus-sam-okafor'), 'Order:ord-priya-gigabit');
    rig.fire(customerTag(DANA_ID));
    await eventually(async () => expect(await updates('unchanged')).toBe(1), 20_000);
    await addNote(stack, 'ws: marker after the unchanged run');
    rig.fire(customerTag(DANA_ID));
    await eventually(async () => expect(seen.results).toHaveLength(3), 20_000);
    expect(noteBodies(seen.results[2])).toEqual(
      expect.arrayContaining([
        ...before,
        'ws: rewiring confirmed for Tuesday',
        'ws: marker after the unchanged run',
      ]),
    );
    expect(rig.proxy.requests.length).toBe(runs + 2);
    expect(seen.errors).toEqual([]);
    expect(await updates('sent')).toBe(2);
    expect(await updates('unchanged')).toBe(1);
    expect(
      await metricValue(rig.metrics, 'gateway_subscriptions_active', { transport: 'ws' }),
    ).toBe(1);
    await clients.pop()!.dispose(); // the client goes away: its run stops, nothing stays open
    await eventually(async () =>
      expect(
        await metricValue(rig.metrics, 'gateway_subscriptions_active', { transport: 'ws' }),
      ).toBe(0),
    );
  });

  it('answers exactly the shape asked for: alias, inline variables, fragments', async () => {
    const seen = watch(agentClient(), {
      query: /* GraphQL */ `
        subscription {
          me: customerContext(id: "cus-dana-reyes") {
            ... on Customer {
              name: displayName
            }
          }
        }
      `,
    });
    await eventually(async () => expect(seen.results).toHaveLength(1));
    expect(seen.results[0]).toEqual({ data: { me: { name: 'Dana Reyes' } } });
  });

  it("gives Dana's customer token what the query gives for Sam (null), then completes", async () => {
    const dana = wsClient(rig, `Bearer ${await stack.tokenFor(DANA)}`);
    clients.push(dana);
    const seen = watch(dana, {
      query: 'subscription { customerContext(id: "cus-sam-okafor") { id displayName } }',
    });
    await eventually(async () => expect(seen.completed).toBe(true));
    expect(seen.results).toHaveLength(1);
    expect(seen.results[0]?.data).toEqual({ customerContext: null });
    expect(JSON.stringify(seen.results)).not.toContain('Okafor');
  });

  it('gives an anonymous subscriber the UNAUTHENTICATED/null the query gives, then completes', async () => {
    const anonymous = createClient({ url: rig.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(anonymous);
    const seen = watch(anonymous, { query: LIVE_NOTES, variables: { id: DANA_ID } });
    await eventually(async () => expect(seen.completed).toBe(true));
    expect(seen.results).toHaveLength(1);
    expect(seen.results[0]?.data).toEqual({ customerContext: null });
    expect(seen.results[0]?.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    ]);
  });

  it('closes the socket with 4401 "token expired" when the token expires', async () => {
    const client = wsClient(rig, `Bearer ${await stack.tokenFor(TEST_AGENT, 2)}`);
    clients.push(client);
    const closed = closeOf(client);
    const seen = watch(client, { query: LIVE_NOTES, variables: { id: DANA_ID } });
    await eventually(async () => expect(seen.results).toHaveLength(1));
    expect(await closed).toEqual(expect.objectContaining({ code: 4401, reason: 'token expired' }));
    await eventually(async () => expect(seen.errors).toHaveLength(1));
  });

  it.each([
    ['a malformed token', 'Bearer not-a-jwt', 'malformed token'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'expected a Bearer token'],
  ])('refuses %s with 4401 before anything runs', async (_name, authorization, reason) => {
    const client = wsClient(rig, authorization);
    clients.push(client);
    const closed = closeOf(client);
    const runs = rig.proxy.requests.length;
    const seen = watch(client, { query: LIVE_NOTES, variables: { id: DANA_ID } });
    expect(await closed).toEqual(expect.objectContaining({ code: 4401, reason }));
    expect(seen.results).toEqual([]);
    expect(rig.proxy.requests.length).toBe(runs);
  });

  it('refuses a token signed with another key, and takes one from the upgrade header', async () => {
    const forged = (await stack.tokenFor(TEST_AGENT)).replace(/\.[^.]+$/, '.AAAA');
    const refused = wsClient(rig, `Bearer ${forged}`);
    clients.push(refused);
    const closed = closeOf(refused);
    watch(refused, { query: LIVE_NOTES, variables: { id: DANA_ID } });
    expect(await closed).toEqual(
      expect.objectContaining({ code: 4401, reason: 'invalid signature' }),
    );

    const headers = { authorization: agent };
    class WithHeader extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    const viaHeader = createClient({ url: rig.wsUrl, webSocketImpl: WithHeader, retryAttempts: 0 });
    clients.push(viaHeader);
    const seen = watch(viaHeader, { query: LIVE_NOTES, variables: { id: DANA_ID } });
    await eventually(async () => expect(seen.results).toHaveLength(1));
    expect(seen.results[0]?.data).toMatchObject({ customerContext: { id: DANA_ID } });
  });

  it.each([
    [
      'two root fields',
      'subscription { a: customerContext(id: "x") { id } b: customerContext(id: "y") { id } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a field Customer does not have',
      'subscription { customerContext(id: "x") { shoeSize } }',
      {},
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a missing variable',
      'subscription S($id: ID!) { customerContext(id: $id) { id } }',
      {},
      'BAD_USER_INPUT',
    ],
    ['a query', '{ customer(id: "x") { id } }', {}, 'BAD_REQUEST'],
    ['a syntax error', 'subscription { customerContext(id: ', {}, 'GRAPHQL_PARSE_FAILED'],
  ])('refuses %s with a coded GraphQL error', async (_name, query, variables, code) => {
    const seen = watch(agentClient(), { query, variables });
    await eventually(async () => expect(seen.errors).toHaveLength(1));
    expect(seen.errors[0]).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code }) }),
    ]);
    expect(seen.results).toEqual([]);
  });

  it('holds at most maxPerConnection subscriptions per connection', async () => {
    const client = agentClient();
    const open = [1, 2, 3].map(() =>
      watch(client, { query: LIVE_NOTES, variables: { id: DANA_ID } }),
    );
    await eventually(async () => expect(open.map((s) => s.results.length)).toEqual([1, 1, 1]));
    const extra = watch(client, { query: LIVE_NOTES, variables: { id: DANA_ID } });
    await eventually(async () => expect(extra.errors).toHaveLength(1));
    expect(extra.errors[0]).toEqual([
      expect.objectContaining({ message: 'at most 3 subscriptions per connection' }),
    ]);
    expect(open.every((s) => s.errors.length === 0 && !s.completed)).toBe(true);
  });

  it('pings an idle connection every keepAliveMs', async () => {
    const own = await startSubscriptionRig(stack, { keepAliveMs: 200 });
    try {
      const raw = await openRawSocket(own.wsUrl, await stack.tokenFor(TEST_AGENT));
      await eventually(async () => expect(raw.pings).toBeGreaterThanOrEqual(3));
      raw.socket.close();
    } finally {
      await own.stop();
    }
  });

  it('coalesces: a reader that is not reading while 20 changes land gets few sends, the newest last', async () => {
    // Its own server with pings far apart: they would cut a reader that does not read
    // for two intervals.
    const own = await startSubscriptionRig(stack, { keepAliveMs: 30_000 });
    const raw = await openRawSocket(own.wsUrl, await stack.tokenFor(TEST_AGENT));
    raw.send({
      id: 'live',
      type: 'subscribe',
      payload: { query: LIVE_NOTES, variables: { id: DANA_ID } },
    });
    await eventually(async () =>
      expect(raw.messages.filter((m) => m.type === 'next')).toHaveLength(1),
    );
    const delayMs = 1000;
    own.proxy.delayMs = delayMs; // each run of the live query takes at least this long
    const runsBefore = own.proxy.requests.length;
    raw.socket.pause();
    const bodies: string[] = [];
    const burstStarted = Date.now();
    for (let n = 0; n < 20; n++) {
      bodies.push(`burst ${n}`);
      await addNote(stack, `burst ${n}`);
      own.fire(customerTag(DANA_ID));
    }
    const burstMs = Date.now() - burstStarted;
    // Quiet: every run has answered and none is owed.
    await eventually(async () => expect(own.runsInFlight()).toBe(0), 60_000);
    raw.socket.resume();
    // The newest state reaches the reader once it reads again.
    await eventually(async () =>
      expect(
        noteBodies(
          raw.messages.filter((m) => m.type === 'next').at(-1)?.payload as FormattedExecutionResult,
        ),
      ).toEqual(expect.arrayContaining(bodies)),
    );
    const updates = raw.messages.filter((m) => m.type === 'next').slice(1);
    const runs = own.proxy.requests.length - runsBefore;
    // One run at a time: those that fit in the burst, plus the one re-run owed after it.
    expect(runs).toBeLessThanOrEqual(Math.ceil(burstMs / delayMs) + 2);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(Math.min(runs, 8));
    expect(noteBodies(updates.at(-1)?.payload as FormattedExecutionResult)).toEqual(
      expect.arrayContaining(bodies),
    );
    raw.socket.close();
    await own.stop();
  });
});

describe('the live query itself (no transport)', () => {
  it('holds only the newest result for a reader that does not read while 20 changes land', async () => {
    const outcomes: UpdateOutcome[] = [];
    let runs = 0;
    let inFlight = 0;
    const query = new LiveQuery({
      run: async () => {
        runs++;
        inFlight++;
        try {
          return await stack.gatewayQuery(
            `{ customerContext: customer(id: "${DANA_ID}") { cases { notes { body } } } }`,
          );
        } finally {
          inFlight--;
        }
      },
      responseKey: 'customerContext',
      onUpdate: (outcome) => outcomes.push(outcome),
    }).start();
    expect((await query.next()).done).toBe(false);
    const bodies: string[] = [];
    for (let n = 0; n < 20; n++) {
      bodies.push(`unread ${n}`);
      await addNote(stack, `unread ${n}`);
      query.changed();
    }
    await eventually(async () => expect(inFlight).toBe(0));
    expect(runs).toBeGreaterThan(2); // the reader's absence does not stop the runs...
    const latest = await query.next(); // ...but only the newest result waits for it
    expect(noteBodies(latest.value as FormattedExecutionResult)).toEqual(
      expect.arrayContaining(bodies),
    );
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'coalesced').length).toBeGreaterThanOrEqual(1);
    // Nothing else is queued: the next pull answers the next change (a marker), not
    // something held from before it.
    await addNote(stack, 'unread marker');
    query.changed();
    const next = await query.next();
    expect(noteBodies(next.value as FormattedExecutionResult)).toContain('unread marker');
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(2);
    await query.return();
  });
});

describe('close()', () => {
  it('closes open sockets with 1001 without waiting out its grace period, so the HTTP server can close', async () => {
    // A grace far longer than any close on a loaded machine: a close() that sat out the
    // grace before cutting would take a minute, one that completes the handshakes takes
    // moments.
    const closeGraceMs = 60_000;
    const own = await startSubscriptionRig(stack, { closeGraceMs });
    const client = wsClient(own, agent);
    const closed = closeOf(client);
    const seen = watch(client, { query: LIVE_NOTES, variables: { id: DANA_ID } });
    await eventually(async () => expect(seen.results).toHaveLength(1));
    const started = Date.now();
    await own.server.close();
    expect(Date.now() - started).toBeLessThan(closeGraceMs / 2);
    await own.stop();
    // 1001 is the close handshake; a socket cut at the end of the grace would show 1006.
    expect(await closed).toEqual(expect.objectContaining({ code: 1001 }));
    expect(
      await metricValue(own.metrics, 'gateway_subscriptions_active', { transport: 'ws' }),
    ).toBe(0);
    await client.dispose();
  });
});
