import type { CaseSeed, InteractionSeed } from './stories/story';
import type { SeedEvent } from './events';

/**
 * The events of one seeded case: opened, each later status, each note, each handoff and,
 * when it came from a conversation, the escalation.
 */
export function storyEventsOfCase(c: CaseSeed, interactions: InteractionSeed[]): SeedEvent[] {
  const base = { customerId: c.customerId, channel: c.channel };
  const onCase = { typename: 'Case', id: c.id };
  const opener = interactions.find((i) => i.caseId === c.id);
  const openedBy = opener?.agentId ?? 'customer';
  const events: SeedEvent[] = [
    {
      ...base,
      id: `evt-${c.id}-opened`,
      type: 'case.opened',
      subject: onCase,
      summary: `Case opened: ${c.title}`,
      actor: openedBy,
      payload: { priority: c.priority, orderId: c.orderId },
      occurredAt: c.openedAt,
    },
    ...c.history.slice(1).map(([status, at, reason], n): SeedEvent => ({
      ...base,
      id: `evt-${c.id}-status-${n + 2}`,
      type: 'case.status_changed',
      subject: onCase,
      summary: `Case "${c.title}" moved to ${status}${reason ? `: ${reason}` : ''}`,
      actor: c.assignedTo ?? 'system',
      payload: { status, reason },
      occurredAt: at,
    })),
    ...c.notes.map((note): SeedEvent => ({
      ...base,
      id: `evt-${note.id}`,
      type: 'note.added',
      subject: { typename: 'Note', id: note.id },
      summary: `Note added to case "${c.title}"`,
      actor: note.authorId,
      payload: { caseId: c.id },
      occurredAt: note.at,
    })),
    ...c.handoffs.map((h): SeedEvent => ({
      ...base,
      id: `evt-${h.id}`,
      type: 'case.handed_off',
      subject: onCase,
      summary: `Handed off to ${h.toTeam}: ${h.summary}`,
      actor: h.from,
      payload: { toAgentId: h.to, toTeam: h.toTeam },
      occurredAt: h.at,
    })),
  ];
  if (c.conversationId) {
    events.push({
      ...base,
      id: `evt-${c.conversationId}-escalated`,
      type: 'conversation.escalated',
      subject: { typename: 'Conversation', id: c.conversationId },
      summary: `Asked for a live agent; case opened: ${c.title}`,
      actor: 'customer',
      payload: { caseId: c.id },
      occurredAt: c.openedAt,
    });
  }
  return events;
}
