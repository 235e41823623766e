import { assertSchemaName } from '../migrate';
import type { Queryable } from '../db';
import type { CursorPosition } from '../pagination';
import type { AccessContext } from './accessContext';

/**
 * `<schema>.entity_access`: the access log of a subgraph's customer-owned entities, one
 * row per entity type per customer per request read by an agent or supervisor. Each
 * subgraph owns its table (the shared migration `entity_access`, see
 * `../migrations/sharedMigrations.ts`) and pages it itself.
 */

/**
 * The access-log tables: `entity_access`, and crm's `customer_access` (the same columns,
 * with crm's own history and an outbox event per row).
 */
export type AccessLogTable = 'entity_access' | 'customer_access';

/** `<schema>.<name>`, once `schema` is known to be a plain name (it is interpolated). */
function table(schema: string, name: AccessLogTable = 'entity_access'): string {
  assertSchemaName(schema);
  return `${schema}.${name}`;
}

/** A row of `<schema>.entity_access`. */
export interface EntityAccessRow {
  id: string;
  typename: string;
  customer_id: string;
  agent_id: string;
  role: AccessContext['role'];
  team: string | null;
  operation_name: string | null;
  client_name: string | null;
  request_id: string | null;
  accessed_at: Date;
}

/** One read to record: entities of `typename` owned by `customerId`, read as `access` says. */
export interface EntityAccessRecord {
  typename: string;
  customerId: string;
  access: AccessContext;
}

/** Stores `records` in `schema`'s access log in one statement (the rows of many requests). */
export async function insertEntityAccesses(
  db: Queryable,
  schema: string,
  records: readonly EntityAccessRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (record: EntityAccessRecord) => T): T[] => records.map(pick);
  await db.query(
    `INSERT INTO ${table(schema)}
       (id, typename, customer_id, agent_id, role, team, operation_name, client_name, request_id)
     SELECT gen_random_uuid()::text, i.*
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                   $7::text[], $8::text[])
         AS i(typename, customer_id, agent_id, role, team, operation_name, client_name, request_id)`,
    [
      column((r) => r.typename),
      column((r) => r.customerId),
      column((r) => r.access.agentId),
      column((r) => r.access.role),
      column((r) => r.access.team),
      column((r) => r.access.operationName),
      column((r) => r.access.clientName),
      column((r) => r.access.requestId),
    ],
  );
}

/** Which reads to list: any combination of one customer, one reader and one request. */
export interface EntityAccessFilter {
  customerId?: string | null;
  agentId?: string | null;
  requestId?: string | null;
}

/**
 * `schema`'s access rows (of `tableName`, default `entity_access`) newest first after a
 * keyset position; fetches `limit` rows.
 */
export function entityAccessPage(
  db: Queryable,
  schema: string,
  filter: EntityAccessFilter,
  after: CursorPosition | null,
  limit: number,
  tableName: AccessLogTable = 'entity_access',
): Promise<EntityAccessRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  if (filter.customerId) where.push(`customer_id = ${param(filter.customerId)}`);
  if (filter.agentId) where.push(`agent_id = ${param(filter.agentId)}`);
  if (filter.requestId) where.push(`request_id = ${param(filter.requestId)}`);
  if (after) {
    where.push(`(accessed_at, id) < (${param(after.at)}::timestamptz, ${param(after.id)})`);
  }
  return db.query<EntityAccessRow>(
    `SELECT id, typename, customer_id, agent_id, role, team, operation_name, client_name,
            request_id, accessed_at
       FROM ${table(schema, tableName)}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY accessed_at DESC, id DESC
      LIMIT ${param(limit)}`,
    params,
  );
}
