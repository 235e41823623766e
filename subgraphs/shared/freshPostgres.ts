import { Client } from 'pg';
import { openPostgres, type Database } from './db';

/** A database created for one run (a test file, a benchmark), and how to remove it. */
export interface FreshPostgres {
  db: Database;
  /** Connection string of the new database. */
  url: string;
  /** Closes the pool and drops the database (even with connections left open). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database `<prefix>_<pid>_<random>` on the server `baseUrl` names and
 * opens a pool on it, so runs never share state and leave nothing behind.
 */
export async function createFreshPostgres(
  baseUrl: string,
  prefix: string,
  options: { maxConnections?: number } = {},
): Promise<FreshPostgres> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await admin(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), options);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      await admin(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
