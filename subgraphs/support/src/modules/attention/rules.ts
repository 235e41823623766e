import type { OpenCaseRow, RecentContactRow, ResumableConversationRow } from './repository';

/** Severity of a flag, most urgent last in this list's order of declaration. */
export type Severity = 'INFO' | 'WARNING' | 'CRITICAL';

/** The codes of DOMAIN.md, as the `AttentionCode` enum has them. */
export const ATTENTION_CODES = [
  'SKILL_MISMATCH',
  'INCOMPATIBLE_DELIVERY',
  'ORDER_IN_JEOPARDY',
  'OPEN_CASE_ON_ACTIVE_ORDER',
  'REPEAT_CONTACT',
  'UNREAD_NOTES',
  'RESUMABLE_CONVERSATION',
  'CHANNEL_CANNOT_COMPLETE',
  'DELIVERED_BELOW_ORDERED',
  'CONTACT_RESTRICTED',
  'APP_ATTEMPT_FAILED',
] as const;

/** One of {@link ATTENTION_CODES}. */
export type AttentionCode = (typeof ATTENTION_CODES)[number];

/** Narrows an owner's string code; an unregistered one is not shown to reps. */
export function isAttentionCode(code: string): code is AttentionCode {
  return (ATTENTION_CODES as readonly string[]).includes(code);
}

/** A flag before its subject is turned into a federated reference. */
export interface Flag {
  code: AttentionCode;
  severity: Severity;
  message: string;
  subjectType: string;
  subjectId: string;
}

/** What the support subgraph knows about one customer, plus what owners told it. */
export interface SupportFacts {
  contacts: RecentContactRow[];
  openCases: OpenCaseRow[];
  conversations: ResumableConversationRow[];
  /** Orders still in flight, from the orders subgraph (`@requires`). */
  inFlightOrderIds: readonly string[];
}

/** Channels that cannot change an order: a rep there can only hand the customer off. */
const CANNOT_CHANGE_ORDERS = new Set(['SOCIAL', 'EMAIL', 'SMS']);

const CHANNEL_NAMES: Record<string, string> = {
  MOBILE_APP: 'the mobile app',
  WEBSITE: 'the website',
  PHONE: 'the phone',
  CHAT: 'chat',
  SOCIAL: 'social media',
  STORE: 'a store',
  FIELD_TECHNICIAN: 'a technician visit',
  EMAIL: 'email',
  SMS: 'text message',
};

/** Human name of a channel value, e.g. `SOCIAL` → "social media". */
export function channelName(channel: string): string {
  return CHANNEL_NAMES[channel] ?? channel.toLowerCase();
}

/** What a contact topic (`order:ord-1`, `service:svc-1`, ...) is about, as a subject. */
export function topicSubject(topic: string): { subjectType: string; subjectId: string } | null {
  const [kind, id] = topic.split(':', 2);
  const types: Record<string, string> = {
    order: 'Order',
    service: 'Service',
    appointment: 'Appointment',
    conversation: 'Conversation',
    case: 'Case',
  };
  const subjectType = kind ? types[kind] : undefined;
  return subjectType && id ? { subjectType, subjectId: id } : null;
}

/** REPEAT_CONTACT: two or more inbound contacts about the same subject in the window. */
export function repeatContactFlags(facts: SupportFacts, windowDays: number): Flag[] {
  const byTopic = new Map<string, RecentContactRow[]>();
  for (const contact of facts.contacts) {
    if (!topicSubject(contact.topic)) continue;
    byTopic.set(contact.topic, [...(byTopic.get(contact.topic) ?? []), contact]);
  }
  return [...byTopic.entries()]
    .filter(([, contacts]) => contacts.length >= 2)
    .map(([topic, contacts]) => {
      const first = contacts[0]!.occurred_at.getTime();
      const last = contacts.at(-1)!.occurred_at.getTime();
      const days = Math.max(1, Math.ceil((last - first) / 86_400_000));
      const channels = contacts.map((c) => channelName(c.channel)).join(', ');
      const subject = topicSubject(topic)!;
      return {
        code: 'REPEAT_CONTACT',
        severity: 'WARNING' as const,
        message: `${contacts.length} contacts in ${days} day${days === 1 ? '' : 's'} about ${subject.subjectType.toLowerCase()} ${subject.subjectId} (${channels}) within the last ${windowDays} days: resolve it in this contact.`,
        ...subject,
      };
    });
}

