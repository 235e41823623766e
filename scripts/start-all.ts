import { createLogger } from '../lib/logger';
import { DEFAULT_DEV_SECRETS_FILE, readDevSecrets, saveDevSecrets } from '../lib/devSecrets';
import { onShutdownSignal } from '../lib/onShutdownSignal';
import { loadGatewayConfig } from '../gateway/src/config';
import { assertPortsFree } from '../lib/assertPortsFree';
import { loadSubgraphConfig, subgraphPortVariable } from '../subgraphs/shared/config';
import { SUBGRAPH_PORTS } from '../subgraphs/subgraphPorts';
import type { RunningSubgraph } from '../subgraphs/shared/startSubgraph';
import type * as BuildUiModule from './buildUi';
import type * as ConsolePickerPeopleModule from './consolePickerPeople';
import type * as ExampleTokensModule from './exampleTokens';
import type * as DevCredentialsModule from '../gateway/src/auth/devCredentials';
import type * as TracingModule from '../gateway/src/observability/tracing';
import type * as ServerModule from '../gateway/src/server';
import type * as InputLimitsModule from '../schema/inputLimits';
import type * as PoliciesModule from '../schema/policies';
import type * as RegistryModule from '../subgraphs/registry';
import type * as SeedIdsModule from '../subgraphs/shared/seedIds';
import type * as CreateEventBusModule from '../subgraphs/shared/events/createEventBus';
import type * as OpenDatabaseModule from '../subgraphs/shared/openDatabase';
import type * as StartSubgraphModule from '../subgraphs/shared/startSubgraph';

/** Where a local start keeps the secrets it generated. */
const DEV_SECRETS_FILE = process.env.DEV_SECRETS_FILE || DEFAULT_DEV_SECRETS_FILE;

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
 * `npm start`: every subgraph (4001–4005) and the gateway (4000) in one process on
 * the embedded defaults (one shared PGlite in `.data/pglite`), or on PostgreSQL when
 * `DATABASE_URL` is set. Seeds idempotently, prints where everything is. With
 * `--build-ui` (as `npm start` runs it), first builds the console and the explorer
 * when their sources changed: after the port check, which comes before anything slow.
 */
