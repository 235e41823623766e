import { createHash } from 'node:crypto';
import type { RedisClientType } from 'redis';
import {
  gatewayCacheEntryKey,
  gatewayCacheFlushedKey,
  gatewayCacheNamespacePattern,
  gatewayCacheTagIndexKey,
  gatewayCacheTagInvalidatedKey,
} from '../../../../lib/redisKeys';
import type { CacheEntry } from './gatewayCache';

/**
 * The Redis store's two writes as Lua scripts, so each runs atomically: no write can
 * slip between the guard's check and the SET, nor between an eviction and the
 * invalidation time it records.
 *
 * The scripts read and write entry keys found in the tag index sets, which they do not
 * declare in KEYS: they suit one Redis (or a Sentinel pair), not Redis Cluster.
 */

/** Tag index sets larger than this get a few dead members pruned on each write. */
const PRUNE_ABOVE = 256;

/**
 * KEYS: flushedKey, then per entry: entryKey, then per tag: indexKey, invalidatedKey.
 * ARGV: threshold (readAt - slack), then per entry: ttlMs, value, tagCount.
 * Skips an entry when any of its tags (or the whole namespace) was invalidated at or
 * after the threshold; otherwise SET PX, SADD to each tag's index and stretch the
 * index's expiry to at least the entry's. Returns the number stored.
 */
const SET_MANY = script(`
local threshold = tonumber(ARGV[1])
local flushed = redis.call('GET', KEYS[1])
if flushed and tonumber(flushed) >= threshold then return 0 end
local k, a, stored = 2, 2, 0
while a <= #ARGV do
  local ttl, value, n = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2])
  local entryKey = KEYS[k]
  local fresh = true
  for t = 0, n - 1 do
    local at = redis.call('GET', KEYS[k + 2 + 2 * t])
    if at and tonumber(at) >= threshold then fresh = false break end
  end
  if fresh then
    redis.call('SET', entryKey, value, 'PX', ttl)
    for t = 0, n - 1 do
      local index = KEYS[k + 1 + 2 * t]
      redis.call('SADD', index, entryKey)
      if redis.call('PTTL', index) < ttl then redis.call('PEXPIRE', index, ttl) end
      if redis.call('SCARD', index) > ${PRUNE_ABOVE} then
        for _, member in ipairs(redis.call('SRANDMEMBER', index, 16)) do
          if redis.call('EXISTS', member) == 0 then redis.call('SREM', index, member) end
        end
      end
    end
    stored = stored + 1
  end
  a = a + 3
  k = k + 1 + 2 * n
end
return stored
`);

/**
 * KEYS: per tag: indexKey, invalidatedKey. ARGV: now (ms epoch), keepMs.
 * Unlinks every entry in each tag's index and the index itself, and records the later
 * of `now` and the recorded time as the tag's invalidation time, kept `keepMs`.
 * Returns the number of entries that existed and were evicted.
 */
const INVALIDATE = script(`
local now, keep, evicted = tonumber(ARGV[1]), ARGV[2], 0
for i = 1, #KEYS, 2 do
  local members = redis.call('SMEMBERS', KEYS[i])
  for j = 1, #members, 500 do
    evicted = evicted + redis.call('UNLINK', unpack(members, j, math.min(j + 499, #members)))
  end
  redis.call('UNLINK', KEYS[i])
  local recorded = redis.call('GET', KEYS[i + 1])
  if recorded and tonumber(recorded) > now then
    redis.call('PEXPIRE', KEYS[i + 1], keep)
  else
    redis.call('SET', KEYS[i + 1], ARGV[1], 'PX', keep)
  end
end
return evicted
`);

type Client = RedisClientType;

/** Runs the stale-write-guarded batch write; resolves to the number of entries stored. */
export async function runSetMany(
  client: Client,
  entries: readonly CacheEntry[],
  ttlMs: (entry: CacheEntry) => number,
  threshold: number,
): Promise<number> {
  const keys = [gatewayCacheFlushedKey()];
  const args = [String(threshold)];
  for (const entry of entries) {
    const ttl = ttlMs(entry);
    if (!(ttl > 0)) continue;
    const tags = [...new Set(entry.tags)];
    keys.push(gatewayCacheEntryKey(entry.key));
    for (const tag of tags)
      keys.push(gatewayCacheTagIndexKey(tag), gatewayCacheTagInvalidatedKey(tag));
    args.push(String(Math.ceil(ttl)), entry.value, String(tags.length));
  }
  if (args.length === 1) return 0;
  return Number(await runScript(client, SET_MANY, keys, args));
}

/** Evicts everything carrying `tags` and records `now` as their invalidation time. */
export async function runInvalidate(
  client: Client,
  tags: readonly string[],
  now: number,
  keepMs: number,
): Promise<number> {
  if (tags.length === 0) return 0;
  const keys = tags.flatMap((tag) => [
    gatewayCacheTagIndexKey(tag),
    gatewayCacheTagInvalidatedKey(tag),
  ]);
  return Number(await runScript(client, INVALIDATE, keys, [String(now), String(keepMs)]));
}

/**
 * The last resort after an outage with more invalidations than could be remembered:
 * deletes the whole gateway cache namespace with SCAN + UNLINK (never KEYS), after
 * recording a namespace-wide invalidation time so no replica re-caches data read before
 * the flush. Costs one pass over the keyspace; runs only on reconnect, never on a request.
 */
export async function flushNamespace(client: Client, now: number, keepMs: number): Promise<number> {
  const flushed = gatewayCacheFlushedKey();
  await client.set(flushed, String(now), { expiration: { type: 'PX', value: keepMs } });
  let deleted = 0;
  for await (const batch of client.scanIterator({
    MATCH: gatewayCacheNamespacePattern(),
    COUNT: 1000,
  })) {
    const keys = batch.filter((key) => key !== flushed);
    if (keys.length > 0) deleted += await client.unlink(keys);
  }
  return deleted;
}

interface Script {
  source: string;
  sha1: string;
}

function script(source: string): Script {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** EVALSHA, falling back to EVAL once when Redis does not know the script (a restart). */
async function runScript(
  client: Client,
  { source, sha1 }: Script,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await client.evalSha(sha1, { keys, arguments: args });
  } catch (error) {
    if (!String(error).includes('NOSCRIPT')) throw error;
    return client.eval(source, { keys, arguments: args });
  }
}
