import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { BaseContext, GraphQLRequestContext } from '@apollo/server';
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
} from '../cache/entityCache';
import { cacheHintOf, type CacheHint } from '../cache/cacheControlHeader';
import {
  answerDigest,
  isNotModified,
  withHeader,
  cacheStateOf,
  noteAnswerScope,
  readAtOf,
  replayKey,
  tagsFrom,
} from '../cache/requestCacheState';
import { WANT_RECEIPT_HEADER } from '../../../lib/answerScope';
import { WANT_VALIDATOR_HEADER } from '../../../lib/readValidators';
import {
  answerShapingHeaders,
  createResilientFetcher,
  type ResilientFetcherOptions,
} from '../resilience/resilientFetcher';
import { BufferedHeaders } from '../resilience/bufferedHeaders';
import { EntityBatcher } from './entityBatcher';
import { subgraphClientError } from './subgraphClientError';
import { createSubgraphAgent } from '../resilience/subgraphAgent';
import {
  resolveSubgraphCallOptions,
  type SubgraphCallOptionsInput,
} from '../resilience/subgraphCallOptions';
import type { SubgraphMetrics } from '../resilience/subgraphMetrics';
import { SubgraphUnavailableError } from '../resilience/subgraphUnavailableError';
import {
  isMutationFetch,
  mayHaveBeenApplied,
  outcomeUnknownError,
} from '../resilience/outcomeUnknown';
import { unavailableAnswer } from '../resilience/unavailableAnswer';
import { OPERATION_KIND_HEADER } from '../resilience/operationKind';

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
  /**
   * Headers for each HTTP attempt from the URL and the request as sent, body included
   * (signed claims bound to that one call; see `signedCallHeaders`). Default: none.
   */
  signAttempt?: ResilientFetcherOptions['signAttempt'];
  /** When the gateway last learnt of a change (see `ResilientFetcherOptions.lastChangeAt`). */
  lastChangeAt?: () => number;
  /** Caching: the entity cache and what to do with tags a mutation invalidated. Default: none. */
  cache?: SubgraphCacheHooks;
  /** Called with how many incoming fetches, and representations, each batched call carried. */
  onBatch?: (subgraph: string, fetches: number, representations: number) => void;
}

/** How a data source takes part in the gateway's caches. */
export interface SubgraphCacheHooks {
  /** The entity cache for `_entities` fetches of queries; null = off. */
  entities: EntityCacheOptions | null;
  /**
   * Whether the response cache runs: only then are uncacheable root-field answers
   * recorded for replay (a digest of each) and validators asked for. Default false.
   */
  replays?: boolean;
  /** Whether recorded fetches ask for a validator (conditional re-reads). Default true. */
  validators?: boolean;
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
  private readonly batcher: EntityBatcher<TContext> | null;
  /** Headers built for a request before it is sent (an entity fetch's batch key). */
  private readonly builtHeaders = new WeakMap<GatewayGraphQLRequest, Record<string, string>>();

