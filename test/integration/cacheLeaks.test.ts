import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Claims } from '../../lib/claims';
import { OFFERING, PERSONA } from '../../subgraphs/shared/seedIds';
import { eventually } from '../harness/eventually';
import { subscribeOverWebSocket } from '../harness/liveClients';
import { postToGateway, type RawGatewayResponse } from '../harness/postToGateway';
import { startTestRedis, type TestRedis } from '../harness/redisServer';
import { ROOT } from '../harness/runCommand';
import { clearOfMinuteEnd } from '../harness/clearOfMinuteEnd';
import { metricValue, startGatewayFor, type ExtraGateway } from '../harness/startGatewayFor';
import { startTestStack, TEST_AGENT, type TestStack } from '../harness/startTestStack';

/*
 * Security review of the gateway's caches and live subscriptions, against the real
 * system (in-process subgraphs and gateways, real Redis and PostgreSQL where noted).
 *
 * Tests named "LEAK:" reproduce a finding of the review: they assert the behaviour that
 * is wrong today (stale data after an acknowledged change, a cache key that ignores part
 * of the request, ...). Invert their final assertions when the finding is fixed. The
 * other tests assert attacks that were tried and fail.
 */

jest.setTimeout(120_000);

const DANA: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
const SAM: Claims = { sub: PERSONA.sam, role: 'customer', scopes: [] };
const LEE: Claims = { sub: PERSONA.lee, role: 'customer', scopes: [] };
const MORGAN: Claims = { sub: 'agt-sales-morgan', role: 'agent', team: 'sales', scopes: [] };
const SUPERVISOR: Claims = { sub: 'sup-review', role: 'supervisor', team: 'care', scopes: [] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const UPDATE_PREFERENCES = /* GraphQL */ `
  mutation UpdatePreferences($input: UpdatePreferencesInput!) {
    updatePreferences(input: $input) {
      id
      preferences {
        language
      }
    }
  }
`;

const LANGUAGES = ['de-DE', 'fr-CA', 'it-IT', 'es-MX', 'pt-BR'];

/** A language other than `current`, so every run makes a real change. */
function otherLanguage(current: string | undefined): string {
  return LANGUAGES.find((language) => language !== current) ?? LANGUAGES[0]!;
}

function ask<T = Record<string, unknown>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<RawGatewayResponse<T>> {
  return postToGateway<T>(
    url,
    { query, variables },
    token ? { authorization: `Bearer ${token}` } : {},
  );
}

describe('caches and subscriptions of one gateway', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 3 });
    await stack.flushOutboxes();
    tokens.dana = await stack.tokenFor(DANA);
    tokens.sam = await stack.tokenFor(SAM);
    tokens.lee = await stack.tokenFor(LEE);
    tokens.jordan = await stack.tokenFor(TEST_AGENT);
    tokens.morgan = await stack.tokenFor(MORGAN);
  });
  afterAll(() => stack?.stop());
  afterEach(() => jest.useRealTimers());

  it('never lets a read arriving after an acknowledged change join an in-flight fetch that began before it, nor cache what that fetch read', async () => {
    // crm reads at once but its answer to the first `SlowRead` comes back only when the
    // test says (a slow resolver elsewhere in the answer, a slow network): nothing else
    // is slowed.
    const proxy = await holdingProxy(stack.subgraphs['crm']!.graphqlUrl, 'SlowRead');
    const gateway = await startGatewayFor(stack, {
      subgraphUrls: { crm: proxy.url },
      env: { SUBGRAPH_TIMEOUT_MS: '15000', REQUEST_TIMEOUT_MS: '15000' },
    });
    try {
      const url = gateway.gateway.url;
      const SLOW_READ =
        'query SlowRead($id: ID!) { customer(id: $id) { id preferences { language } } }';
      const languageOf = (response: RawGatewayResponse) =>
        (response.body.data as { customer?: { preferences?: { language?: string } } } | undefined)
          ?.customer?.preferences?.language;
      const before = await ask(
        url,
        tokens.sam!,
        'query Now($id: ID!) { customer(id: $id) { preferences { language } } }',
        { id: PERSONA.sam },
      );
      const old = languageOf(before)!;
      const fresh = otherLanguage(old);
      // Warm the mutation's plan and connection (sets the language it already has).
      await ask(url, tokens.sam!, UPDATE_PREFERENCES, {
        input: { customerId: PERSONA.sam, language: old, actor: 'customer' },
      });

      // 1. Sam's app reads; crm has read the old language, its answer is still on the way.
      const first = ask(url, tokens.sam!, SLOW_READ, { id: PERSONA.sam });
      let firstSettled = false;
      void first.finally(() => (firstSettled = true));
      await eventually(async () => expect(proxy.answered()).toBe(1));
      // 2. Sam changes the language; the gateway evicts customer:<sam> and acknowledges.
      const changed = await ask(url, tokens.sam!, UPDATE_PREFERENCES, {
        input: { customerId: PERSONA.sam, language: fresh, actor: 'customer' },
      });
      expect(changed.body.errors).toBeUndefined();
      expect(changed.body.data).toMatchObject({
        updatePreferences: { preferences: { language: fresh } },
      });
      // 3. Past the guard's 1 s slack (real time: load only lengthens the wait), Sam reads
      //    again: the fetch of step 1 is still in flight (held), but it began before the
      //    change, so this read does not join it (joined, it would wait for step 1).
      await sleep(1_300);
      const afterChange = await ask(url, tokens.sam!, SLOW_READ, { id: PERSONA.sam });
      expect(firstSettled).toBe(false);
      proxy.release();
      await first;
      const later = await ask(url, tokens.sam!, SLOW_READ, { id: PERSONA.sam });

      expect(languageOf(afterChange)).toBe(fresh);
      // Step 1's late answer was read before the change: it must not have been cached.
      expect(languageOf(later)).toBe(fresh);
      const truth = await stack.query<{ customer: { preferences: { language: string } } }>(
        'crm',
        'query($id: ID!) { customer(id: $id) { preferences { language } } }',
        { id: PERSONA.sam },
      );
      expect(truth.data?.customer.preferences.language).toBe(fresh);
    } finally {
      await gateway.stop();
      await proxy.stop();
    }
  });

  it('keys a variable named __proto__ like any other, so one caller cannot choose what another is served', async () => {
    const query = 'query Offer($__proto__: ID!) { productOffering(id: $__proto__) { id name } }';
    const raw = (id: string) =>
      `{"query":${JSON.stringify(query)},"variables":{"__proto__":"${id}"}}`;
    const dana = await postToGateway(stack.gateway.url, raw(OFFERING.internet300), {
      authorization: `Bearer ${tokens.dana}`,
    });
    expect(dana.body.data).toEqual({
      productOffering: { id: OFFERING.internet300, name: 'Internet 300' },
    });
    // Sam (another customer: the same authorization class) asks for a different offering.
    const sam = await postToGateway(stack.gateway.url, raw(OFFERING.tvPremiumPackage), {
      authorization: `Bearer ${tokens.sam}`,
    });
    expect(sam.headers.get('x-cache')).not.toBe('hit');
    expect(sam.body.data).toEqual({
      productOffering: { id: OFFERING.tvPremiumPackage, name: expect.any(String) as string },
    });
    expect(JSON.stringify(sam.body.data)).not.toContain('Internet 300');
  });

  it("never runs a client's root field aliased _entities (with a $representations variable) through the entity cache", async () => {
    const query = /* GraphQL */ `
      query Splice($representations: [ID!]!) {
        _entities: customersByIds(ids: $representations) {
          id
          displayName
        }
        decoy: customer(id: " _entities(") {
          id
        }
      }
    `;
    const first = await ask(stack.gateway.url, tokens.dana!, query, {
      representations: [PERSONA.dana, PERSONA.sam],
    });
    expect(first.headers.get('x-cache')).toBe('miss');
    // No entity fetch exists in this plan: crm gets every id and nothing comes from the
    // entity cache.
    const second = await ask(stack.gateway.url, tokens.dana!, query, {
      representations: [PERSONA.sam, PERSONA.dana],
    });
    expect(second.headers.get('x-cache')).toBe('miss');
    expect(second.body.data).toEqual({
      _entities: [null, { id: PERSONA.dana, displayName: 'Dana Reyes' }],
      decoy: null,
    });
  });

  (process.env.DATABASE_URL ? it : it.skip)(
    'a timeline entry written by support after the eviction evicts again (timeline.entry_added): the cache and live subscribers get it',
    async () => {
      const { Client } = await import('pg');
      const TIMELINE =
        'query Timeline($id: ID!) { customer(id: $id) { id timeline(first: 3) { edges { node { summary } } } } }';
      const url = stack.gateway.url;
      const now = await ask<{ customer: { preferences: { language: string } } }>(
        url,
        tokens.lee!,
        'query Now($id: ID!) { customer(id: $id) { preferences { language } } }',
        { id: PERSONA.lee },
      );
      const language = otherLanguage(now.body.data?.customer.preferences.language);
      const entry = `language ${language}`;
      const live = subscribeOverWebSocket(
        url,
        tokens.lee!,
        'subscription LiveTimeline($id: ID!) { customerContext(id: $id) { id preferences { language } timeline(first: 3) { edges { node { summary } } } } }',
        { id: PERSONA.lee },
      );
      const pg = new Client({ connectionString: stack.database.url! });
      await pg.connect();
      try {
        await live.next((r) => Boolean(r.data));
        // support's timeline consumer lags (load, a redelivery): it cannot insert yet.
        await pg.query('BEGIN');
        await pg.query('LOCK TABLE support.timeline_entry IN SHARE MODE');
        const changed = await ask(url, tokens.lee!, UPDATE_PREFERENCES, {
          input: { customerId: PERSONA.lee, language, actor: 'customer' },
        });
        expect(changed.body.errors).toBeUndefined();
        // The event evicted customer:<lee> and re-ran the subscription (new language, old timeline).
        await live.next((r) => JSON.stringify(r.data ?? null).includes(`"language":"${language}"`));
        // Past the guard's 1 s slack, so this read is stored (real time: load only lengthens it).
        await sleep(1_500);
        await ask(url, tokens.lee!, TIMELINE, { id: PERSONA.lee }); // cached without the entry
        await pg.query('COMMIT');
        await eventually(async () => {
          const truth = await stack.query(
            'support',
            'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { timeline(first: 1) { edges { node { summary } } } } } }',
            { r: [{ __typename: 'Customer', id: PERSONA.lee }] },
          );
          expect(JSON.stringify(truth.data)).toContain(entry);
        });
        // The entry's own event evicts customer:<lee> again and re-runs the subscription
        // (well within the timeline's 30 s maxAge and the 10 s these waits allow).
        await eventually(async () => {
          const read = await ask(url, tokens.lee!, TIMELINE, { id: PERSONA.lee });
          expect(JSON.stringify(read.body.data)).toContain(entry);
        });
        await live.next((r) => JSON.stringify(r.data ?? null).includes(entry));
      } finally {
        await pg.query('ROLLBACK').catch(() => undefined);
        await pg.end();
        await live.close();
      }
    },
  );

  it('answers a staff read of a customer from a cache only once crm has read and audited it again: every request leaves its own audit row', async () => {
    const REP_READ = /* GraphQL */ `
      query RepRead($id: ID!) {
        customer(id: $id) {
          id
          displayName
          orders(first: 3) {
            edges {
              node {
                id
                status
              }
            }
          }
          cases(openOnly: true) {
            id
            title
          }
        }
      }
    `;
    const accessesBy = async (agentId: string): Promise<number> => {
      const log = await stack.query<{ customerAccessLog: { edges: unknown[] } }>(
        'crm',
        'query($c: ID, $a: ID) { customerAccessLog(customerId: $c, agentId: $a, first: 100) { edges { cursor } } }',
        { c: PERSONA.priya, a: agentId },
        SUPERVISOR,
      );
      return log.data!.customerAccessLog.edges.length;
    };
    const notModified = async (): Promise<number> =>
      metricValue(
        await (await fetch(`${stack.gateway.url}/metrics`)).text(),
        'gateway_cache_requests_total',
        { cache: 'response', result: 'not_modified' },
      ) ?? 0;
    const jordanBefore = await accessesBy(TEST_AGENT.sub);
    const notModifiedBefore = await notModified();
    let requests = 0;
    await eventually(async () => {
      requests += 1;
      const read = await ask(stack.gateway.url, tokens.jordan!, REP_READ, { id: PERSONA.priya });
      expect(read.body.errors).toBeUndefined();
      // The stored answer is served once crm's audited read (sent again, as recorded,
      // with crm's validator) is answered "not modified"; nothing else is asked.
      expect(read.headers.get('x-cache')).toBe('revalidated');
      // A revalidation in a later minute than the stored validator's is a full read
      // (validators hold within their minute), which stores a new one: the next is
      // "not modified". So wait for that, not for the first revalidation.
      expect(await notModified()).toBeGreaterThan(notModifiedBefore);
    });
    expect(await accessesBy(TEST_AGENT.sub)).toBe(jordanBefore + requests);
    // A write to Priya that changes nothing read (or a new minute) makes the stored
    // validator stale: crm reads in full and answers alike with a new one, which the
    // gateway keeps, so the read after is "not modified" again. (Validators hold within
    // their minute: not this close to a minute's end.)
    clearOfMinuteEnd();
    await stack.database.db.query('UPDATE crm.customer SET given_name = given_name WHERE id = $1', [
      PERSONA.priya,
    ]);
    const beforeRenewal = await notModified();
    const full = await ask(stack.gateway.url, tokens.jordan!, REP_READ, { id: PERSONA.priya });
    expect(full.headers.get('x-cache')).toBe('revalidated');
    expect(await notModified()).toBe(beforeRenewal);
    const renewed = await ask(stack.gateway.url, tokens.jordan!, REP_READ, { id: PERSONA.priya });
    expect(renewed.headers.get('x-cache')).toBe('revalidated');
    expect(await notModified()).toBe(beforeRenewal + 1);
    // Another rep (another team) is not served Jordan's entries, and is audited too.
    const morganBefore = await accessesBy(MORGAN.sub);
    const morgan = await ask(stack.gateway.url, tokens.morgan!, REP_READ, { id: PERSONA.priya });
    expect(morgan.body.errors).toBeUndefined();
    expect(morgan.headers.get('x-cache')).toBe('miss');
    expect(await accessesBy(MORGAN.sub)).toBe(morganBefore + 1);
  });

  it('serves a rep a stored answer only while crm answers alike: a change made behind the gateway’s back shows at once, audited once', async () => {
    const NAME_READ = /* GraphQL */ `
      query NameRead($id: ID!) {
        customer(id: $id) {
          id
          displayName
          orders(first: 2) {
            edges {
              node {
                id
              }
            }
          }
        }
      }
    `;
    const read = () => ask(stack.gateway.url, tokens.jordan!, NAME_READ, { id: PERSONA.priya });
    const accesses = async (): Promise<number> => {
      const [row] = await stack.database.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM crm.customer_access WHERE customer_id = $1 AND agent_id = $2',
        [PERSONA.priya, TEST_AGENT.sub],
      );
      return row!.n;
    };
    const nameOf = (response: RawGatewayResponse) =>
      (response.body.data as { customer?: { displayName?: string } } | undefined)?.customer
        ?.displayName;
    await eventually(async () => {
      await read();
      expect((await read()).headers.get('x-cache')).toBe('revalidated');
    });
    const [original] = await stack.database.db.query<{ given_name: string }>(
      'SELECT given_name FROM crm.customer WHERE id = $1',
      [PERSONA.priya],
    );
    try {
      // A fix made straight in crm's database: no event, so nothing is evicted.
      await stack.database.db.query(
        "UPDATE crm.customer SET given_name = 'Renamed' WHERE id = $1",
        [PERSONA.priya],
      );
      const before = await accesses();
      const changed = await read();
      expect(changed.body.errors).toBeUndefined();
      expect(nameOf(changed)).toMatch(/^Renamed /);
      expect(changed.headers.get('x-cache')).not.toMatch(/hit|revalidated/);
      // crm was asked once: the execution took the answer the re-check had fetched.
      expect(await accesses()).toBe(before + 1);
      // The fresh answer was stored in place of the stale one.
      const again = await read();
      expect(again.headers.get('x-cache')).toBe('revalidated');
      expect(nameOf(again)).toBe(nameOf(changed));
      expect(await accesses()).toBe(before + 2);
    } finally {
      await stack.database.db.query('UPDATE crm.customer SET given_name = $2 WHERE id = $1', [
        PERSONA.priya,
        original!.given_name,
      ]);
    }
  });

  it('keeps the operations of a batched request apart: each stored answer re-sends its own audited read only', async () => {
    const batching = await startGatewayFor(stack, { env: { MAX_BATCHED_OPERATIONS: '2' } });
    const accesses = async (customerId: string): Promise<number> => {
      const [row] = await stack.database.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM crm.customer_access WHERE customer_id = $1 AND agent_id = $2',
        [customerId, TEST_AGENT.sub],
      );
      return row!.n;
    };
    let attempt = 0;
    try {
      const url = batching.gateway.url;
      // Seed events still landing evict what they touch: each attempt is a new operation.
      await eventually(async () => {
        attempt += 1;
        const read = `query BatchedRead${attempt}($id: ID!) { customer(id: $id) { id displayName orders(first: 2) { edges { node { id } } } } }`;
        const both = await postToGateway<unknown>(
          url,
          [PERSONA.priya, PERSONA.dana].map((id) => ({ query: read, variables: { id } })),
          { authorization: `Bearer ${tokens.jordan!}` },
        );
        expect(both.status).toBe(200);
        expect(JSON.stringify(both.body)).toContain('Dana Reyes');
        for (const [id, other] of [
          [PERSONA.priya, PERSONA.dana],
          [PERSONA.dana, PERSONA.priya],
        ] as const) {
          const [own, others] = [await accesses(id), await accesses(other)];
          const single = await ask(url, tokens.jordan!, read, { id });
          expect(single.body.errors).toBeUndefined();
          expect(single.headers.get('x-cache')).toBe('revalidated');
          // Served from what the batch stored: crm re-read this customer, and no other.
          expect([await accesses(id), await accesses(other)]).toEqual([own + 1, others]);
        }
      });
    } finally {
      await batching.stop();
    }
  });

  it('never stores an answer with an error, nor one customer’s answer for another', async () => {
    const OWN = 'query Own($id: ID!) { customer(id: $id) { id displayName attention { code } } }';
    for (let i = 0; i < 3; i += 1) {
      const own = await ask(stack.gateway.url, tokens.dana!, OWN, { id: PERSONA.dana });
      expect(own.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(own.headers.get('x-cache')).not.toBe('hit');
    }
    const PLAIN =
      'query Plain($id: ID!) { customer(id: $id) { id displayName orders(first: 2) { edges { node { id } } } } }';
    await ask(stack.gateway.url, tokens.dana!, PLAIN, { id: PERSONA.dana });
    await ask(stack.gateway.url, tokens.dana!, PLAIN, { id: PERSONA.dana });
    const sam = await ask(stack.gateway.url, tokens.sam!, PLAIN, { id: PERSONA.dana });
    expect(sam.headers.get('x-cache')).not.toBe('hit');
    expect(sam.body.data).toEqual({ customer: null });
  });

  it('lets no client reach the subscription re-run’s trusted-document bypass', async () => {
    let strict: ExtraGateway | null = null;
    try {
      strict = await startGatewayFor(stack, {
        env: {
          TRUSTED_DOCUMENTS: 'require',
          TRUSTED_DOCUMENTS_FILE: join(ROOT, 'schema', 'trusted-documents.json'),
        },
      });
      const url = strict.gateway.url;
      const unregistered = 'query Mine { productOfferings { id } }';
      const http = await postToGateway(
        url,
        { query: unregistered, trustedDocument: true, extensions: { trustedDocument: true } },
        {
          authorization: `Bearer ${tokens.jordan}`,
          trusteddocument: 'true',
          'x-trusted-document': 'true',
        },
      );
      expect(http.status).toBe(400);
      expect(http.body.errors?.[0]?.extensions?.['code']).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const live = subscribeOverWebSocket(
        url,
        tokens.jordan!,
        'subscription Mine($id: ID!) { customerContext(id: $id) { id displayName } }',
        { id: PERSONA.dana },
      );
      try {
        const refused = await live.next((r) => Boolean(r.errors?.length));
        expect(refused.errors?.[0]?.extensions?.['code']).toBe('TRUSTED_DOCUMENT_REQUIRED');
        expect(refused.data ?? null).toBeNull();
      } finally {
        await live.close();
      }
    } finally {
      await strict?.stop();
    }
  });
});

