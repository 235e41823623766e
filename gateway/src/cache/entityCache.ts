import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, OperationTypeNode, parse, type GraphQLFormattedError } from 'graphql';
import type { CallerClaims } from '../../../lib/claims';
import { entityTag } from '../../../lib/cacheTags';
import type { GatewayCache } from './store/gatewayCache';
import { parseCacheControl, type SubgraphCachePolicy } from './cacheControlHeader';
import type { CacheRequestMetrics } from './cacheRequestMetrics';
import { authorizationClass, callerKey } from './callerScope';
import { ANSWER_SCOPE_HEADER, CLASS_SCOPE, READ_RECEIPT_HEADER } from '../../../lib/answerScope';
import { cacheStateOf, noteAnswerScope, readAtOf, tagsFrom } from './requestCacheState';
import { sha256Key, stableJson } from '../../../lib/stableJson';

/** What the entity cache needs from the gateway. */
export interface EntityCacheOptions {
  store: GatewayCache;
  /** Upper bound on any subgraph's `max-age`. */
  maxTtlSeconds: number;
  /** The supergraph being served: entries never outlive a schema change. */
  supergraphHash(): string;
  metrics: CacheRequestMetrics;
}

/** One cached entity as stored: data, tags, scope and when it expires. */
interface StoredEntity {
  d: Record<string, unknown>;
  t: string[];
  s: SubgraphCachePolicy['scope'];
  /** Expiry, epoch ms. */
  e: number;
  /** 1 when stored for the caller's authorization class; absent: for the caller alone. */
  c?: 1;
}

type Representation = Record<string, unknown> & { __typename?: unknown; id?: unknown };
type Fetch<TContext extends Record<string, unknown>> = (
  options: GraphQLDataSourceProcessOptions<TContext>,
) => Promise<GatewayGraphQLResponse>;

/**
 * Whether a subgraph request is an `_entities` fetch of a query plan: a query whose one
 * root field is `_entities` itself (not an alias of another field, which a client could
 * write) over `$representations`. Decided once per fetch text.
 */
export function isEntitiesFetch(options: GraphQLDataSourceProcessOptions<never>): boolean {
  const representations: unknown = options.request.variables?.['representations'];
  const query = options.request.query;
  if (!Array.isArray(representations) || !query) return false;
  let known = entityFetchTexts.get(query);
  if (known === undefined) {
    known = isEntitiesDocument(query);
    if (entityFetchTexts.size >= MAX_REMEMBERED_TEXTS) entityFetchTexts.clear();
    entityFetchTexts.set(query, known);
  }
  return known;
}

const MAX_REMEMBERED_TEXTS = 2_000;
const entityFetchTexts = new Map<string, boolean>();

function isEntitiesDocument(query: string): boolean {
  try {
    const [operation, ...rest] = parse(query).definitions;
    if (rest.length > 0 || operation?.kind !== Kind.OPERATION_DEFINITION) return false;
    if (operation.operation !== OperationTypeNode.QUERY) return false;
    const [field, ...others] = operation.selectionSet.selections;
    return (
      others.length === 0 &&
      field?.kind === Kind.FIELD &&
      field.name.value === '_entities' &&
      !field.alias
    );
  } catch {
    return false;
  }
}

/**
 * Answers an `_entities` fetch from the cache where it can: each representation is
 * looked up under its type, key, the fetch's selection and the caller's scope; only the
 * misses go to the subgraph (none at all when everything is cached), and what comes
 * back is stored under the subgraph's `Cache-Control` policy with the tags the
 * subgraph reported plus the entity's own. PUBLIC entries, and PRIVATE ones whose answer
 * the subgraph declared class-scoped without recording any read (`lib/answerScope.ts`),
 * are keyed by the caller's authorization class; every other one by the caller, so
 * nothing reaches a caller who could not have fetched it, and no recorded read is
 * served to another reader unrecorded. Entities with errors, nulls, and answers the subgraph
 * marked `no-store` are never stored.
 */
