import { startTestStack, type TestStack } from '../harness/startTestStack';
import { testEngines } from '../harness/testDatabase';

const BY_IDENTIFIER = /* GraphQL */ `
  query ($kind: IdentifierKind!, $value: String!) {
    customerByIdentifier(kind: $kind, value: $value) {
      id
      displayName
    }
  }
`;

const FULL_CONTEXT = /* GraphQL */ `
  query FullContext($id: ID!) {
    customer(id: $id) {
      id
      displayName
      status
      accountNumber
      contactPoints {
        kind
        value
      }
      preferences {
        preferredChannel
        language
      }
      addresses {
        id
        city
      }
      orders(first: 5) {
        edges {
          node {
            id
            status
            channel
            items {
              offering {
                id
                name
                deliveryMethods
              }
              deliveryMethod
            }
          }
        }
        pageInfo {
          hasNextPage
        }
      }
      services {
        id
        status
        offering {
          id
        }
        equipment {
          kind
        }
      }
      appointments(upcoming: true) {
        id
        jobType
        requiredSkills
        technician {
          id
          name
          skills
        }
      }
      cases(openOnly: true) {
        id
        status
        notes {
          body
          author {
            name
          }
        }
        latestHandoff {
          summary
          toTeam
        }
      }
    }
  }
`;

interface FullContext {
  customer: {
    id: string;
    displayName: string;
    status: string;
    accountNumber: string;
    contactPoints: { kind: string; value: string }[];
    preferences: { preferredChannel: string; language: string };
    addresses: { id: string; city: string }[];
    orders: {
      edges: {
        node: {
          id: string;
          status: string;
          channel: string;
          items: {
            offering: { id: string; name: string; deliveryMethods: string[] };
            deliveryMethod: string;
          }[];
        };
      }[];
      pageInfo: { hasNextPage: boolean };
    };
    services: {
      id: string;
      status: string;
      offering: { id: string };
      equipment: { kind: string }[];
    }[];
    appointments: {
      id: string;
      jobType: string;
      requiredSkills: string[];
      technician: { id: string; name: string; skills: string[] };
    }[];
    cases: {
      id: string;
      status: string;
      notes: { body: string; author: { name: string } }[];
      latestHandoff: { summary: string; toTeam: string } | null;
    }[];
  } | null;
}

