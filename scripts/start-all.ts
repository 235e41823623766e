import { createLogger } from '../lib/logger';
import { onShutdownSignal } from '../lib/onShutdownSignal';
import { loadGatewayConfig } from '../gateway/src/config';
import { createGatewayServer } from '../gateway/src/server';
import { SUBGRAPHS } from '../subgraphs/registry';
import { loadSubgraphConfig } from '../subgraphs/shared/config';
import { createEventBus } from '../subgraphs/shared/events/createEventBus';
import { openDatabase } from '../subgraphs/shared/openDatabase';
import {
  prepareDatabase,
  startSubgraph,
  type RunningSubgraph,
} from '../subgraphs/shared/startSubgraph';

const EXAMPLE = `query DanaContext {
  customerByIdentifier(kind: PHONE, value: "(415) 555-0134") {
    id displayName
    contactPoints { kind value }
    orders(first: 3) { edges { node { id status items { offering { name } deliveryMethod } } } }
    appointments(upcoming: true) { window { start end } jobType technician { name skills } }
    cases(openOnly: true) { title status notes { body author { name } } }
  }
}`;

/**
 * `npm start`: every subgraph (4001–4004) and the gateway (4000) in one process on
 * the embedded defaults (one shared PGlite in `.data/pglite`), or on PostgreSQL when
 * `DATABASE_URL` is set. Seeds idempotently, prints where everything is.
 */
async function main(): Promise<void> {
  const configs = SUBGRAPHS.map((definition) => ({
    definition,
    config: loadSubgraphConfig(definition.name, definition.defaultPort),
  }));
  const gatewayConfig = loadGatewayConfig();
  const logger = createLogger({ name: 'customer-context', level: gatewayConfig.logLevel });
  const first = configs[0];
  if (!first) throw new Error('no subgraphs registered');
  const started = Date.now();
  const db = await openDatabase(first.config.storage, 'all-in-one');
  const bus = createEventBus(first.config.redisUrl, logger);
  const running: RunningSubgraph[] = [];
  for (const { definition, config } of configs) {
    await prepareDatabase(definition, db, config);
    running.push(await startSubgraph(definition, { config, db, logger, bus }));
  }
  const gateway = await createGatewayServer(gatewayConfig, {
    logger,
    subgraphUrls: Object.fromEntries(running.map((s) => [s.name, s.graphqlUrl])),
  }).listen();

  const storage =
    first.config.storage.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `embedded PGlite (${first.config.storage.dataDir ?? 'in memory'})`;
  console.log(`
customer-context graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s on ${storage}, events via ${bus.kind === 'redis' ? 'Redis Streams (REDIS_URL)' : 'the in-process bus'}

  gateway     ${gateway.url}/graphql   (health ${gateway.url}/health, ready ${gateway.url}/ready, metrics ${gateway.url}/metrics)
${running.map((s) => `  ${s.name.padEnd(11)} ${s.graphqlUrl}`).join('\n')}

Try:
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: EXAMPLE.replace(/\s+/g, ' ') })}'
`);
  onShutdownSignal(logger, async () => {
    await gateway.stop();
    await Promise.all(running.map((s) => s.stop()));
    await bus.close();
    await db.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
