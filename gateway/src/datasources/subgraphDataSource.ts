import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type {
  GatewayGraphQLRequest,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import {
  fetchEntitiesThroughCache,
  isEntitiesFetch,
  type EntityCacheOptions,
} from '../caching/entityCache';
import { cacheStateOf, readAtOf, tagsFrom } from '../caching/requestCacheState';
import { createResilientFetcher } from '../resilience/resilientFetcher';
import { createSubgraphAgent } from '../resilience/subgraphAgent';
import {
  resolveSubgraphCallOptions,
  type SubgraphCallOptionsInput,
} from '../resilience/subgraphCallOptions';
import type { SubgraphMetrics } from '../resilience/subgraphMetrics';
import { SubgraphUnavailableError } from '../resilience/subgraphUnavailableError';

/** Per-request context as data sources see it: whatever the gateway's context function built. */
export type SubgraphContext = Record<string, unknown>;

/**
 * Extra headers for one subgraph request (signed claims, request id, traceparent,
 * allow-listed client headers). `context` is undefined for health checks.
 */
export type SubgraphHeadersHook<TContext extends SubgraphContext = SubgraphContext> = (
  context: TContext | undefined,
  request: GatewayGraphQLRequest,
  subgraph: string,
) => Readonly<Record<string, string>>;

/** Options for {@link SubgraphDataSource}; every field is optional. */
export interface SubgraphDataSourceOptions<TContext extends SubgraphContext = SubgraphContext> {
  /** Timeout, retries, breaker, dedupe, pool size. Defaults: see `SubgraphCallOptions`. */
  call?: SubgraphCallOptionsInput;
  /** Shared keep-alive pool. Default: a pool of its own with `call.maxConnections`. */
  dispatcher?: Dispatcher;
  /** Subgraph metrics (`createSubgraphMetrics(registry)`). Default: none recorded. */
  metrics?: SubgraphMetrics;
  /** Extra headers per request. Default: none. */
  headers?: SubgraphHeadersHook<TContext>;
  /** When the gateway last learnt of a change (see `ResilientFetcherOptions.lastChangeAt`). */
  lastChangeAt?: () => number;
  /** Caching: the entity cache and what to do with tags a mutation invalidated. Default: none. */
  cache?: SubgraphCacheHooks;
}

/** How a data source takes part in the gateway's caches. */
export interface SubgraphCacheHooks {
  /** The entity cache for `_entities` fetches of queries; null = off. */
  entities: EntityCacheOptions | null;
  /**
   * Called with the `extensions.invalidatedTags` of a subgraph answer (what a mutation
   * changed) before the answer goes on, so the caller's next read is fresh everywhere.
   */
  invalidated(tags: readonly string[]): Promise<void>;
}

/**
 * How the gateway calls one subgraph: through a keep-alive pool, with a deadline,
 * retries for queries, a circuit breaker and in-flight dedupe. A subgraph that cannot
 * answer becomes a `SUBGRAPH_UNAVAILABLE` error naming the subgraph and the reason
 * (never its internal URL); the fields other subgraphs own still arrive.
 */
export class SubgraphDataSource<
  TContext extends SubgraphContext = SubgraphContext,
> extends RemoteGraphQLDataSource<TContext> {
  private readonly headersHook: SubgraphHeadersHook<TContext> | undefined;
  private readonly cache: SubgraphCacheHooks | undefined;

  constructor(
    readonly subgraphName: string,
    url: string,
    private readonly logger: Logger,
    options: SubgraphDataSourceOptions<TContext> = {},
  ) {
    super({ url });
    const call = resolveSubgraphCallOptions(options.call);
    this.headersHook = options.headers;
    this.cache = options.cache;
    this.fetcher = createResilientFetcher({
      subgraph: subgraphName,
      call,
      dispatcher:
        options.dispatcher ?? createSubgraphAgent({ maxConnections: call.maxConnections }),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.lastChangeAt ? { lastChangeAt: options.lastChangeAt } : {}),
    });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<TContext>): void {
    const { request } = options;
    if (!this.headersHook || !request.http) return;
    // Health checks and schema loads carry no request context.
    const context = 'incomingRequestContext' in options ? options.context : undefined;
    const extra = this.headersHook(context, request, this.subgraphName);
    for (const [name, value] of Object.entries(extra)) request.http.headers.set(name, value);
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<TContext>,
  ): Promise<GatewayGraphQLResponse> {
    try {
      if (!this.cache || !('incomingRequestContext' in options))
        return await super.process(options);
      const { entities } = this.cache;
      const isMutation =
        options.incomingRequestContext.operation?.operation === OperationTypeNode.MUTATION;
      if (entities && !isMutation && isEntitiesFetch(options as never)) {
        return await fetchEntitiesThroughCache(options, this.subgraphName, entities, (reduced) =>
          super.process(reduced),
        );
      }
      const response = await super.process(options);
      const state = cacheStateOf(options.context);
      if (state) state.readAt = readAtOf(response.http?.headers, state.readAt);
      for (const tag of tagsFrom(response.extensions, 'cacheTags')) state?.tags.add(tag);
      const changed = tagsFrom(response.extensions, 'invalidatedTags');
      if (changed.length > 0) await this.cache.invalidated(changed);
      return response;
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      const failure =
        error instanceof SubgraphUnavailableError
          ? error
          : new SubgraphUnavailableError(this.subgraphName, 'network error', { cause: error });
      const requestLogger =
        'incomingRequestContext' in options ? loggerOf(options.context) : undefined;
      (requestLogger ?? this.logger).warn(
        { err: error, subgraph: this.subgraphName, reason: failure.reason },
        'subgraph unavailable',
      );
      throw failure.toGraphQLError();
    }
  }
}

/** The per-request logger a context carries (it is bound to the request id), if any. */
function loggerOf(context: unknown): Logger | undefined {
  const candidate = (context as { logger?: unknown } | undefined)?.logger;
  return candidate && typeof (candidate as Logger).warn === 'function'
    ? (candidate as Logger)
    : undefined;
}
