import type { FetchNode } from '@apollo/query-planner';
import type { GraphQLFormattedError } from 'graphql';
import { applyRewrites, representationOf, type SupergraphTypes } from './representations';

type Json = Record<string, unknown>;

/**
 * What one `_entities` fetch asks for: each distinct representation once, and the
 * entities of the response each one stands for. A plan reaches the same entity from many
 * places (the same product under every review of it); `@apollo/gateway` sends one
 * representation per place, and the subgraph answers, and the gateway parses and merges,
 * the same entity that many times.
 */
export interface EntityReads {
  /** Distinct representations, in the order they first appear. */
  readonly representations: Json[];
  /** The entities each representation stands for (same runtime `__typename`). */
  readonly owners: Json[][];
  /** Each representation's indexes among all of them, duplicates included (Apollo's). */
  readonly positions: number[][];
  /** Whether any representation stands for more than one entity. */
  readonly deduplicated: boolean;
}

/** The representations of `entities` for `fetch` (entities without one are not asked for). */
export function entityReads(
  types: SupergraphTypes,
  entities: readonly Json[],
  fetch: FetchNode,
): EntityReads {
  const representations: Json[] = [];
  const owners: Json[][] = [];
  const positions: number[][] = [];
  const known = new Map<string, number>();
  let count = 0;
  for (const entity of entities) {
    const representation = representationOf(types, entity, fetch.requires!);
    if (!representation || !representation.__typename) continue;
    applyRewrites(types, fetch.inputRewrites, representation);
    // The entity's own `__typename` too: an input rewrite may send several types as one
    // (interface objects), and each entity keeps its own in the answer.
    const key = `${String(entity.__typename)}\0${JSON.stringify(representation)}`;
    const index = known.get(key);
    if (index === undefined) {
      known.set(key, representations.length);
      representations.push(representation);
      owners.push([entity]);
      positions.push([count]);
    } else {
      owners[index]!.push(entity);
      positions[index]!.push(count);
    }
    count++;
  }
  return { representations, owners, positions, deduplicated: count > representations.length };
}

/**
 * The subgraph's errors as Apollo would have had them had every duplicate been sent: an
 * error at `_entities[i]` once for each place representation `i` stands for, by index.
 */
export function errorsPerEntity(
  errors: readonly GraphQLFormattedError[],
  reads: EntityReads,
): GraphQLFormattedError[] {
  const whole: GraphQLFormattedError[] = [];
  const placed: { at: number; error: GraphQLFormattedError }[] = [];
  for (const error of errors) {
    const path = error.path;
    const index = path?.[0] === '_entities' ? path[1] : undefined;
    const at = typeof index === 'number' ? reads.positions[index] : undefined;
    if (!path || !at) {
      whole.push(error);
      continue;
    }
    for (const position of at) {
      placed.push({
        at: position,
        error: { ...error, path: ['_entities', position, ...path.slice(2)] },
      });
    }
  }
  placed.sort((a, b) => a.at - b.at);
  return [...whole, ...placed.map(({ error }) => error)];
}
