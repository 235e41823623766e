import DataLoader from 'dataloader';
import type { Queryable } from './db';

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
    const groups = groupRows(await fetch(keys), keyOf);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** `rows` grouped by `keyOf`, each group in the order the rows came. */
export function groupRows<R>(rows: readonly R[], keyOf: (row: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
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

/** A module's loader factory: a fresh set of named loaders over `db` (e.g. `createNoteLoaders`). */
export type LoaderFactory<D extends Queryable = Queryable> = (db: D) => object;

/**
 * Combines the loader factories of a subgraph's modules into one per-request factory
 * whose loaders are made on first use: a module's set is built when a resolver first
 * asks for one of its loaders, and kept for the rest of the request. A request touches
 * one or two modules, while building every module's DataLoaders up front was the
 * largest allocation of a small request (support: 8 modules, 30 loaders).
 *
 * Each factory is called once here, with no database, to learn its loader names; it
 * must only build loaders, not use `db`. Two factories naming the same loader are an
 * error (spreading them silently kept the last).
 */
export function lazyLoaders<L extends object, D extends Queryable = Queryable>(
  factories: readonly LoaderFactory<D>[],
): (db: D) => L {
  class Loaders {
    readonly made: (Record<string, unknown> | undefined)[] = [];
    constructor(readonly db: D) {}
  }
  const names = new Set<string>();
  factories.forEach((factory, i) => {
    for (const name of Object.keys(factory(NO_DATABASE as D))) {
      if (names.has(name) || name === 'made' || name === 'db') {
        throw new Error(`loader "${name}" is defined twice (or shadows a field)`);
      }
      names.add(name);
      Object.defineProperty(Loaders.prototype, name, {
        enumerable: true,
        get(this: Loaders) {
          const set = (this.made[i] ??= factory(this.db) as Record<string, unknown>);
          return set[name];
        },
      });
    }
  });
  return (db) => new Loaders(db) as unknown as L;
}

/** What {@link lazyLoaders} hands a factory to learn its names: any use of it throws. */
const NO_DATABASE: Queryable = new Proxy({} as Queryable, {
  get() {
    throw new Error('a loader factory used the database while building its loaders');
  },
});
