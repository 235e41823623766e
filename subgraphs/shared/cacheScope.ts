import { AsyncLocalStorage } from 'node:async_hooks';
import { customerTag } from '../../lib/cacheTags';
import { CachePolicy, type CacheHint } from './cachePolicy';

/**
 * What one operation learns about caching while it runs: the tags of the data its answer
 * was computed from (`extensions.cacheTags`) and the tags its changes touched
 * (`extensions.invalidatedTags`). Sets, so a tag recorded a hundred times is one tag.
 */
export class CacheScope {
  private readonly read = new Set<string>();
  private readonly changed = new Set<string>();
  /** The answer's cache policy, narrowed by every field resolved (see `cachePolicy.ts`). */
  readonly policy = new CachePolicy();
  private open = true;

  /** Records that the answer depends on `tag`. Ignored once the response has been sent. */
  addTag(tag: string): void {
    if (this.open) this.read.add(tag);
  }

  /** Records that the operation changed what `tag` names. Ignored once the response has been sent. */
  addInvalidatedTag(tag: string): void {
    if (this.open) this.changed.add(tag);
  }

  /** Narrows the answer's cache policy by `hint`. Ignored once the response has been sent. */
  restrictPolicy(hint: CacheHint): void {
    if (this.open) this.policy.restrict(hint);
  }

  /** The tags the answer depends on, sorted, each once. */
  tags(): string[] {
    return [...this.read].sort();
  }

  /** The tags the operation invalidated, sorted, each once. */
  invalidatedTags(): string[] {
    return [...this.changed].sort();
  }

  /**
   * Ends recording: work that outlives the response (a relay nudged by a commit, a
   * timer started during the request) inherits the scope but must not grow it.
   */
  close(): void {
    this.open = false;
  }
}

/*
 * The scope travels with the async context (AsyncLocalStorage) rather than through
 * resolver arguments, because the places that learn about tags are far from any
 * context: the shared database view sees every row a statement returns, and
 * `recordEvent` is handed only a transaction. One HTTP request to a subgraph is one
 * operation (batching is off), so the scope is opened around the HTTP handler.
 */
const storage = new AsyncLocalStorage<CacheScope>();

/**
 * Wraps a request handler so that each call runs in a fresh cache scope of its own: the
 * scope is current for everything the call awaits.
 */
export function inFreshCacheScope<A extends unknown[], R>(
  handler: (...args: A) => R,
): (...args: A) => R {
  return (...args) => storage.run(new CacheScope(), () => handler(...args));
}

/**
 * Runs `fn` outside any operation's cache scope: for work done on behalf of several
 * operations at once (a statement they share), whose tags each records for itself.
 */
export function outsideCacheScope<R>(fn: () => R): R {
  return storage.exit(fn);
}

/** The cache scope of the operation running now; undefined outside a request (seeds, consumers). */
export function currentCacheScope(): CacheScope | undefined {
  return storage.getStore();
}

/** Records that the current answer depends on what `tag` names (see lib/cacheTags.ts). */
export function recordCacheTag(tag: string): void {
  storage.getStore()?.addTag(tag);
}

/** Records that the current answer was computed from customer `customerId`'s data. */
export function recordCustomerRead(customerId: string): void {
  storage.getStore()?.addTag(customerTag(customerId));
}

/**
 * Records that the current operation changed customer `customerId`'s data. `recordEvent`
 * calls this for every domain event; a change that writes no event would call it directly
 * so the gateway that carried it still evicts what it cached (only that gateway: other
 * replicas hear of changes through events, so a change a rep sees should write one).
 */
export function recordCustomerChange(customerId: string): void {
  recordInvalidatedTag(customerTag(customerId));
}

/** Records that the current operation changed what `tag` names (see lib/cacheTags.ts). */
export function recordInvalidatedTag(tag: string): void {
  storage.getStore()?.addInvalidatedTag(tag);
}
