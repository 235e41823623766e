import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { graphqlHttpHandler } from '../../lib/http/graphqlHttpHandler';
import { startHttpServer, type RunningHttpServer } from '../../lib/http/startHttpServer';
import { createLogger } from '../../lib/logger';
import { subgraphEnvName, type GatewayConfig } from './config';
import { SubgraphDataSource } from './datasources/subgraphDataSource';
import { gatewayPluginMetrics } from './plugins/metricsPlugin';
import { checkSubgraphs, type RoutedSubgraph } from './readiness';
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
}

/**
 * Builds the gateway for any Federation 2 supergraph. Nothing here knows about
 * customers: routing, readiness and metrics come from the supergraph and config.
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
  const urlByName = new Map(subgraphs.map((s) => [s.name, s.url]));
  const metrics = new Registry();

  return {
    subgraphs,
    metrics,
    async listen() {
      collectDefaultMetrics({ register: metrics });
      const gateway = new ApolloGateway({
        supergraphSdl,
        buildService: ({ name, url }) =>
          new SubgraphDataSource(name, urlByName.get(name) ?? url ?? '', logger),
        logger,
      });
      const apollo = new ApolloServer({
        // Shutdown is ours (onShutdownSignal): drain HTTP first, then stop Apollo.
        stopOnTerminationSignals: false,
        gateway,
        introspection: config.introspection,
        includeStacktraceInErrorResponses: !config.production,
        plugins: [
          gatewayPluginMetrics({ registry: metrics }),
          ApolloServerPluginUsageReportingDisabled(),
          ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
        ],
      });
      await apollo.start();
      let http: RunningHttpServer;
      try {
        http = await startHttpServer({
          port: config.port,
          host: config.host,
          logger,
          routes: {
            '/graphql': graphqlHttpHandler({ server: apollo, context: async () => ({}) }),
          },
          readiness: () => checkSubgraphs(subgraphs, config.readyTimeoutMs),
          metrics: { contentType: metrics.contentType, render: () => metrics.metrics() },
        });
      } catch (error) {
        await apollo.stop();
        throw error;
      }
      logger.info({ url: http.url, subgraphs }, 'gateway listening');
      return {
        url: http.url,
        port: http.port,
        async stop() {
          await http.close();
          await apollo.stop();
        },
      };
    },
  };
}
