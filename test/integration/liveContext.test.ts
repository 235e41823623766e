import { createHash, randomUUID } from 'node:crypto';
import { customerTag } from '../../lib/cacheTags';
import type { Claims } from '../../lib/claims';
import { recordEvent } from '../../subgraphs/shared/outbox';
import { generatedCustomerId, PERSONA, PERSONA_SUPPORT } from '../../subgraphs/shared/seedIds';
import { eventually } from '../harness/eventually';
import { subscribeOverSse, subscribeOverWebSocket } from '../harness/liveClients';
import { postToGateway, statementCounts, type RawGatewayResponse } from '../harness/postToGateway';
import { startTestRedis, type TestRedis } from '../harness/redisServer';
import { metricValue } from '../harness/startGatewayFor';
import { startGatewayProcess, type GatewayProcess } from '../harness/startGatewayProcess';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';
import { assigneeWithUnreadNotes } from '../harness/unreadNotes';

jest.setTimeout(120_000);

const DANA: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
const SAM: Claims = { sub: PERSONA.sam, role: 'customer', scopes: [] };

/** What a customer's own app shows: everything here is hers to see, so it caches whole. */
const MY_ACCOUNT = /* GraphQL */ `
  query MyAccount($id: ID!) {
    customer(id: $id) {
      id
      displayName
      contactPoints {
        kind
        value
      }
      orders(first: 5) {
        edges {
          node {
            id
            status
            items {
              quantity
              offering {
                id
                name
              }
            }
          }
        }
      }
      services {
        id
        status
        offering {
          name
        }
      }
      appointments(upcoming: true) {
        id
        status
      }
      cases(openOnly: true) {
        id
        title
        status
      }
    }
  }
`;

/** What a rep's tool reads about a case: the notes. */
const REP_NOTES = /* GraphQL */ `
  query RepNotes($id: ID!) {
    customer(id: $id) {
      id
      displayName
      cases(openOnly: true) {
        id
        notes {
          id
          body
        }
      }
      orders(first: 5) {
        edges {
          node {
            id
            status
          }
        }
      }
    }
  }
`;

const LIVE_NOTES = /* GraphQL */ `
  subscription LiveNotes($id: ID!) {
    customerContext(id: $id) {
      id
      cases(openOnly: true) {
        id
        notes {
          id
          body
        }
      }
    }
  }
`;

const ADD_NOTE = /* GraphQL */ `
  mutation AddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
      body
    }
  }
`;

interface Topology {
  name: string;
  /** Gateway A and gateway B: the same one in a one-process topology. */
  a: string;
  b: string;
  stack: TestStack;
  redis: TestRedis | null;
  stop(): Promise<void>;
}

type Start = () => Promise<Topology>;

const oneProcess: [string, Start] = [
  'one gateway process on the in-memory cache and bus',
  async () => {
    const stack = await startTestStack({ seedCustomers: 5 });
    await stack.flushOutboxes();
    const url = stack.gateway.url;
    return { name: 'memory', a: url, b: url, stack, redis: null, stop: () => stack.stop() };
  },
];

const twoProcesses: [string, Start] = [
  'two gateway processes sharing Redis',
  async () => {
    const redis = await startTestRedis();
    const stack = await startTestStack({ seedCustomers: 5, redisUrl: redis.url });
    await stack.flushOutboxes();
    const env = { REDIS_URL: redis.url, CACHE: 'redis' };
    let a: GatewayProcess | null = null;
    let b: GatewayProcess | null = null;
    try {
      const args = ['--policies', 'schema/policies.ts'];
      a = await startGatewayProcess(stack, { env, args });
      b = await startGatewayProcess(stack, { env, args });
    } catch (error) {
      await a?.stop();
      await stack.stop();
      await redis.destroy();
      throw error;
    }
    return {
      name: 'redis',
      a: a.url,
      b: b.url,
      stack,
      redis,
      async stop() {
        await Promise.all([a?.stop(), b?.stop()]);
        await stack.stop();
        await redis.destroy();
      },
    };
  },
];

