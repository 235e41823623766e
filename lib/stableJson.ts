import { createHash } from 'node:crypto';

/**
 * JSON with object keys in sorted order, so two equal values give the same text
 * whatever order their keys were built in (cache keys of variables and representations).
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // No prototype: a key named `__proto__` is then a key like any other, not a setter.
  const sorted = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

/** SHA-256 of `text`, base64url: the one way cache keys and caller digests are hashed. */
export function sha256Key(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
