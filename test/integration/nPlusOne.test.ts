import { startTestStack, type TestStack } from '../harness/startTestStack';
import { oneEngine } from '../harness/testDatabase';

const TWENTY_FIVE_CUSTOMERS = /* GraphQL */ `
  query TwentyFiveCustomers {
    customers(first: 25) {
      edges {
        node {
          id
          orders(first: 5) {
            edges {
              node {
                id
                status
                items {
                  quantity
                  offering {
                    name
                  }
                }
              }
            }
          }
          services {
            id
            status
            equipment {
              kind
              serialNumber
            }
          }
          appointments(upcoming: true) {
            id
            window {
              start
            }
            technician {
              name
              skills
            }
          }
          cases(openOnly: true) {
            id
            title
            notes {
              body
              author {
                name
              }
            }
          }
        }
      }
    }
  }
`;

interface Result {
  customers: {
    edges: {
      node: {
        id: string;
        orders: { edges: { node: { id: string; items: { offering: { name: string } }[] } }[] };
        services: { equipment: unknown[] }[];
        appointments: { technician: { name: string } | null }[];
        cases: { notes: { author: { name: string } }[] }[];
      };
    }[];
  };
}

/**
 * Statements each subgraph may send for the query above: one per entity type it
 * loads, however many customers are on the page.
 */
const BUDGET = {
  // customers; the audit log's access rows + customer.viewed events (one INSERT); the
  // data generation, read first because the gateway asks a root query for a validator
  crm: 3,
  // Each also writes the rep's reads to its access log: one INSERT per request.
  orders: 4, // orders, order items, offerings; access rows
  provisioning: 5, // services, equipment, appointments, technicians; access rows
  support: 4, // cases, notes, agents; access rows
};

describe.each(oneEngine())('no N+1 through the gateway on %s', (engine) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ engine, seedCustomers: 40 });
  });
  afterAll(() => stack.stop());

  it('loads 25 customers with orders, services, appointments and open cases in one statement per entity type per subgraph', async () => {
    const names = Object.keys(BUDGET) as (keyof typeof BUDGET)[];
    const count = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        await Promise.all(names.map(async (n) => [n, await stack.statements(n)] as const)),
      );
    const before = await count();
    const result = await stack.gatewayQuery<Result>(TWENTY_FIVE_CUSTOMERS);
    const after = await count();

    expect(result.errors).toBeUndefined();
    const customers = result.data!.customers.edges.map((edge) => edge.node);
    expect(customers).toHaveLength(25);
    // The page really exercises every list: otherwise the budget would prove nothing.
    expect(
      customers.every(
        (c) => c.orders.edges.length > 0 && c.orders.edges.every((o) => o.node.items.length > 0),
      ),
    ).toBe(true);
    expect(customers.every((c) => c.services.length > 0)).toBe(true);
    expect(
      customers.filter((c) => c.appointments.some((a) => a.technician)).length,
    ).toBeGreaterThan(2);
    expect(customers.filter((c) => c.cases.some((k) => k.notes.length > 0)).length).toBeGreaterThan(
      2,
    );

    const spent = Object.fromEntries(names.map((n) => [n, after[n]! - before[n]!]));
    const overBudget = names
      .filter((n) => spent[n]! > BUDGET[n])
      .map((n) => `${n} sent ${spent[n]} statements, budget ${BUDGET[n]}`);
    expect(overBudget).toEqual([]);
    // And not zero: the counter really counts what the subgraphs do.
    expect(Object.values(spent).every((n) => n >= 1)).toBe(true);
  });
});
