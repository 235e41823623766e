import { ApolloGateway, LocalGraphQLDataSource, type GraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { QueryPlanner } from '@apollo/query-planner';
import { parse, type GraphQLSchema } from 'graphql';
import { withNativeExecutor } from '../../../../gateway/src/execution/withNativeExecutor';
import { createLogger } from '../../../../lib/logger';
import { composeFixture, requestContextFor } from '../../../fixtures/executor/fixtureSupergraph';
import { SHOP_SUBGRAPHS } from '../../../fixtures/executor/shopSubgraphs';

/**
 * The gateway wiring: once wrapped, every plan runs on the native executor through the
 * gateway's own data sources (so batching, signing and caches still apply), and the
 * answer is Apollo's.
 */
const QUERY = '{ topReviews(first: 2) { id author { username name } product { name price } } }';

it('runs plans on the native executor through the gateway data sources', async () => {
  const supergraphSdl = composeFixture(SHOP_SUBGRAPHS);
  const sources = new Map<string, GraphQLDataSource>(
    SHOP_SUBGRAPHS.map(({ name, typeDefs, resolvers }) => [
      name,
      new LocalGraphQLDataSource(buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers })),
    ]),
  );
  const logger = createLogger({ name: 'test', level: 'silent' });
  const apollo = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name }) => sources.get(name)!,
  });
  const asked: string[] = [];
  const wrapped = withNativeExecutor(
    new ApolloGateway({ supergraphSdl, logger, buildService: ({ name }) => sources.get(name)! }),
    {
      dataSource: (name) => {
        asked.push(name);
        return sources.get(name);
      },
    },
  );
  const loadedApollo = await apollo.load();
  const loaded = await wrapped.load({
    apollo: {} as never,
    startedInUnmanagedFashion: true,
  } as never);
  const context = () => requestContextFor(loadedApollo.schema, parse(QUERY), QUERY, {}, undefined);
  const ours = await loaded.executor!(context());
  const theirs = await loadedApollo.executor(context());
  expect(ours.errors).toBeUndefined();
  expect(JSON.stringify(ours.data)).toBe(JSON.stringify(theirs.data));
  expect(JSON.stringify(ours.data)).toContain('"username":"ada"');
  // The native executor asked the gateway's data sources: reviews first, then the entities.
  expect(asked[0]).toBe('reviews');
  expect(new Set(asked)).toEqual(new Set(['reviews', 'accounts', 'products']));
  await Promise.all([apollo.stop(), wrapped.stop()]);
});

it('plans with the planner the gateway built for each supergraph version (no second planner)', async () => {
  const first = composeFixture(SHOP_SUBGRAPHS);
  // A second version: one more field on a subgraph, so the gateway builds a new planner.
  const second = composeFixture(
    SHOP_SUBGRAPHS.map((subgraph) =>
      subgraph.name === 'reviews'
        ? { ...subgraph, typeDefs: `${subgraph.typeDefs}\n extend type Query { reviewCount: Int }` }
        : subgraph,
    ),
  );
  const sources = new Map<string, GraphQLDataSource>(
    SHOP_SUBGRAPHS.map(({ name, typeDefs, resolvers }) => [
      name,
      new LocalGraphQLDataSource(buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers })),
    ]),
  );
  let update: (sdl: string) => void = () => undefined;
  const apollo = new ApolloGateway({
    supergraphSdl: async (options) => {
      update = options.update;
      return { supergraphSdl: first };
    },
    logger: createLogger({ name: 'test', level: 'silent' }),
    buildService: ({ name }) => sources.get(name)!,
  });
  let schema: GraphQLSchema | undefined;
  apollo.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
  });
  const planned = jest.spyOn(QueryPlanner.prototype, 'buildQueryPlan');
  const wrapped = withNativeExecutor(apollo, { dataSource: (name) => sources.get(name) });
  const loaded = await wrapped.load({ apollo: {} });
  const plannedBy = async (query: string): Promise<unknown> => {
    planned.mockClear();
    const result = await loaded.executor!(
      requestContextFor(schema!, parse(query), query, {}, undefined),
    );
    expect(result.errors).toBeUndefined();
    expect(planned).toHaveBeenCalledTimes(1);
    return planned.mock.contexts[0];
  };
  expect(await plannedBy(QUERY)).toBe(apollo.__testing().queryPlanner);
  const before = apollo.__testing().queryPlanner;
  update(second);
  expect(apollo.__testing().queryPlanner).not.toBe(before);
  expect(await plannedBy(`${QUERY.slice(0, -1)} topProducts { upc } }`)).toBe(
    apollo.__testing().queryPlanner,
  );
  planned.mockRestore();
  await wrapped.stop();
});
