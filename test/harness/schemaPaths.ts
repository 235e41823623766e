import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** One step from a type to the next: a field, and the concrete type a fragment narrows to. */
export interface PathStep {
  readonly parent: string;
  readonly field: string;
  /** The field's arguments as GraphQL text (`(id: "x")`), `''` when it takes none. */
  readonly args: string;
  /** Where the field returns a union/interface: the member the selection narrows to. */
  readonly on?: string;
  /** The concrete type the step lands on. */
  readonly lands: string;
}

type Field = GraphQLField<unknown, unknown>;

/** Argument values a path may use; `ids` picks an id per argument's field (`Query.case`). */
export interface ArgumentValues {
  id(parent: string, field: string): string;
}

/**
 * The cheapest path from `Query` to every object type, over fields whose required
 * arguments can be filled in; a union or interface is crossed by narrowing to each
 * member. A path's cost is the sum of `weight` over its steps (e.g. the rules it
 * crosses), then its length, so a rule-free way in is found when there is one.
 */
export function shortestPaths(
  schema: GraphQLSchema,
  values: ArgumentValues,
  weight: (step: PathStep) => number = () => 0,
): Map<string, PathStep[]> {
  const query = schema.getQueryType();
  const paths = new Map<string, { cost: number; steps: PathStep[] }>();
  if (!query) return new Map();
  paths.set(query.name, { cost: 0, steps: [] });
  const better = (
    a: { cost: number; steps: PathStep[] },
    b?: { cost: number; steps: PathStep[] },
  ) => !b || a.cost < b.cost || (a.cost === b.cost && a.steps.length < b.steps.length);
  // Relax until stable: the graph is a few hundred edges.
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, here] of [...paths]) {
      const type = schema.getType(name);
      if (!isObjectType(type)) continue;
      for (const step of stepsFrom(schema, type, values)) {
        const next = { cost: here.cost + weight(step), steps: [...here.steps, step] };
        if (!better(next, paths.get(step.lands))) continue;
        paths.set(step.lands, next);
        changed = true;
      }
    }
  }
  return new Map([...paths].map(([name, { steps }]) => [name, steps]));
}

/** Every step out of `type`: one per field, or one per member for an abstract field. */
export function stepsFrom(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  values: ArgumentValues,
): PathStep[] {
  const steps: PathStep[] = [];
  for (const field of Object.values(type.getFields())) {
    const args = argumentText(type.name, field, values);
    if (args === undefined) continue;
    const returned = getNamedType(field.type);
    const base = { parent: type.name, field: field.name, args };
    if (isObjectType(returned)) steps.push({ ...base, lands: returned.name });
    if (isAbstractType(returned)) {
      for (const member of schema.getPossibleTypes(returned)) {
        steps.push({ ...base, on: member.name, lands: member.name });
      }
    }
  }
  return steps;
}

/** The selection of a field with leaf type at the end of a path, as `alias: field`. */
export function leafFieldOf(type: GraphQLNamedType): string | undefined {
  if (!isObjectType(type)) return undefined;
  const fields = Object.values(type.getFields());
  const leaf = fields.find((f) => f.name === 'id') ?? fields.find((f) => isPlain(f));
  return leaf?.name;
}

function isPlain(field: Field): boolean {
  return isLeafType(getNamedType(field.type)) && field.args.every((a) => !isNonNullType(a.type));
}

/** `(a: 1, b: "x")` for the field's required arguments (and `first` when paged); undefined when one cannot be made. */
export function argumentText(
  parent: string,
  field: Field,
  values: ArgumentValues,
): string | undefined {
  const parts: string[] = [];
  for (const arg of field.args) {
    if (!isNonNullType(arg.type) && arg.name !== 'first') continue;
    const value =
      arg.name === 'id' || arg.name === 'ids'
        ? wrap(arg.type, JSON.stringify(values.id(parent, field.name)))
        : arg.name === 'first'
          ? '5'
          : valueOf(arg.type, 0);
    if (value === undefined) return undefined;
    parts.push(`${arg.name}: ${value}`);
  }
  return parts.length === 0 ? '' : `(${parts.join(', ')})`;
}

function wrap(type: GraphQLInputType, text: string): string {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner) ? `[${text}]` : text;
}

function valueOf(type: GraphQLInputType, depth: number): string | undefined {
  if (depth > 3) return undefined;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const item = valueOf(inner.ofType, depth + 1);
    return item === undefined ? undefined : `[${item}]`;
  }
  if (isEnumType(inner)) return inner.getValues()[0]?.name;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type));
    const parts = fields.map((f) => [f.name, valueOf(f.type, depth + 1)] as const);
    if (parts.some(([, v]) => v === undefined)) return undefined;
    return `{ ${parts.map(([n, v]) => `${n}: ${v}`).join(', ')} }`;
  }
  switch (inner.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'true';
    case 'String':
    case 'ID':
      return '"x"';
    default:
      return undefined;
  }
}

/** How a path's narrowing to a union/interface member is written. */
export type FragmentStyle = 'inline' | 'named';

/**
 * The query text selecting `leaf` at the end of `path` (under `alias`); narrowing steps
 * use inline fragments, or, with `named`, a named fragment for the last one.
 */
export function documentFor(
  path: readonly PathStep[],
  leaf: string,
  alias: string,
  style: FragmentStyle = 'inline',
): string {
  let body = `${alias}: ${leaf}`;
  const fragments: string[] = [];
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const step = path[i]!;
    let inner = body;
    if (step.on) {
      if (style === 'named' && i === path.length - 1) {
        fragments.push(`fragment Target on ${step.on} { ${body} }`);
        inner = '...Target';
      } else {
        inner = `... on ${step.on} { ${body} }`;
      }
    }
    body = `${step.field}${step.args} { ${inner} }`;
  }
  return [`query Conformance { ${body} }`, ...fragments].join('\n');
}
