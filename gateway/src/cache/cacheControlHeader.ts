/** A cache policy as a subgraph declared it in its `Cache-Control` header. */
export interface SubgraphCachePolicy {
  maxAge: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

/**
 * Reads `Cache-Control: max-age=N, private|public` as Apollo Server writes it from
 * `@cacheControl` hints. `no-store`, a missing header or `max-age=0` mean "do not
 * cache" (null). A header without `public` counts as PRIVATE: sharing needs a promise.
 */
export function parseCacheControl(header: string | null | undefined): SubgraphCachePolicy | null {
  if (!header) return null;
  let maxAge = 0;
  let isPublic = false;
  for (const part of header.split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=');
    if (name === 'no-store' || name === 'no-cache') return null;
    if (name === 'max-age' && value !== undefined && /^\d+$/.test(value)) maxAge = Number(value);
    if (name === 'public') isPublic = true;
  }
  return maxAge > 0 ? { maxAge, scope: isPublic ? 'PUBLIC' : 'PRIVATE' } : null;
}

/** What an answer's Cache-Control narrows a request's policy to: max-age (0 when absent), and the scope when one is named. */
export interface CacheHint {
  maxAge: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

/**
 * Reads a subgraph answer's Cache-Control the way Apollo's data source narrows the
 * request's policy by it (unlike {@link parseCacheControl}, which decides storage).
 */
export function cacheHintOf(header: string | null | undefined): CacheHint {
  const hint: CacheHint = { maxAge: 0 };
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.trim().toLowerCase().split('=');
    if (name === 'max-age' && value !== undefined && /^[0-9]+$/.test(value))
      hint.maxAge = Number(value);
    if (name === 'private') hint.scope = 'PRIVATE';
    if (name === 'public') hint.scope = 'PUBLIC';
  }
  return hint;
}
