import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { stripSecurityLinks } from '../../../../gateway/src/authz/stripSecurityLinks';
import {
  startDifferentialRig,
  type DifferentialRig,
} from '../../../fixtures/executor/fixtureSupergraph';
import { mockSubgraphSchemas } from '../../../fixtures/executor/mockSubgraphs';
import { randomDocuments } from '../../../fixtures/executor/randomDocuments';
import { differenceOf } from '../../../fixtures/executor/differenceOf';

/**
 * The native executor against Apollo's on our own supergraph: its documented operations
 * (schema/operations/ and the trusted documents) and generated ones, over in-process
 * subgraphs answering deterministic mock data with nulls and errors planted throughout.
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
const supergraphSdl = stripSecurityLinks(
  readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
);
let rig: DifferentialRig;

beforeAll(async () => {
  rig = await startDifferentialRig({ supergraphSdl, schemas: mockSubgraphSchemas(supergraphSdl) });
});

afterAll(async () => {
  await rig.stop();
});

function documentedOperations(): string[] {
  const folder = join(ROOT, 'schema', 'operations');
  const files = readdirSync(folder).filter((file) => file.endsWith('.graphql'));
  const trusted = JSON.parse(
    readFileSync(join(ROOT, 'schema', 'trusted-documents.json'), 'utf8'),
  ) as {
    documents: Record<string, string>;
  };
  return [
    ...files.map((file) => readFileSync(join(folder, file), 'utf8')),
    ...Object.values(trusted.documents),
  ];
}

/** A value for every required variable (and most optional ones) of the operation. */
function variablesFor(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type || (!isNonNullType(type) && definition.defaultValue)) continue;
    variables[definition.variable.name.value] = valueFor(type);
  }
  return variables;
}

function valueFor(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType);
  if (isListType(type)) return [valueFor(type.ofType)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = valueFor(field.type);
    }
    return value;
  }
  switch (named.name) {
    case 'Int':
      return 2;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    default:
      return 'id-1';
  }
}

it('answers every documented operation as Apollo does', async () => {
  const operations = documentedOperations();
  expect(operations.length).toBeGreaterThanOrEqual(2);
  const diffs: string[] = [];
  for (const query of operations) {
    const document = parse(query);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const variables = variablesFor(rig.schema, definition);
      const outcome = await rig.run(query, variables, definition.name?.value);
      const diff = differenceOf(outcome);
      if (diff) diffs.push(`${definition.name?.value}: ${diff}`);
    }
  }
  expect(diffs).toEqual([]);
});

it('answers 80 generated documents as Apollo does', async () => {
  const documents = randomDocuments(
    rig.schema,
    { byName: {}, byType: { Int: ['1', '3'], String: ['id-1'], ID: ['id-1'], Boolean: ['true'] } },
    80,
    2026,
  );
  expect(documents).toHaveLength(80);
  const diffs: string[] = [];
  let withData = 0;
  let withErrors = 0;
  for (const { query, variables } of documents) {
    const outcome = await rig.run(query, variables, undefined, true);
    if (outcome.apollo.data && outcome.apollo.data !== 'null') withData++;
    if (outcome.apollo.errors?.length) withErrors++;
    const diff = differenceOf(outcome);
    if (diff) diffs.push(`${query}\n${JSON.stringify(variables)}\n${diff}`);
  }
  expect(diffs.slice(0, 3)).toEqual([]);
  expect(diffs).toHaveLength(0);
  // Mock answers reach deep data and planted failures alike.
  expect(withData).toBeGreaterThan(40);
  expect(withErrors).toBeGreaterThan(10);
});
