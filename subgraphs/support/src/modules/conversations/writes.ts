import type { Queryable } from '../../../../shared/db';
import type { AppContextField, Channel, ConversationStatus } from '../../generated/graphql';
import type { ConversationRow } from './repository';

const COLUMNS =
  'id, customer_id, status, topic, started_on, last_channel, current_step, total_steps, step_name, started_at, last_activity_at';

/** Loads and row-locks a conversation for a change; undefined when unknown. */
export async function lockConversation(
  tx: Queryable,
  id: string,
): Promise<ConversationRow | undefined> {
  const [row] = await tx.query<ConversationRow>(
    `SELECT ${COLUMNS} FROM support.conversation WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

/** A new conversation at step 1. */
export interface NewConversation {
  id: string;
  customerId: string;
  topic: string;
  channel: Channel;
  totalSteps: number | null;
  stepName: string;
  at: Date;
}

/** Inserts an ACTIVE conversation at step 1. */
export async function insertConversation(tx: Queryable, c: NewConversation): Promise<void> {
  await tx.query(
    `INSERT INTO support.conversation (id, customer_id, status, topic, started_on, last_channel,
       current_step, total_steps, step_name, started_at, last_activity_at)
     VALUES ($1, $2, 'ACTIVE', $3, $4, $4, 1, $5, $6, $7, $7)`,
    [c.id, c.customerId, c.topic, c.channel, c.totalSteps, c.stepName, c.at],
  );
}

/** A step as written (inserted, or replacing the same step number). */
export interface StepWrite {
  conversationId: string;
  customerId: string;
  step: number;
  name: string;
  channel: Channel;
  at: Date;
  data: AppContextField[];
}

/** Writes a step, replacing an earlier version of the same step number. */
export async function upsertStep(tx: Queryable, s: StepWrite): Promise<void> {
  await tx.query(
    `INSERT INTO support.conversation_step (conversation_id, customer_id, step, name, channel, at, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (conversation_id, step)
     DO UPDATE SET name = EXCLUDED.name, channel = EXCLUDED.channel, at = EXCLUDED.at, data = EXCLUDED.data`,
    [s.conversationId, s.customerId, s.step, s.name, s.channel, s.at, JSON.stringify(s.data)],
  );
}

/** What a change sets on the conversation row; omitted fields stay as they are. */
export interface ConversationChange {
  status: ConversationStatus;
  lastChannel?: Channel;
  currentStep?: number;
  stepName?: string;
  at: Date;
}

/** Applies a change and returns the updated row. */
export async function updateConversation(
  tx: Queryable,
  id: string,
  change: ConversationChange,
): Promise<ConversationRow> {
  const [row] = await tx.query<ConversationRow>(
    `UPDATE support.conversation
        SET status = $2, last_channel = coalesce($3, last_channel),
            current_step = coalesce($4, current_step), step_name = coalesce($5, step_name),
            last_activity_at = $6
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      change.status,
      change.lastChannel ?? null,
      change.currentStep ?? null,
      change.stepName ?? null,
      change.at,
    ],
  );
  if (!row) throw new Error(`conversation ${id} vanished while locked`);
  return row;
}

/** Marks ACTIVE conversations idle for longer than `idleMs` INACTIVE; returns them. */
export function pauseIdle(tx: Queryable, idleMs: number): Promise<ConversationRow[]> {
  return tx.query<ConversationRow>(
    `UPDATE support.conversation SET status = 'INACTIVE'
      WHERE status = 'ACTIVE' AND last_activity_at < now() - $1::int * interval '1 millisecond'
      RETURNING ${COLUMNS}`,
    [Math.round(idleMs)],
  );
}
