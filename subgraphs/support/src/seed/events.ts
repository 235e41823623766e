import type { Queryable } from '../../../shared/db';
import type { DomainEvent } from '../../../shared/outbox';
import { recordEvent } from '../../../shared/outbox';
import { PERSONA_STORIES } from './stories';
import type { ConversationSeed, InteractionSeed, Story, StoryClock } from './stories/story';
import { storyEventsOfCase } from './caseEvents';

const SCHEMA = 'support';

/**
 * Writes the support history of the persona stories and the generated customers to
 * `support.outbox` with fixed ids and story times, so it reaches the timeline the same
 * way live changes do (relay → bus → `support.timeline` consumer). Idempotent.
 */
export async function seedTimelineEvents(
  tx: Queryable,
  at: StoryClock,
  customers: number,
): Promise<void> {
  const events = PERSONA_STORIES.flatMap((story) => storyEvents(story(at)));
  const existing = await tx.query<{ id: string }>(
    `SELECT id FROM support.outbox WHERE id = ANY($1::text[])`,
    [events.map((e) => e.id)],
  );
  const seen = new Set(existing.map((row) => row.id));
  for (const event of events) if (!seen.has(event.id)) await recordEvent(tx, SCHEMA, event);
  await seedGeneratedInteractionEvents(tx, customers);
}

/** A seeded event: always with its fixed id and story time. */
export type SeedEvent = DomainEvent & { id: string; occurredAt: Date };

/** Every event of one persona story, in no particular order. */
export function storyEvents(story: Story): SeedEvent[] {
  return [
    ...story.interactions.map(interactionEvent),
    ...story.cases.flatMap((c) => storyEventsOfCase(c, story.interactions)),
    ...story.conversations.flatMap(conversationEvents),
  ];
}

function interactionEvent(i: InteractionSeed): SeedEvent {
  return {
    id: `evt-${i.id}`,
    customerId: i.customerId,
    type: 'interaction.recorded',
    subject: { typename: 'Interaction', id: i.id },
    summary: i.summary,
    channel: i.channel,
    actor: i.agentId ?? (i.direction === 'INBOUND' ? 'customer' : 'system'),
    payload: { direction: i.direction, topic: i.topic, caseId: i.caseId },
    occurredAt: i.at,
  };
}

function conversationEvents(c: ConversationSeed): SeedEvent[] {
  const base = { customerId: c.customerId, subject: { typename: 'Conversation', id: c.id } };
  const of = (step: number) => (c.totalSteps ? `step ${step} of ${c.totalSteps}` : `step ${step}`);
  const events: SeedEvent[] = c.steps.map((s) => ({
    ...base,
    id: s.step === 1 ? `evt-${c.id}-started` : `evt-${c.id}-step-${s.step}`,
    type: s.step === 1 ? 'conversation.started' : 'conversation.step_recorded',
    summary:
      s.step === 1
        ? `Started a ${c.topic} conversation (${s.name})`
        : `Completed ${c.topic} ${of(s.step)}: ${s.name}`,
    channel: s.channel,
    actor: 'customer',
    payload: { step: s.step, name: s.name },
    occurredAt: s.at,
  }));
  const last = c.steps.at(-1);
  if (c.status === 'INACTIVE' && last) {
    events.push({
      ...base,
      id: `evt-${c.id}-paused`,
      type: 'conversation.paused',
      summary: `Stopped the ${c.topic} at ${of(last.step)} (${last.name}); can resume on any channel`,
      channel: last.channel,
      actor: 'customer',
      payload: { step: last.step },
      occurredAt: new Date(last.at.getTime() + 10 * 60_000),
    });
  }
  return events;
}

/**
 * One `interaction.recorded` event per generated interaction (`int-000001`…), with ids
 * derived from i (`evt-int-000001`…); set-based, one statement.
 */
async function seedGeneratedInteractionEvents(tx: Queryable, count: number): Promise<void> {
  if (count === 0) return;
  await tx.query(
    `INSERT INTO support.outbox
       (id, customer_id, event_type, subject_type, subject_id, summary, channel, actor, payload, occurred_at)
     SELECT 'evt-' || x.id, x.customer_id, 'interaction.recorded', 'Interaction', x.id, x.summary, x.channel,
            coalesce(x.agent_id, CASE x.direction WHEN 'INBOUND' THEN 'customer' ELSE 'system' END),
            jsonb_build_object('direction', x.direction, 'topic', x.topic, 'caseId', x.case_id),
            x.occurred_at
       FROM generate_series(1, $1::int) AS i
       JOIN support.interaction x ON x.id = 'int-' || lpad(i::text, 6, '0')
     ON CONFLICT (id) DO NOTHING`,
    [count],
  );
}
