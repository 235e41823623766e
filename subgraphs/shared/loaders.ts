import DataLoader from 'dataloader';

/**
 * A DataLoader (string keys; join composite keys) that fetches rows for many keys in one statement and answers each key
 * with its one row (or null), in key order as DataLoader requires.
 */
export function oneByKey<R>(
  fetch: (keys: readonly string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/**
 * A DataLoader that fetches rows for many keys in one statement and answers each key
 * with all its rows (possibly none), keeping the order the statement returned.
 */
export function manyByKey<R>(
  fetch: (keys: readonly string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R[]> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const groups = new Map<string, R[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** A row fetched for one request among many, tagged with that request's 1-based position. */
export interface KeyedRow {
  key_index: number;
}

/**
 * A DataLoader whose keys are requests with arguments (a customer id plus a filter or
 * page), not bare ids. `fetch` answers every request in ONE statement, typically
 * `unnest(...) WITH ORDINALITY AS k(..., n)` joined laterally, and tags each row with
 * `k.n` as `key_index`; rows are handed back to their request in the order fetched.
 * Equal requests share one entry: the cache key is the request as JSON (requests are
 * plain objects of ids, page arguments, filters and dates, built the same way each time).
 */
export function manyByRequest<K, R extends KeyedRow>(
  fetch: (requests: readonly K[]) => Promise<R[]>,
  cacheKey: (request: K) => string = (request) => JSON.stringify(request),
): DataLoader<K, R[], string> {
  return new DataLoader<K, R[], string>(
    async (requests) => {
      const rows = await fetch(requests);
      const groups: R[][] = requests.map(() => []);
      for (const row of rows) groups[row.key_index - 1]?.push(row);
      return groups;
    },
    { cacheKeyFn: cacheKey },
  );
}
