import type { GraphQLDataSource } from '@apollo/gateway';
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
 * supergraph version it loads gets a native executor (planner and plan cache) of its own.
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
