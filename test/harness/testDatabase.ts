import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, type Database } from '../../subgraphs/shared/db';
import { createFreshPostgres } from '../../subgraphs/shared/freshPostgres';
import { PGLITE_TEMPLATE_DIR } from './paths';

/** The storage engines a suite can run on. */
export type Engine = 'pglite' | 'postgres';

/** A database made for one test file, and how to throw it away. */
export interface TestDatabase {
  engine: Engine;
  db: Database;
  /** Connection string of the fresh PostgreSQL database; null on PGlite. */
  url: string | null;
  /** Closes connections and deletes the database or data folder. */
  drop(): Promise<void>;
}

/**
 * Engines the current run covers: always the embedded one, plus the real PostgreSQL
 * server whenever `DATABASE_URL` is set. For the suites where the engines could part:
 * each subgraph's writes (transactions, triggers, outbox rows, idempotency), the
 * migrations, and the whole customer context once through the gateway, which reads
 * through every subgraph's SQL and so proves the two engines answer reads alike.
 * A suite of reads, or about the gateway's own behaviour (authorization, ownership,
 * fetch counts), runs on {@link oneEngine}: on PGlite it costs about three times the
 * CPU of PostgreSQL (measured: 25 suites, 234 CPU-s on both against 56 on PostgreSQL
 * alone), to run SQL that customerContext already compares. Without `DATABASE_URL`
 * every suite runs on PGlite, so a local run still covers all of it there.
 */
export function testEngines(): Engine[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** The one engine of a suite about the gateway rather than SQL: see {@link testEngines}. */
export function oneEngine(): Engine[] {
  return [defaultEngine()];
}

/** The engine a suite that runs once should use: the real server when there is one. */
export function defaultEngine(): Engine {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * A fresh, empty database on `engine`: a new database on the PostgreSQL server named
 * by `DATABASE_URL`, or a PGlite data folder copied from the template globalSetup
 * made (so no test pays initdb).
 */
export async function createTestDatabase(engine: Engine = defaultEngine()): Promise<TestDatabase> {
  if (engine === 'postgres') {
    const base = process.env.DATABASE_URL;
    if (!base) throw new Error('DATABASE_URL is not set; cannot create a PostgreSQL test database');
    const fresh = await createFreshPostgres(base, 'cc_test', { maxConnections: 5 });
    return { engine, db: fresh.db, url: fresh.url, drop: () => fresh.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cc-pglite-'));
  cpSync(PGLITE_TEMPLATE_DIR, dir, { recursive: true });
  const db = await openPglite(dir);
  return {
    engine,
    db,
    url: null,
    async drop() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
