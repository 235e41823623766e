/**
 * The access log of a subgraph's customer-owned data: one row per type per customer per
 * request an agent or supervisor read (see `../accessLog`). The subgraph owns these rows;
 * supervisors page them through its `Query.<schema>AccessLog`.
 */
export const entityAccessMigration = (schema: string): string => `
CREATE TABLE ${schema}.entity_access (
  id             text PRIMARY KEY,
  typename       text NOT NULL,
  customer_id    text NOT NULL,
  agent_id       text NOT NULL,
  role           text NOT NULL CHECK (role IN ('agent', 'supervisor')),
  team           text,
  operation_name text,
  client_name    text,
  request_id     text,
  accessed_at    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

CREATE INDEX entity_access_customer_idx ON ${schema}.entity_access (customer_id, accessed_at DESC, id DESC);

CREATE INDEX entity_access_agent_idx ON ${schema}.entity_access (agent_id, accessed_at DESC, id DESC);

CREATE INDEX entity_access_request_idx ON ${schema}.entity_access (request_id);

CREATE INDEX entity_access_accessed_idx ON ${schema}.entity_access (accessed_at DESC, id DESC);
`;
