import {
  getNamedType,
  isLeafType,
  isObjectType,
  isUnionType,
  Kind,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * What is wrong with one `_entities` representation, or null when this subgraph can
 * resolve it: an object whose `__typename` names one of its entities, carrying every
 * field of one of the type's `@key`s (a leaf key field as a scalar), with no NUL
 * character in any string. The reference resolvers then never meet a shape they would
 * fail on with a server error. The message never repeats the value sent.
 */
export function representationProblem(
  schema: GraphQLSchema,
  representation: unknown,
  index: number,
): string | null {
  const at = `representations[${index}]`;
  if (
    typeof representation !== 'object' ||
    representation === null ||
    Array.isArray(representation)
  ) {
    return `${at} is not an object`;
  }
  const record = representation as Record<string, unknown>;
  const typename = record.__typename;
  if (typeof typename !== 'string') return `${at} has no __typename`;
  const type = entityTypes(schema).get(typename);
  if (!type) return `${at}.__typename is not an entity type of this subgraph`;
  if (hasNul(record)) return `${at} contains a NUL character (\\u0000)`;
  const keys = keyFieldsOf(type);
  const complete = keys.some((fields) =>
    fields.every((name) => {
      const value = record[name];
      if (value === undefined || value === null) return false;
      const field = type.getFields()[name];
      return !field || !isLeafType(getNamedType(field.type)) || typeof value !== 'object';
    }),
  );
  if (keys.length > 0 && !complete) {
    const wanted = [...new Set(keys.map((fields) => fields.join(' ')))].join('" or "');
    return `${at} lacks the key of ${type.name} ("${wanted}"), or a key field is not a scalar`;
  }
  return null;
}

const entitiesOf = new WeakMap<GraphQLSchema, Map<string, GraphQLObjectType>>();

function entityTypes(schema: GraphQLSchema): Map<string, GraphQLObjectType> {
  let found = entitiesOf.get(schema);
  if (!found) {
    const union = schema.getType('_Entity');
    const members = union && isUnionType(union) ? union.getTypes() : [];
    found = new Map(members.filter(isObjectType).map((type) => [type.name, type]));
    entitiesOf.set(schema, found);
  }
  return found;
}

/** The top-level field names of each `@key(fields:)` of `type`. */
function keyFieldsOf(type: GraphQLObjectType): string[][] {
  const nodes = [type.astNode, ...(type.extensionASTNodes ?? [])];
  const keys: string[][] = [];
  for (const node of nodes) {
    for (const directive of node?.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const fields = directive.arguments?.find((arg) => arg.name.value === 'fields');
      if (fields?.value.kind !== Kind.STRING) continue;
      // Top-level names only: nested selections `a { b }` are dropped with their braces.
      const topLevel = fields.value.value.replace(/\{[^{}]*\}/g, ' ');
      keys.push(topLevel.split(/[\s,]+/).filter(Boolean));
    }
  }
  return keys;
}

function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next === 'string' && next.includes('\u0000')) return true;
    if (typeof next === 'object' && next !== null)
      stack.push(...(Object.values(next) as unknown[]));
  }
  return false;
}
