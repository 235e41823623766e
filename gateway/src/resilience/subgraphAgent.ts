import { Agent } from 'undici';

/** Options for {@link createSubgraphAgent}. */
export interface SubgraphAgentOptions {
  /** Keep-alive connections per subgraph origin. Default 64. */
  maxConnections?: number;
  /** How long an idle pooled connection stays open when the subgraph sends no hint, ms. Default 10000. */
  keepAliveTimeoutMs?: number;
}

/**
 * The keep-alive connection pool for subgraph calls: one undici `Agent` shared by every
 * subgraph data source (it keeps a pool per origin). Close it when the gateway stops.
 */
export function createSubgraphAgent(options: SubgraphAgentOptions = {}): Agent {
  return new Agent({
    connections: options.maxConnections ?? 64,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
  });
}
