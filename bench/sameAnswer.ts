/**
 * Whether `actual` holds every value of `expected` at the same place (extra fields
 * allowed): the `limit` contender answers with the raw fetched data, a superset of
 * what a gateway returns, so "same answer" means "contains the gateway's answer".
 * Returns the first differing path, or null when it contains it all.
 */
export function firstDifference(expected: unknown, actual: unknown, path = '$'): string | null {
  if (expected === null || typeof expected !== 'object') {
    return expected === actual ? null : path;
  }
  if (actual === null || typeof actual !== 'object') return path;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return path;
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [key, value] of Object.entries(expected)) {
    const found = firstDifference(
      value,
      (actual as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (found) return found;
  }
  return null;
}
