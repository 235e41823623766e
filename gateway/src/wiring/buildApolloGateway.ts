import { ApolloGateway } from '@apollo/gateway';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { stripSecurityLinks } from '../authz/stripSecurityLinks';
import { subgraphEnvName, type GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { signedCallHeaders } from '../datasources/signedCallHeaders';
import { SubgraphDataSource } from '../datasources/subgraphDataSource';
import type { LiveSupergraph } from '../liveSupergraph';
import { applySupergraphVersion } from '../reload/applySupergraphVersion';
import type { SupergraphSource } from '../reload/supergraphSources';
import type { createSubgraphAgent } from '../resilience/subgraphAgent';
import { createSubgraphMetrics } from '../resilience/subgraphMetrics';
import type { GatewayDependencies } from '../server';
import type { GatewayPlugin } from '../plugins/gatewayPlugin';
import { pluginHookRunner } from '../plugins/runPluginHooks';
import type { Caching } from './startCaching';
import { subgraphHeaders } from './subgraphHeaders';

/** The query planner over the live supergraph, and the data source of each subgraph. */
export interface PlannedGateway {
  gateway: ApolloGateway;
  /** The data source of each subgraph of the current supergraph (replaced on reload). */
  dataSources: ReadonlyMap<string, SubgraphDataSource<GatewayContext>>;
  /** The URL a subgraph is called at: dependencies, then config, then the supergraph. */
  urlFor(name: string, url: string | undefined): string;
  /** Stops watching the supergraph source. */
  stopWatching(): void;
}

/**
 * Builds the `ApolloGateway`: the supergraph from `source` (hot-reloaded through
 * `live`), each subgraph called through a {@link SubgraphDataSource} with the shared
 * pool, signed caller headers and the caches.
 */
export function buildApolloGateway(options: {
  config: GatewayConfig;
  deps: GatewayDependencies;
  logger: Logger;
  metrics: Registry;
  live: LiveSupergraph;
  source: SupergraphSource;
  agent: ReturnType<typeof createSubgraphAgent>;
  caching: Caching;
  plugins: readonly GatewayPlugin[];
}): PlannedGateway {
  const { config, deps, logger, live, source, caching } = options;
  const reloads = new Counter({
    name: 'gateway_supergraph_reloads_total',
    help: 'Supergraph versions offered to the gateway, by outcome (applied or refused)',
    labelNames: ['outcome'],
    registers: [options.metrics],
  });
  const subgraphMetrics = createSubgraphMetrics(options.metrics);
  const dataSources = new Map<string, SubgraphDataSource<GatewayContext>>();
  const urlFor = (name: string, url: string | undefined): string =>
    deps.subgraphUrls?.[name] ?? config.subgraphUrls[subgraphEnvName(name)] ?? url ?? '';
  let stopWatching = (): void => undefined;
  const gateway = new ApolloGateway({
    logger,
    experimental_approximateQueryPlanStoreMiB: config.cache.queryPlanCacheMiB,
    supergraphSdl: async ({ update }) => {
      stopWatching = source.watch(
        (sdl) => applySupergraphVersion(sdl, live, update, reloads, logger),
        () => reloads.inc({ outcome: 'refused' }),
      );
      return { supergraphSdl: stripSecurityLinks(live.current.sdl) };
    },
    buildService: ({ name, url }) => {
      const dataSource = new SubgraphDataSource<GatewayContext>(name, urlFor(name, url), logger, {
        // An excluded subgraph records facts per call (an audit row per read): its
        // calls are never merged with, nor joined to, another request's.
        call: config.subgraphBatchExclude.includes(name.toLowerCase())
          ? { ...config.subgraphCalls, batch: null, dedupe: false }
          : config.subgraphCalls,
        onBatch: (subgraph, fetches) => subgraphMetrics.observeBatch(subgraph, fetches),
        dispatcher: options.agent,
        metrics: subgraphMetrics,
        headers: (context) => subgraphHeaders(config, name, context),
        signAttempt: signedCallHeaders(config.subgraphHmacSecret, name),
        lastChangeAt: () => caching.invalidation.lastChangeAt(),
        cache: {
          entities: config.cache.entities === false ? null : caching.shared,
          replays: caching.shared !== null,
          validators: config.cache.conditionalRereads !== false,
          invalidated: (tags) => caching.invalidation.invalidated(tags),
        },
      });
      observeCalls(dataSource, options.plugins, logger);
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  return { gateway, dataSources, urlFor, stopWatching: () => stopWatching() };
}

/**
 * Runs the plugins' `beforeSubgraphRequest` / `afterSubgraphResponse` hooks around each
 * call of `dataSource`; untouched when no plugin has either hook.
 */
function observeCalls(
  dataSource: SubgraphDataSource<GatewayContext>,
  plugins: readonly GatewayPlugin[],
  logger: Logger,
): void {
  const before = pluginHookRunner(plugins, 'beforeSubgraphRequest', logger);
  const after = pluginHookRunner(plugins, 'afterSubgraphResponse', logger);
  if (!before && !after) return;
  const process = dataSource.process.bind(dataSource);
  const subgraph = dataSource.subgraphName;
  dataSource.process = async (options) => {
    const context = 'context' in options ? (options.context as GatewayContext) : undefined;
    const info = { subgraph, request: options.request, context };
    await before?.(info);
    const started = performance.now();
    const response = await process(options);
    await after?.({ ...info, response, durationMs: performance.now() - started });
    return response;
  };
}
