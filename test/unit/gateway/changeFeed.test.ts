import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createClient } from 'redis';
import { customerTag, entityTag } from '../../../lib/cacheTags';
import { createLogger } from '../../../lib/logger';
import { eventStreamKey } from '../../../lib/redisKeys';
import {
  busChangeFeed,
  noChangeFeed,
  redisChangeFeed,
  type Change,
  type ChangeFeed,
} from '../../../gateway/src/changes/changeFeed';
import type { PublishedEvent } from '../../../subgraphs/shared/events/eventBus';
import { MemoryEventBus } from '../../../subgraphs/shared/events/memoryEventBus';
import { RedisStreamsEventBus } from '../../../subgraphs/shared/events/redisStreamsEventBus';
import { eventually } from '../../harness/eventually';
import { startTestRedis, type TestRedis } from '../../harness/redisServer';
import { domainFromFile } from '../../../gateway/src/domain/domainConfig';

/** This repository's event shape: customer-scoped events, tags from customerId and subject. */
const SHAPE = domainFromFile('schema/domain.json').events;

const logger = createLogger({ name: 'test', level: 'silent' });

function event(customerId: string, orderId: string, occurredAt = new Date()): PublishedEvent {
  return {
    id: randomUUID(),
    customerId,
    type: 'order.placed',
    subject: { typename: 'Order', id: orderId },
    summary: `order ${orderId}`,
    occurredAt: occurredAt.toISOString(),
    source: 'orders',
  };
}

/** A feed's listener that records what it got. */
function recorder(): { changes: Change[]; listener: (change: Change) => void } {
  const changes: Change[] = [];
  return { changes, listener: (change) => void changes.push(change) };
}

const orderIds = (changes: readonly Change[]) =>
  changes.map((c) => c.tags.find((t) => t.startsWith('Order:')));

describe('change feed over the in-process bus', () => {
  it('delivers events published after start as changes, skipping replayed history', async () => {
    const bus = new MemoryEventBus(logger);
    await bus.publish([event('cus-old', 'ord-history', new Date(Date.now() - 3_600_000))]);
    const feed = busChangeFeed(bus, logger, undefined, SHAPE);
    expect(feed.kind).toBe('memory');
    const { changes, listener } = recorder();
    await feed.start(listener);
    const before = Date.now();
    await bus.publish([event('cus-dana', 'ord-1'), event('cus-dana', 'ord-2')]);
    await eventually(async () => expect(changes).toHaveLength(2));
    expect(changes[0]).toEqual({
      tags: [customerTag('cus-dana'), entityTag('Order', 'ord-1')],
      publishedAt: expect.any(Number),
      eventType: 'order.placed',
    });
    expect(changes[0]!.publishedAt).toBeGreaterThanOrEqual(before);
    expect(orderIds(changes)).toEqual(['Order:ord-1', 'Order:ord-2']);
    await feed.stop();
    // A second feed subscribed after the first: the bus hands each event to its groups
    // in turn, so once the second has ord-3, the first would have had it too.
    const later = recorder();
    const second = busChangeFeed(bus, logger, undefined, SHAPE);
    await second.start(later.listener);
    await bus.publish([event('cus-dana', 'ord-3')]);
    await eventually(async () => expect(orderIds(later.changes)).toContain('Order:ord-3'));
    expect(changes).toHaveLength(2);
    await second.stop();
    await bus.close();
  });

  it('keeps going when a listener throws', async () => {
    const bus = new MemoryEventBus(logger, { retryMs: 10 });
    const feed = busChangeFeed(bus, logger, undefined, SHAPE);
    const seen: string[] = [];
    await feed.start((change) => {
      seen.push(change.tags[1]!);
      if (seen.length === 1) throw new Error('listener failed');
    });
    await bus.publish([event('c', 'ord-a'), event('c', 'ord-b')]);
    await eventually(async () => expect(seen).toEqual(['Order:ord-a', 'Order:ord-b']));
    await feed.stop();
    await bus.close();
  });

  it('noChangeFeed delivers nothing', async () => {
    const feed = noChangeFeed();
    expect(feed.kind).toBe('none');
    await feed.start(() => {
      throw new Error('never called');
    });
    await feed.stop();
  });
});

// Needs a redis-server binary; runs whenever the real servers are in play (REDIS_URL),
// which CI=true requires (test/harness/globalSetup.ts).
const describeWithRedis = process.env.REDIS_URL ? describe : describe.skip;

