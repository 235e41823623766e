import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { graphqlHttpHandler } from '../../../lib/http/graphqlHttpHandler';
import type { Readiness, RouteHandler } from '../../../lib/http/startHttpServer';
import { REQUEST_ID_HEADER } from '../../../lib/requestId';
import { authenticateRequest } from '../auth/authenticateRequest';
import type { createAuthenticator } from '../auth/createAuthenticator';
import { newRequestCacheState } from '../cache/requestCacheState';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { admissionControl } from '../limits/admission';
import type { LiveSupergraph } from '../liveSupergraph';
import { withIncomingTraceContext } from '../observability/tracing';
import { traceparentFrom } from '../plugins/requestIdPlugin';
import type { DevTokenOptions } from '../pages/devTokenRoute';
import { gatewayPages } from '../pages/gatewayPages';
import { checkSubgraphs } from '../readiness';
import { inboundDedupe } from '../request/inboundDedupe';
import type { SubscriptionServer } from '../subscriptions';
import type { PlannedGateway } from './buildApolloGateway';
import type { Caching } from './startCaching';

/**
 * The HTTP routes: `/graphql` (admission → authentication → Apollo, under the request's
 * deadline) and `/graphql/stream` (SSE) when subscriptions are on.
 */
export function gatewayRoutes(options: {
  config: GatewayConfig;
  apollo: ApolloServer<GatewayContext>;
  authenticate: ReturnType<typeof createAuthenticator>;
  subscriptions: SubscriptionServer | null;
  caching: Caching;
  devTokens?: DevTokenOptions;
  logger: Logger;
  metrics: Registry;
}): Record<string, RouteHandler> {
  const { config, authenticate, logger } = options;
  const admit = admissionControl({ ...config.admission, registry: options.metrics, logger });
  const contexts = new WeakMap<IncomingMessage, GatewayContext>();
  const { invalidation } = options.caching;
  const cachingOn = options.caching.shared !== null;
  const dedupe = config.inboundDedupe
    ? inboundDedupe({
        answerShapingHeaders: [
          ...config.propagateHeaders,
          ...Object.values(config.propagateHeadersBySubgraph).flat(),
        ],
        registry: options.metrics,
        lastChangeAt: () => invalidation.lastChangeAt(),
      })
    : null;
  const graphql = graphqlHttpHandler<GatewayContext>({
    server: options.apollo,
    maxBodyBytes: config.limits.maxBodyBytes,
    maxBatchedOperations: config.maxBatchedOperations,
    ...(dedupe
      ? {
          dedupe: {
            keyOf: (req, body, raw) => {
              const context = contexts.get(req);
              if (!context) return null;
              const { method = 'GET', headers } = req;
              return dedupe.keyOf({ method, headers, body, raw, claims: context.claims });
            },
            share: (key, execute) => dedupe.share(key, execute),
            ownHeaders: (req): Record<string, string> => {
              const requestId = contexts.get(req)?.requestId;
              return requestId ? { [REQUEST_ID_HEADER]: requestId } : {};
            },
          },
        }
      : {}),
    context: async (req) => {
      const context = contexts.get(req);
      if (!context) throw new Error('request reached GraphQL without authentication');
      return context;
    },
  });
  const pages = gatewayPages(config, options.devTokens);
  return {
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
          // CACHE=off: no tags, read times or replays are gathered for nothing.
          ...(cachingOn ? { cache: newRequestCacheState() } : {}),
        });
        await withIncomingTraceContext(req.headers, () => graphql(req, res, url));
      } finally {
        endTurn();
      }
    },
    ...(options.subscriptions ? { '/graphql/stream': options.subscriptions.sse } : {}),
  };
}

/** `/ready`: the supergraph served, the cache store, and every subgraph answering. */
export function gatewayReadiness(options: {
  config: GatewayConfig;
  live: LiveSupergraph;
  planned: PlannedGateway;
  caching: Caching;
}): () => Promise<Readiness> {
  const { config, live, planned, caching } = options;
  return async () => {
    const version = live.current;
    const routed = version.subgraphs.map(({ name, url }) => ({
      name,
      url: planned.urlFor(name, url),
    }));
    const checks = await checkSubgraphs(routed, config.readyTimeoutMs, config.subgraphHmacSecret);
    return {
      ...checks,
      checks: {
        supergraph: { ok: true, detail: version.hash },
        cache: caching.store.readiness(),
        ...checks.checks,
      },
    };
  };
}
