import type { Queryable } from '../../../../shared/db';
import type { CaseSeed, ConversationSeed, Story } from './story';

const CONFLICT = 'ON CONFLICT DO NOTHING';

/** Writes a story; every row is inserted only when missing, so a rerun adds nothing. */
export async function insertStory(tx: Queryable, story: Story): Promise<void> {
  for (const c of story.conversations) await insertConversation(tx, c);
  for (const c of story.cases) await insertCase(tx, c);
  for (const i of story.interactions) {
    await tx.query(
      `INSERT INTO support.interaction
         (id, customer_id, channel, direction, occurred_at, summary, topic, agent_id, app_context, case_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) ${CONFLICT}`,
      [
        i.id,
        i.customerId,
        i.channel,
        i.direction,
        i.at,
        i.summary,
        i.topic,
        i.agentId,
        json(i.appContext),
        i.caseId,
      ],
    );
  }
  // A view's key includes its time, which a rerun in a later hour or day tells differently
  // (storyClock): the story's view goes in only while that agent has none of that customer.
  for (const [agentId, customerId, at] of story.views) {
    await tx.query(
      `INSERT INTO support.customer_view (agent_id, customer_id, viewed_at)
       SELECT $1::text, $2::text, $3::timestamptz
        WHERE NOT EXISTS (SELECT 1 FROM support.customer_view WHERE agent_id = $1 AND customer_id = $2)`,
      [agentId, customerId, at],
    );
  }
}

async function insertConversation(tx: Queryable, c: ConversationSeed): Promise<void> {
  const first = c.steps[0];
  const last = c.steps.at(-1);
  if (!first || !last) throw new Error(`conversation ${c.id} has no steps`);
  await tx.query(
    `INSERT INTO support.conversation (id, customer_id, status, topic, started_on, last_channel, current_step,
       total_steps, step_name, started_at, last_activity_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ${CONFLICT}`,
    [
      c.id,
      c.customerId,
      c.status,
      c.topic,
      first.channel,
      last.channel,
      last.step,
      c.totalSteps,
      last.name,
      first.at,
      last.at,
    ],
  );
  for (const s of c.steps) {
    await tx.query(
      `INSERT INTO support.conversation_step (conversation_id, customer_id, step, name, channel, at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ${CONFLICT}`,
      [c.id, c.customerId, s.step, s.name, s.channel, s.at, json(s.data)],
    );
  }
}

async function insertCase(tx: Queryable, c: CaseSeed): Promise<void> {
  const times = [
    c.openedAt,
    ...c.history.map(([, at]) => at),
    ...c.notes.map((n) => n.at),
    ...c.handoffs.map((h) => h.at),
  ];
  const updatedAt = new Date(Math.max(...times.map((t) => t.getTime())));
  await tx.query(
    `INSERT INTO support."case" (id, customer_id, title, status, priority, channel, opened_at, updated_at,
       order_id, assigned_to, team, app_context, conversation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13) ${CONFLICT}`,
    [
      c.id,
      c.customerId,
      c.title,
      c.status,
      c.priority,
      c.channel,
      c.openedAt,
      updatedAt,
      c.orderId,
      c.assignedTo,
      c.team,
      json(c.appContext),
      c.conversationId,
    ],
  );
  for (const [n, [status, at, reason]] of c.history.entries()) {
    await tx.query(
      `INSERT INTO support.case_status_change (id, case_id, customer_id, status, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6) ${CONFLICT}`,
      [`${c.id}-status-${n + 1}`, c.id, c.customerId, status, reason, at],
    );
  }
  for (const note of c.notes) {
    await tx.query(
      `INSERT INTO support.note (id, customer_id, subject_type, subject_id, body, author_id, channel, created_at)
       VALUES ($1, $2, 'CASE', $3, $4, $5, $6, $7) ${CONFLICT}`,
      [note.id, c.customerId, c.id, note.body, note.authorId, c.channel, note.at],
    );
  }
  for (const h of c.handoffs) {
    await tx.query(
      `INSERT INTO support.handoff (id, case_id, customer_id, from_agent_id, to_agent_id, to_team, summary, channel, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ${CONFLICT}`,
      [h.id, c.id, c.customerId, h.from, h.to, h.toTeam, h.summary, c.channel, h.at],
    );
  }
}

/** A value for a jsonb parameter (pg would send a JS array as a PostgreSQL array). */
function json(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}
