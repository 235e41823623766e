/**
 * Every Redis key this product uses comes from a builder here, never from string
 * concatenation scattered in code, so key shapes can be found, versioned and changed
 * in one place.
 */
const PREFIX = 'cc';

/** The stream every subgraph's outbox relay appends domain events to. */
export function eventStreamKey(): string {
  return `${PREFIX}:events:v1`;
}

/**
 * Everything the gateways' shared cache writes lives under this prefix (with a version,
 * so a format change starts a fresh namespace). A SCAN over it is the last-resort flush
 * after an outage too long to replay (see gateway/src/cache/store/redisCache.ts); nothing on a
 * request path scans.
 */
export function gatewayCacheNamespace(): string {
  return `${PREFIX}:gw:v1`;
}

/** The SCAN pattern matching every key of the gateway cache namespace (last-resort flush only). */
export function gatewayCacheNamespacePattern(): string {
  return `${gatewayCacheNamespace()}:*`;
}

/** The Redis key holding one gateway cache entry (`key` is the cache's own key). */
export function gatewayCacheEntryKey(key: string): string {
  return `${gatewayCacheNamespace()}:e:${key}`;
}

/** The set of entry keys that carry `tag`, so invalidating a tag never needs KEYS. */
export function gatewayCacheTagIndexKey(tag: string): string {
  return `${gatewayCacheNamespace()}:t:${tag}`;
}

/** When `tag` was last invalidated (ms epoch), kept 5 minutes for the stale-write guard. */
export function gatewayCacheTagInvalidatedKey(tag: string): string {
  return `${gatewayCacheNamespace()}:i:${tag}`;
}

/**
 * When the whole namespace was last flushed (ms epoch): a guard for every tag at once,
 * written after the last-resort flush.
 */
export function gatewayCacheFlushedKey(): string {
  return `${gatewayCacheNamespace()}:flushed`;
}

/**
 * The gateway cache key (not a Redis key: the store places it under its namespace) of
 * an automatic persisted query, by the query's SHA-256 hex.
 */
export function apqCacheKey(sha256Hex: string): string {
  return `apq:${sha256Hex}`;
}
