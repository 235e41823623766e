import { buildSchema, parse } from 'graphql';
import {
  CostEstimateError,
  estimateCost,
  estimateCostRemembered,
} from '../../../gateway/src/limits/estimateCost';
import { readCostDirectives } from '../../../gateway/src/limits/readCostDirectives';
import { validateLimits } from '../../../gateway/src/limits/validateLimits';

const SDL = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/cost/v0.1"
      as: "demand"
      import: [{ name: "@listSize", as: "@size" }]
    )
  directive @demand(
    weight: Int!
  ) on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | SCALAR | ENUM
  directive @size(
    assumedSize: Int
    slicingArguments: [String!]
    sizedFields: [String!]
    requireOneSlicingArgument: Boolean = true
  ) on FIELD_DEFINITION
  directive @link(url: String, as: String, import: [link__Import]) repeatable on SCHEMA
  scalar link__Import
  scalar Money @demand(weight: 2)
  type Review {
    id: ID!
    body: String!
  }
  type Product @demand(weight: 3) {
    id: ID!
    price: Money!
    reviews(first: Int, filter: ReviewFilter @demand(weight: 7)): [Review!]!
      @size(slicingArguments: ["first"])
    tags: [String!]!
  }
  input ReviewFilter {
    text: String @demand(weight: 4)
  }
  type Edge {
    node: Product!
  }
  type Page {
    edges: [Edge!]!
    total: Int!
  }
  type Query {
    products(first: Int, last: Int): [Product!]!
      @size(slicingArguments: ["first", "last"], assumedSize: 50)
    page(input: PageInput!): Page! @size(slicingArguments: ["input.first"], sizedFields: ["edges"])
    search(term: String!): [Product!]! @size(assumedSize: 4)
    product(id: ID!): Product @demand(weight: 9)
    all: [Product!]!
  }
  input PageInput {
    first: Int!
  }
  type Mutation {
    rename(id: ID!): Product
  }
`;
const schema = buildSchema(SDL);
const costInfo = readCostDirectives(SDL);
const cost = (query: string, variables: Record<string, unknown> = {}): number =>
  estimateCost(parse(query), schema, costInfo, variables);

describe('validateLimits', () => {
  it('accepts a document within every default limit', () => {
    expect(validateLimits(parse('{ products(first: 2) { id reviews { body } } }'))).toEqual([]);
  });

  it('measures depth through fragments, with the limit and the measured value', () => {
    const query = '{ a { ...F } } fragment F on A { b { c { d } } }';
    expect(validateLimits(parse(query), { maxDepth: 3 })).toEqual([
      expect.objectContaining({ code: 'depth', actual: 4, limit: 3 }),
    ]);
    expect(validateLimits(parse(query), { maxDepth: 4 })).toEqual([]);
  });

  it('counts aliases as often as their fragment is spread', () => {
    const query = '{ a { ...F } b { ...F } } fragment F on A { x: id y: id }';
    expect(validateLimits(query, { maxAliases: 3 })).toEqual([
      expect.objectContaining({ code: 'aliases', actual: 4, limit: 3 }),
    ]);
  });

  it('counts root fields, including those of root fragments', () => {
    const query = '{ a b ... on Query { c d } }';
    expect(validateLimits(query, { maxRootFields: 3 })).toEqual([
      expect.objectContaining({ code: 'rootFields', actual: 4 }),
    ]);
  });

  it('checks the size in UTF-8 bytes before parsing the string', () => {
    const query = `{ a(s: "${'é'.repeat(20)}") }`;
    expect(validateLimits(query, { maxDocumentBytes: 30 })).toEqual([
      expect.objectContaining({
        code: 'documentSize',
        actual: Buffer.byteLength(query),
        limit: 30,
      }),
    ]);
    expect(validateLimits('{ not valid', { maxDocumentBytes: 5 })[0]?.code).toBe('documentSize');
  });

  it('stays fast on a fragment bomb', () => {
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on T { a: x ...F${i + 1} b: x ...F${i + 1} }`,
    );
    const query = `{ t { ...F0 } } ${fragments.join(' ')} fragment F30 on T { x }`;
    const started = process.cpuUsage();
    // Each fragment holds two aliases and spreads the next one twice: 2^31 - 2 in all.
    expect(validateLimits(query, { maxDocumentBytes: 1e6 })).toEqual([
      // Field selections expanded: t, two aliased x per level and F30's x, 3 * 2^30 - 1.
      expect.objectContaining({ code: 'expandedSelections', actual: 3 * 2 ** 30 - 1 }),
      expect.objectContaining({ code: 'aliases', actual: 2 ** 31 - 2 }),
    ]);
    // The exact counts above say what is counted; this says it was counted per fragment,
    // not by walking the expansion. Walking it visits 3.2 * 10^9 fields and 2.1 * 10^9
    // spreads: more than 5 s of CPU even at 1 ns each, minutes in practice, where counting
    // takes milliseconds. It is this process's CPU time, not wall-clock time, so other load
    // on the machine does not move it, and 5 s is far above counting, far below walking.
    const { user, system } = process.cpuUsage(started);
    expect((user + system) / 1000).toBeLessThan(5000);
  });
});

