import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { Claims } from '../../lib/claims';
import type { InputLimits } from '../../lib/inputBounds/inputLimits';
import type { EventBus } from '../../subgraphs/shared/events/eventBus';
import { CLAIMS_HEADER, claimsValue } from '../../lib/signedClaims';
import { signedCallHeaders } from './datasources/signedCallHeaders';
import { graphqlHttpHandler } from '../../lib/http/graphqlHttpHandler';
import { startHttpServer, type RunningHttpServer } from '../../lib/http/startHttpServer';
import { createLogger } from '../../lib/logger';
import { authenticateRequest } from './auth/authenticateRequest';
import { createAuthenticator } from './auth/createAuthenticator';
import type { Policies } from './authz/requirement';
import { stripSecurityLinks } from './authz/stripSecurityLinks';
import { withAuthorization } from './authz/withAuthorization';
import { busChangeFeed, noChangeFeed, redisChangeFeed, type ChangeFeed } from './cache/changeFeed';
import { createGatewayCache } from './cache/gatewayCache';
import { apqCache } from './caching/apqCache';
import { createCacheRequestMetrics } from './caching/cacheRequestMetrics';
import { callerKey } from './caching/callerScope';
import { ChangeHub } from './caching/changeHub';
import { startInvalidation } from './caching/invalidation';
import { newRequestCacheState } from './caching/requestCacheState';
import { gatewayPluginResponseCache } from './caching/responseCachePlugin';
import { subgraphEnvName, type GatewayConfig } from './config';
import { admissionControl } from './limits/admission';
import { createSubscriptionServer, subscriberAuthenticator, type LiveRun } from './subscriptions';
import { LIVE_FIELDS } from './subscriptions/liveFields';
import type { GatewayContext } from './context';
import { propagateHeaders } from './datasources/propagateHeaders';
import { SubgraphDataSource } from './datasources/subgraphDataSource';
import { formatGatewayError } from './formatGatewayError';
import { activeTraceparent, withIncomingTraceContext } from './observability/tracing';
import { loadTrustedDocumentManifest } from './limits/trustedDocumentManifest';
import { gatewayPluginInputBounds } from './plugins/inputBoundsPlugin';
import { gatewayPluginLimits } from './plugins/limitsPlugin';
import { gatewayPluginOperationResolution } from './plugins/operationResolutionPlugin';
import type { DevTokenOptions } from './pages/devTokenRoute';
import { gatewayPages } from './pages/gatewayPages';
import { gatewayPluginMetrics } from './plugins/metricsPlugin';
import { gatewayPluginRequestId, traceparentFrom } from './plugins/requestIdPlugin';
import { gatewayPluginRequestLog } from './plugins/requestLogPlugin';
import {
  gatewayPluginTrustedDocuments,
  untrustedDocumentError,
} from './plugins/trustedDocumentsPlugin';
import { LiveSupergraph, supergraphVersion, type SupergraphVersion } from './liveSupergraph';
import { checkSubgraphs } from './readiness';
import { composedSource, fileSource, type SupergraphSource } from './reload/supergraphSources';
import { DEADLINE_HEADER } from './resilience/resilientFetcher';
import { createSubgraphAgent } from './resilience/subgraphAgent';
import { createSubgraphMetrics } from './resilience/subgraphMetrics';

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
  eventBus?: Pick<EventBus, 'subscribe'>;
  /** Bounds of every string and list input; default `DEFAULT_INPUT_LIMITS` (any supergraph). */
  inputLimits?: InputLimits;
  /** The console's dev sign-in (a local start with the generated secret); ignored in production. */
  devTokens?: DevTokenOptions;
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

function sourceFor(config: GatewayConfig, logger: Logger): SupergraphSource {
  const { supergraph } = config;
  return supergraph.kind === 'file'
    ? fileSource(supergraph.path)
    : composedSource(
        supergraph.configPath,
        logger,
        supergraph.pollIntervalMs,
        config.subgraphHmacSecret,
      );
}

