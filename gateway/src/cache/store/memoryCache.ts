import type { Registry } from 'prom-client';
import { createCacheMetrics, type CacheMetrics } from './cacheMetrics';
import type { CacheEntry, CacheReadiness, GatewayCache } from './gatewayCache';

/** Bounds of {@link memoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries: number;
  /** Most bytes kept (keys and values counted as UTF-16, tags included). */
  maxBytes: number;
  /** Caps every entry's TTL, seconds. Default no cap. */
  maxTtlSeconds?: number;
  /** Clock, ms epoch; tests may pass their own. Default `Date.now`. */
  now?: () => number;
}

/** How long an invalidation time is kept for the stale-write guard. */
export const INVALIDATION_MEMORY_MS = 5 * 60_000;
/** A write is refused when a tag it carries was invalidated at or after `readAt - this`. */
export const GUARD_SLACK_MS = 1000;

interface Stored {
  value: string;
  expiresAt: number;
  tags: readonly string[];
  bytes: number;
}

/**
 * The one-process store: an LRU bounded by entries and bytes (a Map in recency order),
 * TTL per entry, a tag index `Map<tag, Set<key>>` so invalidation touches only what it
 * evicts, and invalidation times (pruned after 5 minutes) for the stale-write guard.
 */
export function memoryCache(options: MemoryCacheOptions, registry?: Registry): GatewayCache {
  return new MemoryCache(options, registry ? createCacheMetrics(registry) : null);
}

class MemoryCache implements GatewayCache {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Stored>();
  private readonly byTag = new Map<string, Set<string>>();
  /** Insertion order is time order (an update deletes first), so pruning reads from the front. */
  private readonly invalidatedAt = new Map<string, number>();
  private bytes = 0;
  private readonly now: () => number;
  private readonly maxTtlMs: number;

  constructor(
    private readonly options: MemoryCacheOptions,
    private readonly metrics: CacheMetrics | null,
  ) {
    this.now = options.now ?? Date.now;
    this.maxTtlMs = (options.maxTtlSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    metrics?.setAvailable('memory', true);
  }

  available(): boolean {
    return true;
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    const at = this.now();
    const values = keys.map((key) => {
      const stored = this.entries.get(key);
      if (!stored) return null;
      if (stored.expiresAt <= at) {
        this.remove(key);
        return null;
      }
      // Most recently used goes last.
      this.entries.delete(key);
      this.entries.set(key, stored);
      return stored.value;
    });
    this.metrics?.countOperation('get', 'ok');
    return values;
  }

  async setMany(batch: readonly CacheEntry[], readAt: number): Promise<void> {
    const at = this.now();
    this.pruneInvalidations(at);
    for (const entry of batch) this.store(entry, at, readAt - GUARD_SLACK_MS);
    this.makeRoom();
    this.metrics?.countOperation('set', 'ok');
  }

  async invalidate(tags: readonly string[]): Promise<number> {
    const at = this.now();
    const unique = new Set(tags);
    let evicted = 0;
    for (const tag of unique) {
      this.invalidatedAt.delete(tag);
      this.invalidatedAt.set(tag, at);
      for (const key of [...(this.byTag.get(tag) ?? [])]) if (this.remove(key)) evicted += 1;
    }
    this.pruneInvalidations(at);
    this.metrics?.countOperation('invalidate', 'ok');
    this.metrics?.countInvalidations(unique.size);
    this.metrics?.countEvicted(evicted);
    return evicted;
  }

  readiness(): CacheReadiness {
    return { ok: true, detail: 'in-memory cache (this process only)' };
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.byTag.clear();
    this.invalidatedAt.clear();
    this.bytes = 0;
  }

  private store(entry: CacheEntry, at: number, threshold: number): void {
    const ttlMs = Math.min(entry.ttlSeconds * 1000, this.maxTtlMs);
    if (!(ttlMs > 0)) return;
    if (entry.tags.some((tag) => (this.invalidatedAt.get(tag) ?? -Infinity) >= threshold)) return;
    const size = 2 * (entry.key.length + entry.value.length + entry.tags.join('').length);
    this.remove(entry.key);
    if (size > this.options.maxBytes) return;
    this.entries.set(entry.key, {
      value: entry.value,
      expiresAt: at + ttlMs,
      tags: entry.tags,
      bytes: size,
    });
    this.bytes += size;
    for (const tag of entry.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(entry.key);
    }
  }

  private remove(key: string): boolean {
    const stored = this.entries.get(key);
    if (!stored) return false;
    this.entries.delete(key);
    this.bytes -= stored.bytes;
    for (const tag of stored.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }

  /** Drops least recently used entries until both bounds hold. */
  private makeRoom(): void {
    let dropped = 0;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes)
        break;
      this.remove(key);
      dropped += 1;
    }
    this.metrics?.countCapacityEvictions(dropped);
  }

  private pruneInvalidations(at: number): void {
    for (const [tag, time] of this.invalidatedAt) {
      if (time > at - INVALIDATION_MEMORY_MS) break;
      this.invalidatedAt.delete(tag);
    }
  }
}
