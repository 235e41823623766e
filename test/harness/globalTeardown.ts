import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { pgliteSnapshotRoot, SNAPSHOT_RUN_ENV, templatePrefix } from './databaseSnapshots';
import { PRIVATE_REDIS } from './globalSetup';
import type { TestRedis } from './redisServer';

/**
 * Runs once after all test files: stops the private Redis globalSetup started (if any)
 * and drops the database snapshots this run made.
 */
export default async function globalTeardown(): Promise<void> {
  const redis = (globalThis as Record<symbol, unknown>)[PRIVATE_REDIS] as TestRedis | undefined;
  await redis?.destroy();
  const run = process.env[SNAPSHOT_RUN_ENV];
  if (!run) return;
  rmSync(pgliteSnapshotRoot(run), { recursive: true, force: true });
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const templates = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [templatePrefix(run)],
    );
    for (const { datname } of templates.rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
