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
