/**
 * Merges the resolver maps of a subgraph's modules type by type, so that several
 * modules can each add fields to `Query` or to an entity. A field defined twice is a
 * programming error and throws at start-up rather than silently winning.
 */
export function mergeResolvers<T extends object>(...maps: T[]): T {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map as Record<string, object>)) {
      const target = (merged[typeName] ??= {});
      if (!isPlainObject(fields)) {
        // A scalar implementation (e.g. DateTime) is not a field map.
        if (typeName in merged && Object.keys(target).length > 0) {
          throw new Error(`resolver for ${typeName} is defined twice`);
        }
        (merged as Record<string, unknown>)[typeName] = fields;
        continue;
      }
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`resolver ${typeName}.${field} is defined twice`);
        target[field] = resolver;
      }
    }
  }
  return merged as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}
