import type { Claims } from '../../../lib/claims';
import { signRequest } from '../../../lib/signedClaims';
import { crmSubgraph } from '../../../subgraphs/crm/src';
import { generatedCustomerId, PERSONA } from '../../../subgraphs/shared/seedIds';
import {
  startTestSubgraphs,
  type GraphQLResponse,
  type TestSubgraphs,
} from '../../harness/startTestSubgraphs';
import { testEngines } from '../../harness/testDatabase';

const agent = (sub: string): Claims => ({ sub, role: 'agent', team: 'care', scopes: [] });
const SUPERVISOR: Claims = { sub: 'agt-care-lead', role: 'supervisor', team: 'care', scopes: [] };

interface AccessRow {
  customer_id: string;
  agent_id: string;
  role: string;
  team: string | null;
  operation_name: string | null;
  client_name: string | null;
  request_id: string | null;
}

interface OutboxRow {
  id: string;
  customer_id: string;
  event_type: string;
  subject_type: string;
  subject_id: string;
  summary: string;
  actor: string;
  payload: Record<string, unknown>;
}

const ENTITIES = /* GraphQL */ `
  query Entities($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on Customer {
        id
        displayName
      }
    }
  }
`;

describe.each(testEngines())('crm customer access log on %s', (engine) => {
  let stack: TestSubgraphs;
  beforeAll(async () => {
    stack = await startTestSubgraphs([crmSubgraph], { engine, seedCustomers: 30 });
  });
  afterAll(() => stack.stop());

  /** Posts to crm as `claims`, with extra headers and an operation name. */
  async function post<T = Record<string, unknown>>(
    claims: Claims,
    query: string,
    options: {
      variables?: Record<string, unknown>;
      operationName?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<GraphQLResponse<T>> {
    const url = `${stack.subgraphs.crm!.url}/graphql`;
    const body = JSON.stringify({
      query,
      variables: options.variables,
      operationName: options.operationName,
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest(claims, stack.secret, { subgraph: 'crm', body }),
        ...options.headers,
      },
      body,
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  const accessesBy = (agentId: string): Promise<AccessRow[]> =>
    stack.database.db.query<AccessRow>(
      `SELECT customer_id, agent_id, role, team, operation_name, client_name, request_id
         FROM crm.customer_access WHERE agent_id = $1 ORDER BY customer_id`,
      [agentId],
    );
  const eventsBy = (actor: string): Promise<OutboxRow[]> =>
    stack.database.db.query<OutboxRow>(
      `SELECT id, customer_id, event_type, subject_type, subject_id, summary, actor, payload
         FROM crm.outbox WHERE actor = $1 AND event_type = 'customer.viewed' ORDER BY customer_id`,
      [actor],
    );

  it("records an agent's read with who, which operation, which client and the request id, plus a customer.viewed event", async () => {
    const result = await post(
      agent('agt-audit-one'),
      /* GraphQL */ `
        query CustomerContext__crm__0 {
          customer(id: "cus-dana-reyes") {
            displayName
          }
        }
      `,
      {
        operationName: 'CustomerContext__crm__0',
        headers: { 'apollographql-client-name': 'rep-desktop', 'x-request-id': 'req-42' },
      },
    );
    expect(result).toEqual({
      data: { customer: { displayName: 'Dana Reyes' } },
      extensions: { cacheTags: ['customer:cus-dana-reyes'] },
    });
    expect(await accessesBy('agt-audit-one')).toEqual([
      {
        customer_id: PERSONA.dana,
        agent_id: 'agt-audit-one',
        role: 'agent',
        team: 'care',
        operation_name: 'CustomerContext',
        client_name: 'rep-desktop',
        request_id: 'req-42',
      },
    ]);
    expect(await eventsBy('agt-audit-one')).toEqual([
      expect.objectContaining({
        customer_id: PERSONA.dana,
        event_type: 'customer.viewed',
        subject_type: 'Customer',
        subject_id: PERSONA.dana,
        summary: 'Opened by agt-audit-one (CustomerContext)',
        actor: 'agt-audit-one',
        // Evicts nothing cached, and is not customer history.
        payload: expect.objectContaining({ invalidates: [], timeline: false }),
      }),
    ]);
  });

  it('records 25 customers read through _entities as 25 rows and 25 events in ONE statement, unknown ids none', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => generatedCustomerId(i + 1));
    const reps = [...ids, 'cus-nobody'].map((id) => ({ __typename: 'Customer', id }));
    const before = await stack.statements('crm');
    const result = await post<{ _entities: ({ id: string } | null)[] }>(
      agent('agt-audit-many'),
      ENTITIES,
      { variables: { reps }, operationName: 'Entities' },
    );
    const spent = (await stack.statements('crm')) - before;
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((e) => e?.id ?? null)).toEqual([...ids, null]);
    // One SELECT of the customers, one INSERT of their 25 access rows and events.
    expect(spent).toBe(2);
    const rows = await accessesBy('agt-audit-many');
    expect(rows.map((r) => r.customer_id)).toEqual(ids);
    expect(new Set(rows.map((r) => r.operation_name))).toEqual(new Set(['Entities']));
    expect((await eventsBy('agt-audit-many')).map((e) => e.subject_id)).toEqual(ids);
  });

  it('records a customer read twice in one request once, and a page of customers once each', async () => {
    const result = await post(
      agent('agt-audit-twice'),
      /* GraphQL */ `
        {
          customer(id: "cus-sam-okafor") {
            id
          }
          customersByIds(ids: ["cus-sam-okafor", "cus-lee-chen", "cus-nobody"]) {
            id
          }
          customerByIdentifier(kind: EMAIL, value: "priya.nair@example.com") {
            id
          }
        }
      `,
    );
    expect(result.errors).toBeUndefined();
    const rows = await accessesBy('agt-audit-twice');
    expect(rows.map((r) => r.customer_id)).toEqual([PERSONA.lee, PERSONA.priya, PERSONA.sam]);
    expect(rows.every((r) => r.operation_name === null)).toBe(true);
    expect((await eventsBy('agt-audit-twice')).map((e) => e.summary)).toEqual([
      'Opened by agt-audit-twice (anonymous operation)',
      'Opened by agt-audit-twice (anonymous operation)',
      'Opened by agt-audit-twice (anonymous operation)',
    ]);

    const page = await post<{ customers: { edges: { node: { id: string } }[] } }>(
      { ...SUPERVISOR, sub: 'agt-audit-page' },
      /* GraphQL */ `
        query Page {
          customers(first: 3) {
            edges {
              node {
                id
              }
            }
          }
        }
      `,
    );
    const pageIds = page.data!.customers.edges.map((e) => e.node.id).sort();
    const pageRows = await accessesBy('agt-audit-page');
    expect(pageRows.map((r) => r.customer_id)).toEqual(pageIds);
    expect(pageRows.map((r) => r.role)).toEqual(['supervisor', 'supervisor', 'supervisor']);
  });

  it('records nothing for a service, a customer reading themself, or an unknown id', async () => {
    const count = async (): Promise<number> =>
      (
        await stack.database.db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM crm.customer_access)::int
                + (SELECT count(*) FROM crm.outbox WHERE event_type = 'customer.viewed')::int AS n`,
        )
      )[0]!.n;
    const before = await count();
    const dana = /* GraphQL */ `
      {
        customer(id: "cus-dana-reyes") {
          id
        }
      }
    `;
    expect((await stack.query('crm', dana)).data).toEqual({ customer: { id: PERSONA.dana } });
    const asDana: Claims = { sub: PERSONA.dana, role: 'customer', scopes: [] };
    expect((await post(asDana, dana)).data).toEqual({ customer: { id: PERSONA.dana } });
    const unknown = await post(
      agent('agt-audit-none'),
      /* GraphQL */ `
        {
          customer(id: "cus-nobody") {
            id
          }
        }
      `,
    );
    expect(unknown).toEqual({ data: { customer: null }, extensions: { cacheTags: [] } });
    expect(await count()).toBe(before);
  });

  describe('customerAccessLog', () => {
    const LOG = /* GraphQL */ `
      query Log($customerId: ID, $agentId: ID, $first: Int, $after: String) {
        customerAccessLog(
          customerId: $customerId
          agentId: $agentId
          first: $first
          after: $after
        ) {
          edges {
            cursor
            node {
              customer {
                id
                displayName
              }
              agentId
              role
              team
              operationName
              clientName
              requestId
              accessedAt
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    interface Log {
      customerAccessLog: {
        edges: { node: { customer: { id: string }; agentId: string; accessedAt: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }
    const read = (sub: string, id: string) =>
      post(
        agent(sub),
        /* GraphQL */ `
          query Read($id: ID!) {
            customer(id: $id) {
              id
            }
          }
        `,
        { variables: { id } },
      );

    it('lets a supervisor page an agent’s reads, newest first, without recording the log read', async () => {
      for (const id of [PERSONA.dana, PERSONA.sam, PERSONA.priya]) await read('agt-audit-log', id);
      const accessCount = async () =>
        (await stack.database.db.query('SELECT 1 FROM crm.customer_access')).length;
      const before = await accessCount();

      const first = await post<Log>(SUPERVISOR, LOG, {
        variables: { agentId: 'agt-audit-log', first: 2 },
      });
      expect(first.errors).toBeUndefined();
      const log = first.data!.customerAccessLog;
      expect(log.edges.map((e) => e.node.customer.id)).toEqual([PERSONA.priya, PERSONA.sam]);
      expect(log.edges[0]!.node).toMatchObject({
        customer: { id: PERSONA.priya, displayName: 'Priya Nair' },
        agentId: 'agt-audit-log',
        role: 'agent',
        team: 'care',
        operationName: 'Read',
        clientName: null,
      });
      expect(log.pageInfo.hasNextPage).toBe(true);

      const second = await post<Log>(SUPERVISOR, LOG, {
        variables: { agentId: 'agt-audit-log', first: 2, after: log.pageInfo.endCursor },
      });
      expect(second.data!.customerAccessLog.edges.map((e) => e.node.customer.id)).toEqual([
        PERSONA.dana,
      ]);
      expect(second.data!.customerAccessLog.pageInfo.hasNextPage).toBe(false);

      const byCustomer = await post<Log>(SUPERVISOR, LOG, {
        variables: { customerId: PERSONA.sam, agentId: 'agt-audit-log' },
      });
      expect(byCustomer.data!.customerAccessLog.edges.map((e) => e.node.customer.id)).toEqual([
        PERSONA.sam,
      ]);
      expect(await accessCount()).toBe(before);
    });

    it('refuses agents and customers with FORBIDDEN and a bad page with BAD_USER_INPUT', async () => {
      const asAgent = await post(agent('agt-audit-nosy'), LOG);
      expect(asAgent.data).toBeNull();
      expect(asAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const asCustomer = await post({ sub: PERSONA.dana, role: 'customer', scopes: [] }, LOG);
      expect(asCustomer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      for (const variables of [{ first: 101 }, { first: -1 }, { after: 'nope' }]) {
        const bad = await post(SUPERVISOR, LOG, { variables });
        expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });
  });
});
