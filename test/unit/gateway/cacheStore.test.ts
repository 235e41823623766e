import { Registry } from 'prom-client';
import { createClient } from 'redis';
import { createLogger } from '../../../lib/logger';
import { customerTag, entityTag } from '../../../lib/cacheTags';
import {
  createGatewayCache,
  type CacheConfig,
  type CacheEntry,
  type GatewayCache,
} from '../../../gateway/src/cache/store/gatewayCache';
import { memoryCache } from '../../../gateway/src/cache/store/memoryCache';
import { redisCache } from '../../../gateway/src/cache/store/redisCache';
import { eventually } from '../../harness/eventually';
import { startTestRedis, type TestRedis } from '../../harness/redisServer';

const logger = createLogger({ name: 'test', level: 'silent' });
const OP_TIMEOUT_MS = 150;

/** The sum of a metric's values whose labels include `labels`. */
async function metric(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const found = registry.getSingleMetric(name);
  if (!found) return 0;
  const { values } = await found.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

function entry(key: string, tags: string[], ttlSeconds = 60): CacheEntry {
  return { key, value: JSON.stringify({ key, at: Date.now() }), ttlSeconds, tags };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Harness {
  /** A new store, as a new gateway replica would make it. */
  make(registry?: Registry): Promise<GatewayCache>;
  /** Lets `ms` pass for the store's entries: its own clock moves, or real time passes. */
  passTime(ms: number): Promise<void>;
}

/** The behaviour every store must show, run on memory and on a real Redis. */
function contract(name: string, harness: () => Harness) {
  describe(`${name} store contract`, () => {
    let store: GatewayCache;
    let registry: Registry;
    let stores: Harness;
    beforeEach(async () => {
      registry = new Registry();
      stores = harness();
      store = await stores.make(registry);
    });
    afterEach(async () => store.close());

    it('returns what was set, and null for what was not', async () => {
      await store.setMany([entry('a', [customerTag('c1')]), entry('b', [])], Date.now());
      const [a, b, missing] = await store.getMany(['a', 'b', 'nope']);
      expect(JSON.parse(a!)).toMatchObject({ key: 'a' });
      expect(JSON.parse(b!)).toMatchObject({ key: 'b' });
      expect(missing).toBeNull();
      expect(store.readiness().ok).toBe(true);
    });

    it('forgets an entry when its TTL runs out', async () => {
      await store.setMany([entry('short', [], 1), entry('long', [], 60)], Date.now());
      expect((await store.getMany(['short']))[0]).not.toBeNull();
      await stores.passTime(1100);
      const [short, long] = await store.getMany(['short', 'long']);
      expect(short).toBeNull();
      expect(long).not.toBeNull();
    });

    it('evicts every entry carrying an invalidated tag, across many keys, and nothing else', async () => {
      const dana = customerTag('cus-dana');
      const other = customerTag('cus-other');
      const danas = Array.from({ length: 300 }, (_, i) =>
        entry(`dana-${i}`, i % 2 ? [dana, entityTag('Order', `o${i}`)] : [dana]),
      );
      const others = Array.from({ length: 50 }, (_, i) => entry(`other-${i}`, [other]));
      await store.setMany([...danas, ...others], Date.now());
      expect(await store.invalidate([dana])).toBe(300);
      const after = await store.getMany([...danas, ...others].map((e) => e.key));
      expect(after.slice(0, 300).every((v) => v === null)).toBe(true);
      expect(after.slice(300).every((v) => v !== null)).toBe(true);
      expect(await store.invalidate([dana])).toBe(0);
      expect(await metric(registry, 'gateway_cache_evicted_entries_total')).toBe(300);
      expect(await metric(registry, 'gateway_cache_invalidations_total')).toBe(2);
    });

    it('drops a write whose data was read before (or just around) a change to one of its tags', async () => {
      const tag = customerTag('cus-race');
      const readBeforeChange = Date.now();
      await store.invalidate([tag]);
      const invalidatedBy = Date.now();
      // The racing read answers after the invalidation: its old value must not stay.
      await store.setMany([entry('stale', [tag]), entry('untouched', [])], readBeforeChange);
      expect(await store.getMany(['stale', 'untouched'])).toEqual([null, expect.any(String)]);
      // Data read well after the change is cached again.
      await store.setMany([entry('fresh', [tag])], invalidatedBy + 1001);
      expect((await store.getMany(['fresh']))[0]).not.toBeNull();
    });

    it('counts its operations', async () => {
      await store.setMany([entry('m', ['t'])], Date.now());
      await store.getMany(['m']);
      await store.invalidate(['t']);
      for (const op of ['get', 'set', 'invalidate'])
        expect(
          await metric(registry, 'gateway_cache_operations_total', { op, outcome: 'ok' }),
        ).toBe(1);
      expect(await metric(registry, 'gateway_cache_available', { store: name })).toBe(1);
    });
  });
}

contract('memory', () => {
  // The store's clock: real time, moved on by passTime without waiting.
  let skipped = 0;
  return {
    make: async (registry) =>
      memoryCache(
        { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024, now: () => Date.now() + skipped },
        registry,
      ),
    passTime: async (ms) => void (skipped += ms),
  };
});

describe('memory store bounds', () => {
  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const registry = new Registry();
    const store = memoryCache({ maxEntries: 3, maxBytes: 1 << 20 }, registry);
    await store.setMany([entry('a', ['t']), entry('b', ['t']), entry('c', ['t'])], Date.now());
    await store.getMany(['a']); // a is now the most recently used
    await store.setMany([entry('d', ['t'])], Date.now());
    expect((await store.getMany(['a', 'b', 'c', 'd'])).map((v) => v !== null)).toEqual([
      true,
      false,
      true,
      true,
    ]);
    // The dropped entry left the tag index too: invalidation counts only what exists.
    expect(await store.invalidate(['t'])).toBe(3);
    expect(await metric(registry, 'gateway_cache_capacity_evictions_total')).toBe(1);
  });

  it('keeps at most maxBytes and refuses a single entry larger than that', async () => {
    const store = memoryCache({ maxEntries: 1000, maxBytes: 10_000 });
    const big = (key: string) => ({ key, value: 'x'.repeat(2000), ttlSeconds: 60, tags: [] });
    await store.setMany(['1', '2', '3', '4'].map(big), Date.now());
    const present = (await store.getMany(['1', '2', '3', '4'])).filter((v) => v !== null);
    expect(present.length).toBe(2); // 4 KB each as UTF-16
    await store.setMany(
      [{ key: 'huge', value: 'y'.repeat(6000), ttlSeconds: 60, tags: [] }],
      Date.now(),
    );
    expect((await store.getMany(['huge']))[0]).toBeNull();
  });

  it('forgets invalidation times after 5 minutes', async () => {
    let now = 1_000_000_000_000;
    const store = memoryCache({ maxEntries: 10, maxBytes: 1 << 20, now: () => now });
    await store.invalidate(['t']);
    await store.setMany([entry('x', ['t'])], now - 10);
    expect((await store.getMany(['x']))[0]).toBeNull();
    now += 5 * 60_000 + 1;
    await store.setMany([entry('x', ['t'])], now - 5 * 60_000 - 10);
    expect((await store.getMany(['x']))[0]).not.toBeNull();
  });

  it('caps TTLs at maxTtlSeconds', async () => {
    let now = 1_000_000_000_000;
    const store = memoryCache({
      maxEntries: 10,
      maxBytes: 1 << 20,
      maxTtlSeconds: 5,
      now: () => now,
    });
    await store.setMany([entry('x', [], 3600)], now);
    now += 5001;
    expect((await store.getMany(['x']))[0]).toBeNull();
  });
});

