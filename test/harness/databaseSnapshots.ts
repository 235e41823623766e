import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openPglite, openPostgres, type Database, type Queryable } from '../../subgraphs/shared/db';
import { PGLITE_TEMPLATE_DIR } from './paths';
import { createTestDatabase, type Engine, type TestDatabase } from './testDatabase';

/**
 * The variable globalSetup sets to one id per jest run. Snapshots live for that run
 * only (globalTeardown removes them), so a change to a migration or a seed is always
 * seen by the next run, and parallel runs on one server never share a snapshot.
 */
export const SNAPSHOT_RUN_ENV = 'CC_TEST_SNAPSHOT_RUN';

/** Prefix of the template databases one run makes on the PostgreSQL server. */
export function templatePrefix(run: string): string {
  return `cc_tpl_${run}_`;
}

/** The folder of one run's PGlite snapshots. */
export function pgliteSnapshotRoot(run: string): string {
  return join(tmpdir(), `cc-pglite-snapshots-${run}`);
}

/**
 * A test database already prepared by `prepare` (migrations and seed): the first call
 * for a `key` in a jest run prepares a snapshot (a PostgreSQL template database, or a
 * PGlite data folder) and every later call copies it, which costs a file copy instead
 * of running every migration and seed again. Without a run id (globalSetup did not run)
 * it prepares a fresh database each time. `key` must name everything `prepare` depends
 * on (subgraphs, seed options, the hour of the seed's clock, SEED_HOUR).
 */
export async function createPreparedTestDatabase(
  engine: Engine,
  key: string,
  prepare: (db: Database) => Promise<void>,
): Promise<TestDatabase> {
  const run = process.env[SNAPSHOT_RUN_ENV];
  if (!run) {
    const database = await createTestDatabase(engine);
    try {
      await prepare(database.db);
    } catch (error) {
      await database.drop();
      throw error;
    }
    return database;
  }
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const database =
    engine === 'postgres'
      ? await fromPostgresTemplate(`${templatePrefix(run)}${hash}`, prepare)
      : await fromPgliteSnapshot(join(pgliteSnapshotRoot(run), hash), prepare);
  try {
    await refreshRandomDefaults(database.db);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/**
 * Gives every column whose default draws a random value (e.g. `crm.data_generation.install`,
 * one value per database) a value of its own, as a fresh migration would: copies of
 * one snapshot must not share it.
 */
async function refreshRandomDefaults(db: Queryable): Promise<void> {
  const columns = await db.query<{ schema: string; table: string; column: string }>(
    `SELECT table_schema AS schema, table_name AS table, column_name AS column
       FROM information_schema.columns
      WHERE column_default ~* '(^|[^_a-z])random\\('
        AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  for (const { schema, table, column } of columns) {
    await db.query(`UPDATE ${quote(schema)}.${quote(table)} SET ${quote(column)} = DEFAULT`);
  }
}

async function fromPostgresTemplate(
  template: string,
  prepare: (db: Database) => Promise<void>,
): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set; cannot create a PostgreSQL test database');
  const admin = new Client({ connectionString: base });
  await admin.connect();
  const name = `cc_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  try {
    // One worker builds the template; the others wait for it here.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) await buildTemplate(admin, base, template, prepare);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = urlOf(base, name);
  const db = openPostgres(url, { maxConnections: 5 });
  return {
    engine: 'postgres',
    db,
    url,
    async drop() {
      await db.close();
      const dropper = new Client({ connectionString: base });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Prepares a database under a building name, then renames it: a template is never half-made. */
async function buildTemplate(
  admin: Client,
  base: string,
  template: string,
  prepare: (db: Database) => Promise<void>,
): Promise<void> {
  const building = `${template}_b`;
  await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${building}`);
  const db = openPostgres(urlOf(base, building), { maxConnections: 2 });
  try {
    await prepare(db);
  } catch (error) {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    throw error;
  }
  await db.close();
  await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
}

async function fromPgliteSnapshot(
  snapshot: string,
  prepare: (db: Database) => Promise<void>,
): Promise<TestDatabase> {
  if (!existsSync(snapshot)) {
    // Two workers may build the same snapshot at once; the first rename wins, and the
    // other copy is as good (both come from the same migrations and seed).
    mkdirSync(join(snapshot, '..'), { recursive: true });
    const building = mkdtempSync(`${snapshot}.building-`);
    cpSync(PGLITE_TEMPLATE_DIR, building, { recursive: true });
    const db = await openPglite(building);
    try {
      await prepare(db);
    } finally {
      await db.close();
    }
    try {
      renameSync(building, snapshot);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'cc-pglite-'));
  cpSync(snapshot, dir, { recursive: true });
  const db = await openPglite(dir);
  return {
    engine: 'pglite',
    db,
    url: null,
    async drop() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function urlOf(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
