-- The product catalogue and customer orders [TMF620, TMF622].
CREATE TABLE orders.product_offering (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  description      text,
  category         text NOT NULL CHECK (category IN ('INTERNET', 'TV', 'MOBILE', 'VOICE', 'EQUIPMENT')),
  delivery_methods text[] NOT NULL CHECK (
    cardinality(delivery_methods) > 0
    AND delivery_methods <@ ARRAY['TECHNICIAN_INSTALL', 'SELF_INSTALL', 'SET_TOP_BOX', 'STREAMING', 'SHIPPING', 'IN_STORE_PICKUP']
  ),
  requires_install boolean NOT NULL,
  tier             integer NOT NULL CHECK (tier > 0),
  download_mbps    integer CHECK (download_mbps > 0),
  CHECK ((category = 'INTERNET') = (download_mbps IS NOT NULL))
);

CREATE INDEX product_offering_category_idx ON orders.product_offering (category, tier DESC, name);

-- Cursors carry millisecond timestamps, so placed_at is stored at millisecond precision.
CREATE TABLE orders."order" (
  id                text PRIMARY KEY,
  customer_id       text NOT NULL,
  channel           text NOT NULL CHECK (channel IN ('MOBILE_APP', 'WEBSITE', 'PHONE', 'CHAT', 'SOCIAL', 'STORE', 'FIELD_TECHNICIAN', 'EMAIL', 'SMS')),
  status            text NOT NULL CHECK (status IN ('ACKNOWLEDGED', 'IN_PROGRESS', 'PENDING', 'HELD', 'ASSESSING_CANCELLATION', 'PENDING_CANCELLATION', 'CANCELLED', 'COMPLETED', 'FAILED', 'PARTIAL', 'REJECTED')),
  place_id          text,
  placed_at         timestamptz NOT NULL CHECK (placed_at = date_trunc('milliseconds', placed_at)),
  updated_at        timestamptz NOT NULL,
  replaces_order_id text REFERENCES orders."order" (id)
);

CREATE INDEX order_customer_placed_idx ON orders."order" (customer_id, placed_at DESC, id DESC);

-- An order is replaced by at most one later order; also the replacedBy lookup.
CREATE UNIQUE INDEX order_replaces_idx ON orders."order" (replaces_order_id);

CREATE TABLE orders.order_item (
  id              text PRIMARY KEY,
  order_id        text NOT NULL REFERENCES orders."order" (id),
  position        integer NOT NULL,
  offering_id     text NOT NULL REFERENCES orders.product_offering (id),
  quantity        integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
  action          text NOT NULL DEFAULT 'ADD' CHECK (action IN ('ADD', 'MODIFY', 'DELETE', 'NO_CHANGE')),
  delivery_method text CHECK (delivery_method IN ('TECHNICIAN_INSTALL', 'SELF_INSTALL', 'SET_TOP_BOX', 'STREAMING', 'SHIPPING', 'IN_STORE_PICKUP')),
  UNIQUE (order_id, position)
);

CREATE TABLE orders.order_status_change (
  order_id text NOT NULL REFERENCES orders."order" (id),
  position integer NOT NULL,
  status   text NOT NULL CHECK (status IN ('ACKNOWLEDGED', 'IN_PROGRESS', 'PENDING', 'HELD', 'ASSESSING_CANCELLATION', 'PENDING_CANCELLATION', 'CANCELLED', 'COMPLETED', 'FAILED', 'PARTIAL', 'REJECTED')),
  at       timestamptz NOT NULL,
  reason   text,
  PRIMARY KEY (order_id, position)
);
