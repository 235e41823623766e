import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { OperationTypeNode, parse, type GraphQLResolveInfo } from 'graphql';
import { uncacheable } from '../../../subgraphs/shared/cacheHints';
import { instrumentCachePolicy } from '../../../subgraphs/shared/cachePolicy';
import { currentCacheScope, inFreshCacheScope } from '../../../subgraphs/shared/cacheScope';
import { subgraphCacheTagsPlugin } from '../../../subgraphs/shared/cacheTagsPlugin';

/**
 * Our subgraphs compute `Cache-Control` in their resolvers (instrumentCachePolicy) rather
 * than with Apollo Server's cache-control plugin. The same schema and operations go to
 * a server with Apollo's plugin and to one with ours; the headers must be the same.
 */
const SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

  enum CacheControlScope {
    PUBLIC
    PRIVATE
  }
  directive @cacheControl(
    maxAge: Int
    scope: CacheControlScope
    inheritMaxAge: Boolean
  ) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

  type Query {
    customer(id: ID!): Customer
    plainRoot: String
    hintedRoot: String @cacheControl(maxAge: 90)
    offering(id: ID!): Offering
    offerings: [Offering!]! @cacheControl(maxAge: 45)
    subject(id: ID!): Subject
    page: Page
    fresh: Offering
    catalog: Catalog
  }

  type Catalog @cacheControl(maxAge: 600, scope: PUBLIC) {
    id: ID!
  }

  type Mutation {
    touch(id: ID!): Offering
  }

  type Customer @key(fields: "id") @cacheControl(maxAge: 60, scope: PRIVATE) {
    id: ID!
    name: String
    secret: String @cacheControl(maxAge: 5)
    notes: [Note!]!
    holder: Holder
  }

  type Note @cacheControl(inheritMaxAge: true) {
    id: ID!
    body: String
  }

  type Holder {
    id: ID!
  }

  type Offering @key(fields: "id") @cacheControl(maxAge: 300) {
    id: ID!
    name: String
    price: Int @cacheControl(maxAge: 30, scope: PRIVATE)
    related: Offering @cacheControl(inheritMaxAge: true)
    stale: Offering @cacheControl(inheritMaxAge: true, scope: PRIVATE)
  }

  type Page @cacheControl(inheritMaxAge: true) {
    items: [Offering!]!
  }

  union Subject @cacheControl(maxAge: 120) = Customer | Offering

  type Unhinted @key(fields: "id") {
    id: ID!
  }