describeWithRedis('change feed over Redis Streams (a private redis-server)', () => {
  let redis: TestRedis;
  let bus: RedisStreamsEventBus;
  const feeds: ChangeFeed[] = [];
  const startFeed = async (registry?: Registry) => {
    const feed = redisChangeFeed(redis.url, logger, registry, {
      blockMs: 200,
      retryMs: 50,
      eventShape: SHAPE,
    });
    feeds.push(feed);
    const recorded = recorder();
    await feed.start(recorded.listener);
    return recorded;
  };
  const admin = async () => {
    const client = createClient({ url: redis.url });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  beforeEach(() => {
    bus = new RedisStreamsEventBus(redis.url, logger);
  });
  afterEach(async () => {
    for (const feed of feeds.splice(0)) await feed.stop();
    await bus.close();
  });
  afterAll(async () => redis.destroy());

  /** `gateway_change_feed_connected{feed="redis"}`: 1 while the feed reads, 0 once it lost Redis. */
  const connected = async (registry: Registry) =>
    (await registry.getSingleMetric('gateway_change_feed_connected')!.get()).values[0]?.value;

  /** Publishes through the real bus, retrying while its connection comes up. */
  const publish = (events: PublishedEvent[]) => eventually(() => bus.publish(events));

  it('every replica sees every event, in order, from what was published after start', async () => {
    await publish([event('cus-early', 'ord-before-start')]);
    const registry = new Registry();
    const a = await startFeed(registry);
    const b = await startFeed();
    const before = Date.now();
    await publish([event('cus-dana', 'ord-1'), event('cus-dana', 'ord-2')]);
    await publish([event('cus-pat', 'ord-3')]);
    for (const replica of [a, b]) {
      await eventually(async () => expect(replica.changes).toHaveLength(3));
      expect(orderIds(replica.changes)).toEqual(['Order:ord-1', 'Order:ord-2', 'Order:ord-3']);
      expect(replica.changes[2]).toEqual({
        tags: [customerTag('cus-pat'), entityTag('Order', 'ord-3')],
        publishedAt: expect.any(Number),
        eventType: 'order.placed',
      });
      // The stream entry id's ms part: when Redis took it.
      expect(replica.changes[0]!.publishedAt).toBeGreaterThanOrEqual(before - 5);
      expect(replica.changes[0]!.publishedAt).toBeLessThanOrEqual(Date.now());
    }
    const changes = registry.getSingleMetric('gateway_change_feed_changes_total');
    expect((await changes!.get()).values[0]?.value).toBe(3);
  });

  it('skips an event that evicts nothing silently (counted), and warns only of an entry that is not an event', async () => {
    const lines: string[] = [];
    const capture = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const registry = new Registry();
    const feed = redisChangeFeed(redis.url, capture, registry, {
      blockMs: 200,
      retryMs: 50,
      eventShape: SHAPE,
    });
    feeds.push(feed);
    const recorded = recorder();
    await feed.start(recorded.listener);
    const viewed: PublishedEvent = {
      ...event('cus-dana', 'ord-viewed'),
      type: 'customer.viewed',
      payload: { invalidates: [] },
    };
    await publish([viewed, viewed, { ...viewed, id: randomUUID() }]);
    const client = await admin();
    await client.xAdd(eventStreamKey(), '*', { event: '"not an event"' });
    client.destroy();
    await publish([event('cus-dana', 'ord-after')]);
    await eventually(async () => expect(recorded.changes).toHaveLength(1));
    expect(orderIds(recorded.changes)).toEqual(['Order:ord-after']);
    const skipped = async (reason: string) =>
      (await registry.getSingleMetric('gateway_change_feed_skipped_total')!.get()).values.find(
        (v) => v.labels.reason === reason,
      )?.value;
    expect(await skipped('evicts nothing')).toBe(3);
    expect(await skipped('not an event')).toBe(1);
    expect(lines.filter((line) => line.includes('not an event'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('change feed: skipped'))).toHaveLength(1);
  });

  it('resumes after Redis stops and starts again, without repeating or losing events', async () => {
    const registry = new Registry();
    const feed = await startFeed(registry);
    await publish([event('c', 'ord-1')]);
    await eventually(async () => expect(feed.changes).toHaveLength(1));
    await redis.stop();
    // Restart only once the feed has seen Redis go (its read failed), not after a guess.
    await eventually(async () => expect(await connected(registry)).toBe(0));
    await redis.start();
    await publish([event('c', 'ord-2'), event('c', 'ord-3')]);
    await eventually(async () => expect(feed.changes).toHaveLength(3));
    expect(orderIds(feed.changes)).toEqual(['Order:ord-1', 'Order:ord-2', 'Order:ord-3']);
  });

  it('reads a stream from the start when Redis came back with an older one', async () => {
    const feed = await startFeed();
    await publish([event('c', 'ord-1')]);
    await eventually(async () => expect(feed.changes).toHaveLength(1));
    // Redis lost its data and its stream now ends below where the feed had read.
    const client = await admin();
    await client.flushAll();
    const older = event('c', 'ord-restored');
    await client.xAdd(eventStreamKey(), '1-1', { id: older.id, event: JSON.stringify(older) });
    await client.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
    client.destroy();
    await eventually(async () => expect(feed.changes).toHaveLength(2));
    expect(feed.changes[1]).toMatchObject({
      tags: ['customer:c', 'Order:ord-restored'],
      publishedAt: 1,
    });
  });

  it('starts without Redis and reads once it answers', async () => {
    await redis.stop();
    const feed = redisChangeFeed(redis.url, logger, undefined, {
      blockMs: 200,
      retryMs: 50,
      eventShape: SHAPE,
      startTimeoutMs: 200,
    });
    feeds.push(feed);
    const { changes, listener } = recorder();
    await feed.start(listener);
    await redis.start();
    // Published once the feed has found the stream's end again.
    await eventually(async () => {
      await publish([event('c', `ord-${changes.length}`)]);
      expect(changes.length).toBeGreaterThan(0);
    });
  });
});
