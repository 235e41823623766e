import type { Claims } from '../../../../../lib/claims';

/** Who may read a timeline entry: the customer and staff, or staff only. */
export type TimelineAudience = 'everyone' | 'staff';

/**
 * Event types a customer may see on their own timeline: what happened to their orders,
 * appointments, services, profile, contacts, cases (opened, status) and conversations.
 * Anything else is staff-only: handoffs (`Case.handoffs` is staff-only and the summary
 * quotes the handoff), notes (`Note` is staff-only and the summary names the author and
 * quotes the body), and every event type not listed here, so a new kind of event is
 * shown to a customer only once someone decides it may be. Migration 0006 backfilled
 * existing entries with this same list.
 */
const CUSTOMER_VISIBLE: ReadonlySet<string> = new Set([
  'order.placed',
  'order.status_changed',
  'order.cancelled',
  'order.replaced',
  'appointment.booked',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.completed',
  'appointment.failed',
  'appointment.technician_assigned',
  'service.activated',
  'customer.preferences_updated',
  'customer.consent_updated',
  'customer.contact_point_added',
  'interaction.recorded',
  'case.opened',
  'case.status_changed',
  'conversation.started',
  'conversation.step_recorded',
  'conversation.paused',
  'conversation.resumed',
  'conversation.escalated',
  'conversation.closed',
  'app.session_started',
  'app.session_ended',
]);

/** The audience of the entry an event of type `eventType` becomes. */
export function audienceOfEvent(eventType: string): TimelineAudience {
  return CUSTOMER_VISIBLE.has(eventType) ? 'everyone' : 'staff';
}

/**
 * Whether the caller may read staff-only entries: agents, supervisors and services.
 * Customers (and anyone else) see only entries for `everyone`.
 */
export function readsStaffEntries(claims: Claims | null): boolean {
  return claims?.role === 'agent' || claims?.role === 'supervisor' || claims?.role === 'service';
}
