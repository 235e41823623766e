import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createClient, type RedisClientType } from 'redis';
import { gatewayCacheEntryKey } from '../../../../lib/redisKeys';
import { createCacheMetrics, type CacheMetrics, type CacheOperation } from './cacheMetrics';
import type { CacheEntry, CacheReadiness, GatewayCache } from './gatewayCache';
import { GUARD_SLACK_MS, INVALIDATION_MEMORY_MS } from './memoryCache';
import { flushNamespace, runInvalidate, runSetMany } from './redisCacheScripts';
import { OpTimeoutError, withTimeout } from './withTimeout';

/** Settings of {@link redisCache}. */
export interface RedisCacheOptions {
  url: string;
  /** Longest one operation may take; past it a read misses. Default 150 ms. */
  opTimeoutMs?: number;
  /** Caps every entry's TTL, seconds. Default no cap. */
  maxTtlSeconds?: number;
  /**
   * Consecutive failed operations (timeouts, errors) while connected that count as losing
   * Redis, with the flush that follows (default 20). Fewer are slowness: the operations
   * miss, and an invalidation among them is replayed before reads resume, no flush.
   */
  flushAfterFailures?: number;
  /**
   * Most tags remembered while Redis is down (default 100,000). Past it the store
   * forgets them and flushes its whole namespace on reconnect instead.
   */
  maxDeferredTags?: number;
}

type Client = RedisClientType;

/** Tags replayed per script call after a reconnect. */
const REPLAY_BATCH = 500;

/**
 * The store shared by every gateway replica. Fails fast while Redis is down (no offline
 * queue, every operation bounded by `opTimeoutMs`): reads miss, writes are dropped and
 * invalidations are remembered, then replayed when Redis is back — before available()
 * turns true, so no replica serves an entry a change made stale during the outage.
 */
export function redisCache(
  options: RedisCacheOptions,
  logger: Logger,
  registry: Registry,
): GatewayCache {
  return new RedisCache(options, logger, createCacheMetrics(registry));
}

