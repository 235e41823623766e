import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { Claims } from '../../../lib/claims';
import type { GatewayCache } from '../cache/gatewayCache';
import type { CacheRequestMetrics } from './cacheRequestMetrics';
import { authorizationClass, callerKey } from './callerScope';
import { cacheStateOf } from './requestCacheState';
import { sha256Key, stableJson } from './stableJson';

/** Options for {@link gatewayPluginResponseCache}. */
export interface ResponseCacheOptions {
  store: GatewayCache;
  /** Upper bound on any response's lifetime, whatever the hints say. */
  maxTtlSeconds: number;
  /** The supergraph being served: answers never outlive a schema change. */
  supergraphHash(): string;
  metrics: CacheRequestMetrics;
}

/** A whole answer as stored. */
interface StoredResponse {
  data: Record<string, unknown>;
  /** Expiry, epoch ms. */
  e: number;
}

/**
 * The whole-response cache. A query whose every subgraph answer (or cached entity)
 * allowed caching, and that produced no error, is stored for the shortest `max-age`
 * among them, under the tags of all the data it was built from; a change to any of
 * them evicts it. It is keyed by the document, operation name, variables and scope:
 * the caller's identity when any part was PRIVATE, else the caller's authorization
 * class. A hit answers before planning, so no subgraph is called. Mutations and
 * subscriptions are never cached. Answers say `x-cache: hit | partial | miss`.
 */
export function gatewayPluginResponseCache(
  options: ResponseCacheOptions,
): ApolloServerPlugin<BaseContext> {
  const { store, metrics } = options;
  return {
    async requestDidStart() {
      let keys: { PUBLIC: string; PRIVATE: string } | null = null;
      let hit = false;
      return {
        async responseForOperation(requestContext) {
          const state = cacheStateOf(requestContext.contextValue);
          if (requestContext.operation?.operation !== OperationTypeNode.QUERY || !state)
            return null;
          const claims = (requestContext.contextValue as { claims?: Claims | null }).claims ?? null;
          const base = [
            options.supergraphHash(),
            requestContext.source ?? '',
            requestContext.operationName ?? null,
            requestContext.request.variables ?? {},
          ];
          keys = {
            PUBLIC: digest(stableJson([...base, `c:${authorizationClass(claims)}`])),
            PRIVATE: digest(stableJson([...base, `u:${callerKey(claims)}`])),
          };
          const now = Date.now();
          const [shared, own] = await store.getMany([keys.PUBLIC, keys.PRIVATE]);
          const stored = usable(shared, now) ?? usable(own, now);
          metrics.record('response', stored ? 'hit' : 'miss');
          if (!stored) return null;
          hit = true;
          state.servedFromCache = true;
          const headers = new HeaderMap([['x-cache', 'hit']]);
          return {
            http: { status: undefined, headers },
            body: { kind: 'single', singleResult: { data: stored.data } },
          };
        },

        async willSendResponse(requestContext) {
          const { response } = requestContext;
          const state = cacheStateOf(requestContext.contextValue);
          if (hit || !state) return;
          response.http.headers.set('x-cache', state.servedFromCache ? 'partial' : 'miss');
          if (!keys || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (errors?.length || !data) return;
          const policy = requestContext.overallCachePolicy.policyIfCacheable();
          if (!policy) return;
          const ttlSeconds = Math.min(policy.maxAge, options.maxTtlSeconds);
          const value: StoredResponse = { data, e: state.readAt + ttlSeconds * 1000 };
          const scope = policy.scope === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE';
          await store.setMany(
            [{ key: keys[scope], value: JSON.stringify(value), ttlSeconds, tags: [...state.tags] }],
            state.readAt,
          );
        },
      };
    },
  };
}

function usable(raw: string | null | undefined, now: number): StoredResponse | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as StoredResponse;
    return value.data && typeof value.data === 'object' && value.e > now ? value : null;
  } catch {
    return null;
  }
}

function digest(text: string): string {
  return `r:${sha256Key(text)}`;
}
