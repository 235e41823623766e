import {
  ERRORS,
  isValidLeafValue,
  type CompositeType,
  type EnumType,
  type FieldSelection,
  type NamedType,
  type ScalarType,
  type Type,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';
import {
  fragmentApplies,
  typeNamed,
  type CompiledShape,
  type Condition,
  type Step,
} from './compileShape';

// Read once: a call through the package's re-exports goes through a getter each time, and
// the type tests below are `kind` comparisons (what the package's `is...Type` do).
const validLeaf = isValidLeafValue;
const isComposite = (type: Type): type is CompositeType =>
  type.kind === 'ObjectType' || type.kind === 'InterfaceType' || type.kind === 'UnionType';

/** What one shaping pass needs besides the compiled shape. */
interface ShapingRun {
  readonly shape: CompiledShape;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly errors: GraphQLError[];
  readonly introspect: (field: FieldSelection) => unknown;
  /** What the last `completeValue` reported besides its value (no object per value). */
  invalid: boolean;
  hasErrors: boolean;
}

/**
 * The client's answer from the merged subgraph answers: only the fields asked for, under
 * their aliases, with `__typename`, `@skip`/`@include`, fragments by runtime type, leaf
 * values checked, and nulls propagated to the nearest nullable parent. Follows the rules
 * of `@apollo/gateway`'s result shaping exactly (the differential tests hold it to them).
 */
export function shapeResponse(
  shape: CompiledShape,
  input: Record<string, unknown>,
  variables: Readonly<Record<string, unknown>> | undefined,
  introspect: (field: FieldSelection) => unknown,
): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  const run: ShapingRun = {
    shape,
    variables: { __proto__: null, ...shape.defaultedVariables, ...variables },
    errors: [],
    introspect,
    invalid: false,
    hasErrors: false,
  };
  const data = newObject(shape);
  const bubbled = applySteps(run, shape.root, input, data, [], shape.rootType);
  return { data: bubbled ? null : data, errors: run.errors };
}

type Path = (string | number)[];

function newObject(shape: CompiledShape): Record<string, unknown> {
  return shape.plainObjects ? {} : (Object.create(null) as Record<string, unknown>);
}

/** Returns true when a non-null field came out null and the parent must be null too. */
function applySteps(
  run: ShapingRun,
  steps: readonly Step[],
  input: Record<string, unknown>,
  output: Record<string, unknown>,
  path: Path,
  parentType: NamedType,
): boolean {
  for (const step of steps) {
    if (step.condition && skipped(step.condition, run.variables)) continue;
    if (step.kind === 'fragment') {
      const typename = input.__typename;
      if (typename !== undefined && typename !== null && typeof typename !== 'string') {
        throw new Error(`Got unexpected value for __typename: ${describeValue(typename)}`);
      }
      if (!fragmentApplies(run.shape.schema, step, typename || undefined, parentType)) continue;
      const inner = step.typeCondition ?? parentType;
      if (applySteps(run, step.sub, input, output, path, inner)) return true;
      continue;
    }
    const name = step.responseName;
    const outputValue = output[name];
    if (step.introspection) {
      if (outputValue === undefined) output[name] = run.introspect(step.introspection);
      continue;
    }
    let inputValue = Object.prototype.hasOwnProperty.call(input, name) ? input[name] : undefined;
    if (inputValue === undefined) inputValue = null;
    if (step.typename) {
      if (outputValue !== undefined) continue;
      if (inputValue === null && name !== '__typename') inputValue = input.__typename ?? null;
      const type =
        typeof inputValue === 'string'
          ? (typeNamed(run.shape, inputValue) ?? parentType)
          : parentType;
      if (type.kind !== 'ObjectType') return true;
      output[name] = type.name;
      continue;
    }
    path.push(name);
    output[name] = completeValue(
      run,
      outputValue,
      step.type,
      inputValue,
      step.sub,
      path,
      parentType,
    );
    path.pop();
    if (run.invalid) return true;
  }
  return false;
}

/** Sets what `completeValue` reports besides its value, and returns the value. */
function done(run: ShapingRun, value: unknown, invalid: boolean, hasErrors: boolean): unknown {
  run.invalid = invalid;
  run.hasErrors = hasErrors;
  return value;
}

