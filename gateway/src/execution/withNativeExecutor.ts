import type { GraphQLDataSource } from '@apollo/gateway';
import type { QueryPlanner } from '@apollo/query-planner';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { createNativeExecutor, type NativeExecutor } from './createNativeExecutor';

/** Options for {@link withNativeExecutor}. */
export interface WithNativeExecutorOptions {
  /** The data source of a subgraph by name: the gateway's own (batching, signing, caches). */
  dataSource: (subgraph: string) => GraphQLDataSource | undefined;
  /** Plans kept per supergraph version. Default 1000. */
  maxPlans?: number;
}

/**
 * Wraps a gateway so its query plans run on the native executor. The gateway still loads
 * and hot-reloads the supergraph, builds the data sources and serves the schema; each
 * supergraph version it loads gets a native executor (plan cache) of its own, planning
 * with the planner the gateway built for that version (one planner per version, not two).
 */
export function withNativeExecutor(
  gateway: GatewayInterface,
  options: WithNativeExecutorOptions,
): GatewayInterface {
  let current: NativeExecutor | null = null;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    current = createNativeExecutor({
      supergraphSdl: coreSupergraphSdl,
      dataSource: options.dataSource,
      maxPlans: options.maxPlans,
      // The gateway validated this very SDL before telling us of it.
      validateSupergraph: false,
      planner: plannerOf(gateway),
    });
  });
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(loadOptions) {
      const loaded = await gateway.load(loadOptions);
      return {
        ...loaded,
        executor: (requestContext) => {
          if (!current) throw new Error('the supergraph is not loaded yet');
          return current.executor(requestContext);
        },
      };
    },
  };
}

/**
 * The planner `@apollo/gateway` built for the supergraph it is telling its listeners of:
 * it sets it just before calling them, so within a listener it is this version's. A
 * supergraph and its planner cost about as much to build as the rest of a reload, and
 * with the native executor Apollo's would otherwise sit unused beside ours.
 */
function plannerOf(gateway: GatewayInterface): QueryPlanner | undefined {
  const testing = (gateway as { __testing?: () => { queryPlanner?: QueryPlanner } }).__testing;
  return typeof testing === 'function' ? testing.call(gateway).queryPlanner : undefined;
}
