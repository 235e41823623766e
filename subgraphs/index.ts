import { createLogger } from '../lib/logger';
import { onShutdownSignal } from '../lib/onShutdownSignal';
import { assertPortsFree } from '../lib/assertPortsFree';
import { loadSubgraphConfig, subgraphPortVariable } from './shared/config';
import { subgraphDefaultPort } from './subgraphPorts';
import type * as RegistryModule from './registry';
import type * as OpenDatabaseModule from './shared/openDatabase';
import type * as CreateEventBusModule from './shared/events/createEventBus';
import type * as StartSubgraphModule from './shared/startSubgraph';

/**
 * Starts one subgraph alone, for a real deployment:
 * `npm run start:subgraph -- crm` (port from `CRM_PORT`, storage from
 * `CRM_DATABASE_URL` / `DATABASE_URL`, else its own PGlite folder).
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('usage: npm run start:subgraph -- <name>');
  const config = loadSubgraphConfig(name, subgraphDefaultPort(name));
  // First, before loading any subgraph's code or migrating: a taken port fails now.
  await assertPortsFree([
    {
      service: `subgraph ${name}`,
      host: config.host,
      port: config.port,
      variable: subgraphPortVariable(name),
    },
  ]);
  // Loaded only now, so that a taken port is reported without waiting for them.
  const definition = lazy<typeof RegistryModule>('./registry').subgraphByName(name);
  const logger = createLogger({ name: `subgraph-${definition.name}`, level: config.logLevel });
  const { openDatabase } = lazy<typeof OpenDatabaseModule>('./shared/openDatabase');
  const { createEventBus } = lazy<typeof CreateEventBusModule>('./shared/events/createEventBus');
  const { prepareDatabase, startSubgraph } =
    lazy<typeof StartSubgraphModule>('./shared/startSubgraph');
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

/**
 * Loads a module only when it is needed (the port check runs before the servers'
 * seconds of loading). A plain require: it works under node, tsx's CommonJS hook and jest.
 */
function lazy<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as T;
}
