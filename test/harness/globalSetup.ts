import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { createClient } from 'redis';
import { randomBytes } from 'node:crypto';
import { SNAPSHOT_RUN_ENV } from './databaseSnapshots';
import { PGLITE_TEMPLATE_DIR } from './paths';

/**
 * Runs once before all test files:
 * - makes the PGlite template data folder (initdb once, not per file);
 * - names this run (`CC_TEST_SNAPSHOT_RUN`, inherited by the workers), under which
 *   test files share migrated and seeded database snapshots (globalTeardown drops them);
 * - with `CI=true`, insists that `DATABASE_URL` and `REDIS_URL` are set and answer,
 *   so a CI run can never pass by silently skipping the real servers.
 */
export default async function globalSetup(): Promise<void> {
  await ensurePgliteTemplate();
  process.env[SNAPSHOT_RUN_ENV] ??= `${process.pid.toString(36)}${randomBytes(4).toString('hex')}`;
  const ci = process.env.CI === 'true';
  const problems: string[] = [];
  for (const [name, check] of [
    ['DATABASE_URL', checkPostgres],
    ['REDIS_URL', checkRedis],
  ] as const) {
    const url = process.env[name];
    if (!url) {
      if (ci) problems.push(`${name} is not set, and CI=true requires the real server`);
      continue;
    }
    try {
      await check(url);
    } catch (error) {
      problems.push(`${name}=${url} does not answer: ${String(error)}`);
    }
  }
  if (problems.length > 0) throw new Error(`test environment:\n  - ${problems.join('\n  - ')}`);
}

async function ensurePgliteTemplate(): Promise<void> {
  if (existsSync(PGLITE_TEMPLATE_DIR)) return;
  const { PGlite } = await import('@electric-sql/pglite');
  const building = `${PGLITE_TEMPLATE_DIR}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const pglite = await PGlite.create(building);
  await pglite.close();
  renameSync(building, PGLITE_TEMPLATE_DIR);
}

async function checkPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}

async function checkRedis(url: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  await client.ping();
  client.destroy();
}
