import { buildSchema, parse, print, type ExecutionResult } from 'graphql';
import { applyDenials } from '../../../gateway/src/authz/applyDenials';
import { authorizeOperation } from '../../../gateway/src/authz/authorizeOperation';
import { readAuthRequirements } from '../../../gateway/src/authz/readAuthRequirements';
import type { Claims } from '../../../lib/claims';

/** Type rules on the members of a union and the implementations of an interface. */
const SDL = /* GraphQL */ `
  schema
    @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)
    @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY) {
    query: Query
  }
  type Query {
    feed: [Entry]!
    node(id: ID!): Node
    secrets: [Secret!]
  }
  union Entry = Open | Memo
  union Secret = Memo
  interface Node {
    id: ID!
    label: String
  }
  type Open implements Node {
    id: ID!
    label: String
  }
  type Memo implements Node @policy(policies: [["staff"]]) {
    id: ID!
    label: String
    body: String
  }
`;
const schema = buildSchema(SDL.replace(/@\w+\([^)]*\)|@authenticated/g, ''));
const requirements = readAuthRequirements(SDL);
const customer: Claims = { sub: 'c', role: 'customer', scopes: [] };
const agent: Claims = { sub: 'a', role: 'agent', scopes: [] };

function authorize(source: string, claims: Claims | null) {
  return authorizeOperation({
    document: parse(source),
    schema,
    requirements,
    claims,
    policies: { staff: ({ claims: c }) => c !== null && c.role !== 'customer' },
  });
}

describe('type rules of concrete members', () => {
  it.each([
    ['inline fragment', '{ feed { ... on Open { id } ... on Memo { id body } } }'],
    ['named fragment', '{ feed { ... on Open { id } ...M } } fragment M on Memo { id body }'],
  ])('removes a refused union member selected by %s, keeps the others', (_how, source) => {
    const { denied, document } = authorize(source, customer);
    expect(print(document)).not.toMatch(/body|Memo \{\s+id/);
    expect(print(document)).toContain('... on Open {\n      id');
    expect(denied.map((d) => [d.typeName, d.fieldName, d.path[1]?.guard])).toEqual([
      ['Memo', 'id', ['Memo']],
      ['Memo', 'body', ['Memo']],
    ]);
    const result = applyDenials(
      { data: { feed: [{ id: 'o1', __authz_typename: 'Open' }, { __authz_typename: 'Memo' }] } },
      denied,
    );
    // Memo.id is non-null: the refused entry becomes null, the readable one stays.
    expect(result.data).toEqual({ feed: [{ id: 'o1' }, null] });
    expect(authorize(source, agent).denied).toEqual([]);
  });

  it('asks an interface field only on the implementations the caller may read', () => {
    const { denied, document } = authorize('{ node(id: "1") { label } }', customer);
    expect(print(document)).toBe(
      '{\n  node(id: "1") {\n    ... {\n      ... on Open {\n        label\n      }\n    }\n' +
        '    __authz_typename: __typename\n  }\n}',
    );
    const open = applyDenials({ data: { node: { label: 'x', __authz_typename: 'Open' } } }, denied);
    expect(open).toEqual({ data: { node: { label: 'x' } }, errors: [] });
    const memo: ExecutionResult = applyDenials(
      { data: { node: { __authz_typename: 'Memo' } } },
      denied,
    );
    expect(memo.data).toEqual({ node: { label: null } });
    expect(memo.errors?.map((e) => e.message)).toEqual(['not authorized to read Memo.label']);
  });

  it('refuses a field whose every possible type is refused', () => {
    const { denied, document } = authorize('{ secrets { ... on Memo { body } } }', customer);
    expect(denied.map((d) => `${d.typeName}.${d.fieldName}`)).toEqual(['Query.secrets']);
    expect(print(document)).not.toContain('secrets');
  });
});