class RedisCache implements GatewayCache {
  readonly kind = 'redis';
  private readonly client: Client;
  private readonly opTimeoutMs: number;
  /** `connecting` until Redis first answered; logged once per change. */
  private state: 'connecting' | 'up' | 'down' = 'connecting';
  private downSince = Date.now();
  private readonly deferred = new Set<string>();
  private flushNeeded = false;
  /** Failed operations in a row while up; see `flushAfterFailures`. */
  private failuresInARow = 0;
  private recovering = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly options: RedisCacheOptions,
    private readonly logger: Logger,
    private readonly metrics: CacheMetrics,
  ) {
    this.opTimeoutMs = options.opTimeoutMs ?? 150;
    metrics.setAvailable('redis', false);
    this.client = createClient({
      url: options.url,
      name: 'cc-gateway-cache',
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 1000,
        reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000),
      },
    });
    this.client.on('ready', () => this.recover());
    this.client.on('error', (error: unknown) => {
      this.markDown(error, 'lost');
      // Usually the socket is gone and 'ready' will come; if not, recover anyway.
      this.scheduleRecover(250);
    });
    this.client.connect().catch((error: unknown) => this.markDown(error, 'lost'));
  }

  available(): boolean {
    return this.state === 'up';
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    const misses = keys.map(() => null);
    if (keys.length === 0) return misses;
    const values = await this.attempt('get', () =>
      this.client.mGet(keys.map((key) => gatewayCacheEntryKey(key))),
    );
    return values ?? misses;
  }

  async setMany(entries: readonly CacheEntry[], readAt: number): Promise<void> {
    if (entries.length === 0) return;
    const maxTtlMs = (this.options.maxTtlSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    await this.attempt('set', () =>
      runSetMany(
        this.client,
        entries,
        (entry) => Math.min(entry.ttlSeconds * 1000, maxTtlMs),
        readAt - GUARD_SLACK_MS,
      ),
    );
  }

  async invalidate(tags: readonly string[]): Promise<number> {
    const unique = [...new Set(tags)];
    if (unique.length === 0) return 0;
    const evicted = await this.attempt('invalidate', () =>
      runInvalidate(this.client, unique, Date.now(), INVALIDATION_MEMORY_MS),
    );
    if (evicted === null) {
      this.defer(unique);
      return 0;
    }
    this.metrics.countInvalidations(unique.length);
    this.metrics.countEvicted(evicted);
    return evicted;
  }

  readiness(): CacheReadiness {
    return this.state === 'up'
      ? { ok: true, detail: 'redis connected' }
      : {
          ok: true,
          detail: `redis unavailable since ${new Date(this.downSince).toISOString()}: caching bypassed`,
        };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.setState('down');
    if (this.client.isOpen) this.client.destroy();
  }

  /** Runs `op` when available, within the op timeout; null (and counted) when it could not. */
  private async attempt<T>(op: CacheOperation, run: () => Promise<T>): Promise<T | null> {
    if (this.state !== 'up') {
      this.metrics.countOperation(op, 'error');
      return null;
    }
    try {
      const result = await withTimeout(run(), this.opTimeoutMs);
      this.metrics.countOperation(op, 'ok');
      this.failuresInARow = 0;
      return result;
    } catch (error) {
      const timedOut = error instanceof OpTimeoutError;
      this.metrics.countOperation(op, timedOut ? 'timeout' : 'error');
      this.logger.debug({ err: error, op }, 'redis cache operation failed');
      this.failuresInARow += 1;
      if (this.failuresInARow >= (this.options.flushAfterFailures ?? 20)) {
        this.markDown(new Error(`${this.failuresInARow} cache operations failed in a row`), 'lost');
        this.scheduleRecover(250);
      }
      return null;
    }
  }

  /** Remembers tags to invalidate later; past the bound, remembers to flush instead. */
  private defer(tags: readonly string[]): void {
    if (!this.flushNeeded) {
      for (const tag of tags) this.deferred.add(tag);
      if (this.deferred.size > (this.options.maxDeferredTags ?? 100_000)) {
        this.deferred.clear();
        this.flushNeeded = true;
        this.logger.warn(
          'too many cache invalidations while redis is unavailable: the gateway cache namespace will be flushed on reconnect',
        );
      }
    }
    // An invalidation that failed while connected (a timeout) must land before reads
    // resume; Redis itself is still there, so it is replayed, not flushed for.
    this.markDown(new Error('an invalidation could not be applied in time'), 'slow');
    this.scheduleRecover(250);
  }

  /**
   * Stops serving until `recover` has replayed what was deferred. `lost`: the
   * connection went away (or failed `flushAfterFailures` times in a row), and the
   * namespace is flushed before caching resumes. `slow`: an invalidation ran out of
   * time on a live connection; it is replayed, and nothing else is dropped.
   */
  private markDown(reason: unknown, cause: 'lost' | 'slow'): void {
    if (this.closed) return;
    if (cause === 'lost' && !this.flushNeeded && this.state !== 'connecting') {
      // While Redis was out of reach, other replicas may have acknowledged changes whose
      // evictions they could only defer, and may not live to replay them (a deploy, a
      // crash). So everything cached before is dropped before caching resumes.
      this.flushNeeded = true;
      this.metrics.countDisconnect();
    }
    this.failuresInARow = 0;
    if (this.state === 'down') return;
    if (this.state === 'up') this.downSince = Date.now();
    this.setState('down');
    if (cause === 'lost')
      this.logger.warn(
        { err: reason },
        'redis cache unavailable: caching bypassed until it answers again',
      );
    else this.logger.debug({ err: reason }, 'redis cache slow: reads miss until it is replayed');
  }

  /** Replays what was deferred (or flushes), then turns available; retries until done. */
  private recover(): void {
    if (this.recovering || this.closed) return;
    this.recovering = true;
    this.replay()
      .catch((error: unknown) => {
        this.logger.debug({ err: error }, 'redis cache replay failed; will retry');
        this.scheduleRecover(500);
      })
      .finally(() => {
        this.recovering = false;
      });
  }

  /**
   * Applies deferred invalidations and turns available in the same tick it finds none
   * left, so no invalidation deferred meanwhile can be skipped. Stops (until the next
   * 'ready') if Redis goes away again.
   */
  private async replay(): Promise<void> {
    let replayed = 0;
    while (!this.closed && this.client.isReady) {
      if (this.flushNeeded) {
        // The flush covers everything deferred so far; tags deferred while it runs stay.
        this.flushNeeded = false;
        this.deferred.clear();
        const deleted = await flushNamespace(this.client, Date.now(), INVALIDATION_MEMORY_MS).catch(
          (error: unknown) => {
            this.flushNeeded = true;
            throw error;
          },
        );
        this.metrics.countFlush();
        this.logger.warn({ deleted }, 'redis cache namespace flushed after an outage');
        continue;
      }
      if (this.deferred.size === 0) {
        if (this.state !== 'up') {
          this.setState('up');
          this.logger.info({ replayed }, 'redis cache connected: caching on');
        }
        return;
      }
      const batch: string[] = [];
      for (const tag of this.deferred) if (batch.push(tag) === REPLAY_BATCH) break;
      const evicted = await withTimeout(
        runInvalidate(this.client, batch, Date.now(), INVALIDATION_MEMORY_MS),
        Math.max(this.opTimeoutMs, 2000),
      );
      for (const tag of batch) this.deferred.delete(tag);
      replayed += batch.length;
      this.metrics.countInvalidations(batch.length);
      this.metrics.countEvicted(evicted);
    }
  }

  private scheduleRecover(ms: number): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.recover();
    }, ms);
    this.retryTimer.unref();
  }

  private setState(state: 'up' | 'down'): void {
    this.state = state;
    this.metrics.setAvailable('redis', state === 'up');
  }
}