`;

/**
 * `uncacheable(info)` for both servers: ours narrows the request's policy; Apollo's
 * plugin takes the same `{ maxAge: 0 }` as a dynamic hint (what `uncacheable` sent it
 * before).
 */
function noStore(info: GraphQLResolveInfo): void {
  uncacheable(info);
  (
    info as { cacheControl?: { setCacheHint(hint: { maxAge: number }): void } }
  ).cacheControl?.setCacheHint({
    maxAge: 0,
  });
}

const offering = (id: string) => ({ __typename: 'Offering', id, name: `o-${id}`, price: 10 });

function resolvers(): GraphQLResolverMap<unknown> {
  return {
    Query: {
      customer: (_: unknown, { id }: { id: string }) =>
        id === 'none' ? null : { id, name: `c-${id}`, secret: 's', notes: [{ id: 'n1' }] },
      plainRoot: () => 'x',
      hintedRoot: () => 'y',
      offering: async (_: unknown, { id }: { id: string }) => offering(id),
      offerings: () => [offering('a'), offering('b')],
      subject: (_: unknown, { id }: { id: string }) =>
        id.startsWith('c') ? { __typename: 'Customer', id } : offering(id),
      page: () => ({ items: [offering('p')] }),
      catalog: () => ({ id: 'cat' }),
      fresh: (_: unknown, _args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        noStore(info);
        return offering('f');
      },
    },
    Mutation: { touch: (_: unknown, { id }: { id: string }) => offering(id) },
    Customer: {
      __resolveReference: async (
        ref: { id: string },
        _context: unknown,
        info: GraphQLResolveInfo,
      ) => {
        if (ref.id === 'audited') noStore(info);
        return { id: ref.id, name: `c-${ref.id}`, notes: [] };
      },
      holder: () => ({ id: 'h' }),
    },
    Offering: {
      __resolveReference: (ref: { id: string }) => offering(ref.id),
      related: () => offering('r'),
      stale: () => offering('s'),
    },
    Subject: {
      __resolveType: (value: { __typename: string }) => value.__typename,
    },
    Unhinted: { __resolveReference: (ref: { id: string }) => ref },
  } as unknown as GraphQLResolverMap<unknown>;
}

const OPERATIONS: [string, string, Record<string, unknown>][] = [
  ['a hinted entity and a hinted scalar', '{ customer(id: "1") { id name secret } }', {}],
  ['a missing entity', '{ customer(id: "none") { id } }', {}],
  ['a composite field with no hint', '{ customer(id: "1") { holder { id } } }', {}],
  ['an inheriting list', '{ customer(id: "1") { notes { id body } } }', {}],
  ['a root scalar with no hint', '{ plainRoot }', {}],
  ['a hinted root scalar', '{ hintedRoot }', {}],
  ['a private scalar on a public type', '{ offering(id: "1") { id price } }', {}],
  ['inheritMaxAge on a field', '{ offering(id: "1") { related { id } stale { name } } }', {}],
  ['a hinted list', '{ offerings { id name } }', {}],
  ['an inheriting wrapper', '{ page { items { id } } }', {}],
  ['a union', '{ subject(id: "c1") { ... on Customer { id } ... on Offering { id } } }', {}],
  ['a union to an offering', '{ subject(id: "o1") { ... on Offering { name price } } }', {}],
  ['uncacheable in a resolver', '{ fresh { id } plainRoot }', {}],
  ['private, then explicitly public', '{ customer(id: "1") { id } catalog { id } }', {}],
  ['explicitly public, then private', '{ catalog { id } customer(id: "1") { id } }', {}],
  ['typename only', '{ __typename }', {}],
  ['an error', '{ customer(id: "1") { id } nope }', {}],
  ['a mutation', 'mutation { touch(id: "1") { id } }', {}],
  [
    'entities of several types',
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name } ... on Offering { id price } } }',
    {
      r: [
        { __typename: 'Customer', id: '1' },
        { __typename: 'Offering', id: '2' },
      ],
    },
  ],
  [
    'an entity uncacheable in __resolveReference',
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id } } }',
    { r: [{ __typename: 'Customer', id: 'audited' }] },
  ],
  [
    'an entity type with no hint',
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Unhinted { id } } }',
    { r: [{ __typename: 'Unhinted', id: 'u' }] },
  ],
  [
    'public entities only',
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Offering { id name } } }',
    { r: [{ __typename: 'Offering', id: '2' }] },
  ],
  ['the service SDL', '{ _service { sdl } }', {}],
];

describe('subgraph Cache-Control without Apollo’s per-field plugin', () => {
  // Apollo's plugin, with the rule our subgraphs always had: a mutation is `no-store`.
  const apollos = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(SDL), resolvers: resolvers() }),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ operation, overallCachePolicy }) {
              if (operation?.operation === OperationTypeNode.MUTATION)
                overallCachePolicy.restrict({ maxAge: 0 });
            },
          };
        },
      },
    ],
  });
  const oursSchema = buildSubgraphSchema({ typeDefs: parse(SDL), resolvers: resolvers() });
  instrumentCachePolicy(oursSchema);
  const ours = new ApolloServer({
    schema: oursSchema,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      subgraphCacheTagsPlugin(),
    ],
  });
  beforeAll(async () => {
    await apollos.start();
    await ours.start();
  });
  afterAll(async () => {
    await apollos.stop();
    await ours.stop();
  });

  it.each(OPERATIONS)('%s: the same header as Apollo’s plugin', async (_name, query, variables) => {
    const request = { query, variables };
    const expected = await apollos.executeOperation(request);
    let tags: string[] = [];
    const actual = await inFreshCacheScope(async () => {
      const response = await ours.executeOperation(request);
      tags = currentCacheScope()!.tags();
      return response;
    })();
    const header = (r: typeof expected) => r.http.headers.get('cache-control');
    expect(header(expected)).toBeDefined();
    expect(header(actual)).toBe(header(expected));
    // The same answer; ours adds the tags (extensions.cacheTags) the gateway evicts by.
    const result = (r: typeof expected) =>
      r.body.kind === 'single'
        ? { data: r.body.singleResult.data, errors: r.body.singleResult.errors }
        : null;
    expect(result(actual)).toEqual(result(expected));
    // Customers the answer touched are tagged (what the gateway evicts by).
    const asked = result(actual)?.data ? query + JSON.stringify(variables) : '';
    if (asked.includes('customer(id: "1")') || asked.includes('"Customer","id":"1"'))
      expect(tags).toContain('customer:1');
    if (asked.includes('subject(id: "c1")')) expect(tags).toContain('customer:c1');
  });

  it('covers the forms that matter: cacheable public, cacheable private and no-store', async () => {
    const seen = new Set<string>();
    for (const [, query, variables] of OPERATIONS) {
      const response = await apollos.executeOperation({
        query,
        ...(variables ? { variables } : {}),
      });
      const header = response.http.headers.get('cache-control') ?? '';
      seen.add(header.replace(/\d+/, 'N'));
    }
    expect([...seen].sort()).toEqual(['max-age=N, private', 'max-age=N, public', 'no-store']);
  });
});
