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
  .sort((a, b) => a.name.localeCompare(b.name));

function variablesOf(query: string): string {
  const line = /^#\s*Variables:\s*(\{.*\})\s*$/m.exec(query)?.[1];
  if (!line) return '{}';
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return '{}';
  }
}
