import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { graphqlHttpHandler } from '../../../lib/http/graphqlHttpHandler';
import { startHttpServer, type RunningHttpServer } from '../../../lib/http/startHttpServer';
import { createLogger } from '../../../lib/logger';

/** A catalog subgraph using demand-control directives through the federation link. */
export const CATALOG_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])
  type Product @key(fields: "id") {
    id: ID!
    name: String!
    price: Int! @cost(weight: 5)
    reviews(first: Int): [Review!]! @listSize(slicingArguments: ["first"])
  }
  type Review {
    id: ID!
    body: String!
  }
  type ProductEdge {
    node: Product!
  }
  type ProductPage {
    edges: [ProductEdge!]!
    total: Int!
  }
  type Query {
    products(first: Int, last: Int): [Product!]!
      @listSize(slicingArguments: ["first", "last"], assumedSize: 100)
    productPage(first: Int!): ProductPage!
      @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    product(id: ID!): Product
  }
`;

const PRODUCTS = [1, 2, 3].map((n) => ({ id: `p-${n}`, name: `Product ${n}`, price: n * 10 }));

/** A gateway in front of the catalog subgraph, counting the requests the subgraph gets. */
export interface LimitsTestGateway {
  /** The composed supergraph SDL (with `@cost`/`@listSize`). */
  supergraphSdl: string;
  /** POSTs a JSON body (or GETs a query string) to the gateway. */
  send(body: Record<string, unknown>): Promise<{ status: number; body: GatewayBody }>;
  get(search: string): Promise<{ status: number; body: GatewayBody }>;
  /** Requests the subgraph has received so far. */
  subgraphRequests(): number;
  stop(): Promise<void>;
}

/** A gateway response body. */
export interface GatewayBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

async function serve(server: ApolloServer, onRequest = (): void => {}): Promise<RunningHttpServer> {
  await server.start();
  const handler = graphqlHttpHandler({ server, context: async () => ({}) });
  return startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ name: 'limits-test', level: 'silent' }),
    routes: { '/graphql': (req, res, url) => (onRequest(), handler(req, res, url)) },
  });
}

/** Starts the catalog subgraph and a gateway with the given plugins, on free ports. */
export async function startLimitsTestGateway(
  plugins: (supergraphSdl: string) => ApolloServerPlugin[],
): Promise<LimitsTestGateway> {
  let requests = 0;
  const subgraph = new ApolloServer({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs: parse(CATALOG_SDL),
      resolvers: {
        Query: {
          products: () => PRODUCTS,
          product: (_: unknown, args: { id: string }) => PRODUCTS.find((p) => p.id === args.id),
          productPage: (_: unknown, args: { first: number }) => ({
            edges: PRODUCTS.slice(0, args.first).map((node) => ({ node })),
            total: PRODUCTS.length,
          }),
        },
        Product: { reviews: () => [{ id: 'r-1', body: 'Good' }] },
      },
    }),
  });
  const subgraphHttp = await serve(subgraph, () => (requests += 1));
  const url = `${subgraphHttp.url}/graphql`;
  const composed = composeServices([{ name: 'catalog', url, typeDefs: parse(CATALOG_SDL) }]);
  if (!composed.supergraphSdl) throw new Error(JSON.stringify(composed.errors));
  const supergraphSdl = composed.supergraphSdl;
  const gateway = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl }),
    plugins: plugins(supergraphSdl),
  });
  const gatewayHttp = await serve(gateway);
  const read = async (response: Response) => ({
    status: response.status,
    body: (await response.json()) as GatewayBody,
  });
  return {
    supergraphSdl,
    send: async (body) =>
      read(
        await fetch(`${gatewayHttp.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    get: async (search) =>
      read(
        await fetch(`${gatewayHttp.url}/graphql?${search}`, {
          headers: { 'apollo-require-preflight': 'true' },
        }),
      ),
    subgraphRequests: () => requests,
    async stop() {
      await gatewayHttp.close();
      await gateway.stop();
      await subgraphHttp.close();
      await subgraph.stop();
    },
  };
}
