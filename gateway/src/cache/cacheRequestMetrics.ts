import { Counter, type Registry } from 'prom-client';

/** Which cache a lookup went to. */
export type CacheName = 'entity' | 'response' | 'apq';

/** Hit and miss counts per cache, for `/metrics`. */
export interface CacheRequestMetrics {
  /**
   * `revalidated`: a stored response served after its uncacheable fetches, sent again,
   * answered alike; `not_modified`: served after the subgraph answered its conditional
   * re-send "not modified" (both say `x-cache: revalidated`).
   */
  record(
    cache: CacheName,
    result: 'hit' | 'miss' | 'revalidated' | 'not_modified',
    count?: number,
  ): void;
}

/** `gateway_cache_requests_total{cache, result}` on `registry`. */
export function createCacheRequestMetrics(registry: Registry): CacheRequestMetrics {
  const counter = new Counter({
    name: 'gateway_cache_requests_total',
    help: 'Cache lookups by cache (entity, response, apq) and result (hit, miss; revalidated: a response served once its uncacheable fetches answered alike; not_modified: once the subgraph answered their conditional re-send 304)',
    labelNames: ['cache', 'result'],
    registers: [registry],
  });
  return {
    record(cache, result, count = 1) {
      if (count > 0) counter.inc({ cache, result }, count);
    },
  };
}