/** CHANNEL_CANNOT_COMPLETE: asked for an order change where orders cannot be changed. */
export function channelCannotCompleteFlags(facts: SupportFacts): Flag[] {
  const inFlight = new Set(facts.inFlightOrderIds);
  const latestByOrder = new Map<string, RecentContactRow>();
  for (const contact of facts.contacts) {
    const subject = topicSubject(contact.topic);
    if (subject?.subjectType !== 'Order' || !inFlight.has(subject.subjectId)) continue;
    if (CANNOT_CHANGE_ORDERS.has(contact.channel)) latestByOrder.set(subject.subjectId, contact);
  }
  return [...latestByOrder.entries()].map(([orderId, contact]) => ({
    code: 'CHANNEL_CANNOT_COMPLETE',
    severity: 'WARNING' as const,
    message: `Asked on ${channelName(contact.channel)} about order ${orderId}, which cannot be changed there: offer a verified handoff to phone or chat that keeps this context.`,
    subjectType: 'Interaction',
    subjectId: contact.id,
  }));
}

/** OPEN_CASE_ON_ACTIVE_ORDER and UNREAD_NOTES, from the open cases. */
export function caseFlags(facts: SupportFacts): Flag[] {
  const inFlight = new Set(facts.inFlightOrderIds);
  const flags: Flag[] = [];
  for (const openCase of facts.openCases) {
    if (openCase.order_id && inFlight.has(openCase.order_id)) {
      flags.push({
        code: 'OPEN_CASE_ON_ACTIVE_ORDER',
        severity: 'WARNING',
        message: `Case ${openCase.id} is open about order ${openCase.order_id}, which is still in flight: check the order before promising anything.`,
        subjectType: 'Case',
        subjectId: openCase.id,
      });
    }
    if (openCase.unread_notes > 0) {
      const who = openCase.assignee_name ?? 'the assigned rep';
      const since = openCase.last_viewed_at
        ? 'since they last opened this customer'
        : 'and they have not opened this customer yet';
      flags.push({
        code: 'UNREAD_NOTES',
        severity: 'WARNING',
        message: `${openCase.unread_notes} note${openCase.unread_notes === 1 ? '' : 's'} by ${openCase.unread_authors.join(', ')} on case ${openCase.id} that ${who} has not read ${since}: read them before asking the customer again.`,
        subjectType: 'Case',
        subjectId: openCase.id,
      });
    }
  }
  return flags;
}

/** RESUMABLE_CONVERSATION: an inactive conversation and the step it stopped at. */
export function resumableConversationFlags(facts: SupportFacts): Flag[] {
  return facts.conversations.map((conversation) => {
    const of = conversation.total_steps ? ` of ${conversation.total_steps}` : '';
    const step = conversation.step_name ? ` (${conversation.step_name})` : '';
    return {
      code: 'RESUMABLE_CONVERSATION',
      severity: 'INFO' as const,
      message: `The ${conversation.topic} conversation stopped at step ${conversation.current_step}${of}${step} on ${channelName(conversation.last_channel)}: resume it where it stopped instead of starting over.`,
      subjectType: 'Conversation',
      subjectId: conversation.id,
    };
  });
}

const SEVERITY_ORDER: Record<Severity, number> = { CRITICAL: 0, WARNING: 1, INFO: 2 };

/** Every flag for one customer, most severe first, then by code. */
export function mergeFlags(
  own: Flag[],
  owners: readonly (Omit<Flag, 'code'> & { code: string })[],
): Flag[] {
  const known = owners.filter((flag): flag is Flag => isAttentionCode(flag.code));
  return [...known, ...own].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code),
  );
}
