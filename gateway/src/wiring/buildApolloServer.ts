import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { withAuthorization } from '../authz/withAuthorization';
import { withNativeExecutor } from '../execution/withNativeExecutor';
import { apqCache } from '../cache/apqCache';
import { gatewayPluginResponseCache } from '../cache/responseCachePlugin';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { formatGatewayError } from '../formatGatewayError';
import type { TrustedDocumentManifest } from '../limits/trustedDocumentManifest';
import type { LiveSupergraph } from '../liveSupergraph';
import { gatewayPluginInputBounds } from '../plugins/inputBoundsPlugin';
import { gatewayPluginLimits } from '../plugins/limitsPlugin';
import { gatewayPluginMetrics } from '../plugins/metricsPlugin';
import { gatewayPluginOperationResolution } from '../plugins/operationResolutionPlugin';
import { gatewayPluginRequestId } from '../plugins/requestIdPlugin';
import { gatewayPluginRequestLog } from '../plugins/requestLogPlugin';
import { gatewayPluginTrustedDocuments } from '../plugins/trustedDocumentsPlugin';
import type { GatewayPlugin } from '../plugins/gatewayPlugin';
import type { GatewayDependencies } from '../server';
import type { PlannedGateway } from './buildApolloGateway';
import type { Caching } from './startCaching';

/**
 * The Apollo Server of the gateway: authorization around the planner, and the request
 * plugins in the order they run (ids and logs, trusted documents, operation and input
 * checks, limits, metrics, cache policy, response cache).
 */
export function buildApolloServer(options: {
  config: GatewayConfig;
  deps: GatewayDependencies;
  logger: Logger;
  metrics: Registry;
  live: LiveSupergraph;
  planned: PlannedGateway;
  caching: Caching;
  trustedManifest: TrustedDocumentManifest | null;
  plugins: readonly GatewayPlugin[];
}): ApolloServer<GatewayContext> {
  const { config, deps, logger, live, caching } = options;
  return new ApolloServer<GatewayContext>({
    gateway: withAuthorization(
      config.executor === 'native'
        ? withNativeExecutor(options.planned.gateway, {
            dataSource: (name) => options.planned.dataSources.get(name),
          })
        : options.planned.gateway,
      {
        supergraphSdl: () => live.current.sdl,
        policies: deps.policies ?? {},
      },
    ),
    // Shutdown is ours (onShutdownSignal): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    // Apollo's own complaints (an unexpected error) go to the JSON log, not the console.
    logger,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.debugErrors,
    csrfPrevention: true,
    allowBatchedHttpRequests: config.maxBatchedOperations > 1,
    documentStore: new InMemoryLRUCache<DocumentNode>({
      maxSize: config.cache.documentCacheMiB * 1024 * 1024,
      sizeCalculation: (document) => InMemoryLRUCache.sizeCalculation(document),
    }),
    persistedQueries: caching.shared
      ? {
          cache: apqCache(caching.store, config.cache.apqTtlSeconds, caching.metrics),
          ttl: config.cache.apqTtlSeconds,
        }
      : {},
    formatError: (formatted, error) =>
      formatGatewayError(formatted, error, config.production, logger),
    plugins: requestPlugins(options),
  });
}

function requestPlugins(options: Parameters<typeof buildApolloServer>[0]) {
  const { config, live, caching, trustedManifest, planned } = options;
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    gatewayPluginRequestId(),
    gatewayPluginRequestLog(),
  ];
  if (trustedManifest && config.trustedDocuments.mode !== 'off') {
    plugins.push(
      gatewayPluginTrustedDocuments({
        manifest: trustedManifest,
        mode: config.trustedDocuments.mode,
      }),
    );
  }
  plugins.push(
    // Which operation, and are its inputs sound? Before anything else reads them.
    gatewayPluginOperationResolution(),
    gatewayPluginInputBounds({ limits: options.deps.inputLimits }),
    gatewayPluginLimits({ costInfo: () => live.current.costInfo, ...config.limits }),
    gatewayPluginMetrics({ registry: options.metrics }),
    // Subgraph Cache-Control headers set the policy; clients get none from us (our
    // caches are evicted on change, a browser's would not be).
    ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
  );
  if (caching.shared) {
    plugins.push(
      gatewayPluginResponseCache({
        ...caching.shared,
        replay: async (subgraph, request, requestContext) =>
          (await planned.dataSources.get(subgraph)?.replay(request, requestContext)) ?? null,
      }),
    );
  }
  // Operators' plugins run after the built-ins: they see authenticated, bounded requests.
  for (const plugin of options.plugins) if (plugin.apollo) plugins.push(plugin.apollo);
  plugins.push(ApolloServerPluginUsageReportingDisabled());
  // Apollo's landing page loads Sandbox from a CDN; browsers get our explorer instead.
  plugins.push(ApolloServerPluginLandingPageDisabled());
  return plugins;
}
