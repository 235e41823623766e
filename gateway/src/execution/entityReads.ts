import type { FetchNode, QueryPlanSelectionNode } from '@apollo/query-planner';
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
  const flat = fetch.inputRewrites?.length ? null : flatRequires(fetch.requires!);
  let count = 0;
  for (const entity of entities) {
    const quick = flat ? flatKey(types, entity, flat) : undefined;
    if (quick === null) continue;
    let index = quick === undefined ? undefined : known.get(quick);
    if (index === undefined) {
      const representation = representationOf(types, entity, fetch.requires!);
      if (!representation || !representation.__typename) continue;
      applyRewrites(types, fetch.inputRewrites, representation);
      // The entity's own `__typename` too: an input rewrite may send several types as
      // one (interface objects), and each entity keeps its own in the answer.
      const key = quick ?? `${String(entity.__typename)}\0\0${JSON.stringify(representation)}`;
      index = known.get(key);
      if (index === undefined) {
        known.set(key, representations.length);
        representations.push(representation);
        owners.push([entity]);
        positions.push([count++]);
        continue;
      }
    }
    owners[index]!.push(entity);
    positions[index]!.push(count++);
  }
  return { representations, owners, positions, deduplicated: count > representations.length };
}

/** A `requires` of the usual form, `... on T { __typename a b }` with leaf fields only. */
interface FlatRequires {
  readonly typeCondition: string;
  /** Response names, `__typename` among them. */
  readonly names: readonly string[];
}

const flatForms = new WeakMap<readonly QueryPlanSelectionNode[], FlatRequires | null>();

function flatRequires(requires: readonly QueryPlanSelectionNode[]): FlatRequires | null {
  let form = flatForms.get(requires);
  if (form !== undefined) return form;
  const [only] = requires;
  const fields =
    requires.length === 1 && only?.kind === 'InlineFragment' && only.typeCondition
      ? only.selections
      : [];
  const names = fields.map((field) =>
    field.kind === 'Field' && !field.selections ? (field.alias ?? field.name) : null,
  );
  form =
    only?.kind === 'InlineFragment' &&
    only.typeCondition &&
    names.length > 0 &&
    names.every((name) => name !== null) &&
    names.includes('__typename')
      ? { typeCondition: only.typeCondition, names: names }
      : null;
  flatForms.set(requires, form);
  return form;
}

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

/**
 * The dedupe key of `entity`'s representation read straight from it, so that a
 * representation is built only for the first entity of each key: null when it has none
 * (`representationOf` would give no `__typename`), undefined when a value is not a plain
 * string, number, boolean or null (the key is then the representation's JSON).
 */
function flatKey(
  types: SupergraphTypes,
  entity: Json,
  form: FlatRequires,
): string | null | undefined {
  if (!types.isObjectOfType(entity, form.typeCondition)) return null;
  let key = String(entity.__typename);
  for (const name of form.names) {
    const value = hasOwn(entity, name) ? entity[name] : undefined;
    if (value === undefined) return null;
    if (name === '__typename' && !value) return null;
    if (typeof value === 'string') {
      if (value.includes('\0')) return undefined;
      key += `\0s${value}`;
    } else if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
      key += `\0v${String(value)}`;
    } else {
      return undefined;
    }
  }
  return key;
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
