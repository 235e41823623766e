-- Mobile app sessions and the screens visited in each, in order. Customer ids belong
-- to crm: held as keys only.
CREATE TABLE engagement.app_session (
  id          text PRIMARY KEY,
  customer_id text NOT NULL,
  device_id   text NOT NULL,
  platform    text NOT NULL CHECK (platform IN ('IOS', 'ANDROID', 'WEB')),
  app_version text,
  started_at  timestamptz NOT NULL DEFAULT now(),
  ended_at    timestamptz,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);

CREATE INDEX app_session_customer_idx ON engagement.app_session (customer_id, started_at DESC, id DESC);

CREATE TABLE engagement.screen_visit (
  session_id    text NOT NULL REFERENCES engagement.app_session (id),
  seq           int NOT NULL CHECK (seq > 0),
  screen        text NOT NULL,
  function_name text,
  succeeded     boolean,
  at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, seq)
);
