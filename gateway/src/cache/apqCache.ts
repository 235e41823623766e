import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { apqCacheKey } from '../../../lib/redisKeys';
import type { GatewayCache } from './store/gatewayCache';
import type { CacheRequestMetrics } from './cacheRequestMetrics';

/**
 * Automatic persisted queries on the shared cache: a document registered through one
 * replica is known to all of them (with Redis). Apollo Server hashes and verifies the
 * text; this only stores it. A store that is down answers "not found", and the client
 * then sends the full text, as the APQ protocol intends.
 */
export function apqCache(
  store: GatewayCache,
  ttlSeconds: number,
  metrics: CacheRequestMetrics,
): KeyValueCache<string> {
  return {
    async get(key) {
      const [value] = await store.getMany([apqCacheKey(key)]);
      metrics.record('apq', value ? 'hit' : 'miss');
      return value ?? undefined;
    },
    async set(key, value, options) {
      const ttl = options?.ttl ?? ttlSeconds;
      await store.setMany(
        [{ key: apqCacheKey(key), value, ttlSeconds: ttl, tags: [] }],
        Date.now(),
      );
    },
    // APQ never deletes; entries expire.
    async delete() {
      return false;
    },
  };
}
