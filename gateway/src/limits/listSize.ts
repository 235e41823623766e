import { getNamedType, isInputObjectType, type GraphQLField, type GraphQLInputType } from 'graphql';
import type { ListSizeInfo } from './readCostDirectives';

/** The size `@listSize` gives a field in one operation, and which child fields it sizes. */
export interface ListSizing {
  /** The size, or undefined when `@listSize` gives none (the default list size applies). */
  size: number | undefined;
  /** Child fields the size applies to; empty = the field itself. */
  sizedFields: readonly string[];
}

/**
 * Applies a field's `@listSize` to its argument values: the largest slicing argument
 * given (dotted paths reach into input objects; an argument's default counts as given),
 * else `assumedSize`. Throws `errorClass` when `requireOneSlicingArgument` is broken.
 */
export function listSize(
  info: ListSizeInfo | undefined,
  args: Record<string, unknown>,
  coordinate: string,
  errorClass: new (message: string) => Error,
): ListSizing {
  if (!info) return { size: undefined, sizedFields: [] };
  const given = info.slicingArguments
    .map((path) => valueAt(args, path))
    .filter((value): value is number => typeof value === 'number');
  if (info.slicingArguments.length > 0 && info.requireOneSlicingArgument && given.length !== 1) {
    throw new errorClass(
      `${coordinate} needs exactly one of its slicing arguments (${info.slicingArguments.join(', ')}); got ${given.length}`,
    );
  }
  const size = given.length > 0 ? Math.max(...given) : info.assumedSize;
  return { size, sizedFields: info.sizedFields };
}

function valueAt(args: Record<string, unknown>, path: string): unknown {
  let value: unknown = args;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Weight of the arguments given to a field: `@cost` on each argument given, plus `@cost`
 * on the input-object fields set inside it (recursively; lists count each item).
 */
export function argumentsCost(
  weights: ReadonlyMap<string, number>,
  coordinate: string,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): number {
  let cost = 0;
  for (const arg of field.args) {
    const value = args[arg.name];
    if (value === undefined || value === null) continue;
    cost += weights.get(`${coordinate}(${arg.name}:)`) ?? 0;
    cost += inputCost(weights, arg.type, value);
  }
  return cost;
}

function inputCost(
  weights: ReadonlyMap<string, number>,
  type: GraphQLInputType,
  value: unknown,
): number {
  if (Array.isArray(value)) {
    return value.reduce<number>((sum, item) => sum + inputCost(weights, type, item), 0);
  }
  const named = getNamedType(type);
  if (!isInputObjectType(named) || typeof value !== 'object' || value === null) return 0;
  let cost = 0;
  for (const [name, field] of Object.entries(named.getFields())) {
    const inner = (value as Record<string, unknown>)[name];
    if (inner === undefined || inner === null) continue;
    cost += (weights.get(`${named.name}.${name}`) ?? 0) + inputCost(weights, field.type, inner);
  }
  return cost;
}
