/** One documented operation of `schema/operations/`, offered as a ready tab. */
export interface Example {
  name: string;
  query: string;
  variables: string;
}

// Bundled at build time: the same files the trusted-documents manifest is built from,
// byte for byte, so in `require` mode these run and nothing else does.
const files = import.meta.glob<string>('../../schema/operations/*.graphql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The documented operations, with the variables their `# Variables:` comment gives. */
export const EXAMPLES: readonly Example[] = Object.entries(files)
  .map(([path, query]) => ({
    name: path.replace(/^.*\//, '').replace(/\.graphql$/, ''),
    query,
    variables: variablesOf(query),
  }))
  // The rep's one request first, then queries, subscriptions and mutations.
  .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));

function rank(example: { name: string; query: string }): number {
  if (example.name === 'CustomerContext') return 0;
  const kind = /^\s*(query|subscription|mutation)\b/m.exec(example.query)?.[1];
  return kind === 'query' ? 1 : kind === 'subscription' ? 2 : 3;
}

function variablesOf(query: string): string {
  const line = /^#\s*Variables:\s*(\{.*\})\s*$/m.exec(query)?.[1];
  if (!line) return '{}';
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return '{}';
  }
}
