import { ErrorCode } from '../../../schema/errorCodes';
import { codedError } from '../errors';
import { decodeCursor, pageSize, toPage, type Page } from '../pagination';
import type { RequestBase } from '../subgraphDefinition';
import { entityAccessPage, type EntityAccessRow } from './entityAccessRepository';

/** Arguments of a subgraph's access-log field (the same in every subgraph). */
export interface EntityAccessLogArgs {
  customerId?: string | null;
  agentId?: string | null;
  requestId?: string | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The resolvers of one subgraph's access log: the root field `field` paging
 * `<schema>.entity_access` for supervisors (and services), and the shared
 * `EntityAccess` type. Reading the log is not itself recorded (`EntityAccess` is
 * ignored by the recorder).
 */
export function entityAccessResolvers(schema: string, field: string) {
  return {
    Query: {
      [field]: async (
        _root: unknown,
        { customerId, agentId, requestId, first, after }: EntityAccessLogArgs,
        { db, claims }: RequestBase,
      ): Promise<Page<EntityAccessRow>> => {
        // The gateway's `supervisor` policy guards this too; this is defence in depth.
        if (claims?.role !== 'supervisor' && claims?.role !== 'service') {
          throw codedError(ErrorCode.FORBIDDEN, `${field} is for supervisors only`);
        }
        const limit = pageSize(first);
        const filter = { customerId, agentId, requestId };
        const rows = await entityAccessPage(db, schema, filter, decodeCursor(after), limit + 1);
        return toPage(rows, limit, (row) => ({ at: row.accessed_at, id: row.id }));
      },
    },
    EntityAccess: {
      customerId: (row: EntityAccessRow) => row.customer_id,
      agentId: (row: EntityAccessRow) => row.agent_id,
      operationName: (row: EntityAccessRow) => row.operation_name,
      clientName: (row: EntityAccessRow) => row.client_name,
      requestId: (row: EntityAccessRow) => row.request_id,
      accessedAt: (row: EntityAccessRow) => row.accessed_at,
    },
  };
}
