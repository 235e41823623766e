-- The customer timeline: one entry per domain event from any subgraph, recorded by the
-- `support.timeline` consumer. The event id is the key, so a redelivered event adds nothing.
CREATE TABLE support.timeline_entry (
  event_id     text PRIMARY KEY,
  customer_id  text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('ORDER_PLACED', 'ORDER_STATUS_CHANGED', 'ORDER_CANCELLED', 'ORDER_REPLACED', 'APPOINTMENT_BOOKED', 'APPOINTMENT_RESCHEDULED', 'APPOINTMENT_CANCELLED', 'APPOINTMENT_COMPLETED', 'APPOINTMENT_FAILED', 'TECHNICIAN_ASSIGNED', 'SERVICE_ACTIVATED', 'PROFILE_UPDATED', 'INTERACTION', 'CASE_OPENED', 'CASE_HANDED_OFF', 'CASE_STATUS_CHANGED', 'NOTE_ADDED', 'CONVERSATION_STARTED', 'CONVERSATION_STEP', 'CONVERSATION_PAUSED', 'CONVERSATION_RESUMED', 'CONVERSATION_ESCALATED', 'OTHER')),
  event_type   text NOT NULL,
  channel      text CHECK (channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  actor        text,
  summary      text NOT NULL,
  subject_type text NOT NULL,
  subject_id   text NOT NULL,
  source       text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX timeline_entry_customer_idx ON support.timeline_entry (customer_id, occurred_at DESC, event_id DESC);

CREATE INDEX timeline_entry_customer_kind_idx ON support.timeline_entry (customer_id, kind, occurred_at DESC, event_id DESC);

CREATE INDEX timeline_entry_customer_channel_idx ON support.timeline_entry (customer_id, channel, occurred_at DESC, event_id DESC);