async function listen(
  config: GatewayConfig,
  deps: GatewayDependencies & { logger: Logger },
  metrics: Registry,
): Promise<RunningGateway> {
  const { logger } = deps;
  const source = sourceFor(config, logger);
  const live = new LiveSupergraph(supergraphVersion(await source.initial()), metrics);
  collectDefaultMetrics({ register: metrics });
  const reloads = new Counter({
    name: 'gateway_supergraph_reloads_total',
    help: 'Supergraph versions offered to the gateway, by outcome (applied or refused)',
    labelNames: ['outcome'],
    registers: [metrics],
  });
  const agent = createSubgraphAgent({ maxConnections: config.subgraphCalls.maxConnections });
  const subgraphMetrics = createSubgraphMetrics(metrics);
  const feed = changeFeedFor(config, deps, logger, metrics);
  const store = createGatewayCache(cacheConfigFor(config, feed, logger), logger, metrics);
  const cacheMetrics = createCacheRequestMetrics(metrics);
  const hub = new ChangeHub((error) => logger.error({ err: error }, 'change listener failed'));
  const invalidation = await startInvalidation({
    feed,
    store,
    hub,
    metrics,
    logger,
  });
  const caching = store.kind !== 'off';
  const cacheShared = {
    store,
    maxTtlSeconds: config.cache.maxTtlSeconds,
    supergraphHash: () => live.current.hash,
    metrics: cacheMetrics,
  };
  // The data source of each subgraph of the current supergraph (replaced on reload).
  const dataSources = new Map<string, SubgraphDataSource<GatewayContext>>();
  const urlFor = (name: string, url: string | undefined): string =>
    deps.subgraphUrls?.[name] ?? config.subgraphUrls[subgraphEnvName(name)] ?? url ?? '';
  let stopWatching = (): void => undefined;
  // Read once: the HTTP plugin and the live subscriptions check against the same manifest.
  const trustedManifest =
    config.trustedDocuments.mode === 'off'
      ? null
      : loadTrustedDocumentManifest(config.trustedDocuments.manifestPath);
  const gateway = new ApolloGateway({
    logger,
    experimental_approximateQueryPlanStoreMiB: config.cache.queryPlanCacheMiB,
    supergraphSdl: async ({ update }) => {
      stopWatching = source.watch(
        (sdl) => applyVersion(sdl, live, update, reloads, logger),
        () => reloads.inc({ outcome: 'refused' }),
      );
      return { supergraphSdl: stripSecurityLinks(live.current.sdl) };
    },
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource<GatewayContext>(name, urlFor(name, url), logger, {
        // An excluded subgraph records facts per call (crm's audit row per read): its
        // calls are never merged with, nor joined to, another request's.
        call: config.subgraphBatchExclude.includes(name.toLowerCase())
          ? { ...config.subgraphCalls, batch: null, dedupe: false }
          : config.subgraphCalls,
        onBatch: (subgraph, fetches) => subgraphMetrics.observeBatch(subgraph, fetches),
        dispatcher: agent,
        metrics: subgraphMetrics,
        headers: (context) => subgraphHeaders(config, name, context),
        signAttempt: signedCallHeaders(config.subgraphHmacSecret, name),
        lastChangeAt: () => invalidation.lastChangeAt(),
        cache: {
          entities: caching ? cacheShared : null,
          invalidated: (tags) => invalidation.invalidated(tags),
        },
      });
      dataSources.set(name, source);
      return source;
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: withAuthorization(gateway, {
      supergraphSdl: () => live.current.sdl,
      policies: deps.policies ?? {},
    }),
    // Shutdown is ours (onShutdownSignal): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    // Apollo's own complaints (an unexpected error) go to the JSON log, not the console.
    logger,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: config.maxBatchedOperations > 1,
    documentStore: new InMemoryLRUCache<DocumentNode>({
      maxSize: config.cache.documentCacheMiB * 1024 * 1024,
      sizeCalculation: (document) => InMemoryLRUCache.sizeCalculation(document),
    }),
    persistedQueries: caching
      ? {
          cache: apqCache(store, config.cache.apqTtlSeconds, cacheMetrics),
          ttl: config.cache.apqTtlSeconds,
        }
      : {},
    formatError: (formatted, error) =>
      formatGatewayError(formatted, error, config.production, logger),
    plugins: [
      gatewayPluginRequestId(),
      gatewayPluginRequestLog(),
      ...(trustedManifest && config.trustedDocuments.mode !== 'off'
        ? [
            gatewayPluginTrustedDocuments({
              manifest: trustedManifest,
              mode: config.trustedDocuments.mode,
            }),
          ]
        : []),
      // Which operation, and are its inputs sound? Before anything else reads them.
      gatewayPluginOperationResolution(),
      gatewayPluginInputBounds({ limits: deps.inputLimits }),
      gatewayPluginLimits({ costInfo: () => live.current.costInfo, ...config.limits }),
      gatewayPluginMetrics({ registry: metrics }),
      // Subgraph Cache-Control headers set the policy; clients get none from us (our
      // caches are evicted on change, a browser's would not be).
      ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
      ...(caching
        ? [
            gatewayPluginResponseCache({
              ...cacheShared,
              replay: async (subgraph, request, requestContext) =>
                (await dataSources.get(subgraph)?.replay(request, requestContext)) ?? null,
            }),
          ]
        : []),
      ApolloServerPluginUsageReportingDisabled(),
      // Apollo's landing page loads Sandbox from a CDN; browsers get our explorer instead.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  let apiSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: next }) => {
    apiSchema = next;
  });
  await apollo.start();
  const authenticate = createAuthenticator(config.auth);
  /**
   * Runs a query as `claims` through every plugin, as the live subscriptions do; with the
   * cache tags its answer was built from (subgraph answers and cache hits).
   */
  const executeInternal = async (
    query: string,
    variables: Record<string, unknown>,
    claims: Claims | null,
    headers: IncomingHttpHeaders,
  ): Promise<LiveRun> => {
    const requestId = randomUUID();
    // Apollo runs the operation on a copy of this context; the response cache gives it a
    // state of its own, and says which.
    let cache = newRequestCacheState();
    const contextValue: GatewayContext = {
      requestId,
      traceparent: traceparentFrom(headers),
      claims,
      incomingHeaders: headers,
      logger: logger.child({ requestId }),
      deadline: Date.now() + config.requestTimeoutMs,
      cache,
      onCacheState: (state) => {
        cache = state;
      },
      // The subscription document was checked against the trusted documents already.
      trustedDocument: true,
    };
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported');
    return { result: response.body.singleResult, tags: [...cache.tags] };
  };
  const admit = admissionControl({ ...config.admission, registry: metrics, logger });
  const contexts = new WeakMap<IncomingMessage, GatewayContext>();
  const graphql = graphqlHttpHandler<GatewayContext>({
    server: apollo,
    maxBodyBytes: config.limits.maxBodyBytes,
    maxBatchedOperations: config.maxBatchedOperations,
    context: async (req) => {
      const context = contexts.get(req);
      if (!context) throw new Error('request reached GraphQL without authentication');
      return context;
    },
  });
  const subscriptions = config.subscriptions.enabled
    ? createSubscriptionServer({
        live: LIVE_FIELDS,
        apiSchema: () => {
          if (!apiSchema) throw new Error('the supergraph is not loaded yet');
          return apiSchema;
        },
        authenticate: subscriberAuthenticator(authenticate),
        execute: executeInternal,
        changes: hub,
        keepAliveMs: config.subscriptions.keepAliveMs,
        maxPerConnection: config.subscriptions.maxPerConnection,
        maxDocumentBytes: config.limits.maxDocumentBytes,
        limits: config.limits,
        maxBodyBytes: config.limits.maxBodyBytes,
        logger,
        metrics,
        ...(trustedManifest && config.trustedDocuments.mode === 'require'
          ? {
              trustedDocuments: (document: string) =>
                untrustedDocumentError(trustedManifest, document),
            }
          : {}),
      })
    : null;
  const pages = gatewayPages(config, deps.devTokens);
  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      host: config.host,
      logger,
      routes: {
        ...pages.routes,
        '/graphql': async (req, res, url) => {
          if (pages.explorer(req, res)) return;
          // The deadline counts from arrival: a turn waited for is time the client waited.
          const deadline = Date.now() + config.requestTimeoutMs;
          const endTurn = await admit(res, deadline);
          if (!endTurn) return;
          try {
            const context = await authenticateRequest(req, res, authenticate, logger);
            if (!context) return;
            contexts.set(req, {
              ...context,
              traceparent: traceparentFrom(req.headers),
              deadline,
              cache: newRequestCacheState(),
            });
            await withIncomingTraceContext(req.headers, () => graphql(req, res, url));
          } finally {
            endTurn();
          }
        },
        ...(subscriptions ? { '/graphql/stream': subscriptions.sse } : {}),
      },
      readiness: async () => {
        const version = live.current;
        const routed = version.subgraphs.map(({ name, url }) => ({ name, url: urlFor(name, url) }));
        const checks = await checkSubgraphs(
          routed,
          config.readyTimeoutMs,
          config.subgraphHmacSecret,
        );
        return {
          ...checks,
          checks: {
            supergraph: { ok: true, detail: version.hash },
            cache: store.readiness(),
            ...checks.checks,
          },
        };
      },
      metrics: { contentType: metrics.contentType, render: () => metrics.metrics() },
    });
  } catch (error) {
    await subscriptions?.close();
    stopWatching();
    await apollo.stop();
    await agent.close();
    await invalidation.stop();
    await store.close();
    throw error;
  }
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
    async stop() {
      stopWatching();
      await subscriptions?.close();
      await http.close();
      await apollo.stop();
      await agent.close();
      await invalidation.stop();
      await store.close();
    },
  };
}

