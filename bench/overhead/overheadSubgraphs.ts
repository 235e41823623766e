import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';

/**
 * Workload (g)'s four in-memory subgraphs, of the shape of the public
 * graphql-gateways-benchmark (accounts, inventory, products, reviews) with our own
 * schema text and data: users, products and the reviews that join them, so one query
 * walks users → reviews → product → reviews → author → reviews → product and makes the
 * planner fetch entities from every subgraph at several depths. The data is generated
 * from fixed numbers (no randomness), so every contender answers the same bytes.
 */

/** Sizes of the generated data. */
export const OVERHEAD_DATA = { users: 8, products: 8, reviewsPerUser: 3 } as const;

interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
interface Review {
  id: string;
  body: string;
  authorId: string;
  upc: string;
}

const users: User[] = Array.from({ length: OVERHEAD_DATA.users }, (_, i) => ({
  id: `u${i + 1}`,
  name: `Reviewer Number ${i + 1}`,
  username: `reviewer_${i + 1}`,
  birthday: 631152000 + i * 86_400 * 97,
}));
const products: Product[] = Array.from({ length: OVERHEAD_DATA.products }, (_, i) => ({
  upc: `upc-${1000 + i}`,
  name: `Fibre router model ${String.fromCharCode(65 + (i % 26))}${i}`,
  price: 1999 + i * 250,
  weight: 300 + ((i * 37) % 900),
}));
// Review j (k-th of user u) is about product j mod products: each product gets as many.
const reviews: Review[] = users.flatMap((user, u) =>
  Array.from({ length: OVERHEAD_DATA.reviewsPerUser }, (_, k) => ({
    id: `r${u * OVERHEAD_DATA.reviewsPerUser + k + 1}`,
    body: `Review ${k + 1} by ${user.username}: set up in ten minutes, the signal holds upstairs.`,
    authorId: user.id,
    upc: products[(u * OVERHEAD_DATA.reviewsPerUser + k) % products.length]!.upc,
  })),
);

const userById = new Map(users.map((u) => [u.id, u]));
const productByUpc = new Map(products.map((p) => [p.upc, p]));
const reviewById = new Map(reviews.map((r) => [r.id, r]));

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])`;

interface Subgraph {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
}

export const OVERHEAD_SUBGRAPHS: readonly Subgraph[] = [
  {
    name: 'accounts',
    typeDefs: `${LINK}
      type Query { me: User  user(id: ID!): User  users: [User] }
      type User @key(fields: "id") { id: ID!  name: String  username: String @shareable  birthday: Int }`,
    resolvers: {
      Query: {
        me: () => users[0],
        user: (_: unknown, { id }: { id: string }) => userById.get(id) ?? null,
        users: () => users,
      },
      User: { __resolveReference: (ref: { id: string }) => userById.get(ref.id) ?? null },
    },
  },
  {
    name: 'inventory',
    typeDefs: `${LINK}
      type Product @key(fields: "upc") {
        upc: String!
        weight: Int @external
        price: Int @external
        inStock: Boolean
        shippingEstimate: Int @requires(fields: "price weight")
      }`,
    resolvers: {
      Product: {
        __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({
          ...ref,
          inStock: Number(ref.upc.slice(4)) % 4 !== 0,
        }),
        // Free for cheap items, else half a unit per gram over a threshold.
        shippingEstimate: (p: { price?: number; weight?: number }) =>
          (p.price ?? 0) > 3000 ? 0 : Math.round((p.weight ?? 0) * 0.5),
      },
    },
  },
  {
    name: 'products',
    typeDefs: `${LINK}
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String!  name: String  price: Int  weight: Int }`,
    resolvers: {
      Query: {
        topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first),
      },
      Product: { __resolveReference: (ref: { upc: string }) => productByUpc.get(ref.upc) ?? null },
    },
  },
  {
    name: 'reviews',
    typeDefs: `${LINK}
      type Review @key(fields: "id") {
        id: ID!
        body: String
        author: User @provides(fields: "username")
        product: Product
      }
      type User @key(fields: "id") { id: ID!  username: String @external  reviews: [Review] }
      type Product @key(fields: "upc") { upc: String!  reviews: [Review] }`,
    resolvers: {
      Review: {
        __resolveReference: (ref: { id: string }) => reviewById.get(ref.id) ?? null,
        author: (r: Review) => ({ id: r.authorId, username: userById.get(r.authorId)?.username }),
        product: (r: Review) => ({ upc: r.upc }),
      },
      User: {
        reviews: (u: { id: string }) => reviews.filter((r) => r.authorId === u.id),
      },
      Product: {
        reviews: (p: { upc: string }) => reviews.filter((r) => r.upc === p.upc),
      },
    },
  },
];

/** The executable schema of one of {@link OVERHEAD_SUBGRAPHS}. */
export function overheadSchema(subgraph: Subgraph): GraphQLSchema {
  return buildSubgraphSchema([
    { typeDefs: parse(subgraph.typeDefs), resolvers: subgraph.resolvers },
  ]);
}

/**
 * The heavy query: both roots, every entity hop twice deep, fragments as the public
 * benchmark's query has them.
 */
export const OVERHEAD_QUERY = /* GraphQL */ `
  fragment UserFields on User {
    id
    username
    name
  }
  fragment ReviewFields on Review {
    id
    body
  }
  fragment ProductFields on Product {
    inStock
    name
    price
    shippingEstimate
    upc
    weight
  }
  query Overhead {
    users {
      ...UserFields
      reviews {
        ...ReviewFields
        product {
          ...ProductFields
          reviews {
            ...ReviewFields
            author {
              ...UserFields
              reviews {
                ...ReviewFields
                product {
                  ...ProductFields
                }
              }
            }
          }
        }
      }
    }
    topProducts(first: 8) {
      ...ProductFields
      reviews {
        ...ReviewFields
        author {
          ...UserFields
          reviews {
            ...ReviewFields
            product {
              ...ProductFields
            }
          }
        }
      }
    }
  }
`;
