import { ApolloGateway, LocalGraphQLDataSource, type GraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
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