/**
 * Offers a new supergraph version to the gateway. The live state (authorization
 * requirements, cost directives, readiness) switches with it; when the gateway refuses
 * the version (not a supergraph, does not load), everything stays on the last good one.
 */
function applyVersion(
  sdl: string,
  live: LiveSupergraph,
  update: (sdl: string) => void,
  reloads: Counter,
  logger: Logger,
): void {
  if (supergraphHashOf(sdl) === live.current.hash) return;
  let previous: SupergraphVersion | null = null;
  try {
    const next = supergraphVersion(sdl);
    previous = live.replace(next);
    update(stripSecurityLinks(sdl));
    reloads.inc({ outcome: 'applied' });
    logger.info({ from: previous.hash, to: next.hash }, 'supergraph reloaded');
  } catch (error) {
    if (previous) live.replace(previous);
    reloads.inc({ outcome: 'refused' });
    logger.error(
      { err: error, live: live.current.hash },
      'supergraph refused; the last good one keeps serving',
    );
  }
}

function supergraphHashOf(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex').slice(0, 16);
}

/**
 * What every subgraph call of one request carries the same: the caller's claims (signed
 * per attempt, bound to that call, by `signedCallHeaders`) and the caller's key,
 * computed once per request rather than per fetch.
 */
const callerHeadersOf = new WeakMap<GatewayContext, Readonly<Record<string, string>>>();

