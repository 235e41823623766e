import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';

/** Sends one (possibly merged) entity fetch to the subgraph. */
export type SendEntityFetch<TContext extends Record<string, unknown>> = (
  options: GraphQLDataSourceProcessOptions<TContext>,
) => Promise<GatewayGraphQLResponse>;

/** Options for {@link EntityBatcher}. */
export interface EntityBatcherOptions {
  /**
   * How long the first fetch of a batch waits for others, ms, while calls of this data
   * source are in flight (others are likely to follow). With none in flight, and with
   * 0, a batch waits only until the event loop has handled what is already due
   * (responses that arrived together): a lone request is never held up.
   */
  windowMs: number;
  /** A batch is sent as soon as it holds this many representations. */
  maxRepresentations: number;
  /** Called with the number of incoming fetches each sent batch served. */
  onBatch?(fetches: number, representations: number): void;
}

interface Waiter<TContext extends Record<string, unknown>> {
  options: GraphQLDataSourceProcessOptions<TContext>;
  representations: unknown[];
  resolve(response: GatewayGraphQLResponse): void;
  reject(error: unknown): void;
}

interface Batch<TContext extends Record<string, unknown>> {
  waiters: Waiter<TContext>[];
  representations: number;
  send: SendEntityFetch<TContext>;
}

/**
 * Merges `_entities` fetches that concurrent requests make to one subgraph into one call:
 * same operation, same other variables, same caller (the `key` says so — the data
 * source builds it from the operation, the variables and every header that is not
 * per-request, the caller's identity among them). Each request gets back exactly its
 * own entities, the errors whose path points into its share (re-indexed) plus those
 * without one, and the answer's extensions and headers. The subgraph sees one request,
 * resolves every representation with the same loaders in one pass (one SQL statement per
 * loader instead of one per request), and the gateway one connection round trip.
 */
export class EntityBatcher<TContext extends Record<string, unknown>> {
  private readonly open = new Map<string, Batch<TContext>>();
  /** Calls sent and not yet answered. */
  private inFlight = 0;

  constructor(private readonly options: EntityBatcherOptions) {}

  /** Sends `options` (an entity fetch with `representations`) in a batch under `key`. */
  fetch(
    key: string,
    options: GraphQLDataSourceProcessOptions<TContext>,
    send: SendEntityFetch<TContext>,
  ): Promise<GatewayGraphQLResponse> {
    const representations = options.request.variables?.['representations'] as unknown[];
    return new Promise((resolve, reject) => {
      let batch = this.open.get(key);
      if (!batch) {
        batch = { waiters: [], representations: 0, send };
        this.open.set(key, batch);
        this.schedule(key, batch);
      }
      batch.waiters.push({ options, representations, resolve, reject });
      batch.representations += representations.length;
      if (batch.representations >= this.options.maxRepresentations) this.flush(key, batch);
    });
  }

  private schedule(key: string, batch: Batch<TContext>): void {
    const flush = () => this.flush(key, batch);
    if (this.options.windowMs > 0 && this.inFlight > 0) setTimeout(flush, this.options.windowMs);
    else setImmediate(flush);
  }

  private flush(key: string, batch: Batch<TContext>): void {
    if (this.open.get(key) !== batch) return;
    this.open.delete(key);
    void this.send(batch);
  }

  private async send(batch: Batch<TContext>): Promise<void> {
    const { waiters } = batch;
    const [lead] = waiters;
    if (!lead) return;
    this.options.onBatch?.(waiters.length, batch.representations);
    this.inFlight++;
    try {
      await this.sendTo(lead, batch);
    } finally {
      this.inFlight--;
    }
  }

  /** Sends the batch's one call as `lead`'s, and hands each waiter its share. */
  private async sendTo(lead: Waiter<TContext>, batch: Batch<TContext>): Promise<void> {
    const { waiters } = batch;
    if (waiters.length === 1) {
      try {
        lead.resolve(await batch.send(lead.options));
      } catch (error) {
        lead.reject(error);
      }
      return;
    }
    let response: GatewayGraphQLResponse;
    try {
      response = await batch.send({
        ...lead.options,
        request: {
          ...lead.options.request,
          variables: {
            ...lead.options.request.variables,
            representations: waiters.flatMap((w) => w.representations),
          },
        },
      });
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    const entities: unknown = response.data?.['_entities'];
    let offset = 0;
    for (const waiter of waiters) {
      const count = waiter.representations.length;
      waiter.resolve(share(response, entities, offset, count));
      offset += count;
    }
  }
}

/** One request's share of a merged answer: entities `offset … offset + count - 1`. */
function share(
  response: GatewayGraphQLResponse,
  entities: unknown,
  offset: number,
  count: number,
): GatewayGraphQLResponse {
  const errors = response.errors?.flatMap((error) => errorFor(error, offset, count));
  const { data } = response;
  return {
    ...response,
    data:
      data === null || data === undefined
        ? data
        : {
            ...data,
            _entities: Array.isArray(entities) ? entities.slice(offset, offset + count) : entities,
          },
    errors: errors && errors.length > 0 ? errors : undefined,
  };
}

/**
 * The error as this share sees it: re-indexed when its path is inside the share, dropped
 * when it is inside another's, kept as is when it has no entity index (the whole call).
 */
function errorFor(
  error: GraphQLFormattedError,
  offset: number,
  count: number,
): GraphQLFormattedError[] {
  const { path } = error;
  if (path?.[0] !== '_entities' || typeof path[1] !== 'number') return [error];
  const index = path[1] - offset;
  if (index < 0 || index >= count) return [];
  return [{ ...error, path: ['_entities', index, ...path.slice(2)] }];
}
