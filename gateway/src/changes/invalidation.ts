import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';
import type { ChangeFeed } from './changeFeed';
import type { GatewayCache } from '../cache/store/gatewayCache';
import type { ChangeHub } from './changeHub';

/** A running invalidation loop. */
export interface Invalidation {
  /** Evicts `tags` now and tells live subscriptions (a mutation through this replica). */
  invalidated(tags: readonly string[]): Promise<void>;
  /** When this replica last learnt of a change (epoch ms; 0 before the first). */
  lastChangeAt(): number;
  stop(): Promise<void>;
}

/**
 * Keeps the caches honest: every domain event from the change feed evicts what it
 * names, then live subscriptions on this replica hear of it; eviction comes first so a
 * re-run never reads the old value. `gateway_cache_invalidation_lag_seconds` measures
 * from the event's publication to its eviction here.
 */
export async function startInvalidation(options: {
  feed: ChangeFeed;
  store: GatewayCache;
  hub: ChangeHub;
  metrics: Registry;
  logger: Logger;
}): Promise<Invalidation> {
  const { feed, store, hub, logger } = options;
  const lag = new Histogram({
    name: 'gateway_cache_invalidation_lag_seconds',
    help: 'From a domain event being published to its tags being evicted in this replica',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [options.metrics],
  });
  let lastChangeAt = 0;
  await feed.start(async (change) => {
    lastChangeAt = Date.now();
    try {
      await store.invalidate(change.tags);
    } catch (error) {
      logger.warn({ err: error, event: change.eventType }, 'cache invalidation failed');
    }
    lag.observe(Math.max(0, Date.now() - change.publishedAt) / 1000);
    hub.publish(change.tags);
  });
  return {
    async invalidated(tags) {
      lastChangeAt = Date.now();
      await store.invalidate(tags);
      hub.publish(tags);
    },
    lastChangeAt: () => lastChangeAt,
    stop: () => feed.stop(),
  };
}
