import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventSource, EventSubscription } from '../../../lib/events/eventContract';
import { GENERIC_DOMAIN, type EventShape } from '../domain/domainConfig';
import { createChangeFeedMetrics } from './changeFeedMetrics';
import { changeOfEvent } from './changeOfEvent';
import { RedisChangeFeed, type RedisChangeFeedOptions } from './redisChangeFeed';

/** Something changed: the tags it touched, from one domain event. */
export interface Change {
  tags: readonly string[];
  /** ms epoch when published */
  publishedAt: number;
  eventType: string;
}

/** Handles one change; changes arrive one at a time, in publish order. */
export type ChangeListener = (change: Change) => void | Promise<void>;

/**
 * The domain events as changes for the gateway's caches and live subscriptions:
 * every gateway replica sees every change (it is not a work queue).
 */
export interface ChangeFeed {
  readonly kind: 'redis' | 'memory' | 'none';
  /** Starts delivering changes published from now on to `listener`, in order. */
  start(listener: ChangeListener): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The change feed of a deployment with Redis: XREAD BLOCK on the event stream, own
 * connection, from the end at start(), resuming after reconnects (see {@link RedisChangeFeed}).
 * `publishedAt` is the ms part of the stream entry id.
 */
export function redisChangeFeed(
  redisUrl: string,
  logger: Logger,
  metrics?: Registry,
  options?: RedisChangeFeedOptions,
): ChangeFeed {
  return new RedisChangeFeed(redisUrl, logger, metrics, options);
}

/**
 * Events that happened this long before start() are history the in-process bus
 * replays to a new group, not changes: skipped (see {@link busChangeFeed}).
 */
export const BUS_REPLAY_SLACK_MS = 60_000;

/**
 * The change feed of the all-in-one process: a consumer group `gateway-<uuid>` of its
 * own on the in-process bus. MemoryEventBus hands a new group every event it still
 * holds, so events that occurred more than {@link BUS_REPLAY_SLACK_MS} before start()
 * (seeded history) are skipped; the few recent ones replayed only evict what may be
 * fresh, which is harmless. `publishedAt` is the delivery time. A listener that throws
 * is logged and skipped, never retried, so one failure cannot stall the feed.
 */
export function busChangeFeed(
  bus: EventSource,
  logger?: Logger,
  metrics?: Registry,
  shape: EventShape = GENERIC_DOMAIN.events,
): ChangeFeed {
  let subscription: EventSubscription | null = null;
  const counters = createChangeFeedMetrics(metrics);
  return {
    kind: 'memory',
    async start(listener) {
      if (subscription) throw new Error('the change feed is already started');
      const since = Date.now() - BUS_REPLAY_SLACK_MS;
      counters.setConnected('memory', true);
      subscription = bus.subscribe(`gateway-${randomUUID()}`, async (event) => {
        if (Date.parse(event.occurredAt) < since) return;
        const read = changeOfEvent(event, Date.now(), shape);
        if ('skipped' in read) {
          counters.countSkipped('memory', read.skipped);
          return;
        }
        try {
          await listener(read.change);
          counters.countChange('memory');
        } catch (error) {
          logger?.warn({ err: error, eventId: event.id }, 'change feed listener failed');
        }
      });
    },
    async stop() {
      await subscription?.stop();
      subscription = null;
    },
  };
}

/** The change feed of a gateway with nothing to listen to: delivers nothing. */
export function noChangeFeed(): ChangeFeed {
  return { kind: 'none', start: async () => undefined, stop: async () => undefined };
}
