import { createLogger } from '../lib/logger';
import { onShutdownSignal } from '../lib/onShutdownSignal';
import { assertPortsFree } from '../lib/assertPortsFree';
import { loadSubgraphConfig, subgraphPortVariable } from './shared/config';
import { subgraphByName } from './registry';

/**
 * Starts one subgraph alone, for a real deployment:
 * `npm run start:subgraph -- crm` (port from `CRM_PORT`, storage from
 * `CRM_DATABASE_URL` / `DATABASE_URL`, else its own PGlite folder).
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('usage: npm run start:subgraph -- <name>');
  const definition = subgraphByName(name);
  const config = loadSubgraphConfig(definition.name, definition.defaultPort);
  const logger = createLogger({ name: `subgraph-${definition.name}`, level: config.logLevel });
  // Before migrations: a port that is taken fails now, not after the database work.
  await assertPortsFree([
    {
      service: `subgraph ${definition.name}`,
      host: config.host,
      port: config.port,
      variable: subgraphPortVariable(definition.name),
    },
  ]);
  // Loaded only now, so that a taken port is reported without waiting for them.
  const { openDatabase } = await import('./shared/openDatabase');
  const { createEventBus } = await import('./shared/events/createEventBus');
  const { prepareDatabase, startSubgraph } = await import('./shared/startSubgraph');
  const db = await openDatabase(config.storage, definition.name);
  await prepareDatabase(definition, db, config);
  // Without REDIS_URL the bus is in-process: events stay within this subgraph.
  const bus = createEventBus(config.redisUrl, logger);
  const running = await startSubgraph(definition, { config, db, logger, bus });
  onShutdownSignal(logger, async () => {
    await running.stop();
    await bus.close();
    await db.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
