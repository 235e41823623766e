import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  GatewayGraphQLResponse,
  GatewayGraphQLRequest,
} from '@apollo/server-gateway-interface';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Change } from '../changes/changeFeed';
import type { GatewayContext } from '../context';

/** One subgraph request about to be sent (after planning, before the cache and the wire). */
export interface SubgraphRequestInfo {
  /** The subgraph's name in the supergraph, e.g. `inventory`. */
  subgraph: string;
  /** The request as the planner built it (query, variables); do not change it. */
  request: GatewayGraphQLRequest;
  /** The incoming request's context; undefined for the gateway's own calls. */
  context: GatewayContext | undefined;
}

/** One subgraph response, as the plan will use it. */
export interface SubgraphResponseInfo extends SubgraphRequestInfo {
  response: GatewayGraphQLResponse;
  /** How long the call took, ms (cache hits included). */
  durationMs: number;
}

/**
 * A gateway plugin: Apollo Server's request hooks plus the gateway's own. Every hook is
 * optional; one that throws is logged and never fails the request or the feed. Export
 * one as the default export of a module, or a function returning one (see docs/plugins.md).
 */
export interface GatewayPlugin {
  /** Shown in logs, e.g. `audit-trail`. */
  name: string;
  /** Apollo Server plugin run on every client request. */
  apollo?: ApolloServerPlugin<GatewayContext>;
  /** Before each subgraph request of a query plan. */
  beforeSubgraphRequest?(info: SubgraphRequestInfo): void | Promise<void>;
  /** After each subgraph response, before the plan goes on with it. */
  afterSubgraphResponse?(info: SubgraphResponseInfo): void | Promise<void>;
  /** After a domain event from the change feed evicted its tags on this replica. */
  onDomainEvent?(change: Change): void | Promise<void>;
}

/** The default export of a plugin module: a plugin, or a function that makes one. */
export type GatewayPluginModule = GatewayPlugin | (() => GatewayPlugin | Promise<GatewayPlugin>);

/** A plugin module could not be loaded; start-up stops with this message. */
export class GatewayPluginLoadError extends Error {
  constructor(file: string, reason: string) {
    super(`plugin ${JSON.stringify(file)}: ${reason}`);
    this.name = 'GatewayPluginLoadError';
  }
}

/**
 * Loads the plugin modules the operator named (`--plugin`, `plugins` in the config
 * file), in order. A path is resolved against the working directory; it never comes
 * from a request. Throws {@link GatewayPluginLoadError} naming the file and the reason.
 */
export async function loadGatewayPlugins(files: readonly string[]): Promise<GatewayPlugin[]> {
  const plugins: GatewayPlugin[] = [];
  for (const file of files) {
    let loaded: { default?: unknown };
    try {
      loaded = await importModule(resolve(file));
    } catch (error) {
      throw new GatewayPluginLoadError(
        file,
        error instanceof Error ? error.message : String(error),
      );
    }
    let plugin = loaded.default;
    // A CommonJS build of an ES module nests the default once more.
    if (plugin && typeof plugin === 'object' && 'default' in plugin && !('name' in plugin))
      plugin = plugin.default;
    if (typeof plugin === 'function') plugin = await (plugin as () => unknown)();
    if (!isGatewayPlugin(plugin))
      throw new GatewayPluginLoadError(
        file,
        'the default export is not a gateway plugin (an object with a `name`, or a function returning one)',
      );
    plugins.push(plugin);
  }
  return plugins;
}

function isGatewayPlugin(value: unknown): value is GatewayPlugin {
  if (!value || typeof value !== 'object') return false;
  const plugin = value as Record<string, unknown>;
  const hooks = ['beforeSubgraphRequest', 'afterSubgraphResponse', 'onDomainEvent'];
  return (
    typeof plugin.name === 'string' &&
    plugin.name.length > 0 &&
    hooks.every((hook) => plugin[hook] === undefined || typeof plugin[hook] === 'function') &&
    (plugin.apollo === undefined || typeof plugin.apollo === 'object')
  );
}

/**
 * Loads a module the way the gateway runs: `require` (TypeScript through tsx in
 * development, compiled JavaScript in production), `import()` for an ES module file.
 */
async function importModule(path: string): Promise<{ default?: unknown }> {
  if (path.endsWith('.mjs'))
    return (await import(pathToFileURL(path).href)) as { default?: unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as { default?: unknown };
}
