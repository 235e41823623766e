import { Counter, Gauge, type Registry } from 'prom-client';

/** The cache store operations counted in `gateway_cache_operations_total`. */
export type CacheOperation = 'get' | 'set' | 'invalidate';

/** How one store operation ended: answered, failed (or skipped while down), or ran out of time. */
export type CacheOutcome = 'ok' | 'error' | 'timeout';

/** The store-level cache metrics (hit/miss per cache is the caller's). */
export interface CacheMetrics {
  /** Sets `gateway_cache_available{store}` to 1 or 0. */
  setAvailable(store: string, available: boolean): void;
  /** Counts one `gateway_cache_operations_total{op, outcome}`. */
  countOperation(op: CacheOperation, outcome: CacheOutcome): void;
  /** Counts tags invalidated (`gateway_cache_invalidations_total`). */
  countInvalidations(tags: number): void;
  /** Counts entries an invalidation evicted (`gateway_cache_evicted_entries_total`). */
  countEvicted(entries: number): void;
  /** Counts entries the memory store dropped for room (`gateway_cache_capacity_evictions_total`). */
  countCapacityEvictions(entries: number): void;
  /** Counts a lost connection to the store, or a run of failures taken as one (`gateway_cache_disconnects_total`). */
  countDisconnect(): void;
  /** Counts a flush of the gateway's whole namespace (`gateway_cache_flushes_total`). */
  countFlush(): void;
}

/**
 * Registers the cache store metrics in `registry`, or reuses them when another store
 * (say a second cache on the same registry) registered them first, so creating a store
 * twice never throws "already registered".
 */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const available = reuse(
    registry,
    'gateway_cache_available',
    () =>
      new Gauge({
        name: 'gateway_cache_available',
        help: 'Whether the shared cache store answers (1) or is bypassed (0), by store',
        labelNames: ['store'],
        registers: [registry],
      }),
  );
  const operations = reuse(
    registry,
    'gateway_cache_operations_total',
    () =>
      new Counter({
        name: 'gateway_cache_operations_total',
        help: 'Cache store operations by op (get|set|invalidate) and outcome (ok|error|timeout)',
        labelNames: ['op', 'outcome'],
        registers: [registry],
      }),
  );
  const invalidations = counter(
    registry,
    'gateway_cache_invalidations_total',
    'Tags invalidated in the cache store (deferred ones count when they are applied)',
  );
  const evicted = counter(
    registry,
    'gateway_cache_evicted_entries_total',
    'Cache entries evicted because a tag they carry was invalidated',
  );
  const capacity = counter(
    registry,
    'gateway_cache_capacity_evictions_total',
    'Entries the in-memory cache dropped to stay within its entry and byte bounds',
  );
  const disconnects = counter(
    registry,
    'gateway_cache_disconnects_total',
    'Times the cache store was lost (connection closed, or a run of failed operations); each ends in a flush',
  );
  const flushes = counter(
    registry,
    'gateway_cache_flushes_total',
    "Flushes of the gateway's whole cache namespace (after the store was lost, never for a slow operation)",
  );
  return {
    countDisconnect: () => disconnects.inc(),
    countFlush: () => flushes.inc(),
    setAvailable: (store, up) => available.set({ store }, up ? 1 : 0),
    countOperation: (op, outcome) => operations.inc({ op, outcome }),
    countInvalidations: (tags) => {
      if (tags > 0) invalidations.inc(tags);
    },
    countEvicted: (entries) => {
      if (entries > 0) evicted.inc(entries);
    },
    countCapacityEvictions: (entries) => {
      if (entries > 0) capacity.inc(entries);
    },
  };
}

function counter(registry: Registry, name: string, help: string): Counter {
  return reuse(registry, name, () => new Counter({ name, help, registers: [registry] }));
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}
