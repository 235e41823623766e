import type { FetchDataRewrite, QueryPlanSelectionNode } from '@apollo/query-planner';
import { isAbstractType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

type Json = Record<string, unknown>;

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

/**
 * Type checks against the supergraph, memoized per (condition, runtime type): a plan's
 * representations and rewrites ask the same few questions for every entity.
 */
export class SupergraphTypes {
  private readonly known = new Map<string, boolean>();

  constructor(readonly schema: GraphQLSchema) {}

  /** `@apollo/gateway`'s `isObjectOfType`: is `object`'s `__typename` `condition` or under it? */
  isObjectOfType(object: Json, condition: string, unknownTypename = false): boolean {
    const typename = object.__typename;
    if (!typename) return unknownTypename;
    if (typeof typename !== 'string') return false;
    if (typename === condition) return true;
    const key = `${condition}\0${typename}`;
    let answer = this.known.get(key);
    if (answer === undefined) {
      answer = this.compute(typename, condition);
      this.known.set(key, answer);
    }
    return answer;
  }

  private compute(typename: string, condition: string): boolean {
    const type = this.schema.getType(typename);
    const conditional = this.schema.getType(condition);
    if (!type || !conditional || !isAbstractType(conditional)) return false;
    return (
      (isObjectType(type) || isInterfaceType(type)) && this.schema.isSubType(conditional, type)
    );
  }
}

/**
 * The representation of one entity for an `_entities` fetch: the `requires` selection read
 * from what the entity holds so far; null when a required field is missing.
 */
export function representationOf(
  types: SupergraphTypes,
  source: unknown,
  selections: readonly QueryPlanSelectionNode[],
): Json | null {
  if (source === null) return null;
  const result: Json = {};
  return representationInto(types, source as Json, selections, result) ? result : null;
}

/**
 * Writes the representation of `object` into `result`; false when a required field is
 * missing. A type condition that holds writes into `result` itself when nothing is there
 * yet (a plan's `requires` is one `... on T { ... }`); one that fails there leaves
 * `result` empty, as merging its null into `result` did.
 */
function representationInto(
  types: SupergraphTypes,
  object: Json,
  selections: readonly QueryPlanSelectionNode[],
  result: Json,
): boolean {
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      if (!hasOwn(object, name) || object[name] === undefined) return false;
      const value = object[name];
      const inner = selection.selections;
      let represented: unknown = value;
      if (Array.isArray(value)) {
        represented = value.map((item: unknown) =>
          inner ? representationOf(types, item, inner) : item,
        );
      } else if (inner) {
        represented = representationOf(types, value, inner);
      }
      setOwn(result, name, represented);
    } else if (selection.typeCondition && object) {
      if (!types.isObjectOfType(object, selection.typeCondition)) continue;
      if (isEmpty(result)) {
        if (!representationInto(types, object, selection.selections, result)) clear(result);
      } else {
        deepMerge(result, representationOf(types, object, selection.selections));
      }
    }
  }
  return true;
}

function isEmpty(object: Json): boolean {
  for (const key in object) if (hasOwn(object, key)) return false;
  return true;
}

function clear(object: Json): void {
  for (const key of Object.keys(object)) delete object[key];
}

/** `object[key] = value` as an own property even where the prototype has one. */
function setOwn(object: Json, key: string, value: unknown): void {
  if (key in object && !hasOwn(object, key)) defineOwn(object, key);
  object[key] = value;
}

const isObject = (value: unknown): value is Json =>
  value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);

/** Own property even where the prototype has one (`constructor`, `toString`...). */
function defineOwn(object: Json, key: string): void {
  if (!hasOwn(object, key) && key in object) {
    Object.defineProperty(object, key, {
      configurable: true,
      enumerable: true,
      value: undefined,
      writable: true,
    });
  }
}

/** Merges a subgraph's answer into what the response holds so far, in place. */
export function deepMerge(target: Json, source: Json | null | undefined): Json {
  if (source === undefined || source === null) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    let existing = target[key];
    // Only an inherited name (`constructor`, `__proto__`...) reads as defined and not own.
    if (existing !== undefined && !hasOwn(target, key)) {
      defineOwn(target, key);
      existing = undefined;
    }
    if (existing && isObject(value)) {
      deepMerge(existing as Json, value);
    } else if (
      Array.isArray(value) &&
      Array.isArray(existing) &&
      value.length === existing.length
    ) {
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        const held: unknown = existing[index];
        if (isObject(held) && isObject(item)) deepMerge(held, item);
        else existing[index] = item;
      }
    } else {
      target[key] = value;
    }
  }
  return target;
}

const FRAGMENT_PREFIX = '... on ';

/** Applies a fetch's input or output rewrites (interface objects' `__typename`, renamed keys). */
export function applyRewrites(
  types: SupergraphTypes,
  rewrites: readonly FetchDataRewrite[] | undefined,
  value: unknown,
): void {
  if (!rewrites) return;
  for (const rewrite of rewrites) {
    if (rewrite.path.length === 0) continue;
    const parent = rewrite.path.slice(0, -1);
    const last = rewrite.path[rewrite.path.length - 1]!;
    if (last.startsWith(FRAGMENT_PREFIX)) {
      throw new Error(`Unexpected fragment as last element of ${rewrite.path.join(',')}`);
    }
    applyAtPath(types, parent, 0, value, (object) => {
      if (rewrite.kind === 'ValueSetter') {
        defineOwn(object, last);
        object[last] = rewrite.setValueTo;
        return;
      }
      const held = hasOwn(object, last) ? object[last] : undefined;
      if (held) {
        defineOwn(object, rewrite.renameKeyTo);
        object[rewrite.renameKeyTo] = held;
        object[last] = undefined;
      }
    });
  }
}

function applyAtPath(
  types: SupergraphTypes,
  path: readonly string[],
  at: number,
  value: unknown,
  apply: (object: Json) => void,
): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAtPath(types, path, at, item, apply);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Json;
  if (at === path.length) {
    apply(object);
    return;
  }
  const element = path[at]!;
  if (element.startsWith(FRAGMENT_PREFIX)) {
    if (types.isObjectOfType(object, element.slice(FRAGMENT_PREFIX.length), true)) {
      applyAtPath(types, path, at + 1, object, apply);
    }
  } else {
    applyAtPath(types, path, at + 1, hasOwn(object, element) ? object[element] : undefined, apply);
  }
}