async function main(): Promise<void> {
  // A local start needs no secrets set: unset ones come from .data/dev-secrets.env
  // (made on first start, once the ports are known free). Production sets them, and the
  // config refuses to start without.
  const production = process.env.NODE_ENV === 'production';
  const usingDevJwtSecret = !process.env.JWT_SECRET && !process.env.JWKS_URL && !production;
  const takesDevSecret = usingDevJwtSecret || (!production && !process.env.SUBGRAPH_HMAC_SECRET);
  const devFile = takesDevSecret ? readDevSecrets(DEV_SECRETS_FILE) : null;
  const dev = devFile?.secrets;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SUBGRAPH_HMAC_SECRET: process.env.SUBGRAPH_HMAC_SECRET || dev?.SUBGRAPH_HMAC_SECRET,
    ...(process.env.JWKS_URL ? {} : { JWT_SECRET: process.env.JWT_SECRET || dev?.JWT_SECRET }),
    // crm's audit records each customer read with its request id; a batched entity call
    // would carry only the first request's.
    SUBGRAPH_BATCH_EXCLUDE: process.env.SUBGRAPH_BATCH_EXCLUDE ?? 'crm',
  };
  const configs = Object.entries(SUBGRAPH_PORTS).map(([name, port]) => ({
    name,
    config: loadSubgraphConfig(name, port, env),
  }));
  const gatewayConfig = loadGatewayConfig(env);
  const logger = createLogger({ name: 'customer-context', level: gatewayConfig.logLevel });
  const first = configs[0];
  if (!first) throw new Error('no subgraphs registered');
  const started = Date.now();
  // Every port first: a taken one fails now, naming its variable, before migrations.
  await assertPortsFree([
    { service: 'gateway', host: gatewayConfig.host, port: gatewayConfig.port, variable: 'PORT' },
    ...configs.map(({ name, config }) => ({
      service: `subgraph ${name}`,
      host: config.host,
      port: config.port,
      variable: subgraphPortVariable(name),
    })),
  ]);
  if (devFile && !devFile.saved) saveDevSecrets(DEV_SECRETS_FILE, devFile.secrets);
  // Everything else loads only now, so that a taken port is reported at once: the
  // browser apps (`npm start` builds them when stale), the subgraphs' code and the gateway's.
  if (process.argv.includes('--build-ui')) await lazy<typeof BuildUiModule>('./buildUi').buildUi();
  const { subgraphByName } = lazy<typeof RegistryModule>('../subgraphs/registry');
  const { inputLimits } = lazy<typeof InputLimitsModule>('../schema/inputLimits');
  const { policies } = lazy<typeof PoliciesModule>('../schema/policies');
  const { consolePickerPeople } = lazy<typeof ConsolePickerPeopleModule>('./consolePickerPeople');
  const { exampleTokenSecret, exampleTokens } = lazy<typeof ExampleTokensModule>('./exampleTokens');
  const { PERSONA, PERSONA_SUPPORT } = lazy<typeof SeedIdsModule>('../subgraphs/shared/seedIds');
  const { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } = lazy<typeof DevCredentialsModule>(
    '../gateway/src/auth/devCredentials',
  );
  const { startTracing } = lazy<typeof TracingModule>('../gateway/src/observability/tracing');
  const { createGatewayServer } = lazy<typeof ServerModule>('../gateway/src/server');
  const { createEventBus } = lazy<typeof CreateEventBusModule>(
    '../subgraphs/shared/events/createEventBus',
  );
  const { openDatabase } = lazy<typeof OpenDatabaseModule>('../subgraphs/shared/openDatabase');
  const { prepareDatabase, startSubgraph } = lazy<typeof StartSubgraphModule>(
    '../subgraphs/shared/startSubgraph',
  );
  const db = await openDatabase(first.config.storage, 'all-in-one');
  const tracing = startTracing({ ...gatewayConfig.tracing, logger });
  const bus = createEventBus(first.config.redisUrl, logger);
  const running: RunningSubgraph[] = [];
  // One clock reading for every seed: a start that straddles midnight tells every
  // subgraph's stories on the same day.
  const seedNow = new Date();
  for (const { name, config } of configs) {
    const definition = subgraphByName(name);
    await prepareDatabase(definition, db, config, seedNow);
    // Each subgraph reaches the others as started here, whenever it asks.
    const peerUrl = (name: string) => running.find((s) => s.name === name)?.graphqlUrl ?? null;
    running.push(await startSubgraph(definition, { config, db, logger, bus, peerUrl }));
  }
  const gateway = await createGatewayServer(gatewayConfig, {
    logger,
    policies,
    inputLimits,
    eventBus: bus,
    subgraphUrls: Object.fromEntries(running.map((s) => [s.name, s.graphqlUrl])),
    // The console's rep picker: only with the generated dev secret, never in production.
    ...(usingDevJwtSecret && env.JWT_SECRET
      ? {
          devTokens: {
            secret: env.JWT_SECRET,
            issuer: env.JWT_ISSUER || DEFAULT_JWT_ISSUER,
            audience: env.JWT_AUDIENCE || DEFAULT_JWT_AUDIENCE,
            people: consolePickerPeople(),
          },
        }
      : {}),
  }).listen();

  // Never in production: a printed token there is a working credential (issue 17, #9).
  const tokenSecret = exampleTokenSecret(env);
  const tokens = tokenSecret
    ? await exampleTokens(tokenSecret, {
        issuer: env.JWT_ISSUER || undefined,
        audience: env.JWT_AUDIENCE || undefined,
        agent: { sub: PERSONA_SUPPORT.careRep, team: 'care' },
        customerSub: PERSONA.dana,
      })
    : null;
  const storage =
    first.config.storage.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `embedded PGlite (${first.config.storage.dataDir ?? 'in memory'})`;
  console.log(`
customer-context graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s on ${storage}, events via ${bus.kind === 'redis' ? 'Redis Streams (REDIS_URL)' : 'the in-process bus'}

  gateway     ${gateway.url}/graphql   (health ${gateway.url}/health, ready ${gateway.url}/ready, metrics ${gateway.url}/metrics)
${gatewayConfig.pages.explorer.enabled ? `  explorer    ${gateway.url}/graphql   (open in a browser)\n` : ''}${gatewayConfig.pages.console.enabled ? `  console     ${gateway.url}/console${usingDevJwtSecret ? '   (sign in by picking a seeded rep)' : ''}\n` : ''}${running.map((s) => `  ${s.name.padEnd(11)} ${s.graphqlUrl}`).join('\n')}

${
  tokens
    ? `Tokens (12 h; ${usingDevJwtSecret ? `signed with the dev secret in ${DEV_SECRETS_FILE}; mint more with: env $(cat ${DEV_SECRETS_FILE}) npm run -s token -- --role agent --sub agt-x` : 'signed with JWT_SECRET'}):
  agent (care, pii:read)  ${tokens.agent}
  customer Dana Reyes     ${tokens.customer}
`
    : production
      ? 'No tokens printed in production: they come from your identity provider.\n'
      : 'Tokens come from your identity provider (JWKS_URL).\n'
}
Try:
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -H "authorization: Bearer ${tokens ? tokens.agent : '<token>'}" \\
    -d '${JSON.stringify({ query: EXAMPLE.replace(/\s+/g, ' ') })}'
`);
  onShutdownSignal(logger, async () => {
    await gateway.stop();
    await Promise.all(running.map((s) => s.stop()));
    await bus.close();
    await db.close();
    await tracing.shutdown();
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
