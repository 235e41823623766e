import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  isAbstractType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { Claims } from '../../../lib/claims';
import { signRequest } from '../../../lib/signedClaims';
import { SUBGRAPHS } from '../../../subgraphs/registry';
import { TEST_SERVICE_CLAIMS, type TestSubgraphs } from '../../harness/startTestSubgraphs';

/** A subgraph's answer as the gateway receives it: body and `Cache-Control`. */
export interface SubgraphAnswer {
  cacheControl: string | null;
  data: Record<string, unknown> | null;
  errors: unknown[];
  extensions: { cacheTags?: string[]; invalidatedTags?: string[] } & Record<string, unknown>;
}

/** Posts one operation to a subgraph of `stack`, signed as `claims` (default a service). */
export async function postTo(
  stack: TestSubgraphs,
  subgraph: string,
  query: string,
  variables: Record<string, unknown> = {},
  claims: Claims = TEST_SERVICE_CLAIMS,
): Promise<SubgraphAnswer> {
  const running = stack.subgraphs[subgraph];
  if (!running) throw new Error(`subgraph ${subgraph} is not running`);
  const url = `${running.url}/graphql`;
  const sent = JSON.stringify({ query, variables });
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signRequest(claims, stack.secret, { subgraph, body: sent }),
    },
    body: sent,
  });
  const body = (await response.json()) as Record<string, unknown>;
  return {
    cacheControl: response.headers.get('cache-control'),
    data: (body['data'] ?? null) as Record<string, unknown> | null,
    errors: (body['errors'] ?? []) as unknown[],
    extensions: (body['extensions'] ?? {}) as SubgraphAnswer['extensions'],
  };
}

/** The SDL document of each subgraph this repository runs, by name. */
export const SUBGRAPH_DOCUMENTS: ReadonlyMap<string, DocumentNode> = new Map(
  SUBGRAPHS.map((s) => [s.name, parse(readFileSync(s.schemaFile, 'utf8'))]),
);

/** The executable schema of a subgraph (no resolvers: for reading types only). */
export function subgraphSchema(subgraph: string): GraphQLSchema {
  const document = SUBGRAPH_DOCUMENTS.get(subgraph);
  if (!document) throw new Error(`unknown subgraph ${subgraph}`);
  return buildSubgraphSchema({ typeDefs: document });
}

/** Entity types a subgraph resolves (a `@key` not marked `resolvable: false`). */
export function resolvableEntityTypes(subgraph: string): string[] {
  const names = new Set<string>();
  for (const definition of SUBGRAPH_DOCUMENTS.get(subgraph)?.definitions ?? []) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION
    ) {
      continue;
    }
    const keys = definition.directives?.filter((d) => d.name.value === 'key') ?? [];
    const resolvable = keys.some(
      (key) =>
        !key.arguments?.some(
          (arg) =>
            arg.name.value === 'resolvable' && arg.value.kind === Kind.BOOLEAN && !arg.value.value,
        ),
    );
    if (resolvable) names.add(definition.name.value);
  }
  return [...names].sort();
}

/** Root query fields a subgraph defines (without federation's `_entities` / `_service`). */
export function rootQueryFields(subgraph: string): string[] {
  const query = subgraphSchema(subgraph).getQueryType();
  return Object.keys(query?.getFields() ?? {})
    .filter((name) => !name.startsWith('_'))
    .sort();
}

/**
 * A selection of every field of `typeName` a subgraph can answer without arguments,
 * nested `depth` levels deep: fields with a required argument and `@external` fields
 * are left out, abstract types are asked only for `__typename`.
 */
export function everyField(schema: GraphQLSchema, typeName: string, depth = 4): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    if (field.name.startsWith('_')) continue;
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) {
      continue;
    }
    if (field.astNode?.directives?.some((d) => d.name.value === 'external')) continue;
    const named = getNamedType(field.type);
    if (isAbstractType(named)) parts.push(`${field.name} { __typename }`);
    else if (isObjectType(named)) {
      if (depth > 0) parts.push(`${field.name} { ${everyField(schema, named.name, depth - 1)} }`);
    } else parts.push(field.name);
  }
  return parts.join(' ');
}
