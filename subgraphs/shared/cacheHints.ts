import type { GraphQLResolveInfo } from 'graphql';

/** A dynamic cache hint, as Apollo Server's cache control takes it. */
export interface CacheHint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

/** What Apollo Server's cache-control plugin adds to a resolver's `info`. */
interface WithCacheControl {
  cacheControl?: { setCacheHint(hint: CacheHint): void };
}

/**
 * Sets a dynamic hint on the field being resolved (`info.cacheControl.setCacheHint`),
 * overriding its `@cacheControl` hint. `{ maxAge: 0 }` makes the whole response
 * uncacheable (`Cache-Control: no-store`). Inside `__resolveReference` it applies to
 * the `_entities` field, so to the whole entity fetch. Does nothing where Apollo's
 * cache control is not installed.
 */
export function setCacheHint(info: GraphQLResolveInfo, hint: CacheHint): void {
  (info as GraphQLResolveInfo & WithCacheControl).cacheControl?.setCacheHint(hint);
}

/** Makes the current response uncacheable: what it shows must be read fresh every time. */
export function uncacheable(info: GraphQLResolveInfo): void {
  setCacheHint(info, { maxAge: 0 });
}
