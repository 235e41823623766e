import { buildSchema, parse, print, type ExecutionResult } from 'graphql';
import { applyDenials } from '../../../gateway/src/authz/applyDenials';
import { authorizeOperation } from '../../../gateway/src/authz/authorizeOperation';
import { readAuthRequirements } from '../../../gateway/src/authz/readAuthRequirements';
import type { Claims } from '../../../lib/claims';

const SDL = /* GraphQL */ `
  schema
    @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)
    @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
    @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY) {
    query: Query
  }
  type Query {
    node(id: ID!): Node
    items: [[Item!]]!
  }
  interface Node {
    id: ID!
    secret: String
  }
  type Item implements Node {
    id: ID!
    secret: String @authenticated
    code(salt: Int): Int! @policy(policies: [["even"]])
  }
  type Other implements Node {
    id: ID!
    secret: String
  }
`;
// The API schema: the same types without the directive applications.
const schema = buildSchema(SDL.replace(/@\w+\([^)]*\)|@authenticated/g, ''));
const requirements = readAuthRequirements(SDL);
const user: Claims = { sub: 'u', role: 'customer', scopes: [] };

function authorize(source: string, claims: Claims | null, variables = {}) {
  return authorizeOperation({
    document: parse(source),
    schema,
    requirements,
    claims,
    variables,
    policies: { even: ({ args }) => typeof args.salt === 'number' && args.salt % 2 === 0 },
  });
}

describe('authorizeOperation', () => {
  it('returns the same document when nothing is denied', () => {
    const document = parse('{ items { id } }');
    const result = authorizeOperation({ document, schema, requirements, claims: null });
    expect(result).toEqual({ denied: [], document });
  });

  it('denies an interface field when an implementation requires more', () => {
    const { denied, document } = authorize('{ node(id: "1") { id secret } }', null);
    expect(denied).toEqual([
      {
        typeName: 'Node',
        fieldName: 'secret',
        path: [
          { key: 'node', nullable: true, itemsNullable: [] },
          { key: 'secret', nullable: true, itemsNullable: [] },
        ],
      },
    ]);
    expect(print(document)).toBe('{\n  node(id: "1") {\n    id\n  }\n}');
    expect(authorize('{ node(id: "1") { id secret } }', user).denied).toEqual([]);
  });

  it('guards fields under narrower type conditions and keeps emptied sets valid', () => {
    const { denied, document } = authorize('{ node(id: "1") { ... on Item { secret } } }', null);
    expect(denied[0]?.path[1]).toEqual({
      key: 'secret',
      guard: ['Item'],
      nullable: true,
      itemsNullable: [],
    });
    expect(print(document)).toContain('... on Item {\n      __authz_typename: __typename\n    }');
  });

  it('records list nullability and skips fields excluded by @skip', () => {
    const source = 'query ($s: Boolean!) { items { n: code @skip(if: $s) } }';
    expect(authorize(source, user, { s: true }).denied).toEqual([]);
    expect(
      authorize('query ($x: Int) { items { code(salt: $x) } }', user, { x: 2 }).denied,
    ).toEqual([]);
    const [entry] = authorize(source, user, { s: false }).denied;
    expect(entry?.path).toEqual([
      { key: 'items', nullable: false, itemsNullable: [true, false] },
      { key: 'n', nullable: false, itemsNullable: [] },
    ]);
  });
});

describe('applyDenials', () => {
  it('nulls at concrete paths and propagates through non-null list items', () => {
    const { denied } = authorize('{ items { id n: code } }', user);
    const result: ExecutionResult = {
      data: { items: [[{ id: '1' }, { id: '2' }], null, [{ id: '3' }]] },
    };
    const applied = applyDenials(result, denied);
    expect(applied.data).toEqual({ items: [null, null, null] });
    expect(applied.errors?.map((e) => e.toJSON())).toEqual(
      [0, 2].map((i) => ({
        message: 'not authorized to read Item.code',
        path: ['items', i, 0, 'n'],
        extensions: { code: 'FORBIDDEN' },
      })),
    );
    expect(result.data).toEqual({ items: [[{ id: '1' }, { id: '2' }], null, [{ id: '3' }]] });
  });

  it('checks guards against the helper typename and removes it', () => {
    const { denied } = authorize('{ node(id: "1") { id ... on Item { secret } } }', null);
    const item = applyDenials({ data: { node: { id: '1', __authz_typename: 'Item' } } }, denied);
    expect(item.data).toEqual({ node: { id: '1', secret: null } });
    const other = applyDenials({ data: { node: { id: '2', __authz_typename: 'Other' } } }, denied);
    expect(other).toEqual({ data: { node: { id: '2' } }, errors: [] });
  });

  it('leaves a result without data alone', () => {
    const { denied } = authorize('{ node(id: "1") { secret } }', null);
    const failed: ExecutionResult = { data: null, errors: [] };
    expect(applyDenials(failed, denied)).toBe(failed);
  });
});
