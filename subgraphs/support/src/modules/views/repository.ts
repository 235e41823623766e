import type { Queryable } from '../../../../shared/db';
import type { KeyedRow } from '../../../../shared/loaders';

/** A row of `support.customer_view`: one time an agent opened a customer. */
export interface CustomerViewRow {
  agent_id: string;
  customer_id: string;
  viewed_at: Date;
}

/** One customer and one agent whose last view is asked for. */
export interface LastViewRequest {
  customerId: string;
  agentId: string;
  /** Only views strictly before this instant; null: any. */
  before: Date | null;
}

/** The latest view of each (customer, agent) pair that has one, in one statement. */
export function lastViewsByRequests(
  db: Queryable,
  requests: readonly LastViewRequest[],
): Promise<(CustomerViewRow & KeyedRow)[]> {
  return db.query(
    `SELECT k.n::int AS key_index, v.*
       FROM unnest($1::text[], $2::text[], $3::timestamptz[])
            WITH ORDINALITY AS k(customer_id, agent_id, before, n)
       CROSS JOIN LATERAL (
         SELECT agent_id, customer_id, viewed_at FROM support.customer_view
          WHERE customer_id = k.customer_id AND agent_id = k.agent_id
            AND (k.before IS NULL OR viewed_at < k.before)
          ORDER BY viewed_at DESC LIMIT 1
       ) v
      ORDER BY k.n`,
    [
      requests.map((r) => r.customerId),
      requests.map((r) => r.agentId),
      requests.map((r) => r.before),
    ],
  );
}

/**
 * Appends one view to the log, stamped now; `added` is false when a replay at the same
 * millisecond found it there already (then nothing is written).
 */
export async function insertView(
  tx: Queryable,
  view: { customerId: string; agentId: string },
): Promise<{ view: CustomerViewRow; added: boolean }> {
  const [row] = await tx.query<CustomerViewRow & { added: boolean }>(
    `WITH stamp AS (SELECT date_trunc('milliseconds', clock_timestamp()) AS at),
     added AS (
       INSERT INTO support.customer_view (agent_id, customer_id, viewed_at)
       SELECT $1, $2, at FROM stamp
       ON CONFLICT (agent_id, customer_id, viewed_at) DO NOTHING
       RETURNING 1
     )
     SELECT $1::text AS agent_id, $2::text AS customer_id, stamp.at AS viewed_at,
            EXISTS (SELECT 1 FROM added) AS added
       FROM stamp`,
    [view.agentId, view.customerId],
  );
  if (!row) throw new Error('customer_view insert returned no row');
  const { added, ...stored } = row;
  return { view: stored, added };
}
