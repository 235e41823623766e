import type { Queryable } from '../../../../shared/db';
import type { CursorPosition } from '../../../../shared/pagination';
import type { AppContext, Channel, InteractionDirection } from '../../generated/graphql';
import type { KeyedRow } from '../../../../shared/loaders';

/** A row of `support.interaction`; `app_context` is the jsonb `AppContext` as stored. */
export interface InteractionRow {
  id: string;
  customer_id: string;
  channel: Channel;
  direction: InteractionDirection;
  occurred_at: Date;
  summary: string;
  topic: string;
  agent_id: string | null;
  app_context: AppContext | null;
  case_id: string | null;
}

/** One customer's page of interactions: newest first, after `after`, `limit` rows. */
export interface InteractionPageRequest {
  customerId: string;
  after: CursorPosition | null;
  limit: number;
}

const COLUMNS =
  'id, customer_id, channel, direction, occurred_at, summary, topic, agent_id, app_context, case_id';

/** Interactions with the given ids, in no particular order. */
export function interactionsByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<InteractionRow[]> {
  return db.query<InteractionRow>(
    `SELECT ${COLUMNS} FROM support.interaction WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/**
 * A page of interactions for each request, in one statement: each request's rows are
 * tagged with its 1-based position and come newest first.
 */
export function interactionPages(
  db: Queryable,
  requests: readonly InteractionPageRequest[],
): Promise<(InteractionRow & KeyedRow)[]> {
  return db.query(
    `SELECT k.n::int AS key_index, i.*
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[])
            WITH ORDINALITY AS k(customer_id, after_at, after_id, lim, n)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM support.interaction
          WHERE customer_id = k.customer_id
            AND (k.after_at IS NULL OR (occurred_at, id) < (k.after_at, k.after_id))
          ORDER BY occurred_at DESC, id DESC
          LIMIT k.lim
       ) i
      ORDER BY k.n, i.occurred_at DESC, i.id DESC`,
    [
      requests.map((r) => r.customerId),
      requests.map((r) => r.after?.at.toISOString() ?? null),
      requests.map((r) => r.after?.id ?? null),
      requests.map((r) => r.limit),
    ],
  );
}
