-- Agents, interactions, conversations, cases with their notes, handoffs and status
-- history, and the view log. Every row that a timeline entry may come from carries
-- customer_id, a timestamp and a channel.
CREATE TABLE support.agent (
  id   text PRIMARY KEY,
  name text NOT NULL,
  team text NOT NULL
);

CREATE TABLE support.conversation (
  id               text PRIMARY KEY,
  customer_id      text NOT NULL,
  status           text NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'CLOSED')),
  topic            text NOT NULL,
  started_on       text NOT NULL CHECK (started_on IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  last_channel     text NOT NULL CHECK (last_channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  current_step     integer NOT NULL CHECK (current_step >= 1),
  total_steps      integer CHECK (total_steps >= 1),
  step_name        text,
  started_at       timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL
);

CREATE INDEX conversation_customer_idx ON support.conversation (customer_id, last_activity_at DESC, id DESC);

CREATE TABLE support.conversation_step (
  conversation_id text NOT NULL REFERENCES support.conversation (id),
  customer_id     text NOT NULL,
  step            integer NOT NULL CHECK (step >= 1),
  name            text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  at              timestamptz NOT NULL,
  data            jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (conversation_id, step)
);

CREATE TABLE support."case" (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL,
  title           text NOT NULL,
  status          text NOT NULL CHECK (status IN ('ACKNOWLEDGED', 'IN_PROGRESS', 'PENDING', 'HELD', 'RESOLVED', 'CLOSED', 'REJECTED', 'CANCELLED')),
  priority        text NOT NULL CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
  channel         text NOT NULL CHECK (channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  opened_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  order_id        text,
  assigned_to     text REFERENCES support.agent (id),
  team            text,
  app_context     jsonb,
  conversation_id text REFERENCES support.conversation (id)
);

CREATE INDEX case_customer_idx ON support."case" (customer_id, opened_at DESC, id DESC);

CREATE TABLE support.interaction (
  id          text PRIMARY KEY,
  customer_id text NOT NULL,
  channel     text NOT NULL CHECK (channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  direction   text NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
  occurred_at timestamptz NOT NULL,
  summary     text NOT NULL,
  topic       text NOT NULL,
  agent_id    text REFERENCES support.agent (id),
  app_context jsonb,
  case_id     text REFERENCES support."case" (id)
);

CREATE INDEX interaction_customer_idx ON support.interaction (customer_id, occurred_at DESC, id DESC);

CREATE TABLE support.note (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL,
  subject_type text NOT NULL CHECK (subject_type IN ('CASE', 'ORDER', 'APPOINTMENT')),
  subject_id   text NOT NULL,
  body         text NOT NULL,
  author_id    text NOT NULL REFERENCES support.agent (id),
  channel      text NOT NULL CHECK (channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  created_at   timestamptz NOT NULL
);

CREATE INDEX note_subject_idx ON support.note (subject_type, subject_id, created_at DESC, id DESC);

CREATE TABLE support.handoff (
  id            text PRIMARY KEY,
  case_id       text NOT NULL REFERENCES support."case" (id),
  customer_id   text NOT NULL,
  from_agent_id text NOT NULL REFERENCES support.agent (id),
  to_agent_id   text REFERENCES support.agent (id),
  to_team       text NOT NULL,
  summary       text NOT NULL,
  channel       text NOT NULL CHECK (channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  at            timestamptz NOT NULL
);

CREATE INDEX handoff_case_idx ON support.handoff (case_id, at DESC, id DESC);

CREATE TABLE support.case_status_change (
  id          text PRIMARY KEY,
  case_id     text NOT NULL REFERENCES support."case" (id),
  customer_id text NOT NULL,
  status      text NOT NULL CHECK (status IN ('ACKNOWLEDGED', 'IN_PROGRESS', 'PENDING', 'HELD', 'RESOLVED', 'CLOSED', 'REJECTED', 'CANCELLED')),
  reason      text,
  at          timestamptz NOT NULL
);

CREATE INDEX case_status_change_case_idx ON support.case_status_change (case_id, at, id);

-- The view log: when an agent last opened a customer (for UNREAD_NOTES).
CREATE TABLE support.customer_view (
  agent_id    text NOT NULL REFERENCES support.agent (id),
  customer_id text NOT NULL,
  viewed_at   timestamptz NOT NULL,
  PRIMARY KEY (agent_id, customer_id, viewed_at)
);

CREATE INDEX customer_view_customer_idx ON support.customer_view (customer_id, agent_id, viewed_at DESC);
