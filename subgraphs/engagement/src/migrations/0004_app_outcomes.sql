-- App attempts, contacts that follow them, and the per-day outcome table
-- (docs/mobile-outcomes.md explains every figure).

-- One attempt = one session's use of one app function, derived live from the screens
-- (never copied): its last result wins; no result is "no result yet". Whether a
-- result-less attempt is abandoned depends on the session (ended, or idle), decided by
-- whoever reads the view.
CREATE VIEW engagement.app_attempt AS
SELECT s.id AS session_id, s.customer_id, s.platform, v.function_name AS function,
       s.started_at AS session_started_at, s.ended_at AS session_ended_at,
       min(v.at) AS first_at, max(v.at) AS last_at,
       (array_agg(v.succeeded ORDER BY v.seq DESC) FILTER (WHERE v.succeeded IS NOT NULL))[1] AS result,
       (array_agg(v.at ORDER BY v.seq DESC) FILTER (WHERE v.succeeded))[1] AS succeeded_at,
       (array_agg(v.screen ORDER BY v.seq DESC))[1] AS stopped_at,
       max(v.seq) AS last_seq,
       (SELECT max(x.at) FROM engagement.screen_visit x WHERE x.session_id = s.id) AS session_last_at
  FROM engagement.app_session s
  JOIN engagement.screen_visit v ON v.session_id = s.id
 WHERE v.function_name IS NOT NULL
 -- every session column is a grouping column, so a filter on one reaches the table's indexes
 GROUP BY s.id, s.customer_id, s.platform, s.started_at, s.ended_at, v.function_name;

CREATE INDEX app_session_started_idx ON engagement.app_session (started_at);

CREATE INDEX screen_visit_function_idx ON engagement.screen_visit (session_id, function_name)
  WHERE function_name IS NOT NULL;

-- A rep recorded that a failed or abandoned attempt was dealt with (clears its flag).
CREATE TABLE engagement.app_attempt_handled (
  session_id  text NOT NULL REFERENCES engagement.app_session (id),
  function    text NOT NULL,
  customer_id text NOT NULL,
  handled_by  text NOT NULL,
  handled_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (session_id, function)
);

-- Contacts on any channel, as other subgraphs' events report them (interaction
-- recorded, case opened, conversation step): the key facts only, one row per event.
CREATE TABLE engagement.customer_contact (
  event_id     text PRIMARY KEY,
  customer_id  text NOT NULL,
  channel      text NOT NULL,
  subject_type text NOT NULL,
  subject_id   text NOT NULL,
  occurred_at  timestamptz NOT NULL
);

CREATE INDEX customer_contact_customer_idx ON engagement.customer_contact (customer_id, occurred_at);

CREATE INDEX customer_contact_subject_idx ON engagement.customer_contact (subject_type, subject_id);

-- Outcomes per UTC day (of the session start), function and platform, kept up to date
-- by the outcomes consumer: a group is recomputed from the attempts whenever an event
-- touches it, so late and repeated events leave the same rows.
CREATE TABLE engagement.app_function_day (
  day             date NOT NULL,
  function        text NOT NULL,
  platform        text NOT NULL,
  attempts        int NOT NULL,
  successes       int NOT NULL,
  failures        int NOT NULL,
  abandonments    int NOT NULL,
  -- failed or abandoned attempts followed by a contact on another channel in the window
  followed        int NOT NULL,
  -- the same, by the channel of the first such contact: {"PHONE": 3, ...}
  followed_by     jsonb NOT NULL DEFAULT '{}',
  -- every success's seconds from session start to success, sorted (exact medians)
  success_seconds int[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (day, function, platform)
);