// Two replicas need a real Redis; CI sets REDIS_URL (and a missing server fails there).
const withRedis = process.env.REDIS_URL || process.env.CI ? describe : describe.skip;

withRedis('two gateway replicas sharing Redis', () => {
  let redis: TestRedis;
  let stack: TestStack;
  let a: ExtraGateway | null = null;
  let b: ExtraGateway;
  let sam: string;
  beforeAll(async () => {
    redis = await startTestRedis();
    stack = await startTestStack({ seedCustomers: 3, redisUrl: redis.url });
    await stack.flushOutboxes();
    const env = { REDIS_URL: redis.url, CACHE: 'redis' };
    a = await startGatewayFor(stack, { env });
    b = await startGatewayFor(stack, { env });
    sam = await stack.tokenFor(SAM);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await stack?.stop();
    await redis?.destroy();
  });

  const startSession = async (url: string): Promise<string> => {
    const started = await postToGateway<{ startAppSession: { id: string } }>(
      url,
      {
        query:
          'mutation Open($input: StartAppSessionInput!) { startAppSession(input: $input) { id } }',
        variables: {
          input: {
            idempotencyKey: randomUUID(),
            customerId: PERSONA.sam,
            deviceId: 'review',
            platform: 'IOS',
          },
        },
      },
      { authorization: `Bearer ${sam}` },
    );
    expect(started.body.errors).toBeUndefined();
    return started.body.data!.startAppSession.id;
  };
  const recordScreen = (url: string, sessionId: string, screen: string) =>
    postToGateway(
      url,
      {
        query:
          'mutation Screen($s: ID!, $screen: String!) { recordScreen(sessionId: $s, screen: $screen) { position } }',
        variables: { s: sessionId, screen },
      },
      { authorization: `Bearer ${sam}` },
    );
  const screenNow = async (): Promise<string | null> => {
    const truth = await stack.query<{
      _entities: { inAppNow: { screen: string | null } | null }[];
    }>(
      'engagement',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { inAppNow { screen } } } }',
      { r: [{ __typename: 'Customer', id: PERSONA.sam }] },
    );
    return truth.data?._entities[0]?.inAppNow?.screen ?? null;
  };

  it('a screen recorded through one replica reaches the subscribers of every replica (app.screen_recorded)', async () => {
    const LIVE =
      'subscription LiveApp($id: ID!) { customerContext(id: $id) { id inAppNow { screen session { id } } } }';
    const onA = subscribeOverWebSocket(a!.gateway.url, sam, LIVE, { id: PERSONA.sam });
    const onB = subscribeOverWebSocket(b.gateway.url, sam, LIVE, { id: PERSONA.sam });
    try {
      await onA.next((r) => Boolean(r.data));
      await onB.next((r) => Boolean(r.data));
      const sessionId = await startSession(a!.gateway.url); // a domain event: both hear it
      const inSession = (r: { data?: unknown }) =>
        JSON.stringify(r.data ?? null).includes(sessionId);
      await onA.next(inSession);
      await onB.next(inSession);

      const screen = `plan-change/confirm-${randomUUID().slice(0, 8)}`;
      const recorded = await recordScreen(a!.gateway.url, sessionId, screen); // not history, but an event
      expect(recorded.body.errors).toBeUndefined();
      const onScreen = (r: { data?: unknown }) => JSON.stringify(r.data ?? null).includes(screen);
      await onA.next(onScreen);
      // B's caches were evicted (shared Redis), so a query through B is fresh...
      const query = await postToGateway(
        b.gateway.url,
        {
          query: 'query InApp($id: ID!) { customer(id: $id) { inAppNow { screen } } }',
          variables: { id: PERSONA.sam },
        },
        { authorization: `Bearer ${sam}` },
      );
      expect(JSON.stringify(query.body.data)).toContain(screen);
      // ...and B's subscriber is told too: the event reaches every replica.
      await onB.next(onScreen);
    } finally {
      await onA.close();
      await onB.close();
    }
  });

  it('serves nothing cached before a Redis outage once Redis is back, even when the replica that deferred an eviction is gone', async () => {
    const INAPP = {
      query: 'query InApp($id: ID!) { customer(id: $id) { id inAppNow { screen } } }',
      variables: { id: PERSONA.sam },
    };
    const auth = { authorization: `Bearer ${sam}` };
    const sessionId = await startSession(a!.gateway.url);
    const before = `before-${randomUUID().slice(0, 8)}`;
    expect((await recordScreen(a!.gateway.url, sessionId, before)).body.errors).toBeUndefined();
    await eventually(
      async () => {
        const warm = await postToGateway(b.gateway.url, INAPP, auth);
        expect(warm.headers.get('x-cache')).toBe('hit');
        expect(JSON.stringify(warm.body.data)).toContain(before);
      },
      60_000,
      200,
    );

    await redis.stop();
    // A knows Redis is gone before the change: its eviction is deferred, not attempted.
    await eventually(async () => {
      const metrics = await (await fetch(`${a!.gateway.url}/metrics`)).text();
      expect(metricValue(metrics, 'gateway_cache_available', { store: 'redis' })).toBe(0);
    });
    const after = `after-${randomUUID().slice(0, 8)}`;
    const changed = await recordScreen(a!.gateway.url, sessionId, after);
    expect(changed.body.errors).toBeUndefined(); // acknowledged; its eviction only deferred in A
    await a!.stop(); // a deploy, a crash: the deferred eviction goes with it
    a = null;
    await redis.start();
    await eventually(async () => {
      const ready = (await (await fetch(`${b.gateway.url}/ready`)).json()) as {
        checks: Record<string, { detail?: string }>;
      };
      expect(ready.checks['cache']?.detail).toBe('redis connected');
    });

    expect(await screenNow()).toBe(after);
    // B flushed its cache namespace before caching resumed: the answer is fresh.
    const fresh = await postToGateway(b.gateway.url, INAPP, auth);
    expect(fresh.headers.get('x-cache')).not.toBe('hit');
    expect(JSON.stringify(fresh.body.data)).toContain(after);
  }, 300_000); // four waits of up to a minute each (warm, outage seen, Redis up, reconnected)
});

/**
 * A proxy in front of a subgraph that forwards every request at once (so the subgraph
 * reads its data now) but holds the answer to the first request whose body contains
 * `marker` until `release()`: an in-flight fetch that stays in flight as long as the
 * test needs. `answered()` counts the marked requests the subgraph has answered. Status,
 * `content-type` and `cache-control` are passed on.
 */
async function holdingProxy(
  targetUrl: string,
  marker: string,
): Promise<{ url: string; answered(): number; release(): void; stop(): Promise<void> }> {
  const target = new URL(targetUrl);
  const skip = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding']);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let marked = 0;
  let answered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!skip.has(name) && typeof value === 'string') headers[name] = value;
      }
      const first = body.includes(marker) && ++marked === 1;
      void (async () => {
        try {
          const response = await fetch(target, { method: req.method ?? 'POST', headers, body });
          const text = await response.text();
          if (body.includes(marker)) answered += 1;
          if (first) await released;
          res.statusCode = response.status;
          for (const name of ['content-type', 'cache-control']) {
            const value = response.headers.get(name);
            if (value) res.setHeader(name, value);
          }
          res.end(text);
        } catch {
          res.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    answered: () => answered,
    release,
    stop: () =>
      new Promise<void>((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
