import type { CompositionProblem } from '../composition/composeSupergraph';
import { composeSupergraph } from '../composition/composeSupergraph';
import type { SubgraphSource } from '../composition/readSupergraphConfig';
import pino from 'pino';
import { liveSchemaBuilder } from '../subscriptions/liveSchema';
import type { LiveField } from '../subscriptions/subscriptionServerOptions';
import { apiSchemaOf } from './apiSchemaOf';
import { findBrokenOperations, type OperationsImpact } from './brokenOperations';
import { diffApiSchemas, type SchemaChanges } from './diffApiSchemas';
import type { RegisteredOperation } from './registeredOperations';

/** What to check: a candidate schema for one subgraph, against the configured graph. */
export interface CheckSubgraphInput {
  /** The subgraphs as configured today (from `readSupergraphConfig`). */
  configured: readonly SubgraphSource[];
  /** The subgraph the candidate replaces (or adds, when no configured subgraph has this name). */
  name: string;
  /** Where the candidate SDL comes from. */
  candidate: SubgraphSource['schema'];
  /** Operations clients send; each is validated against the candidate API schema. */
  operations?: readonly RegisteredOperation[];
  /** The gateway's live fields: registered subscriptions validate against them. Default none. */
  live?: readonly LiveField[];
  /** `SUBGRAPH_HMAC_SECRET`, to read SDL from running subgraphs (signed). Default none. */
  secret?: string | null;
  /** Directory that schema files are named relative to in problem locations. Default the process's. */
  relativeTo?: string;
}

/** The outcome of a check. */
export type CheckSubgraphResult =
  | {
      kind: 'does-not-compose';
      /** Which composition failed: the graph as configured today, or with the candidate. */
      which: 'current' | 'candidate';
      problems: CompositionProblem[];
    }
  | {
      kind: 'compared';
      /** True when the name is not configured yet: the candidate is checked as an addition. */
      added: boolean;
      changes: SchemaChanges;
      operations?: OperationsImpact;
    };

/**
 * Composes the graph as configured and again with the candidate in place of (or added
 * as) `name`, then compares the two API schemas and validates the registered operations.
 */
export async function checkSubgraph(input: CheckSubgraphInput): Promise<CheckSubgraphResult> {
  const existing = input.configured.find((source) => source.name === input.name);
  const candidateSource: SubgraphSource = {
    name: input.name,
    routingUrl:
      existing?.routingUrl ??
      (input.candidate.kind === 'introspect'
        ? input.candidate.url
        : `http://${input.name}.invalid/graphql`),
    schema: input.candidate,
  };
  const withCandidate = existing
    ? input.configured.map((source) => (source === existing ? candidateSource : source))
    : [...input.configured, candidateSource];

  const compose = {
    secret: input.secret ?? null,
    ...(input.relativeTo === undefined ? {} : { relativeTo: input.relativeTo }),
  };
  const current = await composeSupergraph(input.configured, compose);
  if (!current.ok)
    return { kind: 'does-not-compose', which: 'current', problems: current.problems };
  const next = await composeSupergraph(withCandidate, compose);
  if (!next.ok) return { kind: 'does-not-compose', which: 'candidate', problems: next.problems };

  const withLiveFields = liveSchemaBuilder(input.live ?? [], pino({ enabled: false }));
  const currentApi = apiSchemaOf(current.supergraphSdl);
  const candidateApi = apiSchemaOf(next.supergraphSdl);
  return {
    kind: 'compared',
    added: !existing,
    changes: await diffApiSchemas(currentApi, candidateApi),
    ...(input.operations
      ? {
          // Registered subscriptions validate against the schema with the live fields.
          operations: findBrokenOperations(
            input.operations,
            withLiveFields(currentApi).schema,
            withLiveFields(candidateApi).schema,
          ),
        }
      : {}),
  };
}
