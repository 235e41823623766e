import type { GraphQLResolveInfo } from 'graphql';
import { currentCacheScope } from './cacheScope';

/**
 * Makes the current response uncacheable (`Cache-Control: no-store`): what it shows must
 * be read fresh every time. Called from a resolver (or a `__resolveReference`, for the
 * whole entity fetch); it narrows the answer's cache policy (see `cachePolicy.ts`), as a
 * `{ maxAge: 0 }` dynamic hint did with Apollo's cache-control plugin.
 */
export function uncacheable(_info: GraphQLResolveInfo): void {
  currentCacheScope()?.restrictPolicy({ maxAge: 0 });
}
