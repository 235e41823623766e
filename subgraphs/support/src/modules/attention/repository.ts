import type { Queryable } from '../../../../shared/db';

/** An inbound contact in the look-back window. */
export interface RecentContactRow {
  id: string;
  customer_id: string;
  channel: string;
  topic: string;
  occurred_at: Date;
}

/** An open case with what its assignee has not read. */
export interface OpenCaseRow {
  id: string;
  customer_id: string;
  order_id: string | null;
  /** The agent the case is assigned to, if any. */
  assignee_id: string | null;
  assignee_name: string | null;
  last_viewed_at: Date | null;
  unread_notes: number;
  unread_authors: string[];
}

/** A conversation the customer left and can resume. */
export interface ResumableConversationRow {
  id: string;
  customer_id: string;
  topic: string;
  current_step: number;
  total_steps: number | null;
  step_name: string | null;
  last_channel: string;
}

/** Inbound interactions of several customers since `since`, oldest first. */
export function recentInboundContacts(
  db: Queryable,
  ids: readonly string[],
  since: Date,
): Promise<RecentContactRow[]> {
  return db.query<RecentContactRow>(
    `SELECT id, customer_id, channel, topic, occurred_at FROM support.interaction
      WHERE customer_id = ANY($1::text[]) AND direction = 'INBOUND' AND occurred_at >= $2
      ORDER BY customer_id, occurred_at, id`,
    [ids, since],
  );
}

/**
 * Open cases of several customers, each with the notes on it that its assignee has
 * not seen: written by someone else after the assignee last opened the customer.
 */
export function openCasesWithUnreadNotes(
  db: Queryable,
  ids: readonly string[],
): Promise<OpenCaseRow[]> {
  return db.query<OpenCaseRow>(
    `SELECT c.id, c.customer_id, c.order_id, c.assigned_to AS assignee_id, a.name AS assignee_name,
            v.last_viewed_at,
            count(n.id)::int AS unread_notes,
            coalesce(array_agg(DISTINCT na.name) FILTER (WHERE n.id IS NOT NULL), '{}') AS unread_authors
       FROM support."case" c
       LEFT JOIN support.agent a ON a.id = c.assigned_to
       LEFT JOIN LATERAL (
         SELECT max(viewed_at) AS last_viewed_at FROM support.customer_view
          WHERE customer_id = c.customer_id AND agent_id = c.assigned_to
       ) v ON true
       LEFT JOIN support.note n
         ON c.assigned_to IS NOT NULL AND n.subject_type = 'CASE' AND n.subject_id = c.id
        AND n.author_id <> c.assigned_to
        AND n.created_at > coalesce(v.last_viewed_at, '-infinity'::timestamptz)
       LEFT JOIN support.agent na ON na.id = n.author_id
      WHERE c.customer_id = ANY($1::text[])
        AND c.status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED', 'CANCELLED')
      GROUP BY c.id, c.customer_id, c.order_id, c.assigned_to, a.name, v.last_viewed_at
      ORDER BY c.customer_id, c.opened_at DESC, c.id`,
    [ids],
  );
}

/** Inactive (resumable) conversations of several customers. */
export function resumableConversations(
  db: Queryable,
  ids: readonly string[],
): Promise<ResumableConversationRow[]> {
  return db.query<ResumableConversationRow>(
    `SELECT id, customer_id, topic, current_step, total_steps, step_name, last_channel
       FROM support.conversation
      WHERE customer_id = ANY($1::text[]) AND status = 'INACTIVE'
      ORDER BY customer_id, last_activity_at DESC, id`,
    [ids],
  );
}
