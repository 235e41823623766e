/**
 * The transactional outbox and the idempotency keys of one subgraph (see
 * `../outbox.ts` and `../idempotency.ts`). Every subgraph that publishes domain events
 * applies it once, inside its own schema.
 */
export const outboxMigration = (schema: string): string => `
CREATE TABLE ${schema}.outbox (
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

CREATE INDEX outbox_unpublished_idx ON ${schema}.outbox (occurred_at) WHERE published_at IS NULL;

CREATE TABLE ${schema}.idempotency (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  result       jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
`;
