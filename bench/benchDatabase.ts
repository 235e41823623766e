import { openPglite, type Database } from '../subgraphs/shared/db';
import { createFreshPostgres } from '../subgraphs/shared/freshPostgres';

/** The database a benchmark runs on, and how to throw it away. */
export interface BenchDatabase {
  db: Database;
  engine: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database when DATABASE_URL is set (dropped at the end), else PGlite in memory. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openPglite();
    return { db, engine: 'pglite', drop: () => db.close() };
  }
  const fresh = await createFreshPostgres(base, 'cc_bench');
  return { db: fresh.db, engine: 'postgres', drop: () => fresh.drop() };
}
