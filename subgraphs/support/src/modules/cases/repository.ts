import type { Queryable } from '../../../../shared/db';
import type { AppContext, CasePriority, CaseStatus, Channel } from '../../generated/graphql';
import type { KeyedRow } from '../../../../shared/loaders';

/** A row of `support."case"`; `app_context` is the jsonb `AppContext` as stored. */
export interface CaseRow {
  id: string;
  customer_id: string;
  title: string;
  status: CaseStatus;
  priority: CasePriority;
  channel: Channel;
  opened_at: Date;
  updated_at: Date;
  order_id: string | null;
  assigned_to: string | null;
  team: string | null;
  app_context: AppContext | null;
  conversation_id: string | null;
}

/** A row of `support.handoff`. */
export interface HandoffRow {
  id: string;
  case_id: string;
  from_agent_id: string;
  to_agent_id: string | null;
  to_team: string;
  summary: string;
  at: Date;
}

/** A row of `support.case_status_change`. */
export interface CaseStatusChangeRow {
  case_id: string;
  status: CaseStatus;
  reason: string | null;
  at: Date;
}

/** One customer's cases, all or only the open ones. */
export interface CasesRequest {
  customerId: string;
  openOnly: boolean;
}

/** Statuses after which a case is no longer open. */
export const FINAL_CASE_STATUSES: readonly CaseStatus[] = [
  'RESOLVED',
  'CLOSED',
  'REJECTED',
  'CANCELLED',
];

const COLUMNS =
  'id, customer_id, title, status, priority, channel, opened_at, updated_at, order_id, assigned_to, team, app_context, conversation_id';

/** Cases with the given ids, in no particular order. */
export function casesByIds(db: Queryable, ids: readonly string[]): Promise<CaseRow[]> {
  return db.query<CaseRow>(`SELECT ${COLUMNS} FROM support."case" WHERE id = ANY($1::text[])`, [
    ids,
  ]);
}

/** The cases each request asks for, newest first, in one statement. */
export function casesByRequests(
  db: Queryable,
  requests: readonly CasesRequest[],
): Promise<(CaseRow & KeyedRow)[]> {
  return db.query(
    `SELECT k.n::int AS key_index, c.*
       FROM unnest($1::text[], $2::boolean[]) WITH ORDINALITY AS k(customer_id, open_only, n)
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM support."case"
          WHERE customer_id = k.customer_id AND NOT (k.open_only AND status = ANY($3::text[]))
       ) c
      ORDER BY k.n, c.opened_at DESC, c.id DESC`,
    [requests.map((r) => r.customerId), requests.map((r) => r.openOnly), FINAL_CASE_STATUSES],
  );
}

/** Handoffs of several cases, each case's newest first. */
export function handoffsByCaseIds(db: Queryable, ids: readonly string[]): Promise<HandoffRow[]> {
  return db.query<HandoffRow>(
    `SELECT id, case_id, from_agent_id, to_agent_id, to_team, summary, at FROM support.handoff
      WHERE case_id = ANY($1::text[]) ORDER BY case_id, at DESC, id DESC`,
    [ids],
  );
}

/** Status changes of several cases, each case's oldest first. */
export function statusHistoryByCaseIds(
  db: Queryable,
  ids: readonly string[],
): Promise<CaseStatusChangeRow[]> {
  return db.query<CaseStatusChangeRow>(
    `SELECT case_id, status, reason, at FROM support.case_status_change
      WHERE case_id = ANY($1::text[]) ORDER BY case_id, at, id`,
    [ids],
  );
}
