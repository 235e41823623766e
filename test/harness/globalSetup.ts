import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { createClient } from 'redis';
import { randomBytes } from 'node:crypto';
import { SNAPSHOT_RUN_ENV } from './databaseSnapshots';
import { PGLITE_TEMPLATE_DIR } from './paths';
import { startTestRedis, type TestRedis } from './redisServer';

/** The private Redis this run started (stopped by globalTeardown); null when it uses REDIS_URL. */
export const PRIVATE_REDIS = Symbol.for('cc.test.privateRedis');

/**
 * Runs once before all test files:
 * - makes the PGlite template data folder (initdb once, not per file);
 * - names this run (`CC_TEST_SNAPSHOT_RUN`, inherited by the workers), under which
 *   test files share migrated and seeded database snapshots (globalTeardown drops them);
 * - with `CI=true`, insists that `DATABASE_URL` and `REDIS_URL` are set and answer,
 *   so a CI run can never pass by silently skipping the real servers;
 * - otherwise, without `REDIS_URL`, starts a private `redis-server` on a free port and
 *   sets `REDIS_URL` for the workers, so the Redis suites (two gateway replicas, the
 *   cluster over Redis, the shared cache and event stream) run on every `npm test`.
 */
export default async function globalSetup(): Promise<void> {
  await ensurePgliteTemplate();
  process.env[SNAPSHOT_RUN_ENV] ??= `${process.pid.toString(36)}${randomBytes(4).toString('hex')}`;
  const ci = process.env.CI === 'true';
  if (!ci && !process.env.REDIS_URL) process.env.REDIS_URL = await startPrivateRedis();
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

async function startPrivateRedis(): Promise<string> {
  let redis: TestRedis;
  try {
    redis = await startTestRedis();
  } catch (error) {
    throw new Error(
      `REDIS_URL is not set and a private redis-server could not start (${String(error)}); ` +
        'install redis-server or set REDIS_URL: the Redis suites run on every npm test',
    );
  }
  (globalThis as Record<symbol, unknown>)[PRIVATE_REDIS] = redis;
  return redis.url;
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
