import type { Channel, TimelineKind } from '../../generated/graphql';

/** Event type → timeline kind, as agreed in the events contract; anything else is OTHER. */
const KIND_OF_EVENT: Readonly<Record<string, TimelineKind>> = {
  'order.placed': 'ORDER_PLACED',
  'order.status_changed': 'ORDER_STATUS_CHANGED',
  'order.cancelled': 'ORDER_CANCELLED',
  'order.replaced': 'ORDER_REPLACED',
  'appointment.booked': 'APPOINTMENT_BOOKED',
  'appointment.rescheduled': 'APPOINTMENT_RESCHEDULED',
  'appointment.cancelled': 'APPOINTMENT_CANCELLED',
  'appointment.completed': 'APPOINTMENT_COMPLETED',
  'appointment.failed': 'APPOINTMENT_FAILED',
  'appointment.technician_assigned': 'TECHNICIAN_ASSIGNED',
  'service.activated': 'SERVICE_ACTIVATED',
  'customer.preferences_updated': 'PROFILE_UPDATED',
  'customer.consent_updated': 'PROFILE_UPDATED',
  'customer.contact_point_added': 'PROFILE_UPDATED',
  'interaction.recorded': 'INTERACTION',
  'case.opened': 'CASE_OPENED',
  'case.handed_off': 'CASE_HANDED_OFF',
  'case.status_changed': 'CASE_STATUS_CHANGED',
  'note.added': 'NOTE_ADDED',
  'conversation.started': 'CONVERSATION_STARTED',
  'conversation.step_recorded': 'CONVERSATION_STEP',
  'conversation.paused': 'CONVERSATION_PAUSED',
  'conversation.resumed': 'CONVERSATION_RESUMED',
  'conversation.escalated': 'CONVERSATION_ESCALATED',
  'app.session_started': 'APP_SESSION_STARTED',
  'app.session_ended': 'APP_SESSION_ENDED',
};

/** The timeline kind an event type becomes; unknown types are kept as OTHER. */
export function timelineKindOf(eventType: string): TimelineKind {
  return KIND_OF_EVENT[eventType] ?? 'OTHER';
}

const CHANNELS: ReadonlySet<string> = new Set<Channel>([
  'MOBILE_APP',
  'WEBSITE',
  'PHONE',
  'CHAT',
  'SOCIAL',
  'STORE',
  'FIELD_TECHNICIAN',
  'EMAIL',
  'SMS',
]);

/** The event's channel when it is a `Channel` value; anything else is recorded as none. */
export function channelOf(channel: string | null | undefined): Channel | null {
  return channel && CHANNELS.has(channel) ? (channel as Channel) : null;
}

/** Typenames a timeline entry's subject may have (the `TimelineSubject` union). */
export const SUBJECT_TYPENAMES = [
  'Order',
  'Appointment',
  'Service',
  'ServiceOrder',
  'Case',
  'Interaction',
  'Note',
  'Conversation',
  'Customer',
] as const;

/** One of {@link SUBJECT_TYPENAMES}. */
export type SubjectTypename = (typeof SUBJECT_TYPENAMES)[number];

/** The typename when it is a member of the subject union; null otherwise. */
export function subjectTypenameOf(typename: string): SubjectTypename | null {
  return (SUBJECT_TYPENAMES as readonly string[]).includes(typename)
    ? (typename as SubjectTypename)
    : null;
}
