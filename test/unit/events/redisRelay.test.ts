import { createLogger } from '../../../lib/logger';
import type { Database } from '../../../subgraphs/shared/db';
import type { PublishedEvent } from '../../../subgraphs/shared/events/eventBus';
import { startOutboxRelay } from '../../../subgraphs/shared/events/outboxRelay';
import { RedisStreamsEventBus } from '../../../subgraphs/shared/events/redisStreamsEventBus';
import { recordEvent } from '../../../subgraphs/shared/outbox';
import { captureLogs } from '../../harness/captureLogs';
import { eventually } from '../../harness/eventually';
import { startTestRedis, type TestRedis } from '../../harness/redisServer';
import { createTestDatabase, type TestDatabase } from '../../harness/testDatabase';

const logger = createLogger({ name: 'test', level: 'silent' });

const OUTBOX = `
  CREATE SCHEMA relaytest;
  CREATE TABLE relaytest.outbox (
    id text PRIMARY KEY, customer_id text NOT NULL, event_type text NOT NULL,
    subject_type text NOT NULL, subject_id text NOT NULL, summary text NOT NULL,
    channel text, actor text, payload jsonb NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
  CREATE TABLE relaytest.received (event_id text PRIMARY KEY, deliveries int NOT NULL);
`;

/** An idempotent consumer: one row per event id, counting how often it arrived. */
async function receive(db: Database, event: PublishedEvent): Promise<void> {
  await db.query(
    `INSERT INTO relaytest.received (event_id, deliveries) VALUES ($1, 1)
     ON CONFLICT (event_id) DO UPDATE SET deliveries = relaytest.received.deliveries + 1`,
    [event.id],
  );
}

async function writeEvent(db: Database, n: number): Promise<string> {
  return db.transaction((tx) =>
    recordEvent(tx, 'relaytest', {
      customerId: 'cus-1',
      type: 'order.placed',
      subject: { typename: 'Order', id: `ord-${n}` },
      summary: `order ${n}`,
    }),
  );
}

/** The fields of a test event published straight to the stream, but its id and time. */
const base = {
  customerId: 'c',
  type: 't',
  subject: { typename: 'Case', id: 'k' },
  summary: 's',
  source: 'test',
};

// Needs a redis-server binary; runs whenever the real servers are in play (REDIS_URL).
const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('outbox relay over Redis Streams (a private redis-server)', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  beforeAll(async () => {
    redis = await startTestRedis();
    database = await createTestDatabase();
    await database.db.exec(OUTBOX);
  });
  afterAll(async () => {
    await redis.destroy();
    await database.drop();
  });

  it('delivers every event exactly once to an idempotent consumer while Redis stops and starts', async () => {
    const { db } = database;
    const bus = new RedisStreamsEventBus(redis.url, logger, { claimIdleMs: 300, blockMs: 200 });
    const relayLogs = captureLogs();
    const relay = startOutboxRelay({
      db,
      schema: 'relaytest',
      source: 'test',
      bus,
      logger: createLogger({ name: 'relay', level: 'warn', destination: relayLogs.destination }),
      intervalMs: 50,
    });
    const consumer = bus.subscribe('relaytest.received', (event) => receive(db, event));
    const written: string[] = [];
    for (let n = 0; n < 20; n++) written.push(await writeEvent(db, n));
    await redis.stop();
    // Mutations go on while Redis is down: the outbox keeps their events.
    for (let n = 20; n < 40; n++) written.push(await writeEvent(db, n));
    // The relay has tried to publish them, and failed, before Redis comes back.
    await eventually(async () =>
      expect(relayLogs.lines().join('\n')).toContain('outbox relay could not publish'),
    );
    const [pending] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM relaytest.outbox WHERE published_at IS NULL',
    );
    expect(pending!.n).toBeGreaterThanOrEqual(1);
    await redis.start();
    for (let n = 40; n < 50; n++) written.push(await writeEvent(db, n));

    await eventually(async () => {
      const rows = await db.query<{ event_id: string }>('SELECT event_id FROM relaytest.received');
      expect(rows.map((r) => r.event_id).sort()).toEqual([...written].sort());
    }, 30_000);
    const [unpublished] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM relaytest.outbox WHERE published_at IS NULL',
    );
    expect(unpublished!.n).toBe(0);
    await consumer.stop();
    await relay.stop();
    await bus.close();
  });

  it('redelivers an event whose handler failed, and acknowledges it once handled', async () => {
    const bus = new RedisStreamsEventBus(redis.url, logger, { claimIdleMs: 200, blockMs: 100 });
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    const sub = bus.subscribe('flaky-group', async (event) => {
      const count = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, count);
      if (!event.id.startsWith('e-')) return; // events of the test before, on the same stream
      if (event.id === 'e-2' && count === 1) throw new Error('transient');
      handled.push(event.id);
    });
    const at = new Date().toISOString();
    await eventually(() =>
      bus.publish([
        { ...base, id: 'e-1', occurredAt: at },
        { ...base, id: 'e-2', occurredAt: at },
      ]),
    );
    await eventually(async () => expect([...handled].sort()).toEqual(['e-1', 'e-2']));
    expect(attempts.get('e-2')).toBe(2);
    await sub.stop();
    await bus.close();
  });

  it('hands a read of several events to the batch handler and acknowledges them together; after a failed batch, one by one', async () => {
    const publisher = new RedisStreamsEventBus(redis.url, logger);
    const at = new Date().toISOString();
    // Published before the groups exist: each group's first read holds all of them.
    const ids = ['b-1', 'b-2', 'b-3', 'b-4'];
    await eventually(() => publisher.publish(ids.map((id) => ({ ...base, id, occurredAt: at }))));
    const mine = (events: readonly PublishedEvent[]) =>
      events.map((e) => e.id).filter((id) => id.startsWith('b-'));

    const batches: string[][] = [];
    const singles: string[] = [];
    const bus = new RedisStreamsEventBus(redis.url, logger, { claimIdleMs: 200, blockMs: 100 });
    const sub = bus.subscribe('batch-group', async (e) => void singles.push(e.id), {
      batch: async (events) => void batches.push(mine(events)),
    });
    await eventually(async () => expect(batches.flat()).toEqual(ids));
    expect(batches.some((b) => b.length > 1)).toBe(true);
    await sub.stop();

    const handled: string[] = [];
    let batchFailures = 0;
    const failing = bus.subscribe(
      'failing-batch-group',
      async (e) => {
        if (e.id === 'b-3') throw new Error('bad event');
        if (e.id.startsWith('b-')) handled.push(e.id);
      },
      {
        batch: async (events) => {
          batchFailures += 1;
          if (events.some((e) => e.id === 'b-3')) throw new Error('bad event in the batch');
          handled.push(...mine(events));
        },
      },
    );
    // Every good event is handled despite the bad one; the bad one stays pending.
    await eventually(async () => expect([...handled].sort()).toEqual(['b-1', 'b-2', 'b-4']));
    expect(batchFailures).toBeGreaterThan(0);
    await failing.stop();
    await bus.close();
    await publisher.close();
  });
});
