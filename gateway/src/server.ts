import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { InputLimits } from '../../lib/inputBounds/inputLimits';
import { startHttpServer } from '../../lib/http/startHttpServer';
import { createLogger } from '../../lib/logger';
import type { EventSource } from '../../lib/events/eventContract';
import { createAuthenticator } from './auth/createAuthenticator';
import type { Policies } from './authz/requirement';
import type { GatewayConfig } from './config';
import type { DevTokenOptions } from './pages/devTokenRoute';
import { loadTrustedDocumentManifest } from './limits/trustedDocumentManifest';
import { LiveSupergraph, supergraphVersion } from './liveSupergraph';
import { supergraphSourceFor } from './reload/applySupergraphVersion';
import { createSubgraphAgent } from './resilience/subgraphAgent';
import { loadGatewayPlugins, type GatewayPlugin } from './plugins/gatewayPlugin';
import { liveFieldsOf } from './domain/liveFieldsOf';
import { buildApolloGateway } from './wiring/buildApolloGateway';
import { buildApolloServer } from './wiring/buildApolloServer';
import { gatewayReadiness, gatewayRoutes } from './wiring/gatewayRoutes';
import { internalExecutor } from './wiring/internalExecutor';
import { liveSubscriptionServer } from './wiring/liveSubscriptionServer';
import { startCaching } from './wiring/startCaching';

/** A gateway ready to listen. */
export interface GatewayServer {
  readonly metrics: Registry;
  /** Loads the supergraph and starts listening on `config.port`. */
  listen(): Promise<RunningGateway>;
}

/** A listening gateway. */
export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:4000`; GraphQL is at `${url}/graphql`. */
  url: string;
  port: number;
  /** Hash of the supergraph being served now (changes on hot reload). */
  supergraphHash(): string;
  /** Stops accepting, lets in-flight requests finish, then releases everything. */
  stop(): Promise<void>;
}

/** Extra wiring for tests and the all-in-one start. */
export interface GatewayDependencies {
  logger?: Logger;
  /** Routing URLs by subgraph name, winning over config and the supergraph. */
  subgraphUrls?: Readonly<Record<string, string>>;
  /** Named `@policy` functions; a policy not given here denies. Default none. */
  policies?: Policies;
  /**
   * The in-process event bus of an all-in-one start (no Redis): domain events from
   * subgraphs in this process evict caches and drive subscriptions. With Redis the
   * gateway reads the shared event stream instead. Default: none.
   */
  eventBus?: EventSource;
  /** Bounds of every string and list input; default `DEFAULT_INPUT_LIMITS` (any supergraph). */
  inputLimits?: InputLimits;
  /** The console's dev sign-in (a local start with the generated secret); ignored in production. */
  devTokens?: DevTokenOptions;
  /** Plugins given in code, run before those `config.plugins` names. Default none. */
  plugins?: readonly GatewayPlugin[];
}

/**
 * Builds the gateway for any Federation 2 supergraph. Nothing here knows about
 * customers: routing, readiness, authentication, authorization from the schema's
 * directives, limits and resilience all come from the supergraph and config. The
 * supergraph is hot-reloaded: a new version that loads is swapped in without failing
 * in-flight requests; one that does not is refused and logged, and the last good one
 * keeps serving. No side effects until `listen()`.
 */
export function createGatewayServer(
  config: GatewayConfig,
  deps: GatewayDependencies = {},
): GatewayServer {
  const logger = deps.logger ?? createLogger({ name: 'gateway', level: config.logLevel });
  const metrics = new Registry();
  return { metrics, listen: () => listen(config, { ...deps, logger }, metrics) };
}

/**
 * Starts the parts in order (supergraph, caching, planner, Apollo, subscriptions, HTTP)
 * and stops them in reverse; a part that fails to start stops the ones before it.
 */
async function listen(
  config: GatewayConfig,
  deps: GatewayDependencies & { logger: Logger },
  metrics: Registry,
): Promise<RunningGateway> {
  const { logger } = deps;
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  // Loaded first: a plugin that cannot load stops start-up before anything opens.
  const plugins = [...(deps.plugins ?? []), ...(await loadGatewayPlugins(config.plugins))];
  try {
    const source = supergraphSourceFor(config, logger);
    const live = new LiveSupergraph(supergraphVersion(await source.initial()), metrics);
    collectDefaultMetrics({ register: metrics });
    const agent = createSubgraphAgent({ maxConnections: config.subgraphCalls.maxConnections });
    stops.push(() => agent.close());
    const caching = await startCaching({
      config,
      deps,
      logger,
      metrics,
      supergraphHash: () => live.current.hash,
      plugins,
    });
    stops.push(() => caching.stop());
    // Read once: the HTTP plugin and the live subscriptions check against the same manifest.
    const trustedManifest =
      config.trustedDocuments.mode === 'off'
        ? null
        : loadTrustedDocumentManifest(config.trustedDocuments.manifestPath);
    const parts = { config, deps, logger, metrics, live, caching, trustedManifest, plugins };
    const planned = buildApolloGateway({ ...parts, source, agent });
    const apollo = buildApolloServer({ ...parts, planned });
    let apiSchema: GraphQLSchema | null = null;
    planned.gateway.onSchemaLoadOrUpdate(({ apiSchema: next }) => {
      apiSchema = next;
    });
    await apollo.start();
    stops.push(() => apollo.stop());
    stops.push(() => planned.stopWatching());
    const authenticate = createAuthenticator(config.auth);
    const subscriptions = liveSubscriptionServer({
      ...parts,
      live: liveFieldsOf(config.domain),
      apiSchema: () => apiSchema,
      authenticate,
      execute: internalExecutor(apollo, logger, config.requestTimeoutMs),
    });
    if (subscriptions) stops.push(() => subscriptions.close());
    const http = await startHttpServer({
      port: config.port,
      host: config.host,
      logger,
      routes: gatewayRoutes({
        config,
        apollo,
        authenticate,
        subscriptions,
        caching,
        devTokens: deps.devTokens,
        logger,
        metrics,
      }),
      readiness: gatewayReadiness({ config, live, planned, caching }),
      metrics: { contentType: metrics.contentType, render: () => metrics.metrics() },
    });
    stops.push(() => http.close());
    // Subscriptions close first (idempotent): their open streams would hold the drain.
    if (subscriptions) stops.push(() => subscriptions.close());
    if (subscriptions) {
      http.server.on('upgrade', (req, socket, head) =>
        subscriptions.handleUpgrade(req, socket, head),
      );
    }
    logger.info(
      { url: http.url, supergraph: live.current.hash, source: source.description },
      'gateway listening',
    );
    return {
      url: http.url,
      port: http.port,
      supergraphHash: () => live.current.hash,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
