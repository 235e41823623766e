-- Technicians, service orders with alerts and milestones, services with their
-- equipment, appointments with their status history [TMF638, TMF641, TMF646].
-- Customer, order, place and offering ids belong to other subgraphs: held as keys only.
CREATE TABLE provisioning.technician (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  skills     text[] NOT NULL DEFAULT '{}'
             CHECK (skills <@ ARRAY['INSTALL', 'REWIRING', 'FIBRE_SPLICING', 'SET_TOP_BOX_SETUP', 'REPAIR']::text[]),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX technician_created_idx ON provisioning.technician (created_at, id);

CREATE INDEX technician_skills_idx ON provisioning.technician USING gin (skills);

CREATE TABLE provisioning.service_order (
  id          text PRIMARY KEY,
  order_id    text NOT NULL UNIQUE,
  customer_id text NOT NULL,
  status      text NOT NULL CHECK (status IN ('ACKNOWLEDGED', 'IN_PROGRESS', 'PENDING', 'HELD',
                'ASSESSING_CANCELLATION', 'PENDING_CANCELLATION', 'CANCELLED', 'COMPLETED',
                'FAILED', 'PARTIAL', 'REJECTED')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX service_order_customer_idx ON provisioning.service_order (customer_id, created_at DESC, id DESC);

CREATE TABLE provisioning.jeopardy_alert (
  id               text PRIMARY KEY,
  service_order_id text NOT NULL REFERENCES provisioning.service_order (id),
  name             text NOT NULL,
  message          text NOT NULL,
  raised_at        timestamptz NOT NULL
);

CREATE INDEX jeopardy_alert_order_idx ON provisioning.jeopardy_alert (service_order_id, raised_at, id);

CREATE TABLE provisioning.milestone (
  id               text PRIMARY KEY,
  service_order_id text NOT NULL REFERENCES provisioning.service_order (id),
  name             text NOT NULL,
  status           text NOT NULL,
  at               timestamptz NOT NULL
);

CREATE INDEX milestone_order_idx ON provisioning.milestone (service_order_id, at, id);

CREATE TABLE provisioning.service (
  id               text PRIMARY KEY,
  customer_id      text NOT NULL,
  place_id         text,
  offering_id      text NOT NULL,
  status           text NOT NULL CHECK (status IN ('FEASIBILITY_CHECKED', 'DESIGNED', 'RESERVED',
                     'INACTIVE', 'ACTIVE', 'TERMINATED')),
  delivery_method  text NOT NULL CHECK (delivery_method IN ('TECHNICIAN_INSTALL', 'SELF_INSTALL',
                     'SET_TOP_BOX', 'STREAMING', 'SHIPPING', 'IN_STORE_PICKUP')),
  activated_at     timestamptz,
  service_order_id text REFERENCES provisioning.service_order (id),
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX service_customer_idx ON provisioning.service (customer_id, created_at, id);

CREATE TABLE provisioning.equipment (
  serial_number text PRIMARY KEY,
  service_id    text NOT NULL REFERENCES provisioning.service (id),
  kind          text NOT NULL CHECK (kind IN ('ROUTER', 'SET_TOP_BOX', 'ONT', 'SIM', 'MODEM')),
  model         text NOT NULL
);

CREATE INDEX equipment_service_idx ON provisioning.equipment (service_id, kind, serial_number);

CREATE TABLE provisioning.appointment (
  id               text PRIMARY KEY,
  customer_id      text NOT NULL,
  place_id         text,
  service_order_id text REFERENCES provisioning.service_order (id),
  window_start     timestamptz NOT NULL,
  window_end       timestamptz NOT NULL,
  job_type         text NOT NULL CHECK (job_type IN ('INSTALL', 'REWIRING', 'REPAIR', 'EQUIPMENT_SWAP', 'SURVEY')),
  required_skills  text[] NOT NULL DEFAULT '{}'
                   CHECK (required_skills <@ ARRAY['INSTALL', 'REWIRING', 'FIBRE_SPLICING', 'SET_TOP_BOX_SETUP', 'REPAIR']::text[]),
  technician_id    text REFERENCES provisioning.technician (id),
  status           text NOT NULL CHECK (status IN ('INITIALIZED', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'FAILED')),
  outcome          text,
  CHECK (window_end > window_start)
);

CREATE INDEX appointment_customer_idx ON provisioning.appointment (customer_id, window_start DESC, id DESC);

CREATE INDEX appointment_customer_upcoming_idx ON provisioning.appointment (customer_id, window_end)
  WHERE status IN ('INITIALIZED', 'CONFIRMED');

CREATE INDEX appointment_service_order_idx ON provisioning.appointment (service_order_id, window_start, id);

CREATE TABLE provisioning.appointment_status_change (
  id             text PRIMARY KEY,
  appointment_id text NOT NULL REFERENCES provisioning.appointment (id),
  status         text NOT NULL CHECK (status IN ('INITIALIZED', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'FAILED')),
  at             timestamptz NOT NULL,
  reason         text,
  window_start   timestamptz,
  window_end     timestamptz,
  CHECK ((window_start IS NULL) = (window_end IS NULL))
);

CREATE INDEX appointment_status_change_idx ON provisioning.appointment_status_change (appointment_id, at, id);
