/**
 * Fills `{path}` placeholders from `source`: `"Order:{subject.id}"` with
 * `{ subject: { id: "o-1" } }` gives `"Order:o-1"`. Null when a placeholder names no
 * non-empty string (the template does not apply to this source).
 */
export function fillTemplate(template: string, source: unknown): string | null {
  let missing = false;
  const filled = template.replace(/\{([A-Za-z0-9_.]+)\}/g, (_match, path: string) => {
    const value = valueAt(source, path);
    if (typeof value !== 'string' || value.length === 0) {
      missing = true;
      return '';
    }
    return value;
  });
  return missing ? null : filled;
}

/** The value at a dotted `path` of `source` (own properties only), or undefined. */
export function valueAt(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (!current || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The placeholders of a template, e.g. `["subject.typename", "subject.id"]`. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_.]+)\}/g)].map((match) => match[1]!);
}
