import type { Claims } from '../../lib/claims';
import { startTestStack, type TestStack } from '../harness/startTestStack';

const MORGAN: Claims = { sub: 'agt-sales-morgan', role: 'agent', team: 'sales', scopes: [] };
const SUPERVISOR: Claims = { sub: 'agt-care-lead', role: 'supervisor', team: 'care', scopes: [] };
const SERVICE: Claims = { sub: 'svc-reporting', role: 'service', scopes: [] };
const DANA: Claims = { sub: 'cus-dana-reyes', role: 'customer', scopes: [] };

/** A rep looks at Dana's order, her case with its notes, a visit and her home. */
const LOOK_AROUND = /* GraphQL */ `
  query RepLooksAround {
    place(id: "plc-dana-new-home") {
      city
    }
    order(id: "ord-dana-move") {
      id
      status
    }
    case(id: "case-dana-move") {
      id
      notes {
        id
        body
      }
    }
    appointment(id: "apt-dana-first-visit") {
      id
      jobType
    }
  }
`;

const ENTRY = 'typename customerId agentId role team operationName clientName requestId accessedAt';
const ACCESS_LOGS = /* GraphQL */ `
  query AccessLogs($requestId: String, $agentId: ID, $first: Int, $after: String) {
    ordersAccessLog(requestId: $requestId, agentId: $agentId, first: $first, after: $after) {
      edges { node { ${ENTRY} } }
      pageInfo { hasNextPage endCursor }
    }
    supportAccessLog(requestId: $requestId, agentId: $agentId, first: $first, after: $after) {
      edges { node { ${ENTRY} } }
      pageInfo { hasNextPage endCursor }
    }
    provisioningAccessLog(requestId: $requestId, agentId: $agentId, first: $first, after: $after) {
      edges { node { ${ENTRY} } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

interface Entry {
  typename: string;
  customerId: string;
  agentId: string;
  role: string;
  team: string | null;
  operationName: string | null;
  clientName: string | null;
  requestId: string | null;
  accessedAt: string;
}
type Log = {
  edges: { node: Entry }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
type Logs = Record<'ordersAccessLog' | 'supportAccessLog' | 'provisioningAccessLog', Log>;

const LOGGED = ['orders', 'support', 'provisioning'] as const;

describe('audit of staff reads of orders, cases, notes and appointments', () => {
  let stack: TestStack;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    // CACHE off: every request reaches the subgraphs, so statements can be counted.
    stack = await startTestStack({ seedCustomers: 5, gatewayEnv: { CACHE: 'off' } });
    for (const [name, claims] of Object.entries({ MORGAN, SUPERVISOR, SERVICE, DANA })) {
      tokens[name] = `Bearer ${await stack.tokenFor(claims)}`;
    }
  });
  afterAll(() => stack.stop());

  const logs = async (variables: Record<string, unknown>, as = tokens['SUPERVISOR']!) => {
    const result = await stack.gatewayQuery<Logs>(ACCESS_LOGS, variables, { authorization: as });
    return result;
  };
  const statements = async (): Promise<number[]> =>
    Promise.all(LOGGED.map((name) => stack.statements(name)));
  const spent = async (run: () => Promise<unknown>): Promise<number[]> => {
    const before = await statements();
    await run();
    return (await statements()).map((after, i) => after - before[i]!);
  };
  const lookAround = (authorization: string, requestId: string) =>
    stack.gatewayQuery<Record<string, unknown>>(
      LOOK_AROUND,
      {},
      { authorization, 'apollographql-client-name': 'rep-desktop', 'x-request-id': requestId },
    );

  it('records one row per type read, with who, which customer, operation and client, in ONE write per subgraph', async () => {
    // The same read by a service (not recorded) costs one statement fewer per subgraph.
    const byService = await spent(async () => {
      const read = await lookAround(tokens['SERVICE']!, 'audit-entities-service');
      expect(read.errors).toBeUndefined();
    });
    const byMorgan = await spent(async () => {
      const read = await lookAround(tokens['MORGAN']!, 'audit-entities-1');
      expect(read.errors).toBeUndefined();
      expect(read.data).toMatchObject({
        order: { id: 'ord-dana-move' },
        case: { id: 'case-dana-move', notes: expect.arrayContaining([expect.anything()]) },
        appointment: { id: 'apt-dana-first-visit' },
      });
    });
    expect(byMorgan).toEqual(byService.map((n) => n + 1));

    const result = await logs({ requestId: 'audit-entities-1' });
    expect(result.errors).toBeUndefined();
    const who = {
      customerId: 'cus-dana-reyes',
      agentId: 'agt-sales-morgan',
      role: 'agent',
      team: 'sales',
      operationName: 'RepLooksAround',
      clientName: 'rep-desktop',
      requestId: 'audit-entities-1',
      accessedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    };
    const entries = (log: Log) => log.edges.map((e) => e.node);
    expect(entries(result.data!.ordersAccessLog)).toEqual([{ typename: 'Order', ...who }]);
    expect(
      entries(result.data!.supportAccessLog).sort((a, b) => a.typename.localeCompare(b.typename)),
    ).toEqual([
      { typename: 'Case', ...who },
      { typename: 'Note', ...who },
    ]);
    expect(entries(result.data!.provisioningAccessLog)).toEqual([
      { typename: 'Appointment', ...who },
    ]);
    // The rows of one request were one statement: they share its time to the millisecond.
    const times = entries(result.data!.supportAccessLog).map((e) => e.accessedAt);
    expect(new Set(times).size).toBe(1);
    // crm logs the address read on its own as a Place read of its owner (no customer.viewed).
    const crmRows = await stack.database.db.query(
      `SELECT typename, customer_id, agent_id, operation_name, client_name
         FROM crm.customer_access WHERE request_id = 'audit-entities-1'`,
    );
    expect(crmRows).toEqual([
      {
        typename: 'Place',
        customer_id: 'cus-dana-reyes',
        agent_id: 'agt-sales-morgan',
        operation_name: 'RepLooksAround',
        client_name: 'rep-desktop',
      },
    ]);
    // Reading the log recorded nothing, and neither did the service.
    const service = await logs({ requestId: 'audit-entities-service' });
    expect(LOGGED.map((name) => service.data![`${name}AccessLog`].edges)).toEqual([[], [], []]);

    // Dana reading her own order, case and visit is not recorded (it is her data).
    const own = await stack.gatewayQuery<Record<string, unknown>>(
      /* GraphQL */ `
        query MyThings {
          order(id: "ord-dana-move") {
            id
          }
          case(id: "case-dana-move") {
            id
          }
          appointment(id: "apt-dana-first-visit") {
            id
          }
        }
      `,
      {},
      { authorization: tokens['DANA']!, 'x-request-id': 'audit-entities-dana' },
    );
    expect(own.data).toMatchObject({ order: { id: 'ord-dana-move' } });
    const none = await logs({ requestId: 'audit-entities-dana' });
    expect(LOGGED.map((name) => none.data![`${name}AccessLog`].edges)).toEqual([[], [], []]);
  });

  it('lets a supervisor page a log, and refuses it to an agent with FORBIDDEN', async () => {
    for (const n of [2, 3]) {
      expect((await lookAround(tokens['MORGAN']!, `audit-entities-${n}`)).errors).toBeUndefined();
    }
    const first = await logs({ agentId: 'agt-sales-morgan', first: 2 });
    const orders = first.data!.ordersAccessLog;
    expect(orders.edges.map((e) => e.node.requestId)).toEqual([
      'audit-entities-3',
      'audit-entities-2',
    ]);
    expect(orders.pageInfo.hasNextPage).toBe(true);
    const second = await logs({
      agentId: 'agt-sales-morgan',
      first: 2,
      after: orders.pageInfo.endCursor,
    });
    expect(second.data!.ordersAccessLog.edges.map((e) => e.node.requestId)).toEqual([
      'audit-entities-1',
    ]);
    expect(second.data!.ordersAccessLog.pageInfo.hasNextPage).toBe(false);

    const denied = await logs({}, tokens['MORGAN']);
    expect(denied.data ?? null).toBeNull();
    expect(denied.errors?.map((e) => e.extensions?.['code'])).toContain('FORBIDDEN');
  });

  it('records the customer a staff mutation answers with, a replay of an idempotent one too', async () => {
    const ADD = /* GraphQL */ `
      mutation AddPhone($key: String!) {
        addContactPoint(
          input: {
            idempotencyKey: $key
            customerId: "cus-sam-okafor"
            kind: EMAIL
            value: "sam.audit@example.com"
          }
        ) {
          id
          addresses {
            line1
          }
        }
      }
    `;
    for (const requestId of ['audit-mutation-first', 'audit-mutation-replay']) {
      const answer = await stack.gatewayQuery(
        ADD,
        { key: 'audit-mutation-key' },
        { authorization: tokens['MORGAN']!, 'x-request-id': requestId },
      );
      expect(answer.errors).toBeUndefined();
    }
    // The replay wrote nothing, yet it answered Sam's current data: both reads are on record.
    const rows = await stack.database.db.query<{ request_id: string }>(
      `SELECT request_id FROM crm.customer_access
        WHERE customer_id = 'cus-sam-okafor' AND typename = 'Customer'
          AND request_id IN ('audit-mutation-first', 'audit-mutation-replay')
        ORDER BY request_id`,
    );
    expect(rows.map((row) => row.request_id)).toEqual([
      'audit-mutation-first',
      'audit-mutation-replay',
    ]);
    // In the other subgraphs too: the note a staff mutation answers with is a read of it.
    const note = await stack.gatewayQuery(
      /* GraphQL */ `
        mutation Note($key: String!) {
          addNote(input: { idempotencyKey: $key, subjectId: "case-dana-move", body: "audit" }) {
            id
            body
          }
        }
      `,
      { key: 'audit-mutation-note' },
      { authorization: tokens['MORGAN']!, 'x-request-id': 'audit-mutation-note' },
    );
    expect(note.errors).toBeUndefined();
    const noteRows = await logs({ requestId: 'audit-mutation-note' });
    expect(noteRows.data?.supportAccessLog.edges.map((e) => e.node.typename)).toEqual(['Note']);
  });
});
