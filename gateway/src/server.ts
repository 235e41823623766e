import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Claims } from '../../lib/claims';
import { claimsHeaders } from '../../lib/signedClaims';
import { graphqlHttpHandler } from '../../lib/http/graphqlHttpHandler';
import { startHttpServer, type RunningHttpServer } from '../../lib/http/startHttpServer';
import { createLogger } from '../../lib/logger';
import { authenticateRequest } from './auth/authenticateRequest';
import { createAuthenticator } from './auth/createAuthenticator';
import type { Policies } from './authz/requirement';
import { stripSecurityLinks } from './authz/stripSecurityLinks';
import { withAuthorization } from './authz/withAuthorization';
import { subgraphEnvName, type GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { propagateHeaders } from './datasources/propagateHeaders';
import { SubgraphDataSource } from './datasources/subgraphDataSource';
import { formatGatewayError } from './formatGatewayError';
import { readCostDirectives } from './limits/readCostDirectives';
import { activeTraceparent, withIncomingTraceContext } from './observability/tracing';
import { loadTrustedDocumentManifest } from './limits/trustedDocumentManifest';
import { gatewayPluginLimits } from './plugins/limitsPlugin';
import { gatewayPluginMetrics } from './plugins/metricsPlugin';
import { gatewayPluginRequestId, traceparentFrom } from './plugins/requestIdPlugin';
import { gatewayPluginRequestLog } from './plugins/requestLogPlugin';
import { gatewayPluginTrustedDocuments } from './plugins/trustedDocumentsPlugin';
import { checkSubgraphs, type RoutedSubgraph } from './readiness';
import { createSubgraphAgent } from './resilience/subgraphAgent';
import { createSubgraphMetrics } from './resilience/subgraphMetrics';
import { supergraphSubgraphs } from './supergraphInfo';

/** A gateway ready to listen. */
export interface GatewayServer {
  /** The subgraphs it routes to, with the URLs actually used. */
  readonly subgraphs: readonly RoutedSubgraph[];
  readonly metrics: Registry;
  /** Loads the supergraph and starts listening on `config.port`. */
  listen(): Promise<RunningGateway>;
}

/** A listening gateway. */
export interface RunningGateway {
  /** Base URL, e.g. `http://127.0.0.1:4000`; GraphQL is at `${url}/graphql`. */
  url: string;
  port: number;
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
}

/**
 * Builds the gateway for any Federation 2 supergraph. Nothing here knows about
 * customers: routing, readiness, authentication, authorization from the schema's
 * directives, limits and resilience all come from the supergraph and config.
 * No side effects until `listen()`.
 */
export function createGatewayServer(
  config: GatewayConfig,
  deps: GatewayDependencies = {},
): GatewayServer {
  const logger = deps.logger ?? createLogger({ name: 'gateway', level: config.logLevel });
  const supergraphSdl = readFileSync(config.supergraph.path, 'utf8');
  const subgraphs = supergraphSubgraphs(supergraphSdl).map(({ name, url }) => ({
    name,
    url: deps.subgraphUrls?.[name] ?? config.subgraphUrls[subgraphEnvName(name)] ?? url,
  }));
  const metrics = new Registry();
  return {
    subgraphs,
    metrics,
    listen: () => listen(config, { ...deps, logger }, supergraphSdl, subgraphs, metrics),
  };
}

async function listen(
  config: GatewayConfig,
  deps: GatewayDependencies & { logger: Logger },
  supergraphSdl: string,
  subgraphs: readonly RoutedSubgraph[],
  metrics: Registry,
): Promise<RunningGateway> {
  const { logger } = deps;
  collectDefaultMetrics({ register: metrics });
  const agent = createSubgraphAgent({ maxConnections: config.subgraphCalls.maxConnections });
  const subgraphMetrics = createSubgraphMetrics(metrics);
  const urlByName = new Map(subgraphs.map((s) => [s.name, s.url]));
  const gateway = new ApolloGateway({
    supergraphSdl: stripSecurityLinks(supergraphSdl),
    logger,
    buildService: ({ name, url }) =>
      new SubgraphDataSource<GatewayContext>(name, urlByName.get(name) ?? url ?? '', logger, {
        call: config.subgraphCalls,
        dispatcher: agent,
        metrics: subgraphMetrics,
        headers: (context) => subgraphHeaders(config, name, context),
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: withAuthorization(gateway, { supergraphSdl, policies: deps.policies ?? {} }),
    // Shutdown is ours (onShutdownSignal): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: config.maxBatchedOperations > 1,
    formatError: (formatted, error) =>
      formatGatewayError(formatted, error, config.production, logger),
    plugins: [
      gatewayPluginRequestId(),
      gatewayPluginRequestLog(),
      ...trustedDocumentsPlugins(config),
      gatewayPluginLimits({ costInfo: readCostDirectives(supergraphSdl), ...config.limits }),
      gatewayPluginMetrics({ registry: metrics }),
      ApolloServerPluginUsageReportingDisabled(),
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();
  const authenticate = createAuthenticator(config.auth);
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
  let http: RunningHttpServer;
  try {
    http = await startHttpServer({
      port: config.port,
      host: config.host,
      logger,
      routes: {
        '/graphql': async (req, res, url) => {
          const context = await authenticateRequest(req, res, authenticate, logger);
          if (!context) return;
          contexts.set(req, { ...context, traceparent: traceparentFrom(req.headers) });
          await withIncomingTraceContext(req.headers, () => graphql(req, res, url));
        },
      },
      readiness: () => checkSubgraphs(subgraphs, config.readyTimeoutMs),
      metrics: { contentType: metrics.contentType, render: () => metrics.metrics() },
    });
  } catch (error) {
    await apollo.stop();
    await agent.close();
    throw error;
  }
  logger.info({ url: http.url, subgraphs }, 'gateway listening');
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.close();
      await apollo.stop();
      await agent.close();
    },
  };
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
    ...claimsHeaders(context.claims, config.subgraphHmacSecret),
    // Stable per caller identity, so identical in-flight queries of one caller share a fetch.
    'x-cc-caller': callerKey(context.claims),
    'x-request-id': context.requestId,
    traceparent: activeTraceparent() ?? context.traceparent,
  };
}

/** A short, stable digest of who the caller is (never the token itself). */
function callerKey(claims: Claims | null): string {
  if (!claims) return 'anonymous';
  const identity = JSON.stringify([
    claims.sub,
    claims.role,
    claims.team ?? null,
    [...claims.scopes].sort(),
  ]);
  return createHash('sha256').update(identity).digest('base64url').slice(0, 22);
}

function trustedDocumentsPlugins(config: GatewayConfig) {
  const { mode, manifestPath } = config.trustedDocuments;
  if (mode === 'off') return [];
  return [
    gatewayPluginTrustedDocuments({ manifest: loadTrustedDocumentManifest(manifestPath), mode }),
  ];
}
