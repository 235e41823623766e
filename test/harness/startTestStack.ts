import { join } from 'node:path';
import { createLogger } from '../../lib/logger';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer, type RunningGateway } from '../../gateway/src/server';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { startTestSubgraphs, type GraphQLResponse, type TestSubgraphs } from './startTestSubgraphs';
import type { Engine } from './testDatabase';

/** The committed supergraph, checked against the subgraph SDLs by `compose --check`. */
export const SUPERGRAPH_FILE = join(__dirname, '..', '..', 'schema', 'supergraph.graphql');

/** Every subgraph plus the gateway, on free ports, over one fresh database. */
export interface TestStack extends TestSubgraphs {
  gateway: RunningGateway;
  /** Sends an operation to the gateway over HTTP, as a client would. */
  gatewayQuery<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
}

/** Starts the whole system the way `npm start` does, isolated for one test file. */
export async function startTestStack(
  options: { engine?: Engine; seedCustomers?: number; redisUrl?: string } = {},
): Promise<TestStack> {
  const subgraphs = await startTestSubgraphs(SUBGRAPHS, options);
  let gateway: RunningGateway;
  try {
    const config = loadGatewayConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SUPERGRAPH_FILE,
      LOG_LEVEL: 'silent',
    });
    gateway = await createGatewayServer(config, {
      logger: createLogger({ name: 'test-gateway', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      subgraphUrls: Object.fromEntries(
        Object.values(subgraphs.subgraphs).map((s) => [s.name, s.graphqlUrl]),
      ),
    }).listen();
  } catch (error) {
    await subgraphs.stop();
    throw error;
  }
  return {
    ...subgraphs,
    gateway,
    async gatewayQuery(query, variables, headers = {}) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async stop() {
      await gateway.stop();
      await subgraphs.stop();
    },
  };
}
