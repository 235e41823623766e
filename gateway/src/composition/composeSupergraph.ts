import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { composeServices } from '@apollo/composition';
import { GraphQLError, parse, Source } from 'graphql';
import type { CallerClaims } from '../../../lib/claims';
import { signRequest } from '../../../lib/signedClaims';
import { locationOf } from './locationOf';
import { nonNullAcrossSubgraphs } from './nonNullAcrossSubgraphs';
import type { SubgraphSource } from './readSupergraphConfig';

/** One composition problem, named so an integrator can find it. */
export interface CompositionProblem {
  /** Composition error code, e.g. `FIELD_TYPE_MISMATCH` or `INVALID_GRAPHQL`. */
  code: string;
  message: string;
  /** `subgraph (file):line:column` for each place involved. */
  locations: string[];
}

/** The outcome of composing: a supergraph, or every problem found. */
export type CompositionResult =
  { ok: true; supergraphSdl: string } | { ok: false; problems: CompositionProblem[] };

/** Options for {@link composeSupergraph}. */
export interface ComposeOptions {
  /**
   * `SUBGRAPH_HMAC_SECRET`, to sign `_service { sdl }` requests to running subgraphs
   * (they answer nothing unsigned). Default none: only schema files can be read.
   */
  secret?: string | null;
  /**
   * Directory that schema files are named relative to in problem locations, e.g.
   * `crm (subgraphs/crm/src/schema.graphql):3:5`. Default the process's directory.
   */
  relativeTo?: string;
}

/** The caller composition signs as when it asks a running subgraph for its SDL. */
const COMPOSER_CLAIMS: Readonly<CallerClaims> = {
  sub: 'gateway-composition',
  role: 'service',
  scopes: [],
};

/** Loads each subgraph's SDL (file or `_service { sdl }`) and composes them with `@apollo/composition`. */
export async function composeSupergraph(
  sources: readonly SubgraphSource[],
  options: ComposeOptions = {},
): Promise<CompositionResult> {
  const services = [];
  const problems: CompositionProblem[] = [];
  const relativeTo = options.relativeTo ?? process.cwd();
  for (const source of sources) {
    const label =
      source.schema.kind === 'file'
        ? `${source.name} (${relative(relativeTo, source.schema.path)})`
        : `${source.name} (${source.schema.url})`;
    try {
      const sdl = await loadSdl(source, options.secret ?? null);
      services.push({
        name: source.name,
        url: source.routingUrl,
        typeDefs: parse(new Source(sdl, label)),
      });
    } catch (error) {
      problems.push(describe(error, 'INVALID_GRAPHQL', label));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const result = composeServices(services);
  if (result.errors)
    return {
      ok: false,
      problems: result.errors.map((error) => describe(error, 'COMPOSITION_ERROR')),
    };
  if (!result.supergraphSdl)
    return {
      ok: false,
      problems: [{ code: 'COMPOSITION_ERROR', message: 'no supergraph produced', locations: [] }],
    };
  // A supergraph that composes may still turn one subgraph's outage into a null parent.
  const partiality = nonNullAcrossSubgraphs(result.supergraphSdl, services);
  if (partiality.length > 0) return { ok: false, problems: partiality };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

async function loadSdl(source: SubgraphSource, secret: string | null): Promise<string> {
  if (source.schema.kind === 'file') return readFileSync(source.schema.path, 'utf8');
  const { url } = source.schema;
  if (secret === null) {
    throw new Error(
      `reading the SDL of ${url} needs SUBGRAPH_HMAC_SECRET (subgraphs answer signed calls only)`,
    );
  }
  const query = JSON.stringify({ query: '{ _service { sdl } }' });
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signRequest(COMPOSER_CLAIMS, secret, { subgraph: source.name, body: query }),
    },
    body: query,
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl)
    throw new Error(
      `${source.schema.url} did not answer _service { sdl } (HTTP ${response.status})`,
    );
  return sdl;
}

function describe(error: unknown, fallbackCode: string, label?: string): CompositionProblem {
  if (error instanceof GraphQLError) {
    const code = typeof error.extensions.code === 'string' ? error.extensions.code : fallbackCode;
    const locations = (error.nodes ?? []).flatMap((node) => locationOf(node) ?? []);
    if (locations.length === 0 && error.source && error.locations) {
      for (const loc of error.locations)
        locations.push(`${error.source.name}:${loc.line}:${loc.column}`);
    }
    if (locations.length === 0 && label) locations.push(label);
    return { code, message: error.message, locations };
  }
  return {
    code: fallbackCode,
    message: error instanceof Error ? error.message : String(error),
    locations: label ? [label] : [],
  };
}