/** The value to answer at `path`; `run.invalid` says the parent must be null too. */
function completeValue(
  run: ShapingRun,
  outputValue: unknown,
  type: Type,
  inputValue: unknown,
  sub: readonly Step[] | null,
  path: Path,
  parentType: NamedType,
): unknown {
  if (outputValue === null || (outputValue !== undefined && !sub)) {
    return done(run, outputValue, false, false);
  }
  if (type.kind === 'NonNullType') {
    const inner = type.ofType as Type;
    const value = completeValue(run, outputValue, inner, inputValue, sub, path, parentType);
    if (value !== null) return done(run, value, false, false);
    if (!run.hasErrors) {
      run.errors.push(
        ERRORS.INVALID_GRAPHQL.err(
          `Cannot return null for non-nullable ${describeLast(path, inner, parentType)}.`,
          { path: [...path] },
        ),
      );
    }
    return done(run, null, true, true);
  }
  if (inputValue === null) return done(run, null, false, false);
  if (type.kind === 'ListType') {
    return completeList(run, outputValue, type.ofType as Type, inputValue, sub, path, parentType);
  }
  if (isComposite(type)) {
    if (typeof inputValue !== 'object') {
      throw new Error(
        `Invalid non-object value ${describeValue(inputValue)} returned by subgraph for composite type ${type.toString()}`,
      );
    }
    const object = inputValue as Record<string, unknown>;
    const typename = object.__typename;
    if (typename !== undefined && typeof typename !== 'string') {
      throw new Error(
        `Invalid non-string value ${describeValue(typename)} for __typename at ${path.join(',')}`,
      );
    }
    let objectType: NamedType = type;
    if (typename) {
      const runtime = typeNamed(run.shape, typename);
      if (!runtime || !isComposite(runtime)) {
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Invalid __typename found for object at ${describeLast(path, type, parentType)}.`,
            { path: [...path] },
          ),
        );
        return done(run, null, false, true);
      }
      objectType = runtime;
    }
    const target = (outputValue ?? newObject(run.shape)) as Record<string, unknown>;
    const bubbled = applySteps(run, sub!, object, target, path, objectType);
    return done(run, bubbled ? null : target, false, bubbled);
  }
  const valid = validLeaf(run.shape.schema, inputValue, type as ScalarType | EnumType);
  if (!valid) {
    run.errors.push(
      ERRORS.INVALID_GRAPHQL.err(
        `Invalid value found for ${describeLast(path, type, parentType)}.`,
        {
          path: [...path],
        },
      ),
    );
  }
  return done(run, valid ? inputValue : null, false, !valid);
}

function completeList(
  run: ShapingRun,
  outputValue: unknown,
  itemType: Type,
  inputValue: unknown,
  sub: readonly Step[] | null,
  path: Path,
  parentType: NamedType,
): unknown {
  if (!Array.isArray(inputValue)) {
    throw new Error(
      `Invalid non-list value ${describeValue(inputValue)} returned by subgraph for list type [${itemType.toString()}]`,
    );
  }
  const previous = outputValue as unknown[] | undefined;
  if (previous !== undefined && previous.length !== inputValue.length) {
    throw new Error(
      `[${describeValue(inputValue)}].length (${inputValue.length}) !== [${describeValue(previous)}].length (${previous.length})`,
    );
  }
  let nullify = false;
  let hasErrors = false;
  const updated = new Array<unknown>(inputValue.length);
  for (let index = 0; index < inputValue.length; index++) {
    path.push(index);
    updated[index] = completeValue(
      run,
      previous?.[index],
      itemType,
      inputValue[index],
      sub,
      path,
      parentType,
    );
    path.pop();
    if (run.invalid) nullify = true;
    if (run.hasErrors) hasErrors = true;
  }
  return done(run, nullify ? null : updated, false, hasErrors);
}

function describeLast(path: Path, currentType: Type, parentType: NamedType): string {
  const last = path[path.length - 1];
  return typeof last === 'string'
    ? `field ${parentType.toString()}.${last}`
    : `array element of type ${currentType.toString()} at index ${last}`;
}

function skipped(condition: Condition, variables: Readonly<Record<string, unknown>>): boolean {
  if (condition.skip !== undefined && ifValue(condition.skip, variables, 'skip')) return true;
  return condition.include !== undefined && !ifValue(condition.include, variables, 'include');
}

function ifValue(
  argument: boolean | string,
  variables: Readonly<Record<string, unknown>>,
  directive: string,
): boolean {
  if (typeof argument === 'boolean') return argument;
  const value = variables[argument];
  if (typeof value !== 'boolean') {
    throw new Error(
      `Unexpected value ${String(value)} for variable $${argument} of @${directive}(if: $${argument})`,
    );
  }
  return value;
}

function describeValue(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
