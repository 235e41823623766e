import type { AccessContext } from '../../../../shared/accessLog/accessContext';
import type { Queryable } from '../../../../shared/db';

/**
 * A row of `crm.customer_access`: one read of one customer (or of something of theirs
 * crm serves on its own, `typename`) by one agent or supervisor.
 */
export interface CustomerAccessRow {
  id: string;
  typename: string;
  customer_id: string;
  agent_id: string;
  role: 'agent' | 'supervisor';
  team: string | null;
  operation_name: string | null;
  client_name: string | null;
  request_id: string | null;
  accessed_at: Date;
}

export type { AccessContext } from '../../../../shared/accessLog/accessContext';

/** One read of one customer to record. */
export interface AccessRecord {
  /** What was read: `Customer` (the default), or `Place` (a service address of theirs). */
  typename?: string;
  customerId: string;
  access: AccessContext;
}

/** The `customer.viewed` event payload of a read (what support's view log needs). */
function viewedPayload(access: AccessContext): string {
  return JSON.stringify({
    role: access.role,
    team: access.team,
    operationName: access.operationName,
    clientName: access.clientName,
    requestId: access.requestId,
    // A read changes no cached answer: support evicts what its view log feeds once the
    // view is logged (customer.view_logged). Evicting the customer here would empty
    // their caches on every rep read.
    invalidates: [],
    // A read is not customer history: support keeps it off the timeline.
    timeline: false,
  });
}

/**
 * Records one access row per record and, in the same statement (so all commit or
 * none), one `customer.viewed` outbox event per `Customer` row, sharing the row's id and
 * time (a read of an address alone is not a view of the customer's context).
 * Rows of many requests (many readers) go in one statement.
 */
export async function insertAccesses(
  db: Queryable,
  records: readonly AccessRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (record: AccessRecord) => T): T[] => records.map(pick);
  await db.query(
    `WITH input AS MATERIALIZED (
       SELECT gen_random_uuid()::text AS id, date_trunc('milliseconds', now()) AS at, i.*
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::text[], $10::text[])
           AS i(customer_id, agent_id, role, team, operation_name, client_name, request_id,
                summary, payload, typename)
     ),
     access AS (
       INSERT INTO crm.customer_access
         (id, typename, customer_id, agent_id, role, team, operation_name, client_name,
          request_id, accessed_at)
       SELECT id, typename, customer_id, agent_id, role, team, operation_name, client_name,
              request_id, at
         FROM input
     )
     INSERT INTO crm.outbox
       (id, customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload, occurred_at)
     SELECT id, customer_id, 'customer.viewed', 'Customer', customer_id, summary, NULL, agent_id,
            payload::jsonb, at
       FROM input
      WHERE typename = 'Customer'`,
    [
      column((r) => r.customerId),
      column((r) => r.access.agentId),
      column((r) => r.access.role),
      column((r) => r.access.team),
      column((r) => r.access.operationName),
      column((r) => r.access.clientName),
      column((r) => r.access.requestId),
      column(
        (r) => `Opened by ${r.access.agentId} (${r.access.operationName ?? 'anonymous operation'})`,
      ),
      column((r) => viewedPayload(r.access)),
      column((r) => r.typename ?? 'Customer'),
    ],
  );
}
