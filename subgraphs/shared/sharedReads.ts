import { outsideCacheScope, recordCustomerRead } from './cacheScope';
import { groupRows } from './loaders';

/** A batch that holds this many keys is sent at once (without waiting for its turn to end). */
export const MAX_SHARED_KEYS = 1_000;

/** How {@link sharedReads} reads and hands out rows. */
export interface SharedReadOptions<K, R> {
  /** Reads the rows of many keys in one statement. */
  fetch: (keys: readonly K[]) => Promise<R[]>;
  /** A key's identity (equal keys of several callers are read once). */
  keyOf: (key: K) => string;
  /** The identity of the key a row answers. */
  rowKeyOf: (row: R) => string;
  /** The customer whose data a row is: a caller's answer is tagged `customer:<id>` with it. */
  customerOf: (row: R) => string;
}

interface Caller<K, R> {
  keys: readonly K[];
  resolve(rows: R[]): void;
  reject(error: unknown): void;
}

/**
 * Lets the requests one subgraph process serves at the same time share ONE statement for
 * the same keyed read. Each request's DataLoader already turns its own reads into one
 * statement; requests are many, and under load a subgraph that answers one customer per
 * request (crm under the rep's `CustomerContext`) sent one statement per loader per
 * request, each waiting for a pooled connection. Calls made in the same event-loop turn
 * are merged (a lone call waits for nothing but the end of its turn); each caller gets
 * exactly the rows of the keys it asked for, in the statement's order.
 *
 * Rows carry no caller: only reads whose answer does not depend on who asks belong here.
 * Who may see a row is decided by the resolvers, per request, as before. The shared
 * statement runs outside every request's cache scope, and each request tags its answer
 * with the customers of its own rows (`customer:<id>`), as if it had read them alone.
 * A statement that fails fails every call it carried. The statement starts after every
 * call it carries was made, so each sees the writes committed before it asked.
 */
export function sharedReads<K, R>(
  options: SharedReadOptions<K, R>,
): (keys: readonly K[]) => Promise<R[]> {
  const { fetch, keyOf, rowKeyOf, customerOf } = options;
  let waiting: Caller<K, R>[] = [];
  let count = 0;
  let scheduled = false;

  const send = async (callers: Caller<K, R>[]): Promise<void> => {
    const keys = new Map<string, K>();
    for (const caller of callers) for (const key of caller.keys) keys.set(keyOf(key), key);
    let rows: R[];
    try {
      rows = await outsideCacheScope(() => fetch([...keys.values()]));
    } catch (error) {
      for (const caller of callers) caller.reject(error);
      return;
    }
    const byKey = groupRows(rows, rowKeyOf);
    for (const caller of callers) {
      caller.resolve(caller.keys.flatMap((key) => byKey.get(keyOf(key)) ?? []));
    }
  };

  const flush = (): void => {
    scheduled = false;
    const callers = waiting;
    waiting = [];
    count = 0;
    if (callers.length > 0) void send(callers);
  };

  return async (keys) => {
    if (keys.length === 0) return [];
    const rows = await new Promise<R[]>((resolve, reject) => {
      waiting.push({ keys, resolve, reject });
      count += keys.length;
      if (count >= MAX_SHARED_KEYS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
    for (const row of rows) recordCustomerRead(customerOf(row));
    return rows;
  };
}

/** {@link sharedReads} of rows keyed by their customer's id. */
export function sharedByCustomer<R>(
  fetch: (customerIds: readonly string[]) => Promise<R[]>,
  customerOf: (row: R) => string,
): (customerIds: readonly string[]) => Promise<R[]> {
  return sharedReads({ fetch, keyOf: (id) => id, rowKeyOf: customerOf, customerOf });
}

/**
 * A read of one value that every caller may take from a read already under way: callers
 * that ask while it runs get its answer instead of starting their own. Only for a value
 * where an answer read a little before the caller asked is as good as one read after,
 * and every caller waits for it before reading anything else (crm's data generation: an
 * older one is only more cautious). It runs outside every request's cache scope.
 */
export function joinInFlight<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => {
    running ??= outsideCacheScope(read).finally(() => {
      running = null;
    });
    return running;
  };
}

/**
 * One value per database, made on first use: the shared reads of a subgraph belong to
 * its database (a test's subgraphs on separate databases share nothing).
 */
export function perDatabase<D extends object, T>(make: (db: D) => T): (db: D) => T {
  const made = new WeakMap<D, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