  constructor(
    readonly subgraphName: string,
    url: string,
    private readonly logger: Logger,
    options: SubgraphDataSourceOptions<TContext> = {},
  ) {
    super({ url });
    // The policy is narrowed here, per request of a batch and with replays (restrictPolicy).
    this.honorSubgraphCacheControlHeader = false;
    const call = resolveSubgraphCallOptions(options.call);
    this.headersHook = options.headers;
    this.cache = options.cache;
    const onBatch = options.onBatch?.bind(options);
    this.batcher = call.batch
      ? new EntityBatcher<TContext>({
          ...call.batch,
          ...(onBatch ? { onBatch: (f, r) => onBatch(subgraphName, f, r) } : {}),
        })
      : null;
    this.fetcher = createResilientFetcher({
      subgraph: subgraphName,
      call,
      dispatcher:
        options.dispatcher ?? createSubgraphAgent({ maxConnections: call.maxConnections }),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.lastChangeAt ? { lastChangeAt: options.lastChangeAt } : {}),
      ...(options.signAttempt ? { signAttempt: options.signAttempt } : {}),
    });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<TContext>): void {
    const { request } = options;
    if (!request.http) return;
    if (this.headersHook) {
      // Health checks and schema loads carry no request context.
      const context = 'incomingRequestContext' in options ? options.context : undefined;
      // An entity fetch built them already for its batch key: once per fetch.
      const extra =
        this.builtHeaders.get(request) ?? this.headersHook(context, request, this.subgraphName);
      for (const [name, value] of Object.entries(extra)) request.http.headers.set(name, value);
    }
    // Last, so no forwarded header can claim another kind. The fetcher learns the kind
    // from here (retries, sharing) rather than parsing the body again: every fetch of
    // an incoming query is a query. A mutation's fetches are left to the fetcher to tell.
    const incoming =
      'incomingRequestContext' in options ? options.incomingRequestContext.operation : undefined;
    if (incoming?.operation === OperationTypeNode.QUERY) {
      request.http.headers.set(OPERATION_KIND_HEADER, OperationTypeNode.QUERY);
    } else {
      request.http.headers.delete(OPERATION_KIND_HEADER);
    }
  }

  /** A non-2xx answer as the client may see it (see {@link subgraphClientError}). */
  override async errorFromResponse(
    response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0],
  ): Promise<GraphQLError> {
    const body: unknown = await this.parseBody(response).catch(() => null);
    return subgraphClientError(this.subgraphName, response.status, body);
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<TContext>,
  ): Promise<GatewayGraphQLResponse> {
    try {
      if (!('incomingRequestContext' in options)) return await super.process(options);
      const isMutation =
        options.incomingRequestContext.operation?.operation === OperationTypeNode.MUTATION;
      // Entity fetches of queries go through the entity cache and the cross-request batch.
      const batchable = !isMutation && isEntitiesFetch(options as never);
      if (!this.cache) {
        return await (batchable ? this.sendEntities(options) : this.sendOperation(options, false));
      }
      const { entities } = this.cache;
      // A query's answer the response cache may store: ask subgraphs that record their
      // readers for a receipt, to send back whenever a copy is served (answerScope.ts).
      if (this.cache.replays && !isMutation) withHeader(options.request, WANT_RECEIPT_HEADER, '1');
      if (entities && batchable) {
        return await fetchEntitiesThroughCache(options, this.subgraphName, entities, (reduced) =>
          this.sendEntities(reduced),
        );
      }
      const response = await (batchable
        ? this.sendEntities(options)
        : this.sendOperation(options, !isMutation));
      const state = cacheStateOf(options.context);
      if (state) state.readAt = readAtOf(response.http?.headers, state.readAt);
      noteAnswerScope(state, this.subgraphName, response.http?.headers);
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
      // Answered, not thrown: the error then lands at each path this fetch would have filled.
      if (!('incomingRequestContext' in options)) throw failure.toGraphQLError();
      // A write that was sent and not answered may have happened: say so, never "unavailable".
      const unknown =
        isMutationFetch(options.document, options.request.query) && mayHaveBeenApplied(failure);
      return unavailableAnswer(
        unknown
          ? outcomeUnknownError(failure, options.document, options.request.variables)
          : failure.toGraphQLError(),
        { document: options.document, query: options.request.query },
        options.request.variables,
      );
    }
  }

  /**
   * Sends a recorded root-field query fetch again for `requestContext` (see
   * `ReplayableFetch`), exactly as the plan's execution would: same headers, policy and
   * cache bookkeeping.
   */
  replay(
    request: GatewayGraphQLRequest,
    requestContext: GraphQLRequestContext<BaseContext>,
  ): Promise<GatewayGraphQLResponse> {
    return this.process({
      // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported).
      kind: 'incoming operation',
      request,
      incomingRequestContext: requestContext,
      context: requestContext.contextValue as TContext,
      pathInIncomingRequest: [],
    } as unknown as GraphQLDataSourceProcessOptions<TContext>);
  }

  /**
   * A root-field fetch (or a mutation's). An answer that allows caching narrows the
   * request's cache policy like any other; one that does not, for a query that may be
   * replayed (`replayable`) and answered without errors, is recorded in the request's
   * cache state instead (see `ReplayableFetch`). An answer the response cache already
   * fetched for this very request is taken instead of calling again.
   */
  private async sendOperation(
    options: GraphQLDataSourceProcessOptions<TContext>,
    replayable: boolean,
  ): Promise<GatewayGraphQLResponse> {
    const state =
      replayable && this.cache?.replays && 'incomingRequestContext' in options
        ? cacheStateOf(options.context)
        : undefined;
    const key = state ? replayKey(this.subgraphName, options.request) : '';
    const prefetched = state?.replayed?.get(key);
    if (prefetched) state?.replayed?.delete(key);
    // A root-field query the response cache may store: ask for a validator of it.
    if (state && !prefetched && this.cache?.validators !== false) {
      withHeader(options.request, WANT_VALIDATOR_HEADER, '1');
    }
    const response = prefetched ?? (await this.send(options));
    // Only a conditional replay gets one; the response cache reads it (revalidate).
    if (isNotModified(response)) {
      if (!options.request.http?.headers.get('if-none-match')) {
        // A 304 to a request that was not conditional: not an answer.
        throw new SubgraphUnavailableError(this.subgraphName, 'HTTP 304');
      }
      return response;
    }
    const hint = cacheHintOf(response.http?.headers.get('cache-control'));
    if (state && hint.maxAge === 0 && !response.errors?.length && response.data) {
      const { query = '', operationName = null, variables = {} } = options.request;
      const etag = response.http?.headers.get('etag');
      state.replays.push({
        subgraph: this.subgraphName,
        query,
        operationName,
        variables,
        digest: answerDigest(response),
        ...(etag ? { etag } : {}),
      });
    } else {
      restrictPolicy(options, hint);
    }
    return response;
  }

  /**
   * One call, as `RemoteGraphQLDataSource.process` makes it (headers, `willSendRequest`,
   * the body with `query` first, the fetcher, a non-2xx as `errorFromResponse`, the body
   * parsed) without the node-fetch `Headers` and `Request` it builds per call for hooks
   * this class does not have. With APQ or `didReceiveResponse` set, Apollo's own.
   */
  private async send(
    options: GraphQLDataSourceProcessOptions<TContext>,
  ): Promise<GatewayGraphQLResponse> {
    if (this.apq || this.didReceiveResponse) return super.process(options);
    const { request } = options;
    const headers = new BufferedHeaders(request.http?.headers);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers };
    this.willSendRequest(options);
    if (!request.query) throw new Error('Missing query');
    const { query, http: _http, ...rest } = request;
    const response = await this.fetcher(this.url, {
      method: 'POST',
      headers: Object.fromEntries(headers.map),
      body: JSON.stringify({ query, ...rest }),
    });
    if (!response.ok) throw await this.errorFromResponse(response);
    const body = await this.parseBody(response);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error(`Expected JSON response body, but received: ${String(body)}`);
    }
    return { ...body, http: response };
  }

  /** An entity fetch of a query: batched with other requests' when batching is on. */
  private async sendEntities(
    options: GraphQLDataSourceProcessOptions<TContext>,
  ): Promise<GatewayGraphQLResponse> {
    if (!this.batcher || !('incomingRequestContext' in options)) {
      const response = await this.send(options);
      restrictPolicy(options, cacheHintOf(response.http?.headers.get('cache-control')));
      return response;
    }
    const headers = this.headersHook?.(options.context, options.request, this.subgraphName) ?? {};
    this.builtHeaders.set(options.request, { ...headers });
    const response = await this.batcher.fetch(
      batchKey(options.request, headers),
      options,
      // A merged call's receipt would list every request's reads: none is asked for, so
      // its answers stay with their caller (noteAnswerScope: recorded, no receipt).
      (sent) => this.send(sent.request === options.request ? sent : withoutReceipt(sent)),
    );
    // Every request of a batch is narrowed by the one answer's Cache-Control.
    restrictPolicy(options, cacheHintOf(response.http?.headers.get('cache-control')));
    return response;
  }
}

