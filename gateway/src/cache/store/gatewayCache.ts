import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createCacheMetrics } from './cacheMetrics';
import { memoryCache } from './memoryCache';
import { redisCache } from './redisCache';

/** One value to cache: what, for how long, and which tags evict it. */
export interface CacheEntry {
  key: string;
  value: string;
  ttlSeconds: number;
  tags: readonly string[];
}

/** What `/ready` shows for the cache: it never makes the gateway unready. */
export interface CacheReadiness {
  ok: true;
  detail: string;
}

/**
 * The gateway's shared cache store, the same to callers whether it is Redis (shared by
 * every replica), memory (one process) or off.
 */
export interface GatewayCache {
  readonly kind: 'redis' | 'memory' | 'off';
  /** True while the store answers. False: reads miss, writes are dropped. */
  available(): boolean;
  /** Values by key (null = miss). Never throws, never waits longer than the op timeout. */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /**
   * Stores entries, except those with a tag invalidated at or after `readAt - 1000`
   * (ms epoch when the data was read from the subgraph), so a read that raced a change
   * never re-caches the old value. Atomic per call in Redis (Lua). Never throws.
   */
  setMany(entries: readonly CacheEntry[], readAt: number): Promise<void>;
  /**
   * Evicts every entry carrying any tag (via a per-tag index set, never KEYS) and
   * records the invalidation time per tag (kept 5 min) for the guard above. When the
   * store is down, the tags are kept (bounded) and replayed on reconnect before
   * available() turns true again. Never throws. Returns entries evicted (0 if deferred).
   */
  invalidate(tags: readonly string[]): Promise<number>;
  /** `{ ok: true, detail }`: `redis connected`, `redis unavailable since <iso>: caching bypassed`, ... */
  readiness(): CacheReadiness;
  close(): Promise<void>;
}

/** The cache settings of the gateway configuration (`config.cache`). */
export interface CacheConfig {
  /** Env `CACHE`: `auto` (default) resolves to `redis` when `REDIS_URL` is set, else `memory`. */
  store: 'redis' | 'memory' | 'off';
  /** Whether `store` was chosen by `auto` (the gateway may then turn a feedless memory cache off). */
  auto?: boolean;
  /** Env `REDIS_URL`; required when `store` is `redis`. */
  redisUrl: string | undefined;
  /**
   * Whether `_entities` answers are cached beside whole responses. Env `ENTITY_CACHE`
   * (`on` default | `off`); off measures what the entity cache earns.
   */
  entities?: boolean;
  /**
   * Whether stored answers' uncacheable fetches are re-sent conditionally (asking the
   * subgraph for a validator, then `If-None-Match`) rather than in full. Env
   * `CONDITIONAL_REREADS` (`on` default | `off`); off measures what they earn.
   */
  conditionalRereads?: boolean;
  /** Longest any entry lives, seconds; caps every hint. Env `CACHE_MAX_TTL_SECONDS`, default 300. */
  maxTtlSeconds: number;
  /** Env `CACHE_MEMORY_MAX_ENTRIES`, default 50000. */
  memoryMaxEntries: number;
  /** Env `CACHE_MEMORY_MAX_BYTES`, default 64 MiB. */
  memoryMaxBytes: number;
  /** Longest one Redis operation may take before it counts as a miss, ms. Env `CACHE_OP_TIMEOUT_MS`, default 150. */
  opTimeoutMs: number;
  /**
   * Failed Redis operations in a row that count as losing Redis (the namespace is then
   * flushed before caching resumes); a slow operation alone never does. Env
   * `CACHE_FLUSH_AFTER_FAILURES`, default 20.
   */
  flushAfterFailures?: number;
  /** Parsed-document cache size, MiB. Env `DOCUMENT_CACHE_MIB`, default 16. */
  documentCacheMiB: number;
  /** Query-plan cache size, MiB. Env `QUERY_PLAN_CACHE_MIB`, default 32. */
  queryPlanCacheMiB: number;
  /** How long a registered persisted query is kept, seconds. Env `APQ_TTL_SECONDS`, default 86400. */
  apqTtlSeconds: number;
}

/**
 * Builds the store `config.store` names, with its metrics in `metrics`. The Redis store
 * connects in the background: it is unavailable (reads miss) until Redis answers.
 */
export function createGatewayCache(
  config: CacheConfig,
  logger: Logger,
  metrics: Registry,
): GatewayCache {
  switch (config.store) {
    case 'redis':
      if (!config.redisUrl) throw new Error('the redis cache store needs REDIS_URL');
      return redisCache(
        {
          url: config.redisUrl,
          opTimeoutMs: config.opTimeoutMs,
          maxTtlSeconds: config.maxTtlSeconds,
          ...(config.flushAfterFailures ? { flushAfterFailures: config.flushAfterFailures } : {}),
        },
        logger,
        metrics,
      );
    case 'memory':
      return memoryCache(
        {
          maxEntries: config.memoryMaxEntries,
          maxBytes: config.memoryMaxBytes,
          maxTtlSeconds: config.maxTtlSeconds,
        },
        metrics,
      );
    case 'off':
      return offCache(metrics);
    default: {
      const unreachable: never = config.store;
      throw new Error(`unknown cache store ${String(unreachable)}`);
    }
  }
}

/** The store of `CACHE=off`: never available, every read misses, writes vanish. */
export function offCache(metrics?: Registry): GatewayCache {
  if (metrics) createCacheMetrics(metrics).setAvailable('off', false);
  return {
    kind: 'off',
    available: () => false,
    getMany: async (keys) => keys.map(() => null),
    setMany: async () => undefined,
    invalidate: async () => 0,
    readiness: () => ({ ok: true, detail: 'caching off' }),
    close: async () => undefined,
  };
}
