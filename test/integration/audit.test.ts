import { CUSTOMER_CONTEXT, codes, type CustomerContextResult } from '../harness/customerContext';
import { eventually } from '../harness/eventually';
import { startTestStack, type TestStack } from '../harness/startTestStack';

const MORGAN = { sub: 'agt-sales-morgan', role: 'agent', team: 'sales', scopes: [] } as const;
const SUPERVISOR = { sub: 'agt-care-lead', role: 'supervisor', team: 'care', scopes: [] } as const;
const DANA_PHONE = { kind: 'PHONE', value: '(415) 555-0134' };

const ACCESS_LOG = /* GraphQL */ `
  query AccessLog($customerId: ID, $agentId: ID) {
    customerAccessLog(customerId: $customerId, agentId: $agentId, first: 5) {
      edges {
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
      }
    }
  }
`;

interface AccessLog {
  customerAccessLog: {
    edges: {
      node: {
        customer: { id: string; displayName: string };
        agentId: string;
        role: string;
        team: string | null;
        operationName: string | null;
        clientName: string | null;
        requestId: string | null;
        accessedAt: string;
      };
    }[];
  } | null;
}

describe('audit of customer reads through the gateway', () => {
  let stack: TestStack;
  let morgan: string;
  let supervisor: string;
  beforeAll(async () => {
    stack = await startTestStack({ seedCustomers: 10 });
    morgan = `Bearer ${await stack.tokenFor({ ...MORGAN, scopes: [] })}`;
    supervisor = `Bearer ${await stack.tokenFor({ ...SUPERVISOR, scopes: [] })}`;
  });
  afterAll(() => stack.stop());

  it("records Morgan's CustomerContext read of Dana, shows it to a supervisor, and clears her UNREAD_NOTES", async () => {
    // Before Morgan opens Dana, her case shows notes Morgan has not read.
    const before = await stack.gatewayQuery<CustomerContextResult>(CUSTOMER_CONTEXT, DANA_PHONE);
    expect(codes(before.data!.customer!)).toContain('UNREAD_NOTES');

    const read = await stack.gatewayQuery<CustomerContextResult>(CUSTOMER_CONTEXT, DANA_PHONE, {
      authorization: morgan,
      'apollographql-client-name': 'rep-desktop',
      'x-request-id': 'audit-test-request-1',
    });
    expect(read.errors).toBeUndefined();
    expect(read.data!.customer!.id).toBe('cus-dana-reyes');

    const rows = await stack.database.db.query(
      `SELECT customer_id, role, team, operation_name, client_name, request_id
         FROM crm.customer_access WHERE agent_id = 'agt-sales-morgan'`,
    );
    expect(rows).toEqual([
      {
        customer_id: 'cus-dana-reyes',
        role: 'agent',
        team: 'sales',
        operation_name: 'CustomerContext',
        client_name: 'rep-desktop',
        request_id: 'audit-test-request-1',
      },
    ]);

    const log = await stack.gatewayQuery<AccessLog>(
      ACCESS_LOG,
      { customerId: 'cus-dana-reyes', agentId: 'agt-sales-morgan' },
      { authorization: supervisor },
    );
    expect(log.errors).toBeUndefined();
    expect(log.data!.customerAccessLog!.edges.map((e) => e.node)).toEqual([
      {
        customer: { id: 'cus-dana-reyes', displayName: 'Dana Reyes' },
        agentId: 'agt-sales-morgan',
        role: 'agent',
        team: 'sales',
        operationName: 'CustomerContext',
        clientName: 'rep-desktop',
        requestId: 'audit-test-request-1',
        accessedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);

    // The view travels crm outbox → bus → support's view log; UNREAD_NOTES then clears.
    await eventually(async () => {
      const after = await stack.gatewayQuery<CustomerContextResult>(CUSTOMER_CONTEXT, DANA_PHONE);
      expect(codes(after.data!.customer!)).not.toContain('UNREAD_NOTES');
    });
    // Views are not customer history: nothing about them lands on the timeline.
    const timeline = await stack.database.db.query(
      `SELECT 1 FROM support.timeline_entry WHERE event_type = 'customer.viewed'`,
    );
    expect(timeline).toEqual([]);
  });

  it('denies the access log to an agent with FORBIDDEN', async () => {
    const denied = await stack.gatewayQuery<AccessLog>(ACCESS_LOG, {}, { authorization: morgan });
    expect(denied.data?.customerAccessLog ?? null).toBeNull();
    expect(denied.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });
});
