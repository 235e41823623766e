import { openBenchDatabase } from './benchDatabase';
import { fillTimeline } from './bigTimeline';
import { countingEventBus, type CountingEventBus } from './countingEventBus';
import { createLogger } from '../lib/logger';
import { SUBGRAPHS } from '../subgraphs/registry';
import { analyzeSchema } from '../subgraphs/shared/analyze';
import { loadSubgraphConfig } from '../subgraphs/shared/config';
import { createEventBus } from '../subgraphs/shared/events/createEventBus';
import {
  prepareDatabase,
  startSubgraph,
  type RunningSubgraph,
} from '../subgraphs/shared/startSubgraph';

/**
 * The bench's subgraph process (forked by bench/index.ts with IPC): every subgraph on a
 * free port over one shared database and the in-process event bus, like `npm start`.
 * PostgreSQL (a fresh database, dropped at the end) when DATABASE_URL is set, else
 * PGlite in memory. Seeds SEED_CUSTOMERS generated customers plus the personas, waits
 * until the seeded history has gone through the outbox relays and every event consumer
 * (timeline, view log), sends `{ ready, urls, engine, seedMs, historyMs }`, and stops on
 * the message `stop`. Env BENCH_BIG_TIMELINE=<customer id>:<entries>: that customer's
 * history gets that many more entries (workload d).
 */
export interface SubgraphsReady {
  ready: true;
  /** GraphQL URL by subgraph name. */
  urls: Record<string, string>;
  engine: 'pglite' | 'postgres';
  /** Migrations, seed and start of every subgraph, ms. */
  seedMs: number;
  /** Then until the seeded history was relayed and consumed, ms. */
  historyMs: number;
}

/** The bench stops waiting for the seeded history when consumers make no progress this long. */
const STALL_MS = 30_000;

/**
 * Flushes every outbox until nothing is pending and every consumer has caught up, so
 * no contender is measured while the subgraphs still project the seeded history.
 */
async function drainHistory(running: RunningSubgraph[], events: CountingEventBus): Promise<void> {
  let last = -1;
  let lastProgressAt = Date.now();
  for (;;) {
    const flushed = await Promise.all(
      running.map((s) => (s.relay ? s.relay.flush() : Promise.resolve(0))),
    );
    if (flushed.every((n) => n === 0) && events.drained()) return;
    const handled = events.handled();
    if (handled !== last || flushed.some((n) => n > 0)) {
      last = handled;
      lastProgressAt = Date.now();
    } else if (Date.now() - lastProgressAt > STALL_MS) {
      console.warn('bench: the seeded history was not fully consumed (stalled); measuring anyway');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<void> {
  const env = { ...process.env, HOST: '127.0.0.1', SEED: 'true', LOG_LEVEL: 'error' };
  const logger = createLogger({
    name: 'bench-subgraphs',
    level: process.env.BENCH_SUBGRAPH_LOG_LEVEL ?? 'error',
  });
  const bench = await openBenchDatabase();
  const counting = countingEventBus(createEventBus(null, logger));
  const bus = counting.bus;
  const running: RunningSubgraph[] = [];
  const started = Date.now();
  for (const definition of SUBGRAPHS) {
    const prefix = definition.name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    const config = loadSubgraphConfig(definition.name, 0, { ...env, [`${prefix}_PORT`]: '0' });
    await prepareDatabase(definition, bench.db, config);
    running.push(await startSubgraph(definition, { config, db: bench.db, logger, bus }));
  }
  const big = /^([^:]+):(\d+)$/.exec(process.env.BENCH_BIG_TIMELINE ?? '');
  if (big) await fillTimeline(bench.db, big[1]!, Number(big[2]));
  const seeded = Date.now();
  await drainHistory(running, counting);
  // The consumers just filled the projections (timeline, view log): statistics for
  // them too, as autovacuum would give a running system, so no plan changes mid-run.
  for (const definition of SUBGRAPHS) await analyzeSchema(bench.db, definition.name);
  const ready: SubgraphsReady = {
    ready: true,
    urls: Object.fromEntries(running.map((s) => [s.name, s.graphqlUrl])),
    engine: bench.engine,
    seedMs: seeded - started,
    historyMs: Date.now() - seeded,
  };
  process.send?.(ready);
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void (async () => {
      await Promise.all(running.map((s) => s.stop()));
      await bus.close();
      await bench.drop();
      process.exit(0);
    })();
  });
  // The parent going away (Ctrl-C, crash) must not leave a database behind.
  process.on('disconnect', () => {
    void bench.drop().finally(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
