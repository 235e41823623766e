-- Transactional outbox and idempotency keys (shared shape in every subgraph; see
-- subgraphs/shared/outbox.ts and idempotency.ts).
CREATE TABLE engagement.outbox (
  id           text PRIMARY KEY,
  customer_id  text NOT NULL,
  event_type   text NOT NULL,
  subject_type text NOT NULL,
  subject_id   text NOT NULL,
  summary      text NOT NULL,
  channel      text,
  actor        text,
  payload      jsonb NOT NULL DEFAULT '{}',
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

CREATE INDEX outbox_unpublished_idx ON engagement.outbox (occurred_at) WHERE published_at IS NULL;

CREATE TABLE engagement.idempotency (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  result       jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
