import { startTestStack, type TestStack } from '../harness/startTestStack';
import { metricValue } from '../harness/startGatewayFor';
import { generatedPhone } from '../../bench/workloads';

/**
 * Cross-request entity batching on the real system: a rep's tool asking about many
 * customers at once gets, for each, exactly the answer it gets when asking one at a
 * time, while the subgraphs see fewer, bigger entity calls. The selection spans orders
 * (with offerings and fulfilment from other subgraphs), services, appointments with
 * technicians and open cases with their orders, and leaves out what a read itself
 * changes (views feed attention and the timeline).
 */
const QUERY = /* GraphQL */ `
  query Batched($value: String!) {
    customerByIdentifier(kind: PHONE, value: $value) {
      id
      displayName
      orders(first: 5) {
        edges {
          node {
            id
            status
            items {
              quantity
              offering {
                id
                name
                tier
              }
            }
            fulfilment {
              id
              status
            }
          }
        }
      }
      services {
        id
        status
        offering {
          id
          name
        }
        equipment {
          kind
          model
        }
      }
      appointments(upcoming: true) {
        id
        status
        technician {
          id
          name
        }
      }
      cases(openOnly: true) {
        id
        title
        order {
          id
          status
        }
      }
    }
  }
`;

const CUSTOMERS = 30;
let stack: TestStack;

beforeAll(async () => {
  // Caches off: a stored answer (or entity) would leave nothing to batch, and whether the
  // first pass's answers are still stored depends on when the seed's events evict them.
  stack = await startTestStack({ seedCustomers: CUSTOMERS, gatewayEnv: { CACHE: 'off' } });
}, 120_000);
afterAll(async () => {
  await stack.stop();
});

async function batchSamples(): Promise<{ calls: number; fetches: number }> {
  const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
  let calls = 0;
  let fetches = 0;
  for (const subgraph of ['orders', 'provisioning', 'support', 'engagement', 'crm']) {
    const labels = { subgraph };
    calls += metricValue(text, 'gateway_subgraph_entity_batch_fetches_count', labels) ?? 0;
    fetches += metricValue(text, 'gateway_subgraph_entity_batch_fetches_sum', labels) ?? 0;
  }
  return { calls, fetches };
}

it('answers concurrent requests exactly as one at a time, in fewer subgraph calls', async () => {
  const phones = Array.from({ length: CUSTOMERS }, (_, i) => generatedPhone(i + 1));
  const one = async (value: string) => {
    const response = await stack.gatewayQuery(QUERY, { value });
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const alone = [];
  for (const phone of phones) alone.push(await one(phone));
  // Every answer has data from the other subgraphs, so the comparison means something.
  const withOrders = alone.filter(
    (d) =>
      (d as { customerByIdentifier: { orders: { edges: unknown[] } } }).customerByIdentifier.orders
        .edges.length > 0,
  );
  expect(withOrders.length).toBeGreaterThan(CUSTOMERS / 2);

  const before = await batchSamples();
  const together = await Promise.all(phones.map(one));
  const after = await batchSamples();

  expect(together).toEqual(alone);
  const calls = after.calls - before.calls;
  const fetches = after.fetches - before.fetches;
  // Some calls carried the fetches of several requests.
  expect(fetches).toBeGreaterThan(calls);
});