export async function fetchEntitiesThroughCache<TContext extends Record<string, unknown>>(
  options: GraphQLDataSourceProcessOptions<TContext>,
  subgraph: string,
  cache: EntityCacheOptions,
  fetch: Fetch<TContext>,
): Promise<GatewayGraphQLResponse> {
  const { request } = options;
  const representations = request.variables?.['representations'] as Representation[];
  const context = 'incomingRequestContext' in options ? options.context : undefined;
  const claims = (context as { claims?: CallerClaims | null } | undefined)?.claims ?? null;
  const state = cacheStateOf(context);
  // The fetch's other variables are arguments of the selection (a page's `first` and
  // `after`): two pages of one entity are two entries, never one.
  const { representations: _representations, ...arguments_ } = request.variables ?? {};
  const base = [cache.supergraphHash(), subgraph, sha256Key(request.query ?? ''), arguments_];
  const scopes = { PUBLIC: `c:${authorizationClass(claims)}`, PRIVATE: `u:${callerKey(claims)}` };
  const keyOf = (representation: Representation, scope: keyof typeof scopes): string =>
    sha256Key(stableJson([...base, representation, scopes[scope]]));

  const now = Date.now();
  const lookup = await cache.store.getMany(
    representations.flatMap((rep) => [keyOf(rep, 'PUBLIC'), keyOf(rep, 'PRIVATE')]),
  );
  const hits = representations.map(
    (_, i) => usable(lookup[2 * i], now) ?? usable(lookup[2 * i + 1], now),
  );
  const missing = hits.flatMap((hit, i) => (hit ? [] : [i]));
  cache.metrics.record('entity', 'hit', hits.length - missing.length);
  cache.metrics.record('entity', 'miss', missing.length);
  for (const hit of hits) if (hit) for (const tag of hit.t) state?.tags.add(tag);
  // An entity kept for this caller alone binds the whole answer to them.
  if (state && hits.some((hit) => hit && hit.c !== 1)) state.identityBound = true;
  if (missing.length < hits.length) {
    if (state) state.servedFromCache = true;
    restrictPolicy(options, hits, now);
  }
  if (missing.length === 0) {
    return { data: { _entities: hits.map((hit) => hit?.d ?? null) } };
  }
  const fetchStarted = Date.now();

  const response = await fetch({
    ...options,
    request: {
      ...request,
      variables: {
        ...request.variables,
        representations: missing.map((i) => representations[i]),
      },
    },
  });
  const fetched = (response.data?.['_entities'] ?? []) as unknown[];
  const errors = response.errors?.map((error) => remapPath(error, missing));
  const failed = new Set(
    (errors ?? []).flatMap((error) =>
      error.path?.[0] === '_entities' && typeof error.path[1] === 'number' ? [error.path[1]] : [],
    ),
  );
  const tags = tagsFrom(response.extensions, 'cacheTags');
  for (const tag of tags) state?.tags.add(tag);

  // A shared in-flight fetch may have read before this request asked.
  const readAt = readAtOf(response.http?.headers, fetchStarted);
  if (state) state.readAt = Math.min(state.readAt, readAt);
  noteAnswerScope(state, subgraph, response.http?.headers);
  const policy = parseCacheControl(response.http?.headers.get('cache-control'));
  // Shared by class: PUBLIC, or declared class-scoped, and no read recorded (a stored
  // copy of a recorded read would reach another reader unrecorded: kept per caller).
  const headers = response.http?.headers;
  const byClass =
    !headers?.get(READ_RECEIPT_HEADER) &&
    (policy?.scope === 'PUBLIC' || headers?.get(ANSWER_SCOPE_HEADER) === CLASS_SCOPE);
  if (policy) {
    const ttlSeconds = Math.min(policy.maxAge, cache.maxTtlSeconds);
    const entries = missing.flatMap((index, j) => {
      const data = fetched[j];
      if (failed.has(index) || !isObject(data)) return [];
      const rep = representations[index]!;
      const own =
        typeof rep.__typename === 'string' && typeof rep.id === 'string'
          ? [entityTag(rep.__typename, rep.id)]
          : [];
      const value: StoredEntity = {
        d: data,
        t: [...tags, ...own],
        s: policy.scope,
        e: readAt + ttlSeconds * 1000,
        ...(byClass ? { c: 1 as const } : {}),
      };
      return [
        {
          key: keyOf(rep, byClass ? 'PUBLIC' : 'PRIVATE'),
          value: JSON.stringify(value),
          ttlSeconds,
          tags: value.t,
        },
      ];
    });
    if (entries.length > 0) await cache.store.setMany(entries, readAt);
  }

  const merged: unknown[] = hits.map((hit) => hit?.d ?? null);
  missing.forEach((index, j) => (merged[index] = fetched[j] ?? null));
  return {
    ...response,
    data:
      response.data === null && !fetched.length ? null : { ...response.data, _entities: merged },
    ...(errors ? { errors } : {}),
  };
}

/** A stored entity still valid at `now`, or null. */
function usable(raw: string | null | undefined, now: number): StoredEntity | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as StoredEntity;
    return isObject(value.d) && Array.isArray(value.t) && value.e > now ? value : null;
  } catch {
    return null;
  }
}

/** Tightens the request's overall cache policy by what the cache hits allow. */
function restrictPolicy<TContext extends Record<string, unknown>>(
  options: GraphQLDataSourceProcessOptions<TContext>,
  hits: readonly (StoredEntity | null)[],
  now: number,
): void {
  if (!('incomingRequestContext' in options)) return;
  const policy = options.incomingRequestContext.overallCachePolicy as {
    restrict(hint: { maxAge: number; scope: string }): void;
  };
  for (const hit of hits) {
    if (!hit) continue;
    const maxAge = Math.max(0, Math.floor((hit.e - now) / 1000));
    policy.restrict({ maxAge, scope: hit.s });
  }
}

/** An error of the reduced fetch, with its `_entities` index mapped back to the original. */
function remapPath(
  error: GraphQLFormattedError,
  missing: readonly number[],
): GraphQLFormattedError {
  const { path } = error;
  if (path?.[0] !== '_entities' || typeof path[1] !== 'number') return error;
  return { ...error, path: ['_entities', missing[path[1]] ?? path[1], ...path.slice(2)] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
