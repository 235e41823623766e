import type {
  GatewayGraphQLRequest,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { ANSWER_SCOPE_HEADER, CLASS_SCOPE, READ_RECEIPT_HEADER } from '../../../lib/answerScope';
import { NOT_MODIFIED_HEADER } from '../../../lib/readValidators';
import { READ_AT_HEADER } from '../resilience/resilientFetcher';
import { sha256Key, stableJson } from '../../../lib/stableJson';

/**
 * A root-field query fetch whose answer allowed no caching (e.g. crm's audited customer
 * reads, `no-store` so that every read writes its audit row). A whole response built
 * from it may still be stored with the fetch beside it: a later hit sends the fetch
 * again, exactly as recorded, and is served only when the answer is the same.
 */
export interface ReplayableFetch {
  subgraph: string;
  query: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  /** {@link answerDigest} of what the subgraph answered. */
  digest: string;
  /**
   * The subgraph's validator of that answer (`ETag`), if it gave one: sending it back as
   * `If-None-Match` lets the subgraph answer "not modified" without reading again.
   */
  etag?: string;
}

/**
 * What one gateway request learns about caching while it runs: the tags of every piece
 * of data its answer was built from (subgraph answers and cache hits alike), so the
 * whole response can be stored under them and evicted when any of them changes.
 */
export interface RequestCacheState {
  /** Tags such as `customer:cus-1`, from subgraph `extensions.cacheTags` and cache hits. */
  readonly tags: Set<string>;
  /**
   * When the oldest data in the answer was read (epoch ms): the request's start, or
   * earlier when it shared an in-flight fetch another request began. A write of what it
   * read is refused when a tag was invalidated after this moment, so a read that raced
   * a change never re-caches the old value.
   */
  readAt: number;
  /** Whether any part of the answer came from a cache (for the `x-cache` header). */
  servedFromCache: boolean;
  /**
   * The uncacheable root-field fetches the answer was built from. They do not narrow the
   * request's cache policy: the response cache stores them with the answer instead.
   */
  readonly replays: ReplayableFetch[];
  /**
   * Answers the response cache fetched while re-checking a stored response that turned
   * out stale, by {@link replayKey}: the execution that follows takes each one instead of
   * sending the same fetch again (so an audited read is recorded once).
   */
  replayed: Map<string, GatewayGraphQLResponse> | null;
  /**
   * Whether any part of the answer may depend on who the caller is: a subgraph answer
   * that did not declare itself class-scoped (`x-cc-answer-scope: class`), or a cached
   * entity kept for one caller. Only an answer with none is shared by authorization class.
   */
  identityBound: boolean;
  /** Receipts of the reads subgraphs recorded for this answer (see `lib/answerScope.ts`). */
  readonly receipts: ReadReceipt[];
}

/** A subgraph's receipt of the reads it recorded, to send back whenever a copy is served. */
export interface ReadReceipt {
  subgraph: string;
  receipt: string;
}

/**
 * Notes what one subgraph answer declared about its scope: whether it depends only on
 * the caller's authorization class (anything but `class`, a missing header included,
 * binds the answer to the caller), and the receipt of the reads it recorded.
 */
export function noteAnswerScope(
  state: RequestCacheState | undefined,
  subgraph: string,
  headers: { get(name: string): string | null | undefined } | undefined,
): void {
  if (!state) return;
  if (headers?.get(ANSWER_SCOPE_HEADER) !== CLASS_SCOPE) state.identityBound = true;
  const receipt = headers?.get(READ_RECEIPT_HEADER);
  if (receipt) state.receipts.push({ subgraph, receipt });
}

/** A fresh state for a request starting now. */
export function newRequestCacheState(now = Date.now()): RequestCacheState {
  return {
    tags: new Set(),
    readAt: now,
    servedFromCache: false,
    replays: [],
    replayed: null,
    identityBound: false,
    receipts: [],
  };
}

/** What identifies a fetch among the replays: subgraph, operation and variables. */
export function replayKey(
  subgraph: string,
  request: { query?: string; operationName?: string | null; variables?: unknown },
): string {
  // Key order of input objects must not matter (the response cache's key ignores it).
  return stableJson([
    subgraph,
    request.query ?? '',
    request.operationName ?? null,
    request.variables ?? {},
  ]);
}

/** A digest of a subgraph answer's data, to tell whether a replayed fetch answered alike. */
export function answerDigest(response: Pick<GatewayGraphQLResponse, 'data'>): string {
  return sha256Key(JSON.stringify(response.data ?? null));
}

/** Whether a subgraph answer is a conditional replay's "not modified" (no data in it). */
export function isNotModified(response: Pick<GatewayGraphQLResponse, 'http'>): boolean {
  return response.http?.headers.get(NOT_MODIFIED_HEADER) === '1';
}

/**
 * Adds a header to a request before Apollo's `process` builds its HTTP part (it copies
 * the headers already on `request.http`, then calls `willSendRequest`).
 */
export function withHeader(request: GatewayGraphQLRequest, name: string, value: string): void {
  const headers = new Map<string, string>(request.http?.headers ?? []);
  headers.set(name, value);
  request.http = { method: 'POST', url: '', ...request.http, headers } as never;
}

/** The cache state a context carries, if the request has one. */
export function cacheStateOf(context: unknown): RequestCacheState | undefined {
  const state = (context as { cache?: unknown } | undefined)?.cache;
  return state && typeof state === 'object' && (state as RequestCacheState).tags instanceof Set
    ? (state as RequestCacheState)
    : undefined;
}

/**
 * When a subgraph response's data was read: the fetch's start as the fetcher stamped
 * it (`x-cc-read-at`), else `fallback`.
 */
export function readAtOf(
  headers: { get(name: string): string | null } | undefined,
  fallback: number,
): number {
  const stamped = Number(headers?.get(READ_AT_HEADER));
  return Number.isFinite(stamped) && stamped > 0 ? Math.min(stamped, fallback) : fallback;
}

/** Tags a subgraph put in `extensions[name]`, ignoring anything that is not a list of strings. */
export function tagsFrom(extensions: Record<string, unknown> | undefined, name: string): string[] {
  const value = extensions?.[name];
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
}
