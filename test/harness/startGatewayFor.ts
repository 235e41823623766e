import { createLogger } from '../../lib/logger';
import { loadGatewayConfig } from '../../gateway/src/config';
import {
  createGatewayServer,
  type GatewayDependencies,
  type RunningGateway,
} from '../../gateway/src/server';
import { SUPERGRAPH_FILE, TEST_AGENT, type TestStack } from './startTestStack';
import type { GraphQLResponse } from './startTestSubgraphs';
import { TEST_DEADLINES } from './testDeadlines';

/** A second gateway over a test stack's subgraphs, with its own config and routing. */
export interface ExtraGateway {
  gateway: RunningGateway;
  /** Sends an operation as {@link TEST_AGENT}; returns the status, headers and body. */
  post<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: GraphQLResponse<TData> }>;
  /** The gateway's `/metrics` text. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts another real gateway (`createGatewayServer`, as startTestStack does) over
 * `stack`'s subgraphs, with extra env-style config and routing overrides by subgraph
 * name (e.g. `{ orders: proxy.url }`) — for tests that put a proxy in front of one.
 */
export async function startGatewayFor(
  stack: TestStack,
  options: {
    env?: Record<string, string>;
    subgraphUrls?: Record<string, string>;
    /** The `@policy` evaluators, e.g. schema/policies' `policies`; default none (denied). */
    policies?: GatewayDependencies['policies'];
  } = {},
): Promise<ExtraGateway> {
  const config = loadGatewayConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SUPERGRAPH_FILE,
    LOG_LEVEL: 'silent',
    ...TEST_DEADLINES,
    JWT_SECRET: stack.jwtSecret,
    SUBGRAPH_HMAC_SECRET: stack.secret,
    // EXECUTOR=apollo npm run jest -- ... compares a suite on Apollo's executor.
    ...(process.env.EXECUTOR ? { EXECUTOR: process.env.EXECUTOR } : {}),
    ...options.env,
  });
  const gateway = await createGatewayServer(config, {
    ...(options.policies ? { policies: options.policies } : {}),
    logger: createLogger({ name: 'test-gateway', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    // Domain events evict this gateway's caches as they do the stack's own gateway's.
    eventBus: stack.bus,
    subgraphUrls: {
      ...Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.graphqlUrl])),
      ...options.subgraphUrls,
    },
  }).listen();
  const token = await stack.tokenFor(TEST_AGENT);
  return {
    gateway,
    async post(query, variables, headers = {}) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as GraphQLResponse<never>,
      };
    },
    metrics: async () => (await fetch(`${gateway.url}/metrics`)).text(),
    stop: () => gateway.stop(),
  };
}

/**
 * The value of one Prometheus sample in `text`, e.g.
 * `metricValue(text, 'gateway_circuit_state', { subgraph: 'orders' })`; undefined when
 * no sample has exactly those labels (order-insensitive).
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '')
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter(Boolean)
      .sort();
    if (have.length === wanted.length && have.every((l, i) => l === wanted[i])) {
      return Number(match[3]);
    }
  }
  return undefined;
}
