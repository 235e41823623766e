import { ApolloServer } from '@apollo/server';
import { Registry } from 'prom-client';
import { gatewayPluginMetrics } from '../../../gateway/src/plugins/metricsPlugin';

/** Operation labels of `gateway_requests_total` in the registry. */
async function operationLabels(registry: Registry): Promise<Set<string>> {
  const metric = await registry.getSingleMetric('gateway_requests_total')?.get();
  return new Set((metric?.values ?? []).map((value) => String(value.labels.operation)));
}

describe('operation names as metric labels', () => {
  it('labels at most maxOperationNames distinct names; the rest count as other', async () => {
    const registry = new Registry();
    const server = new ApolloServer({
      typeDefs: /* GraphQL */ `
        type Query {
          ok: Boolean
        }
      `,
      resolvers: { Query: { ok: () => true } },
      plugins: [gatewayPluginMetrics({ registry, maxOperationNames: 5 })],
    });
    await server.start();
    try {
      // A client choosing a fresh name per request, as an attacker would.
      for (let i = 0; i < 20; i += 1) {
        await server.executeOperation({ query: `query Attack${i} { ok }` });
      }
      await server.executeOperation({ query: 'query Attack0 { ok }' });
      await server.executeOperation({ query: `query ${'L'.repeat(101)} { ok }` });
      const labels = await operationLabels(registry);
      expect([...labels].sort()).toEqual(
        ['Attack0', 'Attack1', 'Attack2', 'Attack3', 'Attack4', 'other'].sort(),
      );
    } finally {
      await server.stop();
    }
  });
});