describe.each(testEngines())('the customer context through the gateway on %s', (engine) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  it.each([
    ['PHONE', '(415) 555-0134'],
    ['PHONE', '+14155550134'],
    ['PHONE', '415.555.0134'],
    ['EMAIL', 'DANA.REYES@example.com'],
    ['SOCIAL', '@Dana_Reyes'],
    ['ACCOUNT_NUMBER', 'ACC-100234'],
  ])('finds Dana by %s %p', async (kind, value) => {
    const result = await stack.gatewayQuery(BY_IDENTIFIER, { kind, value });
    expect(result.errors).toBeUndefined();
    expect({ data: result.data }).toEqual({
      data: { customerByIdentifier: { id: 'cus-dana-reyes', displayName: 'Dana Reyes' } },
    });
  });

  it("returns Dana's context from all four subgraphs in one request", async () => {
    const result = await stack.gatewayQuery<FullContext>(FULL_CONTEXT, { id: 'cus-dana-reyes' });
    expect(result.errors).toBeUndefined();
    const dana = result.data!.customer!;
    // crm
    expect(dana).toMatchObject({
      id: 'cus-dana-reyes',
      displayName: 'Dana Reyes',
      accountNumber: 'ACC-100234',
    });
    expect(dana.contactPoints).toEqual(
      expect.arrayContaining([
        { kind: 'PHONE', value: '+14155550134' },
        { kind: 'EMAIL', value: 'dana.reyes@example.com' },
        { kind: 'SOCIAL', value: 'dana_reyes' },
      ]),
    );
    expect(dana.addresses[0]).toEqual({ id: 'plc-dana-new-home', city: 'San Francisco' });
    // orders: the website order for the new home, held, with a TV package that cannot stream
    const order = dana.orders.edges.find((edge) => edge.node.id === 'ord-dana-move')?.node;
    expect(order).toMatchObject({ status: 'HELD', channel: 'WEBSITE' });
    const tv = order!.items.find((item) => item.offering.id === 'off-tv-premium');
    expect(tv).toMatchObject({ deliveryMethod: 'STREAMING' });
    expect(tv!.offering.deliveryMethods).not.toContain('STREAMING');
    expect(order!.items.map((item) => item.offering.id).sort()).toEqual([
      'off-internet-300',
      'off-set-top-box',
      'off-tv-premium',
    ]);
    // provisioning: the rebooked visit needs rewiring, the installer cannot rewire
    const visit = dana.appointments.find((a) => a.id === 'apt-dana-second-visit');
    expect(visit).toMatchObject({ jobType: 'INSTALL', technician: { id: 'tec-installer-ava' } });
    expect(visit!.requiredSkills).toContain('REWIRING');
    expect(visit!.technician.skills).not.toContain('REWIRING');
    expect(dana.services.map((s) => s.id)).toContain('svc-dana-internet');
    // support: the open case with the care rep's notes and the handoff to sales
    const supportCase = dana.cases.find((c) => c.id === 'case-dana-move');
    expect(supportCase!.notes.length).toBeGreaterThanOrEqual(2);
    expect(supportCase!.notes.every((note) => note.author.name === 'Jordan Lee')).toBe(true);
    expect(supportCase!.latestHandoff).toMatchObject({ toTeam: 'sales' });
    expect(supportCase!.latestHandoff!.summary).toMatch(/streaming/i);
  });

  it('answers null, not an error, for unknown ids and identifiers', async () => {
    const result = await stack.gatewayQuery(/* GraphQL */ `
      {
        customer(id: "cus-nobody") {
          id
          orders {
            edges {
              cursor
            }
          }
        }
        customerByIdentifier(kind: EMAIL, value: "nobody@example.com") {
          id
        }
      }
    `);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer: null, customerByIdentifier: null });
  });

  it.each([
    [
      'an unparseable phone number',
      BY_IDENTIFIER,
      { kind: 'PHONE', value: 'not a number' },
      /not a valid phone number/,
    ],
    [
      'an unknown enum value',
      BY_IDENTIFIER,
      { kind: 'FAX', value: '123' },
      /FAX.*IdentifierKind|IdentifierKind.*FAX/,
    ],
    [
      'a negative page size',
      /* GraphQL */ `
        query ($first: Int) {
          customer(id: "cus-dana-reyes") {
            orders(first: $first) {
              edges {
                cursor
              }
            }
          }
        }
      `,
      { first: -1 },
      /first must be a whole number of 0 or more/,
    ],
    [
      'a page size over the maximum',
      /* GraphQL */ `
        query ($first: Int) {
          customer(id: "cus-dana-reyes") {
            orders(first: $first) {
              edges {
                cursor
              }
            }
          }
        }
      `,
      { first: 101 },
      /first may be at most 100/,
    ],
  ])(
    'rejects %s with BAD_USER_INPUT and says what was wrong',
    async (_name, query, variables, message) => {
      const result = await stack.gatewayQuery(query, variables);
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toMatch(message);
    },
  );

  it('keeps the crm answer when support is down, coded SUBGRAPH_UNAVAILABLE, and /ready names the one that is', async () => {
    expect((await fetch(`${stack.gateway.url}/ready`)).status).toBe(200);
    await stack.subgraphs.support!.stop();
    const ready = await fetch(`${stack.gateway.url}/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as {
      checks: Record<string, { ok: boolean; detail?: string }>;
    };
    expect(body.checks['subgraph:support']).toMatchObject({ ok: false });
    expect(body.checks['subgraph:crm']).toEqual({ ok: true });

    const result = await stack.gatewayQuery<{
      customer: { displayName: string } | null;
      case: unknown;
    }>(/* GraphQL */ `
      {
        customer(id: "cus-dana-reyes") {
          displayName
        }
        case(id: "case-dana-move") {
          id
        }
      }
    `);
    expect(result.data).toEqual({ customer: { displayName: 'Dana Reyes' }, case: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({
      message: 'subgraph "support" is unavailable',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'support' },
    });
  });
});
