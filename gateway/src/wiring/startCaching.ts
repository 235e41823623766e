import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EntityCacheOptions } from '../cache/entityCache';
import { createCacheRequestMetrics, type CacheRequestMetrics } from '../cache/cacheRequestMetrics';
import { createGatewayCache, type GatewayCache } from '../cache/store/gatewayCache';
import {
  busChangeFeed,
  noChangeFeed,
  redisChangeFeed,
  type Change,
  type ChangeFeed,
} from '../changes/changeFeed';
import { ChangeHub } from '../changes/changeHub';
import { startInvalidation, type Invalidation } from '../changes/invalidation';
import type { GatewayConfig } from '../config';
import type { GatewayPlugin } from '../plugins/gatewayPlugin';
import { pluginHookRunner } from '../plugins/runPluginHooks';
import type { GatewayDependencies } from '../server';

/** The shared store, the change feed that evicts it, and the hub live queries listen on. */
export interface Caching {
  store: GatewayCache;
  hub: ChangeHub;
  invalidation: Invalidation;
  metrics: CacheRequestMetrics;
  /** What the entity and response caches share; null when caching is off. */
  shared: EntityCacheOptions | null;
  stop(): Promise<void>;
}

/**
 * Starts the cache store and the invalidation loop: every change from the feed evicts
 * its tags, then reaches the hub. `supergraphHash` keys entries to the schema served.
 */
export async function startCaching(options: {
  config: GatewayConfig;
  deps: GatewayDependencies;
  logger: Logger;
  metrics: Registry;
  supergraphHash(): string;
  plugins: readonly GatewayPlugin[];
}): Promise<Caching> {
  const { config, deps, logger, metrics } = options;
  const feed = withEventHooks(
    changeFeedFor(config, deps, logger, metrics),
    pluginHookRunner(options.plugins, 'onDomainEvent', logger),
  );
  const store = createGatewayCache(cacheConfigFor(config, feed, logger), logger, metrics);
  const cacheMetrics = createCacheRequestMetrics(metrics);
  const hub = new ChangeHub((error) => logger.error({ err: error }, 'change listener failed'));
  const invalidation = await startInvalidation({ feed, store, hub, metrics, logger });
  return {
    store,
    hub,
    invalidation,
    metrics: cacheMetrics,
    shared:
      store.kind === 'off'
        ? null
        : {
            store,
            maxTtlSeconds: config.cache.maxTtlSeconds,
            supergraphHash: () => options.supergraphHash(),
            metrics: cacheMetrics,
          },
    async stop() {
      await invalidation.stop();
      await store.close();
    },
  };
}

/**
 * An in-memory cache with no change feed (a gateway alone, without Redis, its subgraphs
 * in other processes) would hear only of changes made through itself. Chosen by `auto`,
 * it is turned off; asked for explicitly, it runs and the log says what that means.
 */
function cacheConfigFor(config: GatewayConfig, feed: ChangeFeed, logger: Logger) {
  if (config.cache.store !== 'memory' || feed.kind !== 'none') return config.cache;
  if (config.cache.auto) {
    logger.warn(
      'cache off: no REDIS_URL and no in-process event bus, so changes made outside this gateway could not evict it; set REDIS_URL to cache',
    );
    return { ...config.cache, store: 'off' as const };
  }
  logger.warn(
    'CACHE=memory without a change feed: only changes made through this gateway evict it; others show after their max-age',
  );
  return config.cache;
}

/** Where domain events come from: the shared Redis stream, the in-process bus, or nowhere. */
function changeFeedFor(
  config: GatewayConfig,
  deps: GatewayDependencies,
  logger: Logger,
  metrics: Registry,
): ChangeFeed {
  const eventShape = config.domain.events;
  if (config.cache.redisUrl)
    return redisChangeFeed(config.cache.redisUrl, logger, metrics, { eventShape });
  if (deps.eventBus) return busChangeFeed(deps.eventBus, logger, metrics, eventShape);
  return noChangeFeed();
}

/** The feed, with the plugins' `onDomainEvent` run after each change was handled. */
function withEventHooks(
  feed: ChangeFeed,
  onDomainEvent: ((change: Change) => Promise<void>) | null,
): ChangeFeed {
  if (!onDomainEvent) return feed;
  return {
    kind: feed.kind,
    start: (listener) =>
      feed.start(async (change) => {
        await listener(change);
        await onDomainEvent(change);
      }),
    stop: () => feed.stop(),
  };
}
