import type { Logger } from 'pino';
import type { Database } from '../db';
import type { EventBus, PublishedEvent } from './eventBus';

/** Options for {@link startOutboxRelay}. */
export interface OutboxRelayOptions {
  db: Database;
  /** The subgraph's schema, whose `outbox` table is relayed. */
  schema: string;
  /** Subgraph name stamped on every event as `source`. */
  source: string;
  bus: EventBus;
  logger: Logger;
  /** Idle polling interval; commits nudge the relay sooner. Default 1000 ms. */
  intervalMs?: number;
  /** Rows published per transaction. Default 200. */
  batchSize?: number;
}

/** A running relay. */
export interface OutboxRelay {
  /** Asks for a pass soon (called after every committed transaction). */
  nudge(): void;
  /** Publishes everything pending now; resolves with how many events went out. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/** A row of a subgraph's outbox, as the relay reads it. */
export interface OutboxRow {
  id: string;
  customer_id: string;
  event_type: string;
  subject_type: string;
  subject_id: string;
  summary: string;
  channel: string | null;
  actor: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Publishes the subgraph's outbox to the event bus, oldest first. Rows are locked
 * (`FOR UPDATE SKIP LOCKED`, so replicas share the work), published, then marked in
 * the same transaction; if the bus refuses (Redis down), nothing is marked and the
 * relay retries with backoff, so no event is lost. A crash between publish and mark
 * publishes again: consumers deduplicate on the event id.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, schema, bus, logger } = options;
  const interval = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 200;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = false;
  let failures = 0;

  const publishBatch = (): Promise<number> =>
    db.transaction(async (tx) => {
      const rows = await tx.query<OutboxRow>(
        `SELECT id, customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload, occurred_at
           FROM ${schema}.outbox WHERE published_at IS NULL
          ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await bus.publish(rows.map((row) => toEvent(row, options.source)));
      await tx.query(
        `UPDATE ${schema}.outbox SET published_at = now() WHERE id = ANY($1::text[])`,
        [rows.map((row) => row.id)],
      );
      return rows.length;
    });

  const flush = (): Promise<number> =>
    (running ??= (async () => {
      let total = 0;
      try {
        for (;;) {
          const published = await publishBatch();
          total += published;
          if (published < batchSize) break;
        }
        failures = 0;
      } finally {
        running = null;
      }
      return total;
    })());

  const schedule = (delay: number): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      flush().then(
        () => schedule(interval),
        (error: unknown) => {
          failures += 1;
          const backoff = Math.min(interval * 2 ** failures, 5000);
          logger.warn(
            { err: error, schema, retryInMs: backoff },
            'outbox relay could not publish; will retry',
          );
          schedule(backoff);
        },
      );
    }, delay);
  };
  schedule(0);

  return {
    nudge: () => {
      if (failures === 0) schedule(0);
    },
    flush,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** The event the bus carries for outbox `row` of subgraph `source`. */
export function toEvent(row: OutboxRow, source: string): PublishedEvent {
  return {
    id: row.id,
    customerId: row.customer_id,
    type: row.event_type,
    subject: { typename: row.subject_type, id: row.subject_id },
    summary: row.summary,
    channel: row.channel,
    actor: row.actor,
    payload: row.payload,
    occurredAt: new Date(row.occurred_at).toISOString(),
    source,
  };
}
