import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { limitOf, type InputLimits } from '../../lib/inputBounds/inputLimits';

/** One over-limit input: the operation that sends it and the bound it must be refused by. */
export interface OverLimitCase {
  coordinate: string;
  limit: number;
  query: string;
  variables: Record<string, unknown>;
}

/** A valid value of `type` with only what is required. */
export function minimalValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return minimalValue(type.ofType);
  if (isListType(type)) return [minimalValue(type.ofType)];
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return Object.fromEntries(fields.map((f) => [f.name, minimalValue(f.type)]));
  }
  if (isEnumType(type)) return type.getValues()[0]?.name;
  const byScalar: Record<string, unknown> = { Int: 1, Float: 1, Boolean: true };
  if (type.name === 'DateTime') return '2030-01-01T10:00:00Z';
  return byScalar[type.name] ?? 'x';
}

/** Every value of `type` with exactly one string or list just over its bound. */
function overLimitValues(
  type: GraphQLInputType,
  coordinate: string,
  limits: InputLimits,
): { coordinate: string; limit: number; value: unknown }[] {
  if (isNonNullType(type)) return overLimitValues(type.ofType, coordinate, limits);
  const named = getNamedType(type);
  const { maxLength, maxItems } = limitOf(limits, coordinate, named.name);
  if (isListType(type)) {
    const item = minimalValue(type.ofType);
    return [
      { coordinate, limit: maxItems, value: new Array<unknown>(maxItems + 1).fill(item) },
      ...overLimitValues(type.ofType, coordinate, limits).map((v) => ({ ...v, value: [v.value] })),
    ];
  }
  if (isInputObjectType(type)) {
    const base = minimalValue(type) as Record<string, unknown>;
    return Object.values(type.getFields()).flatMap((field) =>
      overLimitValues(field.type, `${type.name}.${field.name}`, limits).map((v) => ({
        ...v,
        value: { ...base, [field.name]: v.value },
      })),
    );
  }
  if (named.name === 'String' || named.name === 'ID') {
    return [{ coordinate, limit: maxLength, value: 'x'.repeat(maxLength + 1) }];
  }
  return [];
}

/** One step of a selection path: a field, or an inline fragment narrowing to a member. */
type Step = { field: GraphQLField<unknown, unknown> } | { on: string };

/** The shortest selection path from `root` to every composite type reachable from it. */
function pathsFrom(schema: GraphQLSchema, root: GraphQLNamedType): Map<string, Step[]> {
  const paths = new Map<string, Step[]>([[root.name, []]]);
  const queue: GraphQLNamedType[] = [root];
  for (let type = queue.shift(); type; type = queue.shift()) {
    const here = paths.get(type.name) ?? [];
    const next: [GraphQLNamedType, Step[]][] = [];
    if (isAbstractType(type)) {
      for (const member of schema.getPossibleTypes(type)) {
        next.push([member, [...here, { on: member.name }]]);
      }
    }
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const target = getNamedType(field.type);
        if (isCompositeType(target)) next.push([target, [...here, { field }]]);
      }
    }
    for (const [target, steps] of next) {
      if (paths.has(target.name)) continue;
      paths.set(target.name, steps);
      queue.push(target);
    }
  }
  return paths;
}

/**
 * For every argument reachable from Query (and every argument of Mutation's fields), one
 * operation per string or list in it, sending just that one over its bound.
 */
export function overLimitCases(schema: GraphQLSchema, limits: InputLimits): OverLimitCase[] {
  const cases: OverLimitCase[] = [];
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const parents: ['query' | 'mutation', string, Step[]][] = [
    ...[...(query ? pathsFrom(schema, query) : [])].map(
      ([name, steps]) => ['query', name, steps] as ['query', string, Step[]],
    ),
    ...(mutation ? [['mutation', mutation.name, []] as ['mutation', string, Step[]]] : []),
  ];
  for (const [keyword, typeName, steps] of parents) {
    const parent = schema.getType(typeName);
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    for (const field of Object.values(parent.getFields())) {
      for (const arg of field.args) {
        const coordinate = `${typeName}.${field.name}(${arg.name}:)`;
        for (const over of overLimitValues(arg.type, coordinate, limits)) {
          const path = [...steps, { field }];
          cases.push({ ...over, ...operationFor(keyword, path, arg.name, over.value) });
        }
      }
    }
  }
  return cases;
}

/** The operation selecting `path`, its last field's argument `target` set to `value`. */
function operationFor(
  keyword: string,
  path: Step[],
  target: string,
  value: unknown,
): { query: string; variables: Record<string, unknown> } {
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  let selection = '';
  for (const [index, step] of [...path.entries()].reverse()) {
    if ('on' in step) {
      selection = `... on ${step.on} { ${selection} }`;
      continue;
    }
    const args = step.field.args.flatMap((arg, i) => {
      const name = `v${index}_${i}`;
      if (index === path.length - 1 && arg.name === target) variables[name] = value;
      else if (isNonNullType(arg.type)) variables[name] = minimalValue(arg.type);
      else return [];
      definitions.push(`$${name}: ${String(arg.type)}`);
      return [`${arg.name}: $${name}`];
    });
    const inner = isCompositeType(getNamedType(step.field.type))
      ? ` { __typename ${selection} }`
      : '';
    selection = `${step.field.name}${args.length ? `(${args.join(', ')})` : ''}${inner}`;
  }
  const header = definitions.length ? `(${definitions.join(', ')})` : '';
  return { query: `${keyword} Over${header} { ${selection} }`, variables };
}
