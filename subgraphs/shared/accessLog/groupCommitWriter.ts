import type { Database, Queryable } from '../db';

/** Most access rows one transaction writes; more wait for the next. */
const MAX_ROWS_PER_COMMIT = 500;

/**
 * Writes audit rows for every request of the process, committing the rows of requests
 * that arrive together in ONE transaction (group commit): under load, one commit (one
 * WAL flush, one outbox-relay nudge) for many reads instead of one each. Each caller's
 * promise settles when its own rows are committed, exactly as with a transaction of its
 * own, so nothing is answered before its audit row is stored.
 */
export interface AccessWriter<R> {
  /** Stores `records`; resolves once committed, rejects if they could not be. */
  write(records: readonly R[]): Promise<void>;
}

/** Writes rows of many requests in one statement, inside the writer's transaction. */
export type InsertRows<R> = (tx: Queryable, records: readonly R[]) => Promise<void>;

interface Waiting<R> {
  records: readonly R[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A writer of `insert`'s rows into `db`. Rows queue while a commit is under way and go together in the next
 * one; with nothing under way, the rows of one event-loop turn go together. When the
 * database refuses a shared commit's data (a constraint, a bad value), each caller's
 * rows are tried again on their own, so one caller's bad row never loses another's;
 * any other failure is reported to every caller of the commit, never retried.
 */
export function createGroupCommitWriter<R>(db: Database, insert: InsertRows<R>): AccessWriter<R> {
  const queue: Waiting<R>[] = [];
  let running = false;

  const commit = (records: readonly R[]): Promise<void> =>
    db.transaction((tx) => insert(tx, records));

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch: Waiting<R>[] = [];
      let rows = 0;
      while (
        queue.length > 0 &&
        (batch.length === 0 || rows + queue[0]!.records.length <= MAX_ROWS_PER_COMMIT)
      ) {
        const next = queue.shift()!;
        batch.push(next);
        rows += next.records.length;
      }
      try {
        await commit(batch.flatMap((waiting) => waiting.records));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        // Only a row the database refused is worth retrying alone. Anything else (a lost
        // connection, possibly during COMMIT) may have committed: retrying could record
        // every read twice, so each caller is told instead, as with a commit of its own.
        if (batch.length === 1 || !refusedData(error)) {
          for (const waiting of batch) waiting.reject(error);
          continue;
        }
        await Promise.all(
          batch.map((waiting) => commit(waiting.records).then(waiting.resolve, waiting.reject)),
        );
      }
    }
  };

  const start = (): void => {
    running = true;
    void drain().finally(() => {
      running = false;
      // A caller may have queued between the last check and now.
      if (queue.length > 0) start();
    });
  };

  return {
    write(records) {
      if (records.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject });
        if (!running) {
          running = true;
          // Let the other reads of this event-loop turn join the first commit.
          setImmediate(start);
        }
      });
    },
  };
}

/** Whether PostgreSQL refused the statement's data (SQLSTATE class 22 or 23): nothing committed. */
function refusedData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

const writers = new WeakMap<Database, Map<InsertRows<never>, AccessWriter<never>>>();

/** The one writer of `insert`'s rows into `db` in this process (one queue per table). */
export function groupCommitWriterFor<R>(db: Database, insert: InsertRows<R>): AccessWriter<R> {
  let byInsert = writers.get(db);
  if (!byInsert) {
    byInsert = new Map();
    writers.set(db, byInsert);
  }
  let writer = byInsert.get(insert) as AccessWriter<R> | undefined;
  if (!writer) {
    writer = createGroupCommitWriter(db, insert);
    byInsert.set(insert, writer);
  }
  return writer;
}
