import type { Queryable } from '../../../../shared/db';
import type { AppContext, CaseStatus, Channel } from '../../generated/graphql';
import { FINAL_CASE_STATUSES, casesByIds, type CaseRow } from './repository';

/** Row-locks a case for a change; undefined when unknown. */
export async function lockCase(tx: Queryable, id: string): Promise<CaseRow | undefined> {
  await tx.query('SELECT id FROM support."case" WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await casesByIds(tx, [id]);
  return row;
}

/** The newest open case a conversation was escalated to, locked; undefined when none. */
export async function openCaseOfConversation(
  tx: Queryable,
  conversationId: string,
): Promise<CaseRow | undefined> {
  const [row] = await tx.query<{ id: string }>(
    `SELECT id FROM support."case"
      WHERE conversation_id = $1 AND NOT (status = ANY($2::text[]))
      ORDER BY opened_at DESC LIMIT 1 FOR UPDATE`,
    [conversationId, FINAL_CASE_STATUSES],
  );
  return row ? lockCase(tx, row.id) : undefined;
}

/** A case opened from a conversation, in the care queue. */
export interface NewCase {
  id: string;
  customerId: string;
  title: string;
  channel: Channel;
  appContext: AppContext;
  conversationId: string;
  reason: string;
  at: Date;
}

/** Inserts an ACKNOWLEDGED case with its first status-history entry. */
export async function insertEscalatedCase(tx: Queryable, c: NewCase): Promise<void> {
  const status: CaseStatus = 'ACKNOWLEDGED';
  await tx.query(
    `INSERT INTO support."case" (id, customer_id, title, status, priority, channel, opened_at, updated_at,
       order_id, assigned_to, team, app_context, conversation_id)
     VALUES ($1, $2, $3, $4, 'NORMAL', $5, $6, $6, NULL, NULL, 'care', $7::jsonb, $8)`,
    [
      c.id,
      c.customerId,
      c.title,
      status,
      c.channel,
      c.at,
      JSON.stringify(c.appContext),
      c.conversationId,
    ],
  );
  await tx.query(
    `INSERT INTO support.case_status_change (id, case_id, customer_id, status, reason, at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [`${c.id}-status-1`, c.id, c.customerId, status, c.reason, c.at],
  );
}

/** Stores the latest app context on an already open case. */
export async function refreshAppContext(
  tx: Queryable,
  caseId: string,
  appContext: AppContext,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE support."case" SET app_context = $2::jsonb, updated_at = $3 WHERE id = $1`,
    [caseId, JSON.stringify(appContext), at],
  );
}

/** One handoff to write. */
export interface HandoffWrite {
  id: string;
  case: CaseRow;
  fromAgentId: string;
  toAgentId: string | null;
  toTeam: string;
  summary: string;
  at: Date;
}

/** Writes the handoff and (re)assigns the case; returns the updated case. */
export async function writeHandoff(tx: Queryable, h: HandoffWrite): Promise<CaseRow> {
  await tx.query(
    `INSERT INTO support.handoff (id, case_id, customer_id, from_agent_id, to_agent_id, to_team, summary, channel, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      h.id,
      h.case.id,
      h.case.customer_id,
      h.fromAgentId,
      h.toAgentId,
      h.toTeam,
      h.summary,
      h.case.channel,
      h.at,
    ],
  );
  await tx.query(
    `UPDATE support."case" SET assigned_to = $2, team = $3, updated_at = $4 WHERE id = $1`,
    [h.case.id, h.toAgentId, h.toTeam, h.at],
  );
  const [row] = await casesByIds(tx, [h.case.id]);
  if (!row) throw new Error(`case ${h.case.id} vanished while locked`);
  return row;
}
