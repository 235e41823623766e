import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { Agent } from 'undici';
import { SubgraphDataSource } from '../../../gateway/src/datasources/subgraphDataSource';
import { createLogger } from '../../../lib/logger';
import { INVENTORY_SDL, startInventorySubgraph } from '../../fixtures/inventorySubgraph';
import { startSlowSubgraph, type SlowSubgraph } from '../../fixtures/slowSubgraph';

const SLOW_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
  type Query {
    served: Int
  }
`;

const logger = createLogger({ name: 'test', level: 'silent' });
let slow: SlowSubgraph;
let inventory: { url: string; stop(): Promise<void> };
let agent: Agent;
let server: ApolloServer;

beforeAll(async () => {
  slow = await startSlowSubgraph();
  inventory = await startInventorySubgraph();
  agent = new Agent();
  const composed = composeServices([
    { name: 'slow', url: slow.url, typeDefs: parse(SLOW_SDL) },
    { name: 'inventory', url: inventory.url, typeDefs: parse(INVENTORY_SDL) },
  ]);
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl!,
    buildService: ({ name, url }) =>
      new SubgraphDataSource(name, url!, logger, {
        dispatcher: agent,
        // Only the slow subgraph's deadline is what this file is about: the in-memory
        // inventory gets room to answer on a loaded machine.
        call: { timeoutMs: name === 'slow' ? 300 : 10_000, breaker: { consecutiveFailures: 100 } },
      }),
    logger,
  });
  server = new ApolloServer({ gateway });
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await agent.close();
  await Promise.all([slow.stop(), inventory.stop()]);
});

it('answers with partial results within the deadline when a subgraph is slow', async () => {
  // The slow subgraph would answer long after any busy machine has planned and sent
  // the query: an answer before that came from the 300 ms deadline.
  slow.delayMs = 30_000;
  const started = Date.now();
  const response = await server.executeOperation({
    query: /* GraphQL */ `
      query Partial {
        served
        topProducts(first: 1) {
          upc
        }
      }
    `,
  });
  // Answered on the slow subgraph's deadline, long before its answer would come.
  expect(Date.now() - started).toBeLessThan(slow.delayMs);
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  expect(data).toEqual({ served: null, topProducts: [{ upc: 'p-1' }] });
  expect(errors).toEqual([
    expect.objectContaining({
      message: 'subgraph "slow" is unavailable',
      extensions: expect.objectContaining({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'slow',
        reason: 'timeout',
      }),
    }),
  ]);
  expect(JSON.stringify(errors)).not.toContain(slow.url);
});
