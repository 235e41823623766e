-- Customers, their identifiers, preferences, consents and service addresses.
CREATE TABLE crm.customer (
  id             text PRIMARY KEY,
  given_name     text NOT NULL,
  family_name    text NOT NULL,
  status         text NOT NULL CHECK (status IN ('PROSPECT', 'ACTIVE', 'SUSPENDED', 'CLOSED')),
  segment        text NOT NULL CHECK (segment IN ('CONSUMER', 'SMALL_BUSINESS', 'ENTERPRISE')),
  account_number text UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX customer_created_idx ON crm.customer (created_at, id);

-- One identifier value belongs to at most one customer: the primary key is the
-- normalised value, not the customer.
CREATE TABLE crm.contact_point (
  kind        text NOT NULL CHECK (kind IN ('PHONE', 'EMAIL', 'SOCIAL', 'APP_DEVICE')),
  value       text NOT NULL,
  customer_id text NOT NULL REFERENCES crm.customer (id),
  is_primary  boolean NOT NULL DEFAULT false,
  verified    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, value)
);

CREATE INDEX contact_point_customer_idx ON crm.contact_point (customer_id);

CREATE TABLE crm.preferences (
  customer_id       text PRIMARY KEY REFERENCES crm.customer (id),
  preferred_channel text,
  language          text NOT NULL DEFAULT 'en-US',
  quiet_start       text CHECK (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_end         text CHECK (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_time_zone   text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL) AND (quiet_start IS NULL) = (quiet_time_zone IS NULL))
);

CREATE TABLE crm.consent (
  customer_id text NOT NULL REFERENCES crm.customer (id),
  purpose     text NOT NULL CHECK (purpose IN ('MARKETING', 'SERVICE_NOTIFICATIONS', 'SURVEYS', 'THIRD_PARTY_SHARING')),
  granted     boolean NOT NULL,
  channels    text[] NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, purpose)
);

CREATE TABLE crm.place (
  id       text PRIMARY KEY,
  line1    text NOT NULL,
  line2    text,
  city     text NOT NULL,
  postcode text NOT NULL,
  country  text NOT NULL CHECK (country ~ '^[A-Z]{2}$')
);

CREATE TABLE crm.customer_place (
  customer_id text NOT NULL REFERENCES crm.customer (id),
  place_id    text NOT NULL REFERENCES crm.place (id),
  position    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (customer_id, place_id)
);

CREATE INDEX customer_place_customer_idx ON crm.customer_place (customer_id, position);
