import { recordCustomerRead } from './cacheScope';
import type { Database, Queryable } from './db';

/** Records the customer of every row that names one in a `customer_id` column. */
function recordRows<R extends object>(rows: R[]): R[] {
  for (const row of rows) {
    const customerId = (row as { customer_id?: unknown }).customer_id;
    if (typeof customerId === 'string') recordCustomerRead(customerId);
  }
  return rows;
}

/**
 * A view of `db` that tags the running operation (see `cacheScope.ts`) with
 * `customer:<id>` for every row any statement returns with a `customer_id` column,
 * inside transactions too. Every table holding customer data carries that column, so an
 * answer computed from a row is tagged with its customer however the row was read:
 * loader, repository function or mutation. Outside an operation it changes nothing.
 */
export function tagCustomerRows(db: Database): Database {
  const tagged = (q: Queryable): Queryable => ({
    async query(text, params) {
      return recordRows(await q.query(text, params));
    },
  });
  return {
    engine: db.engine,
    async query(text, params) {
      return recordRows(await db.query(text, params));
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction((tx) => fn(tagged(tx))),
    close: () => db.close(),
  };
}