/**
 * What decides whether two entity fetches may be one call: the operation, its variables
 * other than the representations, and every header that can change the answer (the
 * caller's identity among them; see `answerShapingHeaders`).
 */
function batchKey(
  request: GatewayGraphQLRequest,
  headers: Readonly<Record<string, string>>,
): string {
  const { representations: _ignored, ...variables } = request.variables ?? {};
  return JSON.stringify([
    request.query ?? '',
    request.operationName ?? null,
    variables,
    answerShapingHeaders(headers),
  ]);
}

/** `options` without the request for a receipt (a merged entity call's). */
function withoutReceipt<TContext extends SubgraphContext>(
  options: GraphQLDataSourceProcessOptions<TContext>,
): GraphQLDataSourceProcessOptions<TContext> {
  const headers = new Map<string, string>(options.request.http?.headers ?? []);
  if (!headers.delete(WANT_RECEIPT_HEADER)) return options;
  return {
    ...options,
    request: { ...options.request, http: { ...options.request.http!, headers } as never },
  };
}

/**
 * Narrows the request's overall cache policy (what the response cache may store) by one
 * answer. The data source does this itself for every call, never Apollo
 * (`honorSubgraphCacheControlHeader` is off): a batched call answers many requests, and
 * an uncacheable root-field answer is kept as a replay instead.
 */
function restrictPolicy<TContext extends SubgraphContext>(
  options: GraphQLDataSourceProcessOptions<TContext>,
  hint: CacheHint,
): void {
  if (!('incomingRequestContext' in options)) return;
  const { overallCachePolicy: policy } = options.incomingRequestContext as {
    overallCachePolicy?: { restrict(hint: CacheHint): void };
  };
  policy?.restrict(hint);
}

/** The per-request logger a context carries (it is bound to the request id), if any. */
function loggerOf(context: unknown): Logger | undefined {
  const candidate = (context as { logger?: unknown } | undefined)?.logger;
  return candidate && typeof (candidate as Logger).warn === 'function'
    ? (candidate as Logger)
    : undefined;
}