function callerHeaders(context: GatewayContext): Readonly<Record<string, string>> {
  const known = callerHeadersOf.get(context);
  if (known) return known;
  const headers = {
    [CLAIMS_HEADER]: claimsValue(context.claims),
    // Stable per caller identity, so identical in-flight queries of one caller share a fetch.
    'x-cc-caller': callerKey(context.claims),
  };
  callerHeadersOf.set(context, headers);
  return headers;
}

/** Signed caller claims, correlation ids and allow-listed client headers for one subgraph. */
function subgraphHeaders(
  config: GatewayConfig,
  subgraph: string,
  context: GatewayContext | undefined,
): Record<string, string> {
  if (!context) return {};
  const allow = [
    ...config.propagateHeaders,
    ...(config.propagateHeadersBySubgraph[subgraphEnvName(subgraph)] ?? []),
  ];
  return {
    ...propagateHeaders(context.incomingHeaders, { allow }),
    ...callerHeaders(context),
    'x-request-id': context.requestId,
    [DEADLINE_HEADER]: String(context.deadline),
    traceparent: activeTraceparent() ?? context.traceparent,
  };
}

/**
 * An in-memory cache with no change feed (a gateway alone, without Redis, its subgraphs
 * in other processes) would hear only of changes made through itself. Chosen by `auto`,
 * it is turned off; asked for explicitly, it runs and the log says what that means.
 */
function cacheConfigFor(config: GatewayConfig, feed: ChangeFeed, logger: Logger) {
  if (config.cache.store !== 'memory' || feed.kind !== 'none') return config.cache;
  if (config.cache.auto) {
    logger.warn(
      'cache off: no REDIS_URL and no in-process event bus, so changes made outside this gateway could not evict it; set REDIS_URL to cache',
    );
    return { ...config.cache, store: 'off' as const };
  }
  logger.warn(
    'CACHE=memory without a change feed: only changes made through this gateway evict it; others show after their max-age',
  );
  return config.cache;
}

/** Where domain events come from: the shared Redis stream, the in-process bus, or nowhere. */
function changeFeedFor(
  config: GatewayConfig,
  deps: GatewayDependencies & { logger: Logger },
  logger: Logger,
  metrics: Registry,
): ChangeFeed {
  if (config.cache.redisUrl) return redisChangeFeed(config.cache.redisUrl, logger, metrics);
  if (deps.eventBus) return busChangeFeed(deps.eventBus, logger, metrics);
  return noChangeFeed();
}
