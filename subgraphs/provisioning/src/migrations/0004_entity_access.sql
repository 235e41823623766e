-- The access log of provisioning's customer-owned data: one row per type per customer per
-- request an agent or supervisor read (see subgraphs/shared/accessLog). provisioning owns these
-- rows; supervisors page them through `Query.provisioningAccessLog`.
CREATE TABLE provisioning.entity_access (
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

CREATE INDEX entity_access_customer_idx ON provisioning.entity_access (customer_id, accessed_at DESC, id DESC);

CREATE INDEX entity_access_agent_idx ON provisioning.entity_access (agent_id, accessed_at DESC, id DESC);

CREATE INDEX entity_access_request_idx ON provisioning.entity_access (request_id);

CREATE INDEX entity_access_accessed_idx ON provisioning.entity_access (accessed_at DESC, id DESC);
