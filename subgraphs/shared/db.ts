import { createHash } from 'node:crypto';
import { Pool, types, type QueryConfig } from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/** Anything that runs one parameterised SQL statement. */
export interface Queryable {
  /** Runs one statement with `$1..$n` parameters and returns its rows. */
  query<R extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<R[]>;
}

/** A connection pool (PostgreSQL) or an embedded instance (PGlite), same to callers. */
export interface Database extends Queryable {
  /** Which engine answers: the real server or the in-process one. */
  readonly engine: 'postgres' | 'pglite';
  /** Runs a script of several statements without parameters (migrations only). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Releases connections; the embedded engine is closed only by its owner. */
  close(): Promise<void>;
}

// Counts and ids fit in JS numbers here; without this `count(*)` arrives as a string.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/** Most distinct statement texts prepared by name; later ones run unnamed. */
const MAX_NAMED_STATEMENTS = 2000;

/**
 * Runs parameterised statements as NAMED prepared statements: each pooled connection
 * parses and plans a text once and then only binds and executes it, where an unnamed
 * statement is parsed and planned on every call. The name is a hash of the text, so
 * every connection and process agrees. Statements without parameters (BEGIN, COMMIT,
 * migrations) use the simple protocol as before.
 */
function statementConfig(
  names: Map<string, string>,
  text: string,
  params: readonly unknown[] | undefined,
): QueryConfig {
  if (!params || params.length === 0) return { text };
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
    name = `cc_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
  }
  return name === undefined
    ? { text, values: params as unknown[] }
    : { name, text, values: params as unknown[] };
}

/**
 * Opens a pooled connection to a real PostgreSQL server. `preparedStatements: false`
 * runs every statement unnamed (for a pooler that cannot keep prepared statements,
 * such as PgBouncer before 1.21 in transaction mode).
 */
export function openPostgres(
  url: string,
  options: { maxConnections?: number; preparedStatements?: boolean } = {},
): Database {
  const pool = new Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  const names = new Map<string, string>();
  let named = options.preparedStatements !== false;
  const statement = (text: string, params: readonly unknown[] | undefined): QueryConfig =>
    named
      ? statementConfig(names, text, params)
      : { text, values: params as unknown[] | undefined };
  /**
   * A prepared statement whose result columns changed under it (a migration by a newer
   * replica added a column to a `SELECT *`) fails on every connection that prepared it.
   * The pool then stops naming statements: the failed statement is run again unnamed
   * when it stood alone (in a transaction the transaction fails once, as on any error).
   */
  const planChanged = (error: unknown): boolean => {
    const stale =
      (error as { code?: unknown } | null)?.code === '0A000' &&
      /cached plan must not change result type/.test(String((error as Error).message));
    if (stale) named = false;
    return stale;
  };
  return {
    engine: 'postgres',
    async query<R extends object>(text: string, params?: readonly unknown[]) {
      try {
        return (await pool.query<R>(statement(text, params))).rows;
      } catch (error) {
        if (!planChanged(error)) throw error;
        return (await pool.query<R>(statement(text, params))).rows;
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn({
          async query<R extends object>(text: string, params?: readonly unknown[]) {
            try {
              return (await client.query<R>(statement(text, params))).rows;
            } catch (error) {
              planChanged(error);
              throw error;
            }
          },
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Opens (or creates) an embedded PGlite database in `dataDir`, or in memory when omitted. */
export async function openPglite(dataDir?: string): Promise<Database & { pglite: PGlite }> {
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  const pglite = await PGliteClass.create(dataDir);
  return wrapPglite(pglite, async () => pglite.close());
}

/** Adapts an open PGlite instance; `close` is what the owner wants to happen on close. */
export function wrapPglite(
  pglite: PGlite,
  close: () => Promise<void>,
): Database & { pglite: PGlite } {
  return {
    engine: 'pglite',
    pglite,
    async query<R extends object>(text: string, params?: readonly unknown[]) {
      return (await pglite.query<R>(text, params as unknown[] | undefined)).rows;
    },
    async exec(sql) {
      await pglite.exec(sql);
    },
    async transaction(fn) {
      return pglite.transaction((tx) =>
        fn({
          async query<R extends object>(text: string, params?: readonly unknown[]) {
            return (await tx.query<R>(text, params as unknown[] | undefined)).rows;
          },
        }),
      );
    },
    close,
  };
}

/**
 * A view of `db` that reports every statement to `onStatement` (the
 * `subgraph_db_queries_total` counter), including those run inside transactions, and
 * calls `afterCommit` after each committed transaction (it nudges the outbox relay).
 * Closing the view does not close the shared database.
 */
export function countStatements(
  db: Database,
  onStatement: () => void,
  afterCommit: () => void = () => undefined,
): Database {
  const counted = (q: Queryable): Queryable => ({
    query(text, params) {
      onStatement();
      return q.query(text, params);
    },
  });
  return {
    engine: db.engine,
    query(text, params) {
      onStatement();
      return db.query(text, params);
    },
    exec: (sql) => db.exec(sql),
    async transaction(fn) {
      const value = await db.transaction((tx) => fn(counted(tx)));
      afterCommit();
      return value;
    },
    close: async () => undefined,
  };
}
