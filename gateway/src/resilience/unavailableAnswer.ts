import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, type DocumentNode, type GraphQLError, type SelectionSetNode } from 'graphql';

/** Most errors one failed fetch answers with (one per entity and field it would have filled). */
export const MAX_ERRORS_PER_FETCH = 100;

/**
 * The answer a subgraph fetch that failed gives the gateway: null for each field it
 * would have filled, and `error` once at each of those places, so the client sees where its answer has a
 * hole (`["customer", "orders"]`) and not just that one did. Paths are relative to the
 * subgraph operation — a root field's response key, or `["_entities", i, field]` for each
 * representation — which the gateway maps onto the client's answer. A fetch whose
 * operation cannot be read answers `error` once, without a path.
 */
export function unavailableAnswer(
  error: GraphQLError,
  operation: { document?: DocumentNode | undefined; query?: string | undefined },
  variables: Readonly<Record<string, unknown>> | undefined,
): GatewayGraphQLResponse {
  const formatted = error.toJSON();
  const holes = missingFields(operation, variables);
  if (!holes) return { errors: [formatted] };
  const paths = holes.paths.slice(0, MAX_ERRORS_PER_FETCH);
  return {
    data: holes.data,
    errors: paths.length > 0 ? paths.map((path) => ({ ...formatted, path })) : [formatted],
  };
}

/** The fields a fetch would have filled, as null data and as one path each. */
interface Holes {
  data: Record<string, unknown>;
  paths: (string | number)[][];
}

/**
 * Null for every field the fetch asked for: a field another fetch `@requires` is then
 * there (as null) and that fetch still runs, rather than being skipped for a missing
 * input (support's `attention` without orders' flags, instead of no attention at all).
 */
function missingFields(
  operation: { document?: DocumentNode | undefined; query?: string | undefined },
  variables: Readonly<Record<string, unknown>> | undefined,
): Holes | undefined {
  let document = operation.document;
  if (!document && operation.query) {
    try {
      document = parse(operation.query);
    } catch {
      return undefined;
    }
  }
  const definition = document?.definitions.find(
    (candidate) => candidate.kind === Kind.OPERATION_DEFINITION,
  );
  if (!definition || definition.kind !== Kind.OPERATION_DEFINITION) return undefined;
  const data: Record<string, unknown> = {};
  const paths: (string | number)[][] = [];
  for (const selection of definition.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = (selection.alias ?? selection.name).value;
    if (selection.name.value !== '_entities') {
      data[key] = null;
      paths.push([key]);
      continue;
    }
    const representations = Array.isArray(variables?.representations)
      ? (variables.representations as unknown[])
      : [];
    data[key] = representations.map((representation, index) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      const entity: Record<string, null> = {};
      for (const field of responseKeys(selection.selectionSet, typename)) {
        entity[field] = null;
        paths.push([key, index, field]);
      }
      return entity;
    });
  }
  return { data, paths };
}

/**
 * Response keys of a selection set for an object of type `typename`, through the inline
 * fragments on that type, without `__typename`.
 */
function responseKeys(selectionSet: SelectionSetNode | undefined, typename: unknown): string[] {
  const keys = new Set<string>();
  for (const selection of selectionSet?.selections ?? []) {
    const condition = selection.kind === Kind.INLINE_FRAGMENT && selection.typeCondition;
    if (
      selection.kind === Kind.INLINE_FRAGMENT &&
      (!condition || condition.name.value === typename)
    )
      for (const key of responseKeys(selection.selectionSet, typename)) keys.add(key);
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename')
      keys.add((selection.alias ?? selection.name).value);
  }
  return [...keys];
}
