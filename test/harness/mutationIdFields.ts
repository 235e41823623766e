import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  isInputObjectType,
  parse,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import type { SubgraphDefinition } from '../../subgraphs/shared/subgraphDefinition';

/** One argument or input-object field of type `ID` / `[ID]` somewhere in a mutation's arguments. */
export interface MutationIdField {
  subgraph: string;
  mutation: string;
  /** Path from the argument, e.g. `['input', 'items', 'offeringId']` (lists are walked through). */
  path: string[];
  /** The field's own name, e.g. `offeringId`. */
  name: string;
}

/** A mutation with the variable declarations its arguments need, e.g. `$input: PlaceOrderInput!`. */
export interface MutationShape {
  subgraph: string;
  name: string;
  args: readonly GraphQLArgument[];
}

function idFieldsOf(type: GraphQLInputType, path: string[], seen: ReadonlySet<string>): string[][] {
  const named = getNamedType(type);
  if (named.name === 'ID') return [path];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const inner = new Set([...seen, named.name]);
  return Object.values(named.getFields()).flatMap((field) =>
    idFieldsOf(field.type, [...path, field.name], inner),
  );
}

/**
 * Every mutation of every subgraph SDL, and every `ID` or `[ID]` among their arguments
 * and (recursively) the fields of their input objects.
 */
export function mutationIdFields(definitions: readonly SubgraphDefinition[]): {
  mutations: MutationShape[];
  fields: MutationIdField[];
} {
  const mutations: MutationShape[] = [];
  const fields: MutationIdField[] = [];
  for (const definition of definitions) {
    const sdl = parse(readFileSync(definition.schemaFile, 'utf8'));
    const mutation = buildSubgraphSchema(sdl).getMutationType();
    for (const field of Object.values(mutation?.getFields() ?? {})) {
      mutations.push({ subgraph: definition.name, name: field.name, args: field.args });
      for (const arg of field.args) {
        for (const path of idFieldsOf(arg.type, [arg.name], new Set())) {
          const name = path[path.length - 1] ?? arg.name;
          fields.push({ subgraph: definition.name, mutation: field.name, path, name });
        }
      }
    }
  }
  return { mutations, fields };
}

/** The document sending `mutation` with every argument as a variable, selecting `__typename`. */
export function mutationDocument(mutation: MutationShape): string {
  const declared = mutation.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = mutation.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `mutation ${mutation.name}Ownership(${declared}) { result: ${mutation.name}(${passed}) { __typename } }`;
}

/** `variables` with the value at `path` replaced by `value` (in every element of a list on the way). */
export function withValueAt(variables: unknown, path: readonly string[], value: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(variables)) return variables.map((item) => withValueAt(item, path, value));
  const record = (variables ?? {}) as Record<string, unknown>;
  return { ...record, [head]: withValueAt(record[head], rest, value) };
}
