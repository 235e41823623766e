import { openBenchDatabase } from './benchDatabase';
import { createLogger } from '../lib/logger';
import { SUBGRAPHS } from '../subgraphs/registry';
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
 * PGlite in memory. Seeds SEED_CUSTOMERS generated customers plus the personas, sends
 * `{ ready, urls, engine, seedMs }`, and stops on the message `stop`.
 */
export interface SubgraphsReady {
  ready: true;
  /** GraphQL URL by subgraph name. */
  urls: Record<string, string>;
  engine: 'pglite' | 'postgres';
  seedMs: number;
}

async function main(): Promise<void> {
  const env = { ...process.env, HOST: '127.0.0.1', SEED: 'true', LOG_LEVEL: 'error' };
  const logger = createLogger({
    name: 'bench-subgraphs',
    level: process.env.BENCH_SUBGRAPH_LOG_LEVEL ?? 'error',
  });
  const bench = await openBenchDatabase();
  const bus = createEventBus(null, logger);
  const running: RunningSubgraph[] = [];
  const started = Date.now();
  for (const definition of SUBGRAPHS) {
    const prefix = definition.name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    const config = loadSubgraphConfig(definition.name, 0, { ...env, [`${prefix}_PORT`]: '0' });
    await prepareDatabase(definition, bench.db, config);
    running.push(await startSubgraph(definition, { config, db: bench.db, logger, bus }));
  }
  const ready: SubgraphsReady = {
    ready: true,
    urls: Object.fromEntries(running.map((s) => [s.name, s.graphqlUrl])),
    engine: bench.engine,
    seedMs: Date.now() - started,
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
