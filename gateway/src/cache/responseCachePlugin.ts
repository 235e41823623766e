import {
  HeaderMap,
  type ApolloServerPlugin,
  type BaseContext,
  type GraphQLRequestContext,
} from '@apollo/server';
import type {
  GatewayGraphQLRequest,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { OperationTypeNode } from 'graphql';
import type { CallerClaims } from '../../../lib/claims';
import type { GatewayCache } from './store/gatewayCache';
import type { CacheRequestMetrics } from './cacheRequestMetrics';
import { authorizationClass, callerKey } from './callerScope';
import {
  answerDigest,
  isNotModified,
  withHeader,
  cacheStateOf,
  newRequestCacheState,
  replayKey,
  type ReadReceipt,
  type ReplayableFetch,
  type RequestCacheState,
} from './requestCacheState';
import { sendReceipts } from './sendReceipts';
import { sha256Key, stableJson } from '../../../lib/stableJson';

/** Options for {@link gatewayPluginResponseCache}. */
export interface ResponseCacheOptions {
  store: GatewayCache;
  /** Upper bound on any response's lifetime, whatever the hints say. */
  maxTtlSeconds: number;
  /** The supergraph being served: answers never outlive a schema change. */
  supergraphHash(): string;
  metrics: CacheRequestMetrics;
  /**
   * Sends one recorded fetch again, as the request's caller, through the gateway's own
   * data source for `subgraph` (headers, deadline, retries, metrics alike); null when
   * the subgraph is not in the supergraph any more. Without it, answers built from
   * uncacheable fetches are not stored.
   */
  replay?: (
    subgraph: string,
    request: GatewayGraphQLRequest,
    requestContext: GraphQLRequestContext<BaseContext>,
  ) => Promise<GatewayGraphQLResponse | null>;
}

/** A whole answer as stored. */
interface StoredResponse {
  data: Record<string, unknown>;
  /** Expiry, epoch ms. */
  e: number;
  /** Uncacheable fetches the answer was built from, sent again on every hit. */
  r?: ReplayableFetch[];
  /**
   * The entry's tags: to store it again when its validators are renewed, and to tell
   * whoever a hit answers what it was built from (live subscriptions follow some).
   */
  t?: string[];
  /** Receipts of the reads subgraphs recorded, sent back as the caller on every hit. */
  k?: ReadReceipt[];
  /** 1 when stored for the authorization class (renewed entries keep their key). */
  c?: 1;
}

/**
 * The whole-response cache. A query whose every subgraph answer (or cached entity)
 * allowed caching, and that produced no error, is stored for the shortest `max-age`
 * among them, under the tags of all the data it was built from; a change to any of
 * them evicts it. It is keyed by the document, operation name, variables and scope:
 * the caller's identity when any part was PRIVATE, else the caller's authorization
 * class. A hit answers before planning, so no subgraph is called. Mutations and
 * subscriptions are never cached. Answers say `x-cache: hit | partial | miss`.
 *
 * An answer built from root-field fetches that allowed no caching (crm's audited
 * customer reads) is stored too, for its caller only, with those fetches beside it
 * (`ReplayableFetch`). A hit sends them again as recorded, so their side effects (the
 * audit row) happen as on any read, and serves the stored answer only when every one
 * answers exactly as before (`x-cache: revalidated`); else the request runs in full,
 * reusing what the re-sent fetches answered.
 */
export function gatewayPluginResponseCache(
  options: ResponseCacheOptions,
): ApolloServerPlugin<BaseContext> {
  const { store, metrics } = options;
  return {
    async requestDidStart({ contextValue }) {
      // The operations of one batched HTTP request share a shallow copy of one context:
      // each gets a cache state of its own, so no operation stores another's tags,
      // replays or answers.
      const context = contextValue as {
        cache?: RequestCacheState;
        onCacheState?: (state: RequestCacheState) => void;
      };
      if (cacheStateOf(context)) {
        context.cache = newRequestCacheState();
        context.onCacheState?.(context.cache);
      }
      let keys: { PUBLIC: string; PRIVATE: string } | null = null;
      /** Where a stored answer was found that turned out stale (to replace it). */
      let staleUnder: 'PUBLIC' | 'PRIVATE' | null = null;
      let hit = false;
      return {
        async responseForOperation(requestContext) {
          const state = cacheStateOf(requestContext.contextValue);
          if (requestContext.operation?.operation !== OperationTypeNode.QUERY || !state)
            return null;
          const claims =
            (requestContext.contextValue as { claims?: CallerClaims | null }).claims ?? null;
          const base = [
            options.supergraphHash(),
            // SHA-256 of the text, computed by Apollo anyway: the key hashes 64 bytes, not the text.
            requestContext.queryHash ?? requestContext.source ?? '',
            requestContext.operationName ?? null,
            requestContext.request.variables ?? {},
          ];
          keys = {
            PUBLIC: digest(stableJson([...base, `c:${authorizationClass(claims)}`])),
            PRIVATE: digest(stableJson([...base, `u:${callerKey(claims)}`])),
          };
          const now = Date.now();
          const [shared, own] = await store.getMany([keys.PUBLIC, keys.PRIVATE]);
          const sharedEntry = usable(shared, now);
          const stored = sharedEntry ?? usable(own, now);
          if (!stored) {
            metrics.record('response', 'miss');
            return null;
          }
          const readAt = state.readAt;
          const checked = stored.r?.length
            ? await revalidate(options.replay, stored.r, state, requestContext)
            : { outcome: 'hit' as const, renewed: null };
          const { renewed } = checked;
          // Recorded reads are recorded for this caller too before anything is served.
          const outcome =
            checked.outcome !== 'miss' && stored.k?.length
              ? await sendReceipts(options.replay, stored.k, checked.outcome, requestContext)
              : checked.outcome;
          // What the checks' own calls noted is not part of this answer.
          state.identityBound = false;
          state.receipts.splice(0);
          metrics.record('response', outcome);
          if (outcome === 'miss') {
            staleUnder = sharedEntry ? 'PUBLIC' : 'PRIVATE';
            return null;
          }
          if (renewed && stored.t) {
            // Answered alike in full with new validators (the old ones' minute was over):
            // keep them, so the next reads are answered "not modified" again.
            await store.setMany(
              [
                {
                  key: stored.c === 1 ? keys.PUBLIC : keys.PRIVATE,
                  value: JSON.stringify({ ...stored, r: renewed }),
                  ttlSeconds: Math.max(1, Math.ceil((stored.e - now) / 1000)),
                  tags: stored.t,
                },
              ],
              readAt,
            );
          }
          hit = true;
          state.servedFromCache = true;
          for (const tag of stored.t ?? []) state.tags.add(tag);
          const headers = new HeaderMap([
            ['x-cache', outcome === 'not_modified' ? 'revalidated' : outcome],
          ]);
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
          // Replayed fetches do not narrow this policy; the replays are stored instead.
          const policy = requestContext.overallCachePolicy.policyIfCacheable();
          if (!policy) return;
          const { replays, receipts } = state;
          if ((replays.length > 0 || receipts.length > 0) && !options.replay) return;
          const ttlSeconds = Math.min(policy.maxAge, options.maxTtlSeconds);
          const tags = [...state.tags];
          // By class when every part said it depends on the class alone (replays and
          // receipts are sent again as whoever a hit answers, so each reader is recorded
          // as the reader), or when every part is PUBLIC and nothing is sent again.
          const byClass =
            !state.identityBound ||
            (policy.scope === 'PUBLIC' && replays.length === 0 && receipts.length === 0);
          const value: StoredResponse = {
            data,
            e: state.readAt + ttlSeconds * 1000,
            ...(replays.length > 0 ? { r: replays } : {}),
            ...(receipts.length > 0 ? { k: receipts } : {}),
            t: tags,
            ...(byClass ? { c: 1 as const } : {}),
          };
          const scope = byClass ? 'PUBLIC' : 'PRIVATE';
          const entries = [{ key: keys[scope], value: JSON.stringify(value), ttlSeconds, tags }];
          // The stale answer this one replaces, stored under the other key, must not
          // shadow it: it is overwritten with one that is never usable.
          if (staleUnder && staleUnder !== scope) {
            entries.push({ key: keys[staleUnder], value: EXPIRED, ttlSeconds: 1, tags: [] });
          }
          await store.setMany(entries, state.readAt);
        },
      };
    },
  };
}

/**
 * Sends a stored answer's recorded fetches again: 'revalidated' when every one answers as
 * before ('not_modified' when the subgraph said so without reading again), else 'miss' with their answers kept for the execution (see
 * `RequestCacheState.replayed`).
 */
async function revalidate(
  replay: ResponseCacheOptions['replay'],
  replays: readonly ReplayableFetch[],
  state: RequestCacheState,
  requestContext: GraphQLRequestContext<BaseContext>,
): Promise<{
  outcome: 'revalidated' | 'not_modified' | 'miss';
  /** The fetches as just sent, when they answered alike with validators other than stored. */
  renewed: ReplayableFetch[] | null;
}> {
  if (!replay) return { outcome: 'miss', renewed: null };
  // One recorded fetch with a validator is sent conditionally: the subgraph may then
  // answer "not modified" without reading again. With several, each is sent in full, so
  // that on a change the execution can take every answer instead of asking again.
  const conditional = replays.length === 1;
  const answers = await Promise.all(
    replays.map((fetch) => {
      const request: GatewayGraphQLRequest = {
        query: fetch.query,
        operationName: fetch.operationName ?? undefined,
        variables: fetch.variables,
      };
      if (conditional && fetch.etag) withHeader(request, 'if-none-match', fetch.etag);
      return replay(fetch.subgraph, request, requestContext).catch(() => null);
    }),
  );
  // The data source recorded each again; the execution (if any) records its own.
  const fresh = state.replays.splice(0);
  const same = replays.every((fetch, i) => {
    const answer = answers[i];
    if (!answer) return false;
    if (isNotModified(answer)) return true;
    return !answer.errors?.length && answerDigest(answer) === fetch.digest;
  });
  if (same) {
    if (answers.every((answer) => answer && isNotModified(answer))) {
      return { outcome: 'not_modified', renewed: null };
    }
    // Each stored fetch with its fresh record (found by subgraph and request); renewed
    // only when every one is there and a validator changed.
    const byKey = new Map(fresh.map((f) => [replayKey(f.subgraph, f), f] as const));
    const matched = replays.map((r) => byKey.get(replayKey(r.subgraph, r)));
    const renewed =
      matched.every((f) => f !== undefined) && matched.some((f, i) => f.etag !== replays[i]!.etag)
        ? matched
        : null;
    return { outcome: 'revalidated', renewed };
  }
  state.replayed = new Map(
    replays.flatMap((fetch, i) => {
      const answer = answers[i];
      return answer && !isNotModified(answer)
        ? [[replayKey(fetch.subgraph, fetch), answer] as const]
        : [];
    }),
  );
  return { outcome: 'miss', renewed: null };
}

/** An entry no lookup takes (expired at the epoch). */
const EXPIRED = JSON.stringify({ data: {}, e: 0 });

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
