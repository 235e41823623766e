import type { Queryable } from './db';
import { assertSchemaName } from './migrate';

/**
 * Refreshes the planner statistics of every table in `schema` (PostgreSQL's ANALYZE,
 * which samples at most 30,000 rows a table, so its cost is bounded).
 *
 * Run after a bulk load such as the seed. Until statistics exist the planner guesses
 * table sizes: on a freshly seeded database it joined `crm.customer_place` to
 * `crm.place` by hashing a sequential scan of all 10,005 places, once per customer
 * lookup, where an index probe reads one row. PostgreSQL's autovacuum fixes that only
 * on its next pass (a minute or more later, and plans change mid-flight when it does);
 * PGlite has no autovacuum, so an embedded database never would.
 */
export async function analyzeSchema(db: Queryable, schema: string): Promise<string[]> {
  assertSchemaName(schema);
  const tables = (
    await db.query<{ tablename: string }>(
      'SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
      [schema],
    )
  ).map((row) => row.tablename);
  if (tables.length === 0) return [];
  const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  await db.query(`ANALYZE ${tables.map((t) => `${schema}.${quote(t)}`).join(', ')}`);
  return tables;
}
