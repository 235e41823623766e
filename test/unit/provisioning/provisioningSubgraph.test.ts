import { provisioningSubgraph } from '../../../subgraphs/provisioning/src';
import { storyAnchor } from '../../../subgraphs/shared/seedIds';
import { startTestSubgraphs, type TestSubgraphs } from '../../harness/startTestSubgraphs';
import { oneEngine } from '../../harness/testDatabase';
import { RERUN_CLOCKS, SEED_NOW } from '../../harness/seedClock';

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        id
        services {
          id
          offering {
            id
          }
          status
          equipment {
            serialNumber
            kind
          }
        }
        appointments(upcoming: true) {
          id
          window {
            start
          }
          technician {
            id
            name
            skills
          }
        }
      }
    }
  }
`;

interface CustomerEntity {
  id: string;
  services: {
    id: string;
    offering: { id: string };
    status: string;
    equipment: { serialNumber: string; kind: string }[];
  }[];
  appointments: {
    id: string;
    window: { start: string };
    technician: { id: string; name: string; skills: string[] } | null;
  }[];
}

describe.each(oneEngine())('provisioning subgraph on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([provisioningSubgraph], { engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  it("shows Dana's upcoming visit booked with an installer who cannot rewire", async () => {
    const result = await stack.query(
      'provisioning',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-dana-reyes" }]) {
            ... on Customer {
              appointments(upcoming: true) {
                id
                jobType
                requiredSkills
                status
                technician {
                  id
                  name
                  skills
                }
                statusHistory {
                  status
                  reason
                  window {
                    start
                    end
                  }
                }
                serviceOrder {
                  id
                }
                place {
                  id
                }
              }
            }
          }
        }
      `,
    );
    const dayStart = storyAnchor(SEED_NOW).getTime();
    const iso = (days: number, hour: number) =>
      new Date(dayStart + days * 86_400_000 + hour * 3_600_000).toISOString();
    expect(result).toEqual({
      data: {
        _entities: [
          {
            appointments: [
              {
                id: 'apt-dana-second-visit',
                jobType: 'INSTALL',
                requiredSkills: ['INSTALL', 'REWIRING'],
                status: 'CONFIRMED',
                technician: {
                  id: 'tec-installer-ava',
                  name: 'Ava Kim',
                  skills: ['INSTALL', 'SET_TOP_BOX_SETUP'],
                },
                statusHistory: [
                  {
                    status: 'INITIALIZED',
                    reason: 'Rebooked after the failed first visit',
                    window: { start: iso(2, 8), end: iso(2, 12) },
                  },
                  {
                    status: 'CONFIRMED',
                    reason: 'Confirmed with the customer by SMS',
                    window: null,
                  },
                ],
                serviceOrder: { id: 'so-dana-move' },
                place: { id: 'plc-dana-new-home' },
              },
            ],
          },
        ],
      },
      extensions: { cacheTags: ['customer:cus-dana-reyes'] },
    });
  });

  it("lists all Dana's visits newest first, the failed first visit with the technician's report", async () => {
    const result = await stack.query<{
      _entities: {
        appointments: {
          id: string;
          status: string;
          outcome: string | null;
          statusHistory: { status: string }[];
        }[];
      }[];
    }>(
      'provisioning',
      /* GraphQL */ `
        {
          _entities(representations: [{ __typename: "Customer", id: "cus-dana-reyes" }]) {
            ... on Customer {
              appointments {
                id
                status
                outcome
                statusHistory {
                  status
                }
              }
            }
          }
        }
      `,
    );
    expect(result.data?._entities[0]?.appointments).toEqual([
      {
        id: 'apt-dana-second-visit',
        status: 'CONFIRMED',
        outcome: null,
        statusHistory: [{ status: 'INITIALIZED' }, { status: 'CONFIRMED' }],
      },
      {
        id: 'apt-dana-first-visit',
        status: 'FAILED',
        outcome:
          'Could not wire the set-top box: the building needs rewiring. A rewiring specialist is required.',
        statusHistory: [{ status: 'INITIALIZED' }, { status: 'CONFIRMED' }, { status: 'FAILED' }],
      },
    ]);
  });

  it('keeps reschedules in the status history, oldest first', async () => {
    const result = await stack.query<{
      appointment: {
        statusHistory: { status: string; reason: string; window: { start: string } | null }[];
      };
    }>(
      'provisioning',
      /* GraphQL */ `
        {
          appointment(id: "apt-priya-install") {
            statusHistory {
              status
              reason
              window {
                start
              }
            }
          }
        }
      `,
    );
    const history = result.data!.appointment.statusHistory;
    expect(history.map((change) => change.status)).toEqual([
      'INITIALIZED',
      'INITIALIZED',
      'CONFIRMED',
      'COMPLETED',
    ]);
    expect(history[1]?.reason).toMatch(/Rescheduled/);
    expect(Date.parse(history[1]!.window!.start) - Date.parse(history[0]!.window!.start)).toBe(
      86_400_000,
    );
  });

  it('answers Order.fulfilment for Order references, null when an order has none', async () => {
    const before = await stack.statements('provisioning');
    const result = await stack.query(
      'provisioning',
      /* GraphQL */ `
        {
          _entities(
            representations: [
              { __typename: "Order", id: "ord-dana-move" }
              { __typename: "Order", id: "ord-nobody" }
              { __typename: "Order", id: "ord-priya-gigabit" }
            ]
          ) {
            ... on Order {
              id
              fulfilment {
                id
                status
                order {
                  id
                }
                customer {
                  id
                }
                jeopardyAlerts {
                  id
                  name
                  message
                }
                milestones {
                  name
                  status
                }
              }
            }
          }
        }
      `,
    );
    expect(result.errors).toBeUndefined();
    const entities = (result.data as { _entities: Record<string, unknown>[] })._entities;
    expect(entities[0]).toMatchObject({
      id: 'ord-dana-move',
      fulfilment: {
        id: 'so-dana-move',
        status: 'HELD',
        order: { id: 'ord-dana-move' },
        customer: { id: 'cus-dana-reyes' },
        jeopardyAlerts: [
          {
            id: 'jpa-dana-rewiring',
            name: 'Rewiring needed',
            message: expect.stringMatching(/REWIRING skill/),
          },
        ],
        milestones: [
          { name: 'Order received', status: 'reached' },
          { name: 'Install visit booked', status: 'reached' },
          { name: 'First install visit', status: 'missed' },
          { name: 'Second install visit booked', status: 'reached' },
        ],
      },
    });
    expect(entities[1]).toEqual({ id: 'ord-nobody', fulfilment: null });
    expect(entities[2]).toMatchObject({
      id: 'ord-priya-gigabit',
      fulfilment: { id: 'so-priya-gigabit', status: 'IN_PROGRESS', jeopardyAlerts: [] },
    });
    // service orders by order id, alerts, milestones: one statement each.
    expect((await stack.statements('provisioning')) - before).toBe(3);
  });

  it('shows services with their equipment, offering and place', async () => {
    const result = await stack.query(
      'provisioning',
      /* GraphQL */ `
        {
          priya: service(id: "svc-priya-internet") {
            id
            status
            deliveryMethod
            offering {
              id
            }
            place {
              id
            }
            customer {
              id
            }
            activatedAt
            equipment {
              serialNumber
              kind
              model
            }
            serviceOrder {
              id
              status
            }
          }
          sam: service(id: "svc-sam-mobile") {
            status
            deliveryMethod
            place {
              id
            }
            serviceOrder {
              id
            }
            equipment {
              kind
            }
          }
          dana: service(id: "svc-dana-internet") {
            status
            activatedAt
            equipment {
              kind
            }
          }
        }
      `,
    );
    const priya = (result.data as { priya: { activatedAt: string } }).priya;
    expect(result.data).toEqual({
      priya: {
        id: 'svc-priya-internet',
        status: 'ACTIVE',
        deliveryMethod: 'TECHNICIAN_INSTALL',
        offering: { id: 'off-internet-300' },
        place: { id: 'plc-priya-home' },
        customer: { id: 'cus-priya-nair' },
        activatedAt: priya.activatedAt,
        equipment: [
          { serialNumber: 'ONT-PRIYA-000001', kind: 'ONT', model: 'Nokia XS-010X-Q' },
          { serialNumber: 'RT-PRIYA-000001', kind: 'ROUTER', model: 'Nokia Beacon 6' },
        ],
        serviceOrder: { id: 'so-priya-gigabit', status: 'IN_PROGRESS' },
      },
      sam: {
        status: 'ACTIVE',
        deliveryMethod: 'SHIPPING',
        place: null,
        serviceOrder: null,
        equipment: [{ kind: 'SIM' }],
      },
      dana: { status: 'RESERVED', activatedAt: null, equipment: [{ kind: 'ROUTER' }] },
    });
    const daysAgo = (Date.now() - Date.parse(priya.activatedAt)) / 86_400_000;
    expect(daysAgo).toBeGreaterThan(2);
    expect(daysAgo).toBeLessThan(4);
  });

  it('lists a service order with its visits, earliest first', async () => {
    const result = await stack.query(
      'provisioning',
      /* GraphQL */ `
        {
          serviceOrder(id: "so-dana-move") {
            appointments {
              id
              technician {
                id
              }
            }
          }
        }
      `,
    );
    expect(result.data).toEqual({
      serviceOrder: {
        appointments: [
          { id: 'apt-dana-first-visit', technician: { id: 'tec-installer-ava' } },
          { id: 'apt-dana-second-visit', technician: { id: 'tec-installer-ava' } },
        ],
      },
    });
  });

  it('answers null for unknown ids', async () => {
    const result = await stack.query(
      'provisioning',
      /* GraphQL */ `
        {
          service(id: "svc-nope") {
            id
          }
          appointment(id: "apt-nope") {
            id
          }
          technician(id: "tec-nope") {
            id
          }
          serviceOrder(id: "so-nope") {
            id
          }
        }
      `,
    );
    expect(result).toEqual({
      data: { service: null, appointment: null, technician: null, serviceOrder: null },
      extensions: { cacheTags: [] },
    });
  });

  it('pages through technicians, filters by skill and validates arguments', async () => {
    type Page = {
      technicians: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const query = /* GraphQL */ `
      query ($first: Int, $after: String, $skills: [Skill!]) {
        technicians(first: $first, after: $after, skills: $skills) {
          edges {
            node {
              id
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    const ids = (page: Page) => page.technicians.edges.map((edge) => edge.node.id);
    const first = await stack.query<Page>('provisioning', query, { first: 3 });
    expect(ids(first.data!)).toEqual(['tec-installer-ava', 'tec-rewiring-ben', 'tec-carla-mendes']);
    expect(first.data!.technicians.pageInfo.hasNextPage).toBe(true);
    const second = await stack.query<Page>('provisioning', query, {
      first: 10,
      after: first.data!.technicians.pageInfo.endCursor,
    });
    expect(ids(second.data!)).toEqual([
      'tec-dev-patel',
      'tec-elena-novak',
      'tec-farid-haddad',
      'tec-grace-obi',
      'tec-hiro-sato',
    ]);
    expect(second.data!.technicians.pageInfo.hasNextPage).toBe(false);
    const rewiring = await stack.query<Page>('provisioning', query, { skills: ['REWIRING'] });
    expect(ids(rewiring.data!)).toEqual(['tec-rewiring-ben', 'tec-elena-novak']);

    for (const variables of [
      { first: -1 },
      { first: 101 },
      { after: 'nonsense' },
      { skills: ['JUGGLING'] },
    ]) {
      const bad = await stack.query('provisioning', query, variables);
      expect({ variables, code: bad.errors?.[0]?.extensions?.code }).toEqual({
        variables,
        code: 'BAD_USER_INPUT',
      });
    }
  });

  it('resolves Service, Appointment, Technician and ServiceOrder references in one statement each, in key order', async () => {
    const cases: [string, string[], string][] = [
      ['Service', ['svc-lee-internet', 'svc-nope', 'svc-sam-mobile'], 'id'],
      ['Appointment', ['apt-dana-first-visit', 'apt-nope', 'apt-000004-1'], 'id'],
      ['Technician', ['tec-rewiring-ben', 'tec-nope', 'tec-installer-ava'], 'id'],
      ['ServiceOrder', ['so-priya-gigabit', 'so-nope', 'so-dana-move'], 'id'],
    ];
    for (const [typename, keys] of cases) {
      const before = await stack.statements('provisioning');
      const result = await stack.query<{ _entities: ({ id: string } | null)[] }>(
        'provisioning',
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { id } } }`,
        { representations: keys.map((id) => ({ __typename: typename, id })) },
      );
      expect(result.data?._entities).toEqual([{ id: keys[0] }, null, { id: keys[2] }]);
      expect((await stack.statements('provisioning')) - before).toBe(1);
    }
  });

  it('answers services, upcoming visits and technicians of 25 customers in one statement per entity type', async () => {
    const ids = Array.from({ length: 25 }, (_value, n) => `cus-${String(n + 1).padStart(6, '0')}`);
    const before = await stack.statements('provisioning');
    const result = await stack.query<{ _entities: CustomerEntity[] }>('provisioning', ENTITIES, {
      representations: ids.map((id) => ({ __typename: 'Customer', id })),
    });
    // services, equipment, appointments, technicians
    expect((await stack.statements('provisioning')) - before).toBe(4);
    const customers = result.data!._entities;
    expect(customers.map((c) => c.id)).toEqual(ids);
    expect(customers[0]?.services).toEqual([
      {
        id: 'svc-000001-1',
        offering: { id: 'off-internet-300' },
        status: 'ACTIVE',
        equipment: [{ serialNumber: 'RT-00000001', kind: 'ROUTER' }],
      },
    ]);
    expect(customers[1]?.services[0]?.offering.id).toBe('off-internet-1000');
    expect(customers.filter((c) => c.appointments.length > 0).map((c) => c.id)).toEqual(
      ids.filter((_id, n) => (n + 1) % 4 === 0),
    );
    const visit = customers[3]!.appointments[0]!;
    expect(visit.id).toBe('apt-000004-1');
    // i = 4: technician 1 + 4 % 8 = the fifth, five days after the seed's day (4 % 7 + 1).
    expect(visit.technician).toEqual({
      id: 'tec-elena-novak',
      name: 'Elena Novak',
      skills: ['INSTALL', 'REWIRING', 'REPAIR'],
    });
    const start = storyAnchor(SEED_NOW).getTime() + 5 * 86_400_000 + 8 * 3_600_000;
    expect(visit.window.start).toBe(new Date(start).toISOString());
  });

  it('seeds idempotently: a rerun adds nothing, at once, an hour or a day later', async () => {
    const count = async (table: string) =>
      (
        await stack.database.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM provisioning.${table}`,
        )
      )[0]!.n;
    const tables = [
      'technician',
      'service_order',
      'service',
      'equipment',
      'appointment',
      'appointment_status_change',
      'milestone',
      'jeopardy_alert',
    ];
    const before = await Promise.all(tables.map(count));
    for (const now of RERUN_CLOCKS) {
      await provisioningSubgraph.seed(stack.database.db, { customers: 30, now });
      expect(await Promise.all(tables.map(count))).toEqual(before);
    }
    // 4 persona services + 30 generated; 3 persona visits + 7 generated (every fourth of 30).
    expect(before).toEqual([8, 2, 34, 35, 10, 9 + 14, 7, 1]);
  });
});