describe('readCostDirectives', () => {
  it('follows @link renames of @cost and @listSize', () => {
    expect(costInfo.weights.get('Product')).toBe(3);
    expect(costInfo.weights.get('Money')).toBe(2);
    expect(costInfo.weights.get('Product.reviews(filter:)')).toBe(7);
    expect(costInfo.weights.get('ReviewFilter.text')).toBe(4);
    expect(costInfo.listSizes.get('Query.page')).toEqual({
      assumedSize: undefined,
      slicingArguments: ['input.first'],
      sizedFields: ['edges'],
      requireOneSlicingArgument: true,
    });
  });
});

describe('estimateCost', () => {
  it('weighs types and fields: objects 1 (or @cost), scalars 0 (or @cost on the scalar)', () => {
    expect(cost('{ product(id: 1) { id price } }')).toBe(9 + 0 + 2);
  });

  it('sizes a list by its slicing argument, literal or variable', () => {
    // 3 products x (Product 3 + price 2 + 2 reviews x Review 1)
    expect(cost('{ products(first: 3) { price reviews(first: 2) { id } } }')).toBe(3 * (3 + 2 + 2));
    expect(cost('query($n: Int) { products(last: $n) { id } }', { n: 7 })).toBe(7 * 3);
  });

  it('applies the size to sizedFields for connections, via a nested slicing argument', () => {
    // Page 1 + 25 edges x (Edge 1 + Product 3)
    expect(cost('{ page(input: { first: 25 }) { total edges { node { id } } } }')).toBe(1 + 25 * 4);
  });

  it('uses assumedSize, then the default list size, for lists without a size', () => {
    expect(cost('{ search(term: "x") { id } }')).toBe(4 * 3);
    expect(cost('{ all { id } }')).toBe(10 * 3);
    expect(
      estimateCost(parse('{ all { id } }'), schema, costInfo, {}, { defaultListSize: 2 }),
    ).toBe(6);
  });

  it('rejects a field that needs exactly one slicing argument but gets none or two', () => {
    expect(() => cost('{ products { id } }')).toThrow(CostEstimateError);
    expect(() => cost('{ products(first: 1, last: 2) { id } }')).toThrow(/exactly one/);
  });

  it('adds argument and input-field weights when given, and 10 for a mutation', () => {
    const base = cost('{ product(id: 1) { reviews(first: 1) { id } } }');
    expect(cost('{ product(id: 1) { reviews(first: 1, filter: { text: "a" }) { id } } }')).toBe(
      base + 7 + 4,
    );
    expect(cost('mutation { rename(id: 1) { id } }')).toBe(10 + 3);
  });

  it('leaves out fields skipped by @skip or @include', () => {
    const query = 'query($on: Boolean!) { product(id: 1) { price @include(if: $on) } }';
    expect(cost(query, { on: false })).toBe(9);
    expect(cost(query, { on: true })).toBe(11);
  });
});

describe('estimateCostRemembered', () => {
  const QUERY =
    'query($id: ID!, $n: Int, $on: Boolean!) { product(id: $id) { reviews(first: $n) { id } price @include(if: $on) } }';

  it('gives the figure estimateCost gives, for any mix of variable values, on one parsed document', () => {
    const document = parse(QUERY);
    const mixes = [
      { id: 'p1', n: 2, on: true },
      { id: 'p2', n: 2, on: true },
      { id: 'p1', n: 40, on: true },
      { id: 'p3', n: 2, on: false },
      { id: 'p4', n: 40, on: false },
      { id: 'p5', n: 2, on: true },
    ];
    for (const round of [1, 2]) {
      for (const variables of mixes) {
        const fresh = estimateCost(parse(QUERY), schema, costInfo, variables);
        expect([round, estimateCostRemembered(document, schema, costInfo, variables)]).toEqual([
          round,
          fresh,
        ]);
      }
    }
    expect(estimateCostRemembered(document, schema, costInfo, { id: 'x', n: 40, on: true })).toBe(
      9 + 40 * 1 + 2,
    );
  });

  it('never reads a variable no estimate depends on (an id, a phone number)', () => {
    const variables = { n: 3, on: true };
    Object.defineProperty(variables, 'id', {
      enumerable: true,
      get: () => {
        throw new Error('the estimate read $id');
      },
    });
    expect(estimateCostRemembered(parse(QUERY), schema, costInfo, variables)).toBe(9 + 3 + 2);
  });

  it('tells an absent variable from a given one, and never remembers an error', () => {
    const document = parse(QUERY);
    expect(() => estimateCostRemembered(document, schema, costInfo, { id: 'a', on: true })).toThrow(
      CostEstimateError,
    );
    expect(estimateCostRemembered(document, schema, costInfo, { id: 'a', n: 1, on: true })).toBe(
      12,
    );
    expect(() => estimateCostRemembered(document, schema, costInfo, { id: 'b', on: true })).toThrow(
      /exactly one/,
    );
  });

  it('follows a new schema or cost table (a supergraph reload)', () => {
    const document = parse('{ all { id } }');
    expect(estimateCostRemembered(document, schema, costInfo)).toBe(30);
    const heavier = readCostDirectives(
      SDL.replace('Product @demand(weight: 3)', 'Product @demand(weight: 5)'),
    );
    expect(estimateCostRemembered(document, schema, heavier)).toBe(50);
    expect(estimateCostRemembered(document, schema, costInfo, {}, { defaultListSize: 2 })).toBe(6);
  });
});