// Two processes need a real Redis; CI sets REDIS_URL (and a missing server fails there).
const topologies =
  process.env.REDIS_URL || process.env.CI ? [oneProcess, twoProcesses] : [oneProcess];

describe.each(topologies)('caching and the live customer context: %s', (name, start) => {
  let t: Topology;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await start();
    tokens.dana = await t.stack.tokenFor(DANA);
    tokens.sam = await t.stack.tokenFor(SAM);
    tokens.agent = await t.stack.tokenFor(TEST_AGENT);
  });
  afterAll(() => t?.stop());

  const ask = <T = Record<string, unknown>>(
    url: string,
    token: string | null,
    query: string,
    variables: Record<string, unknown>,
    extensions?: Record<string, unknown>,
  ): Promise<RawGatewayResponse<T>> =>
    postToGateway<T>(
      url,
      { query, variables, ...(extensions ? { extensions } : {}) },
      token ? { authorization: `Bearer ${token}` } : {},
    );

  it('serves a customer her cached context through the other replica with no subgraph call', async () => {
    const first = await ask(t.a, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data).toMatchObject({
      customer: { id: PERSONA.dana, displayName: 'Dana Reyes' },
    });
    // Seed events may still be evicting her entries; once they settle, B answers from
    // the cache A filled without a single statement in any subgraph.
    await eventually(async () => {
      await ask(t.a, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });
      const before = await statementCounts(t.stack);
      const second = await ask(t.b, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });
      expect(second.headers.get('x-cache')).toBe('hit');
      expect(await statementCounts(t.stack)).toEqual(before);
      expect(second.body).toEqual(first.body);
    });
  });

  it("lets a rep's repeat read skip every subgraph's reads but the audited customer lookup", async () => {
    await ask(t.a, tokens.agent!, REP_NOTES, { id: PERSONA.priya });
    await eventually(async () => {
      await ask(t.a, tokens.agent!, REP_NOTES, { id: PERSONA.priya });
      const before = await statementCounts(t.stack);
      const again = await ask(t.b, tokens.agent!, REP_NOTES, { id: PERSONA.priya });
      expect(again.body.errors).toBeUndefined();
      expect(again.headers.get('x-cache')).toBe('revalidated');
      const after = await statementCounts(t.stack);
      // crm reads and audits the customer every time (the stored answer is served once it
      // answers alike); orders and support read nothing. At most each records the read
      // from the receipt of the stored answer (one INSERT), when the answer was stored for
      // the class; an answer stored for this rep alone sends none (the rep's first read
      // is on record), and a read would take a SELECT more.
      expect(after['crm']).toBeGreaterThan(before['crm']!);
      expect(after['orders']! - before['orders']!).toBeLessThanOrEqual(1);
      expect(after['support']! - before['support']!).toBeLessThanOrEqual(1);
    });
  });

  it('shows a note added through A on the next read through B, and pushes it to WebSocket and SSE subscribers on B', async () => {
    const variables = { id: PERSONA.dana };
    const ws = subscribeOverWebSocket(t.b, tokens.agent!, LIVE_NOTES, variables);
    const sse = subscribeOverSse(t.b, tokens.agent!, LIVE_NOTES, variables);
    try {
      const hasCase = (r: { data?: Record<string, unknown> | null }) =>
        Boolean((r.data?.['customerContext'] as { cases?: unknown[] } | undefined)?.cases?.length);
      await ws.next(hasCase);
      await sse.next(hasCase);
      // Warm B's caches with the rep's read.
      await ask(t.b, tokens.agent!, REP_NOTES, variables);
      await ask(t.b, tokens.agent!, REP_NOTES, variables);

      const body = `Called back about the move ${randomUUID()}`;
      const added = await ask<{ addNote: { id: string } }>(t.a, tokens.agent!, ADD_NOTE, {
        input: { subjectId: PERSONA_SUPPORT.danaCase, body, idempotencyKey: randomUUID() },
      });
      expect(added.body.errors).toBeUndefined();
      const acknowledged = Date.now();

      const next = await ask(t.b, tokens.agent!, REP_NOTES, variables);
      expect(JSON.stringify(next.body.data)).toContain(body);

      const hasNote = (r: { data?: unknown }) => JSON.stringify(r.data ?? null).includes(body);
      await ws.next(hasNote);
      const wsMs = Date.now() - acknowledged;
      await sse.next(hasNote);
      const sseMs = Date.now() - acknowledged;
      // The note's domain event reached B's invalidation too (not only A's mutation path).
      const lag = await eventually(async () => {
        const text = await (await fetch(`${t.b}/metrics`)).text();
        const count = metricValue(text, 'gateway_cache_invalidation_lag_seconds_count') ?? 0;
        const within1s =
          metricValue(text, 'gateway_cache_invalidation_lag_seconds_bucket', { le: '1' }) ?? 0;
        const sum = metricValue(text, 'gateway_cache_invalidation_lag_seconds_sum') ?? 0;
        expect(count).toBeGreaterThan(0);
        return { count, within1s, meanMs: (sum / count) * 1000 };
      });
      console.info(
        `[${t.name}] note pushed: WebSocket ${wsMs} ms, SSE ${sseMs} ms after the mutation answered; ` +
          `events evicted on B: ${lag.count}, ${lag.within1s} within 1 s of publication, mean ${lag.meanMs.toFixed(1)} ms`,
      );
      // Results are only sent when they change: each subscriber got the initial state,
      // then the note, and nothing twice in a row.
      for (const sub of [ws, sse]) {
        const texts = sub.results.map((r) => JSON.stringify(r));
        expect(texts.every((text, i) => i === 0 || text !== texts[i - 1])).toBe(true);
      }
    } finally {
      await ws.close();
      await sse.close();
    }
  });

  it("never gives a customer another customer's cached data", async () => {
    const leaks = (response: RawGatewayResponse, name: string, id: string) => {
      const text = JSON.stringify(response.body.data ?? null);
      return text.includes(name) || text.includes(id);
    };
    // An agent's reads of Sam fill the entity caches under the agent.
    for (let i = 0; i < 2; i += 1) {
      await ask(t.a, tokens.agent!, MY_ACCOUNT, { id: PERSONA.sam });
      await ask(t.b, tokens.agent!, REP_NOTES, { id: PERSONA.sam });
    }
    // Dana's own reads fill the response cache under Dana.
    await ask(t.a, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });
    await ask(t.b, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });

    for (const url of [t.a, t.b]) {
      const danaAsksForSam = await ask(url, tokens.dana!, MY_ACCOUNT, { id: PERSONA.sam });
      expect(leaks(danaAsksForSam, 'Sam Okafor', PERSONA.sam)).toBe(false);
      const samAsksForDana = await ask(url, tokens.sam!, MY_ACCOUNT, { id: PERSONA.dana });
      expect(leaks(samAsksForDana, 'Dana Reyes', PERSONA.dana)).toBe(false);
      const anonymousAsksForDana = await ask(url, null, MY_ACCOUNT, { id: PERSONA.dana });
      expect(leaks(anonymousAsksForDana, 'Dana Reyes', PERSONA.dana)).toBe(false);
      const samAsksForNotes = await ask(url, tokens.sam!, REP_NOTES, { id: PERSONA.sam });
      expect(JSON.stringify(samAsksForNotes.body.data)).not.toContain('"body"');
    }

    // A persisted query registered by Dana runs as whoever sends its hash.
    const sha256Hash = createHash('sha256').update(MY_ACCOUNT).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    const registered = await ask(
      t.a,
      tokens.dana!,
      MY_ACCOUNT,
      { id: PERSONA.dana },
      { persistedQuery },
    );
    expect(registered.body.errors).toBeUndefined();
    // Apollo Server stores a registration without awaiting it (fire-and-forget), so the
    // hash reaches Redis a moment after A's answer: ask B until it knows the hash. No
    // attempt, the early ones included, may leak.
    let leaked = false;
    await eventually(async () => {
      const byHash = await postToGateway(
        t.b,
        { variables: { id: PERSONA.dana }, extensions: { persistedQuery } },
        { authorization: `Bearer ${tokens.sam!}` },
      );
      leaked ||= leaks(byHash, 'Dana Reyes', PERSONA.dana);
      expect(JSON.stringify(byHash.body.errors ?? [])).not.toContain('PersistedQueryNotFound');
    });
    expect(leaked).toBe(false);
  });

  it('closes a subscription when its token expires', async () => {
    const shortLived = await t.stack.tokenFor(DANA, 3);
    const query = 'subscription { customerContext(id: "cus-dana-reyes") { id displayName } }';
    const ws = subscribeOverWebSocket(t.b, shortLived, query);
    const sse = subscribeOverSse(t.b, shortLived, query);
    try {
      await ws.next((r) => Boolean(r.data));
      await sse.next((r) => Boolean(r.data));
      const wsEnd = await ws.ended;
      expect(wsEnd.code).toBe(4401);
      await sse.ended;
      const last = sse.results.at(-1);
      expect(last?.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    } finally {
      await ws.close();
      await sse.close();
    }
  });

  it("keeps a rep's stored attention when another rep opens the customer, and drops it, stored and live, when the case's assignee does", async () => {
    const ATTENTION = /* GraphQL */ `
      query RepAttention($id: ID!) {
        customer(id: $id) {
          id
          attention {
            code
            message
          }
        }
      }
    `;
    type Attention = { customer: { attention: { code: string; message: string }[] } };
    const assignee = await assigneeWithUnreadNotes(t.stack.database.db, PERSONA.dana);
    const other = 'agt-social-riley';
    expect(other).not.toBe(assignee);
    const view = async (agentId: string) => {
      const token = await t.stack.tokenFor({ sub: agentId, role: 'agent', scopes: [] });
      const recorded = await ask(
        t.a,
        token,
        `mutation ($input: RecordCustomerViewInput!) { recordCustomerView(input: $input) { viewedAt } }`,
        { input: { customerId: PERSONA.dana, agentId } },
      );
      expect(recorded.body.errors).toBeUndefined();
    };
    const attention = () => ask<Attention>(t.b, tokens.agent!, ATTENTION, { id: PERSONA.dana });
    // Re-runs of B's live subscriptions that have finished, by transport: each ends in one
    // outcome (sent, unchanged, or coalesced when a newer result replaced it unsent).
    const finishedRuns = async (transport: 'ws' | 'sse') => {
      const text = await (await fetch(`${t.b}/metrics`)).text();
      return ['sent', 'unchanged', 'coalesced'].reduce(
        (sum, outcome) =>
          sum +
          (metricValue(text, 'gateway_subscription_updates_total', { transport, outcome }) ?? 0),
        0,
      );
    };
    // The earlier tests' subscriptions are closed: from here on only the one below runs
    // over WebSocket on B.
    const wsRunsBefore = await finishedRuns('ws');
    // The same rep's live screen on B.
    const live = subscribeOverWebSocket(
      t.b,
      tokens.agent!,
      ATTENTION.replace('query RepAttention', 'subscription LiveAttention').replace(
        'customer(id: $id)',
        'customerContext(id: $id)',
      ),
      { id: PERSONA.dana },
    );
    const liveCodes = (r: { data?: Record<string, unknown> | null }) =>
      ((r.data?.['customerContext'] as Attention['customer'] | undefined)?.attention ?? []).map(
        (f) => f.code,
      );
    const reruns = async () =>
      metricValue(
        await (await fetch(`${t.b}/metrics`)).text(),
        'gateway_subscription_updates_total',
        {
          transport: 'ws',
          outcome: 'unchanged',
        },
      ) ?? 0;
    // Runs of the live screen, finished or not: each reads Dana, and crm records the read
    // (under the operation's name) before it answers.
    const liveRuns = async () => {
      const [row] = await t.stack.database.db.query<{ runs: number }>(
        `SELECT count(*)::int AS runs FROM crm.customer_access
          WHERE customer_id = $1 AND agent_id = $2 AND operation_name = 'LiveAttention'`,
        [PERSONA.dana, TEST_AGENT.sub],
      );
      return row!.runs;
    };
    // The rep's answer is stored (their own reads' views, logged meanwhile, do not evict
    // it: they are not the assignee).
    await eventually(async () => {
      await attention();
      expect((await attention()).headers.get('x-cache')).toBe('revalidated');
    });
    const stored = (await attention()).body;
    expect(stored.data?.customer.attention.map((f) => f.code)).toContain('UNREAD_NOTES');

    // A stored answer about Priya, evicted by a barrier event published after the other
    // rep's view: once it is gone on B, B has read that view's event too (one feed, in
    // order).
    const priyaNotes = () => ask(t.b, tokens.agent!, REP_NOTES, { id: PERSONA.priya });
    await eventually(async () => {
      await priyaNotes();
      expect((await priyaNotes()).headers.get('x-cache')).toBe('revalidated');
    });
    await view(other);
    await t.stack.flushOutboxes();
    await eventually(async () => {
      const [row] = await t.stack.database.db.query<{ published: boolean }>(
        `SELECT bool_and(published_at IS NOT NULL) AS published FROM support.outbox
          WHERE event_type = 'customer.view_logged' AND actor = $1`,
        [other],
      );
      expect(row?.published).toBe(true);
    });
    await recordEvent(t.stack.database.db, 'support', {
      customerId: PERSONA.priya,
      type: 'test.barrier',
      subject: { typename: 'Customer', id: PERSONA.priya },
      summary: 'barrier',
      payload: { invalidates: [customerTag(PERSONA.priya)], timeline: false },
    });
    await t.stack.flushOutboxes();
    await eventually(async () => {
      expect((await priyaNotes()).headers.get('x-cache')).toBe('miss');
    });
    // The rep's stored attention depends on the assignee's views only: it stays.
    for (let i = 0; i < 3; i++) {
      const kept = await attention();
      expect(kept.headers.get('x-cache')).toBe('revalidated');
      expect(kept.body).toEqual(stored);
    }

    // A subscription on B to a customer no event of this test names but the barriers below,
    // so it re-runs on those alone: B reads its feed in order, so once it re-ran on a
    // barrier, B has heard every event published before it.
    const quiet = generatedCustomerId(1);
    const probe = subscribeOverSse(
      t.b,
      tokens.agent!,
      'subscription BarrierProbe($id: ID!) { customerContext(id: $id) { id displayName } }',
      { id: quiet },
    );
    const danaEvents = Object.keys(t.stack.subgraphs)
      .map((schema) => `SELECT published_at FROM ${schema}.outbox WHERE customer_id = $1`)
      .join(' UNION ALL ');
    /**
     * Waits until B has caught up with the live screen's runs so far: every view of Dana
     * crm recorded is in support's log and every event about her is published (the
     * view_logged events among them), B has heard a barrier published after them, and
     * every run it started has finished (as many access rows in crm as runs with an
     * outcome, plus the first).
     */
    const caughtUp = async () => {
      await eventually(async () => {
        await t.stack.flushOutboxes();
        const [row] = await t.stack.database.db.query<{ unlogged: number; unpublished: number }>(
          `SELECT (SELECT count(*)::int FROM crm.outbox o
                    WHERE o.customer_id = $1 AND o.event_type = 'customer.viewed'
                      AND EXISTS (SELECT 1 FROM support.agent a WHERE a.id = o.actor)
                      AND NOT EXISTS (
                        SELECT 1 FROM support.customer_view v
                         WHERE v.agent_id = o.actor AND v.customer_id = o.customer_id
                           AND v.viewed_at = o.occurred_at)) AS unlogged,
                  (SELECT count(*)::int FROM (${danaEvents}) AS event
                    WHERE published_at IS NULL) AS unpublished`,
          [PERSONA.dana],
        );
        expect(row).toEqual({ unlogged: 0, unpublished: 0 });
      });
      const heard = await finishedRuns('sse');
      await recordEvent(t.stack.database.db, 'support', {
        customerId: quiet,
        type: 'test.barrier',
        subject: { typename: 'Customer', id: quiet },
        summary: 'barrier',
        payload: { invalidates: [customerTag(quiet)], timeline: false },
      });
      await t.stack.flushOutboxes();
      await eventually(async () => expect(await finishedRuns('sse')).toBeGreaterThan(heard));
      await eventually(async () => {
        const finished = (await finishedRuns('ws')) - wsRunsBefore;
        expect(await liveRuns()).toBe(1 + finished);
      });
    };

    try {
      await probe.next((r) => Boolean(r.data));
      await live.next((r) => liveCodes(r).includes('UNREAD_NOTES'));

      // The assignee opens her: the unread notes are read, and no one is shown the old
      // flag, neither on a read nor on the live screen.
      await view(assignee);
      await eventually(async () => {
        const fresh = await attention();
        expect(fresh.body.errors).toBeUndefined();
        expect(fresh.body.data?.customer.attention.map((f) => f.code)).not.toContain(
          'UNREAD_NOTES',
        );
      });
      const cleared = await live.next((r) => !liveCodes(r).includes('UNREAD_NOTES'));
      expect(liveCodes(cleared)).toEqual(
        stored.data!.customer.attention.map((f) => f.code).filter((c) => c !== 'UNREAD_NOTES'),
      );
      // Each live run is a read, logged as a view: it must not set off another run.
      await t.stack.flushOutboxes();
      const settled = await reruns();
      await caughtUp();
      const caught = await reruns();
      expect(caught - settled).toBeLessThanOrEqual(2);
      // Once more: the views of the runs counted above are logged and heard too, and set
      // off none.
      await caughtUp();
      expect(await reruns()).toBe(caught);
      expect(live.results.length).toBeLessThanOrEqual(3);
    } finally {
      await live.close();
      await probe.close();
    }
  });

  // Only where there is a Redis to stop (the two-process topology).
  const withRedis = name === twoProcesses[0] ? it : null;
  withRedis?.(
    'keeps answering while Redis is down, says so, and caches again once it is back',
    async () => {
      const redis = t.redis!;
      const results: { status: number; errors: number }[] = [];
      let running = true;
      const load = async (url: string) => {
        while (running) {
          const response = await ask(url, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });
          results.push({ status: response.status, errors: response.body.errors?.length ?? 0 });
        }
      };
      const workers = [t.a, t.b, t.a, t.b, t.a, t.b].map((url) => load(url));
      const cacheAvailable = async () =>
        metricValue(await (await fetch(`${t.b}/metrics`)).text(), 'gateway_cache_available', {
          store: 'redis',
        });
      // Answers flow before the outage (a round of every worker).
      await eventually(async () => expect(results.length).toBeGreaterThanOrEqual(6), 30_000);
      await redis.stop();
      const countBeforeOutage = results.length;
      // B has noticed, and more than ten answers came back during the outage.
      await eventually(async () => expect(await cacheAvailable()).toBe(0), 30_000);
      await eventually(
        async () => expect(results.length).toBeGreaterThan(countBeforeOutage + 10),
        30_000,
      );
      const ready = await fetch(`${t.b}/ready`);
      const readiness = (await ready.json()) as {
        checks: Record<string, { ok: boolean; detail?: string }>;
      };
      const metricsDuringOutage = await (await fetch(`${t.b}/metrics`)).text();
      await redis.start();
      // Load goes on until B uses Redis again.
      await eventually(async () => expect(await cacheAvailable()).toBe(1), 30_000);
      running = false;
      await Promise.all(workers);

      expect(results.length).toBeGreaterThan(countBeforeOutage + 10);
      expect(results.filter((r) => r.status !== 200 || r.errors > 0)).toEqual([]);
      expect(ready.status).toBe(200);
      expect(readiness.checks['cache']?.detail).toMatch(/unavailable/);
      expect(metricValue(metricsDuringOutage, 'gateway_cache_available', { store: 'redis' })).toBe(
        0,
      );

      await eventually(async () => {
        await ask(t.a, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });
        const again = await ask(t.b, tokens.dana!, MY_ACCOUNT, { id: PERSONA.dana });
        expect(again.headers.get('x-cache')).toBe('hit');
      }, 15_000);
      const metricsAfter = await (await fetch(`${t.b}/metrics`)).text();
      expect(metricValue(metricsAfter, 'gateway_cache_available', { store: 'redis' })).toBe(1);
      console.info(
        `[${t.name}] ${results.length} requests under load across a Redis outage, none failed`,
      );
    },
  );
});
