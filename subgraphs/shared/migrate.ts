import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './db';
import { sharedMigrationFiles, type SharedMigrations } from './migrations/sharedMigrations';

const SCHEMA_NAME = /^[a-z][a-z0-9_]*$/;

/** Throws unless `schema` is a name SQL can hold unquoted (a subgraph's schema, e.g. `crm`). */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
}

/**
 * Applies the `NNNN_name.sql` files in `dir` and the shared migrations `shared` names
 * (at the numbers it gives them), in version order, each once, inside the subgraph's
 * own PostgreSQL schema. All pending migrations and their bookkeeping rows run in one
 * transaction, so a failed migration leaves nothing half-applied; an advisory lock keeps
 * two processes that start together from racing.
 */
export async function migrate(
  db: Database,
  schema: string,
  dir: string,
  shared: SharedMigrations = {},
): Promise<string[]> {
  assertSchemaName(schema);
  const migrations = migrationsOf(schema, dir, shared);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         version text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await tx.query<{ version: string }>(`SELECT version FROM ${schema}.schema_migrations`)).map(
        (row) => row.version,
      ),
    );
    for (const { version, sql } of migrations) {
      if (done.has(version)) continue;
      for (const statement of splitStatements(sql())) await tx.query(statement);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES ($1)`, [version]);
      applied.push(version);
    }
  });
  return applied;
}

/** The subgraph's own files and its shared migrations, sorted by version; no version twice. */
function migrationsOf(
  schema: string,
  dir: string,
  shared: SharedMigrations,
): { version: string; sql: () => string }[] {
  const own = readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .map((file) => ({ version: file, sql: () => readFileSync(join(dir, file), 'utf8') }));
  const common = sharedMigrationFiles(schema, shared).map(({ version, sql }) => ({
    version,
    sql: () => sql,
  }));
  const all = [...own, ...common].sort((a, b) => (a.version < b.version ? -1 : 1));
  all.forEach(({ version }, i) => {
    if (all[i + 1]?.version === version) {
      throw new Error(`migration ${version} of ${schema} is both in ${dir} and shared`);
    }
  });
  return all;
}

/**
 * Splits a migration script on semicolons that end a line. Migrations here are plain
 * DDL; a statement that needs a semicolon inside (a function body) must not end its
 * line with one.
 */
export function splitStatements(sql: string): string[] {
  return sql
    .replace(/^\s*--.*$/gm, '')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
