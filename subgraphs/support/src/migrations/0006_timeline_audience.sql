-- Who may read a timeline entry: `everyone` (the customer and staff) or `staff` only. A
-- customer's timeline must not show what their other reads refuse them: handoffs and
-- notes are staff-only (`Case.handoffs`, `Case.notes`, `Note`), and their summaries
-- quote them ("Handed off to sales: ..."). New columns default to `staff` so that an
-- entry nobody classified is never shown to a customer; the backfill opens the event
-- types a customer may see (the list `audienceOfEvent` keeps in timeline/audience.ts).
ALTER TABLE support.timeline_entry
  ADD COLUMN audience text NOT NULL DEFAULT 'staff' CHECK (audience IN ('everyone', 'staff'));

UPDATE support.timeline_entry SET audience = 'everyone'
 WHERE event_type IN ('order.placed', 'order.status_changed', 'order.cancelled', 'order.replaced',
                      'appointment.booked', 'appointment.rescheduled', 'appointment.cancelled',
                      'appointment.completed', 'appointment.failed',
                      'appointment.technician_assigned', 'service.activated',
                      'customer.preferences_updated', 'customer.consent_updated',
                      'customer.contact_point_added', 'interaction.recorded', 'case.opened',
                      'case.status_changed', 'conversation.started', 'conversation.step_recorded',
                      'conversation.paused', 'conversation.resumed', 'conversation.escalated',
                      'conversation.closed', 'app.session_started', 'app.session_ended');

-- A customer's page skips staff entries inside the index scan, not after it.
CREATE INDEX timeline_entry_customer_audience_idx
  ON support.timeline_entry (customer_id, audience, occurred_at DESC, event_id DESC);
