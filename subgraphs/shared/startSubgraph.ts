import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { graphqlHttpHandler } from '../../lib/http/graphqlHttpHandler';
import { isValidRequestId, REQUEST_ID_HEADER } from '../../lib/requestId';
import { startHttpServer, type RunningHttpServer } from '../../lib/http/startHttpServer';
import { analyzeSchema } from './analyze';
import { instrumentCachePolicy } from './cachePolicy';
import { inFreshCacheScope } from './cacheScope';
import { subgraphCacheTagsPlugin } from './cacheTagsPlugin';
import { createCallerVerifier, type CallerVerifier } from './callerClaims';
import { inputLimits } from '../../schema/inputLimits';
import type { SubgraphConfig } from './config';
import { countStatements, type Database } from './db';
import type { EventBus, Subscription } from './events/eventBus';
import { startOutboxRelay, type OutboxRelay } from './events/outboxRelay';
import { formatSubgraphError } from './formatSubgraphError';
import { migrate } from './migrate';
import { peerUrlsFrom, type PeerUrls } from './peerUrls';
import { subgraphInputsPlugin } from './subgraphInputsPlugin';
import type { SubgraphDefinition } from './subgraphDefinition';
import { tagCustomerRows } from './tagCustomerRows';

/** A running subgraph. */
export interface RunningSubgraph {
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:4001`. */
  url: string;
  /** The GraphQL endpoint the gateway routes to. */
  graphqlUrl: string;
  /** This subgraph's Prometheus registry (also served at `/metrics`). */
  metrics: Registry;
  /** The relay publishing this subgraph's outbox; null without a bus or an outbox table. */
  relay: OutboxRelay | null;
  /** Stops accepting requests and waits for those in flight. Leaves the database open. */
  stop(): Promise<void>;
}

/**
 * Runs the subgraph's migrations, then its seed when `config.seed` is set, then gives
 * the planner statistics for what the seed loaded (see {@link analyzeSchema}). Safe to
 * call on every start: migrations apply once and seeds insert only what is missing.
 * `seedNow` is the seed's clock reading (SeedOptions.now), default when it runs.
 */
export async function prepareDatabase(
  definition: SubgraphDefinition,
  db: Database,
  config: Pick<SubgraphConfig, 'seed' | 'seedCustomers'>,
  seedNow?: Date,
): Promise<void> {
  await migrate(db, definition.name, definition.migrationsDir, definition.sharedMigrations);
  if (!config.seed) return;
  await definition.seed(db, { customers: config.seedCustomers, config, now: seedNow });
  await analyzeSchema(db, definition.name);
}

/** Builds and starts one subgraph's HTTP server on `config.port` (0 for any free port). */
export async function startSubgraph(
  definition: SubgraphDefinition,
  options: {
    config: SubgraphConfig;
    db: Database;
    logger: Logger;
    bus?: EventBus;
    /** Where the other subgraphs answer; default the config's `SUBGRAPH_URLS`. */
    peerUrl?: PeerUrls;
  },
): Promise<RunningSubgraph> {
  const { config, logger } = options;
  const peerUrl = options.peerUrl ?? peerUrlsFrom(config.peerUrls);
  const metrics = new Registry();
  const statements = new Counter({
    name: 'subgraph_db_queries_total',
    help: 'SQL statements this subgraph sent to its database',
    labelNames: ['subgraph'],
    registers: [metrics],
  });
  const labels = { subgraph: definition.name };
  statements.inc(labels, 0);
  const relay = options.bus
    ? await startRelayIfOutbox(definition.name, options.db, options.bus, logger)
    : null;
  // Requests see a database that counts statements and tags the operation with the
  // customer of every row read (the gateway's cache contract).
  const db = tagCustomerRows(
    countStatements(
      options.db,
      () => statements.inc(labels),
      () => relay?.nudge(),
    ),
  );
  // Background work uses the uncounted database: the statement counter measures requests.
  const stopBackground =
    definition.background?.({ db: options.db, config, logger }) ?? (() => undefined);
  const subscriptions: Subscription[] = [];
  if (options.bus) {
    for (const consumer of definition.consumers ?? []) {
      const consumerLogger = logger.child({ consumer: consumer.group });
      const handleBatch = consumer.handleBatch?.bind(consumer);
      subscriptions.push(
        options.bus.subscribe(
          consumer.group,
          (event) => consumer.handle(event, options.db, consumerLogger, config),
          handleBatch
            ? { batch: (events) => handleBatch(events, options.db, consumerLogger, config) }
            : {},
        ),
      );
    }
  }

  const schema = buildSubgraphSchema({
    typeDefs: parse(readFileSync(definition.schemaFile, 'utf8')),
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  instrumentCachePolicy(schema);
  // Every request, `_service` included, needs claims the gateway signed for that call.
  const trust = createCallerVerifier({
    secret: config.subgraphHmacSecret,
    subgraph: definition.name,
  });
  const apollo = new ApolloServer({
    // Shutdown is ours (onShutdownSignal): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    // Apollo's own complaints (an unexpected error) go to the JSON log, not the console.
    logger,
    schema,
    introspection: true,
    // Inline traces feed Apollo's hosted usage reporting, which this product does not use.
    // `@cacheControl` hints become the `Cache-Control` header through our resolvers
    // (instrumentCachePolicy) and tags plugin, not Apollo's plugin, whose hook ran for
    // every field of every answer (a sixth of a timeline page's CPU).
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      subgraphInputsPlugin(inputLimits),
      subgraphCacheTagsPlugin(),
      ...((definition.plugins?.({ config }) ?? []) as ApolloServerPlugin<BaseContext>[]),
    ],
    formatError: (formatted, error) =>
      formatSubgraphError(formatted, error, logger, config.production),
  });
  await apollo.start();

  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      host: config.host,
      logger,
      routes: {
        // One HTTP request is one operation (batching is off): one cache scope each.
        '/graphql': inFreshCacheScope(
          graphqlHttpHandler({
            server: apollo,
            // The gateway alone calls a subgraph: its own time is no secret there.
            serverTiming: true,
            verify: (req, body) => trust.verify(req, body),
            context: async (req) => {
              const claims = trust.claimsOf(req);
              return definition.createContext({
                db,
                config,
                req,
                claims,
                logger: logger.child({ requestId: requestIdOf(req) }),
                peerUrl,
              });
            },
            ...(definition.answerConditional
              ? {
                  conditional: conditionalAnswerer(definition, {
                    ...{ db, config, logger, trust, peerUrl },
                  }),
                }
              : {}),
          }),
        ),
      },
      readiness: async () => {
        try {
          await options.db.query('SELECT 1');
          return { ok: true, checks: { database: { ok: true } } };
        } catch (error) {
          return { ok: false, checks: { database: { ok: false, detail: String(error) } } };
        }
      },
      metrics: { contentType: metrics.contentType, render: () => metrics.metrics() },
    });
  } catch (error) {
    stopBackground();
    await apollo.stop();
    await Promise.all(subscriptions.map((s) => s.stop()));
    await relay?.stop();
    throw error;
  }
  logger.info({ subgraph: definition.name, url: http.url }, 'subgraph listening');
  return {
    name: definition.name,
    url: http.url,
    graphqlUrl: `${http.url}/graphql`,
    metrics,
    relay,
    stop: once(async () => {
      stopBackground();
      await http.close();
      await apollo.stop();
      await Promise.all(subscriptions.map((s) => s.stop()));
      await relay?.stop();
    }),
  };
}

/**
 * The handler's hook for `If-None-Match` requests (already verified by the handler's
 * `verify`): asks the subgraph for an anonymous caller's or anyone's answer; any failure
 * executes as usual (where it meets the same checks and errors as any other request).
 */
function conditionalAnswerer(
  definition: SubgraphDefinition,
  deps: {
    db: Database;
    config: SubgraphConfig;
    logger: Logger;
    trust: CallerVerifier;
    peerUrl: PeerUrls;
  },
): NonNullable<Parameters<typeof graphqlHttpHandler>[0]['conditional']> {
  const answer = definition.answerConditional!.bind(definition);
  return async (req, body, ifNoneMatch) => {
    const claims = deps.trust.claimsOf(req);
    if (!claims) return null;
    const logger = deps.logger.child({ requestId: requestIdOf(req) });
    try {
      return await answer({
        db: deps.db,
        config: deps.config,
        req,
        claims,
        logger,
        peerUrl: deps.peerUrl,
        body,
        ifNoneMatch,
      });
    } catch (error) {
      logger.warn({ err: error }, 'conditional request executed in full after a failure');
      return null;
    }
  };
}

/** Wraps an async function so that later calls share the first call's promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}

/** Starts the outbox relay when the subgraph has an `outbox` table (its migrations made one). */
async function startRelayIfOutbox(
  schema: string,
  db: Database,
  bus: EventBus,
  logger: Logger,
): Promise<OutboxRelay | null> {
  const [row] = await db.query<{ present: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS present',
    [`${schema}.outbox`],
  );
  return row?.present ? startOutboxRelay({ db, schema, source: schema, bus, logger }) : null;
}

/** The request id the gateway forwarded (or none), for log lines. */
function requestIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers[REQUEST_ID_HEADER];
  return isValidRequestId(value) ? value : undefined;
}
