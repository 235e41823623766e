import { createHash } from 'node:crypto';
import type { Database, Queryable } from './db';
import { codedError } from './errors';
import { ErrorCode } from '../../schema/errorCodes';

/**
 * Runs a create-mutation at most once per idempotency key. In one transaction it
 * locks the key, returns the stored result of an earlier run (writing nothing), or
 * runs `fn` and stores its JSON result beside the change it made. Reusing a key for a
 * different request is `IDEMPOTENCY_KEY_REUSED`, never a silent replay.
 *
 * `scope` names the mutation (e.g. `placeOrder`); `request` is the input that must
 * match on replay. Needs `<schema>.idempotency` (see the subgraphs' migrations).
 */
export async function idempotent<T>(
  db: Database,
  schema: string,
  options: { scope: string; key: string; request: unknown },
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const hash = createHash('sha256').update(stableJson(options.request)).digest('hex');
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `${schema}:${options.scope}:${options.key}`,
    ]);
    const [earlier] = await tx.query<{ request_hash: string; result: T }>(
      `SELECT request_hash, result FROM ${schema}.idempotency WHERE scope = $1 AND key = $2`,
      [options.scope, options.key],
    );
    if (earlier) {
      if (earlier.request_hash !== hash) {
        throw codedError(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          `idempotency key ${JSON.stringify(options.key)} was already used for a different ${options.scope} request`,
          { argument: 'idempotencyKey' },
        );
      }
      return earlier.result;
    }
    const result = await fn(tx);
    await tx.query(
      `INSERT INTO ${schema}.idempotency (scope, key, request_hash, result) VALUES ($1, $2, $3, $4)`,
      [options.scope, options.key, hash, JSON.stringify(result)],
    );
    return result;
  });
}

/** JSON with object keys sorted, so equal requests hash equally whatever the key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
