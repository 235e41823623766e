import type { Queryable } from '../../../../shared/db';
import type { CursorPosition } from '../../../../shared/pagination';

/** A row of `crm.customer_access`: one read of one customer by one agent or supervisor. */
export interface CustomerAccessRow {
  id: string;
  customer_id: string;
  agent_id: string;
  role: 'agent' | 'supervisor';
  team: string | null;
  operation_name: string | null;
  client_name: string | null;
  request_id: string | null;
  accessed_at: Date;
}

/** Who read, through what: the same for every customer read in one request. */
export interface AccessContext {
  agentId: string;
  role: CustomerAccessRow['role'];
  team: string | null;
  operationName: string | null;
  clientName: string | null;
  requestId: string | null;
}

/**
 * Records one access row per customer and, in the same statement (so both commit or
 * neither), one `customer.viewed` outbox event per row, sharing the row's id and time.
 */
export async function insertAccesses(
  db: Queryable,
  customerIds: readonly string[],
  access: AccessContext,
): Promise<void> {
  const summary = `Opened by ${access.agentId} (${access.operationName ?? 'anonymous operation'})`;
  const payload = {
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
  };
  await db.query(
    `WITH access AS (
       INSERT INTO crm.customer_access
         (id, customer_id, agent_id, role, team, operation_name, client_name, request_id, accessed_at)
       SELECT gen_random_uuid()::text, c.id, $2, $3, $4, $5, $6, $7, date_trunc('milliseconds', now())
         FROM unnest($1::text[]) AS c(id)
       RETURNING id, customer_id, accessed_at
     )
     INSERT INTO crm.outbox
       (id, customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload, occurred_at)
     SELECT id, customer_id, 'customer.viewed', 'Customer', customer_id, $8, NULL, $2, $9::jsonb, accessed_at
       FROM access`,
    [
      customerIds,
      access.agentId,
      access.role,
      access.team,
      access.operationName,
      access.clientName,
      access.requestId,
      summary,
      JSON.stringify(payload),
    ],
  );
}

/** Which reads to list: any combination of one customer and one agent. */
export interface AccessFilter {
  customerId?: string | null;
  agentId?: string | null;
}

/** Access rows newest first after a keyset position; fetches `limit` rows. */
export function accessPage(
  db: Queryable,
  filter: AccessFilter,
  after: CursorPosition | null,
  limit: number,
): Promise<CustomerAccessRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  if (filter.customerId) where.push(`customer_id = ${param(filter.customerId)}`);
  if (filter.agentId) where.push(`agent_id = ${param(filter.agentId)}`);
  if (after) {
    where.push(`(accessed_at, id) < (${param(after.at)}::timestamptz, ${param(after.id)})`);
  }
  return db.query<CustomerAccessRow>(
    `SELECT id, customer_id, agent_id, role, team, operation_name, client_name, request_id, accessed_at
       FROM crm.customer_access
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY accessed_at DESC, id DESC
      LIMIT ${param(limit)}`,
    params,
  );
}
