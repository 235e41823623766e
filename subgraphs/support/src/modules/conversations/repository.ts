import type { Queryable } from '../../../../shared/db';
import type { AppContextField, Channel, ConversationStatus } from '../../generated/graphql';
import type { KeyedRow } from '../../../../shared/loaders';

/** A row of `support.conversation`. */
export interface ConversationRow {
  id: string;
  customer_id: string;
  status: ConversationStatus;
  topic: string;
  started_on: Channel;
  last_channel: Channel;
  current_step: number;
  total_steps: number | null;
  step_name: string | null;
  started_at: Date;
  last_activity_at: Date;
}

/** A row of `support.conversation_step`; `data` is the jsonb list of fields as stored. */
export interface ConversationStepRow {
  conversation_id: string;
  step: number;
  name: string;
  channel: Channel;
  at: Date;
  data: AppContextField[];
}

/** One customer's conversations, optionally only those in one status. */
export interface ConversationsRequest {
  customerId: string;
  status: ConversationStatus | null;
}

const COLUMNS =
  'id, customer_id, status, topic, started_on, last_channel, current_step, total_steps, step_name, started_at, last_activity_at';

/** Conversations with the given ids, in no particular order. */
export function conversationsByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<ConversationRow[]> {
  return db.query<ConversationRow>(
    `SELECT ${COLUMNS} FROM support.conversation WHERE id = ANY($1::text[])`,
    [ids],
  );
}

/** The conversations each request asks for, most recently active first, in one statement. */
export function conversationsByRequests(
  db: Queryable,
  requests: readonly ConversationsRequest[],
): Promise<(ConversationRow & KeyedRow)[]> {
  return db.query(
    `SELECT k.n::int AS key_index, c.*
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(customer_id, status, n)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM support.conversation
          WHERE customer_id = k.customer_id AND (k.status IS NULL OR status = k.status)
       ) c
      ORDER BY k.n, c.last_activity_at DESC, c.id DESC`,
    [requests.map((r) => r.customerId), requests.map((r) => r.status)],
  );
}

/** Steps of several conversations, each conversation's oldest first. */
export function stepsByConversationIds(
  db: Queryable,
  ids: readonly string[],
): Promise<ConversationStepRow[]> {
  return db.query<ConversationStepRow>(
    `SELECT conversation_id, step, name, channel, at, data FROM support.conversation_step
      WHERE conversation_id = ANY($1::text[]) ORDER BY conversation_id, step`,
    [ids],
  );
}
