import {
  currentCacheScope,
  inFreshCacheScope,
  recordCustomerRead,
} from '../../../subgraphs/shared/cacheScope';
import {
  joinInFlight,
  MAX_SHARED_KEYS,
  perDatabase,
  sharedByCustomer,
} from '../../../subgraphs/shared/sharedReads';

interface Row {
  customer_id: string;
  n: number;
}

/** A fetch over fixed rows that records every statement it was asked to run. */
function fakeTable(rows: Row[]) {
  const statements: string[][] = [];
  const fetch = jest.fn(async (ids: readonly string[]) => {
    statements.push([...ids]);
    // A repository tags what it reads; outside any request this must change nothing.
    for (const id of ids) recordCustomerRead(id);
    await new Promise((resolve) => setImmediate(resolve));
    return rows.filter((row) => ids.includes(row.customer_id));
  });
  return { statements, fetch };
}

const ROWS: Row[] = [
  { customer_id: 'a', n: 1 },
  { customer_id: 'b', n: 2 },
  { customer_id: 'a', n: 3 },
  { customer_id: 'c', n: 4 },
];

/** Runs `read` as one request would: in a cache scope of its own; returns its rows and tags. */
const asRequest = inFreshCacheScope(async (read: () => Promise<Row[]>) => {
  const rows = await read();
  return { rows, tags: currentCacheScope()!.tags() };
});

describe('sharedByCustomer', () => {
  it('serves concurrent requests with one statement, each exactly its own rows and tags', async () => {
    const table = fakeTable(ROWS);
    const read = sharedByCustomer(table.fetch, (row) => row.customer_id);
    const [first, second, third] = await Promise.all([
      asRequest(() => read(['a'])),
      asRequest(() => read(['b', 'c'])),
      asRequest(() => read(['a', 'z'])),
    ]);
    expect(table.statements).toEqual([['a', 'b', 'c', 'z']]);
    expect(first).toEqual({
      rows: [
        { customer_id: 'a', n: 1 },
        { customer_id: 'a', n: 3 },
      ],
      tags: ['customer:a'],
    });
    expect(second).toEqual({
      rows: [
        { customer_id: 'b', n: 2 },
        { customer_id: 'c', n: 4 },
      ],
      tags: ['customer:b', 'customer:c'],
    });
    // Asked for a customer without rows: no row, no tag for it, and nothing of the others'.
    expect(third).toEqual({
      rows: [
        { customer_id: 'a', n: 1 },
        { customer_id: 'a', n: 3 },
      ],
      tags: ['customer:a'],
    });
  });

  it('sends calls of later turns in statements of their own', async () => {
    const table = fakeTable(ROWS);
    const read = sharedByCustomer(table.fetch, (row) => row.customer_id);
    expect(await read(['a'])).toHaveLength(2);
    expect(await read(['b'])).toEqual([{ customer_id: 'b', n: 2 }]);
    expect(table.statements).toEqual([['a'], ['b']]);
  });

  it('sends no statement for no customers', async () => {
    const table = fakeTable(ROWS);
    const read = sharedByCustomer(table.fetch, (row) => row.customer_id);
    expect(await read([])).toEqual([]);
    expect(table.fetch).not.toHaveBeenCalled();
  });

  it('fails every call a failed statement carried, and serves the next ones', async () => {
    let fail = true;
    const fetch = jest.fn(async (ids: readonly string[]) => {
      if (fail) throw new Error('connection lost');
      return ROWS.filter((row) => ids.includes(row.customer_id));
    });
    const read = sharedByCustomer(fetch, (row) => row.customer_id);
    const results = await Promise.allSettled([read(['a']), read(['b'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(fetch).toHaveBeenCalledTimes(1);
    fail = false;
    expect(await read(['b'])).toEqual([{ customer_id: 'b', n: 2 }]);
  });

  it(`sends a batch as soon as it holds ${MAX_SHARED_KEYS} customers`, async () => {
    const table = fakeTable([]);
    const read = sharedByCustomer(table.fetch, (row) => row.customer_id);
    const ids = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `c${from + i}`);
    await Promise.all([
      read(ids(0, MAX_SHARED_KEYS - 1)),
      read(ids(MAX_SHARED_KEYS - 1, 2)),
      read(ids(MAX_SHARED_KEYS + 1, 1)),
    ]);
    expect(table.statements.map((s) => s.length)).toEqual([MAX_SHARED_KEYS + 1, 1]);
  });
});

describe('joinInFlight', () => {
  it('gives callers that ask while a read runs its answer, and reads again after it', async () => {
    let n = 0;
    let release = () => {};
    const read = jest.fn(async () => {
      const value = ++n;
      await new Promise<void>((resolve) => (release = resolve));
      return value;
    });
    const current = joinInFlight(read);
    const first = current();
    const second = current();
    release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    const third = current();
    release();
    expect(await third).toBe(2);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('fails the callers of a failed read, and the next caller reads afresh', async () => {
    let fail = true;
    const current = joinInFlight(async () => {
      if (fail) throw new Error('connection lost');
      return 'g42';
    });
    await expect(Promise.all([current(), current()])).rejects.toThrow('connection lost');
    fail = false;
    expect(await current()).toBe('g42');
  });
});

describe('perDatabase', () => {
  it('makes one value per database', () => {
    const make = jest.fn((db: { name: string }) => ({ of: db.name }));
    const valueFor = perDatabase(make);
    const one = { name: 'one' };
    const two = { name: 'two' };
    expect(valueFor(one)).toBe(valueFor(one));
    expect(valueFor(two)).toEqual({ of: 'two' });
    expect(make).toHaveBeenCalledTimes(2);
  });
});
