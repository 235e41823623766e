-- The customer access log: every time an agent or supervisor read a customer's
-- context (who, when, which customer, which operation, which client). Supervisors
-- query it through `customerAccessLog`; each row also becomes a `customer.viewed` event.
CREATE TABLE crm.customer_access (
  id             text PRIMARY KEY,
  customer_id    text NOT NULL,
  agent_id       text NOT NULL,
  role           text NOT NULL CHECK (role IN ('agent', 'supervisor')),
  team           text,
  operation_name text,
  client_name    text,
  request_id     text,
  accessed_at    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

CREATE INDEX customer_access_customer_idx ON crm.customer_access (customer_id, accessed_at DESC, id DESC);

CREATE INDEX customer_access_agent_idx ON crm.customer_access (agent_id, accessed_at DESC, id DESC);

CREATE INDEX customer_access_accessed_idx ON crm.customer_access (accessed_at DESC, id DESC);