describe('the off store and the factory', () => {
  it('never caches and says so', async () => {
    const config: CacheConfig = {
      store: 'off',
      redisUrl: undefined,
      maxTtlSeconds: 300,
      memoryMaxEntries: 10,
      memoryMaxBytes: 1 << 20,
      opTimeoutMs: 150,
      documentCacheMiB: 16,
      queryPlanCacheMiB: 32,
      apqTtlSeconds: 86400,
    };
    const off = createGatewayCache(config, logger, new Registry());
    await off.setMany([entry('a', [])], Date.now());
    expect(await off.getMany(['a'])).toEqual([null]);
    expect(off.available()).toBe(false);
    expect(off.readiness()).toEqual({ ok: true, detail: 'caching off' });
    const memory = createGatewayCache({ ...config, store: 'memory' }, logger, new Registry());
    expect(memory.kind).toBe('memory');
    expect(() => createGatewayCache({ ...config, store: 'redis' }, logger, new Registry())).toThrow(
      /REDIS_URL/,
    );
  });
});

// Needs a redis-server binary; runs whenever the real servers are in play (REDIS_URL),
// which CI=true requires (test/harness/globalSetup.ts).
const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('redis store (a private redis-server)', () => {
  let redis: TestRedis;
  const opened: GatewayCache[] = [];
  const admin = () => {
    const client = createClient({ url: redis.url });
    client.on('error', () => undefined);
    return client;
  };
  const make = async (
    registry = new Registry(),
    options: { maxDeferredTags?: number; flushAfterFailures?: number; opTimeoutMs?: number } = {},
  ): Promise<GatewayCache> => {
    const store = redisCache(
      { url: redis.url, opTimeoutMs: OP_TIMEOUT_MS, maxTtlSeconds: 300, ...options },
      logger,
      registry,
    );
    opened.push(store);
    await eventually(async () => expect(store.available()).toBe(true));
    return store;
  };
  /**
   * Stalls the private redis-server (SIGSTOP) until the returned function is called:
   * connections stay up and nothing is answered, however long the test takes, so the
   * calls made meanwhile can only end by the store's op timeout — no pause length that
   * a loaded machine could outlast.
   */
  const stallRedis = async (): Promise<() => void> => {
    const client = admin();
    await client.connect();
    const info = await client.info('server');
    client.destroy();
    const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGSTOP');
    let stalled = true;
    return () => {
      if (stalled) process.kill(pid, 'SIGCONT');
      stalled = false;
    };
  };

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => redis.destroy());
  beforeEach(async () => {
    const client = admin();
    await client.connect();
    await client.flushAll();
    client.destroy();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  // The contract is not about the op timeout: a busy machine must not turn its writes
  // into skipped ones.
  // Redis expires entries by its own clock: real time passes (load only lengthens it).
  contract('redis', () => ({
    make: (registry) => make(registry, { opTimeoutMs: 5_000 }),
    passTime: (ms) => sleep(ms),
  }));

  it('an invalidation by one replica evicts what another replica wrote, and guards its stale writes', async () => {
    const a = await make();
    const b = await make();
    const tag = customerTag('cus-shared');
    const readAt = Date.now();
    await a.setMany([entry('shared', [tag])], readAt);
    expect((await b.getMany(['shared']))[0]).not.toBeNull();
    expect(await b.invalidate([tag])).toBe(1);
    expect(await a.getMany(['shared'])).toEqual([null]);
    await a.setMany([entry('shared', [tag])], readAt);
    expect(await b.getMany(['shared'])).toEqual([null]);
  });

  it('keeps each tag index set alive at least as long as its longest entry, and only via builders', async () => {
    const store = await make(new Registry(), { opTimeoutMs: 5_000 });
    await store.setMany([entry('k1', ['t'], 120), entry('k2', ['t'], 30)], Date.now());
    const client = admin();
    await client.connect();
    const keys = (await client.keys('*')).sort();
    expect(keys).toEqual(['cc:gw:v1:e:k1', 'cc:gw:v1:e:k2', 'cc:gw:v1:t:t']);
    // The index outlives the longest entry (read after it, so its TTL has run longer).
    const index = await client.pTTL('cc:gw:v1:t:t');
    expect(index).toBeGreaterThanOrEqual(await client.pTTL('cc:gw:v1:e:k1'));
    expect(index).toBeLessThanOrEqual(120_000);
    client.destroy();
  });

  it('answers misses within the op timeout when Redis stalls, and replays an invalidation that timed out', async () => {
    const registry = new Registry();
    const store = await make(registry);
    // The same read through a replica whose op timeout outlasts the test.
    const patientRegistry = new Registry();
    const patient = await make(patientRegistry, { opTimeoutMs: 600_000 });
    await store.setMany([entry('paused', ['p'])], Date.now());
    const release = await stallRedis();
    try {
      // Asked first, so a store that ignored its own op timeout would answer it first.
      let patientAnswered = false;
      const patientRead = patient.getMany(['paused']).finally(() => {
        patientAnswered = true;
      });
      // Redis answers nothing until released: this miss is the op timeout's doing.
      expect(await store.getMany(['paused'])).toEqual([null]);
      expect(patientAnswered).toBe(false);
      expect(
        await metric(registry, 'gateway_cache_operations_total', { op: 'get', outcome: 'timeout' }),
      ).toBe(1);
      expect(await store.invalidate(['p'])).toBe(0);
      expect(store.available()).toBe(false);
      release();
      // The patient replica waited for Redis rather than timing out.
      expect(await patientRead).toHaveLength(1);
      expect(
        await metric(patientRegistry, 'gateway_cache_operations_total', { outcome: 'timeout' }),
      ).toBe(0);
    } finally {
      release();
    }
    await eventually(async () => expect(store.available()).toBe(true));
    expect(await store.getMany(['paused'])).toEqual([null]);
  });

  it('tells slow from down: an invalidation that timed out is replayed, and nothing else is flushed', async () => {
    const registry = new Registry();
    const store = await make(registry);
    await store.setMany([entry('stale', ['s']), entry('kept', ['k'])], Date.now() - 2000);
    const client = admin();
    await client.connect();
    // Redis is slow, not gone: the connection stays up while it answers no write. Paused
    // far longer than the test and lifted by the test (CLIENT UNPAUSE is no write), so
    // the invalidation can only end by the op timeout, whatever the load.
    await client.sendCommand(['CLIENT', 'PAUSE', '600000', 'WRITE']);
    try {
      expect(await store.invalidate(['s'])).toBe(0);
      expect(store.available()).toBe(false);
    } finally {
      await client.sendCommand(['CLIENT', 'UNPAUSE']);
    }
    await eventually(async () => expect(store.available()).toBe(true));
    expect(await store.getMany(['stale', 'kept'])).toEqual([null, expect.any(String)]);
    expect(await metric(registry, 'gateway_cache_flushes_total')).toBe(0);
    expect(await metric(registry, 'gateway_cache_disconnects_total')).toBe(0);
    expect(
      await metric(registry, 'gateway_cache_operations_total', {
        op: 'invalidate',
        outcome: 'timeout',
      }),
    ).toBe(1);
    client.destroy();
  });

  it('takes a run of failed operations as losing Redis, and flushes', async () => {
    const registry = new Registry();
    const store = await make(registry, { flushAfterFailures: 3 });
    await store.setMany([entry('before', ['b'])], Date.now() - 2000);
    const release = await stallRedis();
    try {
      for (let i = 0; i < 3; i++) expect(await store.getMany(['before'])).toEqual([null]);
      // Three timeouts on a live connection, none an error of a store already down.
      expect(
        await metric(registry, 'gateway_cache_operations_total', { op: 'get', outcome: 'timeout' }),
      ).toBe(3);
      expect(store.available()).toBe(false);
    } finally {
      release();
    }
    await eventually(async () => expect(store.available()).toBe(true));
    expect(await store.getMany(['before'])).toEqual([null]);
    expect(await metric(registry, 'gateway_cache_disconnects_total')).toBe(1);
    expect(await metric(registry, 'gateway_cache_flushes_total')).toBe(1);
  });

  it('while Redis is down: reads miss at once, readiness says so, and nothing cached before the outage is served after it', async () => {
    // An op timeout far above any load: a read that waited on it instead of missing at
    // once would take a minute.
    const opTimeoutMs = 60_000;
    const registry = new Registry();
    const store = await make(registry, { opTimeoutMs });
    const other = await make(new Registry(), { opTimeoutMs });
    const tag = customerTag('cus-outage');
    await store.setMany(
      [entry('before', [tag]), entry('kept', [customerTag('cus-x')])],
      Date.now(),
    );
    expect(store.readiness()).toEqual({ ok: true, detail: 'redis connected' });

    await redis.stop();
    await eventually(async () => expect(store.available()).toBe(false));
    const started = Date.now();
    expect(await store.getMany(['before', 'kept'])).toEqual([null, null]);
    expect(Date.now() - started).toBeLessThan(opTimeoutMs / 2);
    await store.setMany([entry('during', [])], Date.now());
    // Enough tags to take several replay batches, the one that matters last.
    const filler = Array.from({ length: 1200 }, (_, i) => customerTag(`cus-filler-${i}`));
    expect(await store.invalidate(filler)).toBe(0);
    expect(await store.invalidate([tag])).toBe(0);
    const readiness = store.readiness();
    expect(readiness.ok).toBe(true);
    expect(readiness.detail).toMatch(
      /^redis unavailable since \d{4}-\d\d-\d\dT[\d:.]+Z: caching bypassed$/,
    );
    expect(await metric(registry, 'gateway_cache_available', { store: 'redis' })).toBe(0);
    expect(await metric(registry, 'gateway_cache_operations_total', { outcome: 'error' })).toBe(4);
    expect(await metric(registry, 'gateway_cache_operations_total', { outcome: 'timeout' })).toBe(
      0,
    );

    await redis.start();
    // Read at the first moment the store says it is available again (a minute at most,
    // as `eventually`; a store that never comes back fails here, not silently below).
    const deadline = Date.now() + 60_000;
    while (!store.available() && Date.now() < deadline) await new Promise(setImmediate);
    expect(store.available()).toBe(true);
    // The entries written before the outage survived the restart (AOF), but another
    // replica may have deferred evictions it will never replay: the namespace was
    // flushed before caching resumed, the invalidated entry and the untouched one alike.
    expect(await store.getMany(['before', 'kept', 'during'])).toEqual([null, null, null]);
    await eventually(async () => expect(other.available()).toBe(true));
    expect(await other.getMany(['before', 'kept'])).toEqual([null, null]);
    expect(await metric(registry, 'gateway_cache_available', { store: 'redis' })).toBe(1);
    expect(await metric(registry, 'gateway_cache_disconnects_total')).toBe(1);
    expect(await metric(registry, 'gateway_cache_flushes_total')).toBe(1);
    // Caching works again for reads begun after the flush (past the guard's 1 s slack).
    // Real time, as the Redis store has no clock of its own: load only lengthens the wait.
    await sleep(1_100);
    await store.setMany([entry('after', [tag])], Date.now());
    expect(await other.getMany(['after'])).toEqual([expect.any(String)]);
  });

  it('after more invalidations than it can remember, flushes its own namespace on reconnect', async () => {
    const store = await make(new Registry(), { maxDeferredTags: 3 });
    await store.setMany([entry('tagged', ['t1']), entry('untagged', [])], Date.now());
    const client = admin();
    await client.connect();
    await client.set('not-ours', 'stays');
    client.destroy();

    await redis.stop();
    await eventually(async () => expect(store.available()).toBe(false));
    await store.invalidate(['t1', 't2']);
    await store.invalidate(['t3', 't4', 't5']);
    await redis.start();
    await eventually(async () => expect(store.available()).toBe(true));
    expect(await store.getMany(['tagged', 'untagged'])).toEqual([null, null]);
    const check = admin();
    await check.connect();
    expect(await check.get('not-ours')).toBe('stays');
    check.destroy();
    // Data read before the flush is not cached again.
    await store.setMany([entry('tagged', ['t9'])], Date.now() - 5000);
    expect(await store.getMany(['tagged'])).toEqual([null]);
  });
});
