import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** One subgraph entry of a rover `supergraph.yaml`. */
export interface SubgraphSource {
  name: string;
  /** URL the gateway will route to, written into the supergraph. */
  routingUrl: string;
  /** Where its SDL comes from: a file (absolute path) or a running subgraph's `_service { sdl }`. */
  schema: { kind: 'file'; path: string } | { kind: 'introspect'; url: string };
}

const entry = z.object({
  routing_url: z.string().min(1),
  schema: z.union([
    z.object({ file: z.string().min(1) }),
    z.object({ subgraph_url: z.string().min(1) }),
  ]),
});
const configSchema = z.object({
  federation_version: z.string().optional(),
  subgraphs: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/), entry),
});

/** The `@apollo/composition` version this gateway composes with, e.g. `2.14.4`. */
export const COMPOSITION_VERSION: string = (
  createRequire(__filename)('@apollo/composition/package.json') as { version: string }
).version;

/**
 * rover reads `federation_version: =X.Y.Z` as "compose with that exact composition
 * version". We compose with one version only, so any other pin would make rover and
 * `compose` disagree; refuse it rather than read and ignore it. Unset means "ours".
 */
function federationVersionProblem(pinned: string | undefined): string | null {
  if (pinned === undefined || pinned === `=${COMPOSITION_VERSION}`) return null;
  return (
    `federation_version: ${JSON.stringify(pinned)}: this gateway composes with ` +
    `@apollo/composition ${COMPOSITION_VERSION}; write \`federation_version: =${COMPOSITION_VERSION}\` ` +
    `(rover then composes the same supergraph) or remove the line`
  );
}

/**
 * Reads a supergraph config in rover's format (`subgraphs.<name>.routing_url` and
 * `schema.file` relative to the config, or `schema.subgraph_url`), so that
 * `rover supergraph compose --config` reads the same file.
 */
export function readSupergraphConfig(configPath: string): SubgraphSource[] {
  const parsed = configSchema.safeParse(parseYaml(readFileSync(configPath, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(
      `${configPath} is not a valid supergraph config:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const versionProblem = federationVersionProblem(parsed.data.federation_version);
  if (versionProblem)
    throw new Error(`${configPath} is not a valid supergraph config:\n  - ${versionProblem}`);
  const base = dirname(configPath);
  return Object.entries(parsed.data.subgraphs).map(([name, value]) => ({
    name,
    routingUrl: value.routing_url,
    schema:
      'file' in value.schema
        ? { kind: 'file', path: resolve(base, value.schema.file) }
        : { kind: 'introspect', url: value.schema.subgraph_url },
  }));
}
