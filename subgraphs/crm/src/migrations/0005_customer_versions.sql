-- Validators per customer instead of for all of crm: with one counter for everything, any
-- write anywhere in crm (another rep updating another customer's consent) made every
-- validator stale. Now each write stamps the customers it touched with the counter's new
-- value (`crm.customer_version.changed_at`); a validator issued with counter value g
-- holds while none of the customers its answer depends on was stamped after g.
--
-- The counter stays one row, updated by every writing statement and so held until its
-- transaction commits: stamps are ordered as commits are, and a read that saw the counter
-- at g before it began cannot have missed a write stamped g or less. TRUNCATE, which names
-- no rows, moves `floor` instead: no validator older than it holds.
--
-- Function bodies put their semicolons at the start of lines: migrations are split on a
-- semicolon that ends a line.
DROP TRIGGER customer_generation ON crm.customer;

DROP TRIGGER contact_point_generation ON crm.contact_point;

DROP TRIGGER preferences_generation ON crm.preferences;

DROP TRIGGER consent_generation ON crm.consent;

DROP TRIGGER place_generation ON crm.place;

DROP TRIGGER customer_place_generation ON crm.customer_place;

DROP FUNCTION crm.bump_data_generation();

ALTER TABLE crm.data_generation ADD COLUMN floor bigint NOT NULL DEFAULT 0;

CREATE TABLE crm.customer_version (
  customer_id text PRIMARY KEY,
  changed_at  bigint NOT NULL
);

CREATE FUNCTION crm.stamp_customers(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE g bigint
; BEGIN
  UPDATE crm.data_generation SET n = n + 1 RETURNING n INTO g
  ; INSERT INTO crm.customer_version (customer_id, changed_at)
    SELECT DISTINCT id, g FROM unnest(ids) AS id WHERE id IS NOT NULL
    ON CONFLICT (customer_id) DO UPDATE SET changed_at = EXCLUDED.changed_at
; END $$;

-- Tables whose rows name their customer in `customer_id`.
CREATE FUNCTION crm.customer_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM crm.stamp_customers(ARRAY(SELECT customer_id FROM new_rows))
  ; ELSIF TG_OP = 'UPDATE' THEN
    PERFORM crm.stamp_customers(
      ARRAY(SELECT customer_id FROM new_rows UNION SELECT customer_id FROM old_rows))
  ; ELSE PERFORM crm.stamp_customers(ARRAY(SELECT customer_id FROM old_rows))
  ; END IF
  ; RETURN NULL
; END $$;

CREATE FUNCTION crm.customers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM crm.stamp_customers(ARRAY(SELECT id FROM new_rows))
  ; ELSIF TG_OP = 'UPDATE' THEN
    PERFORM crm.stamp_customers(ARRAY(SELECT id FROM new_rows UNION SELECT id FROM old_rows))
  ; ELSE PERFORM crm.stamp_customers(ARRAY(SELECT id FROM old_rows))
  ; END IF
  ; RETURN NULL
; END $$;

-- A place is shared: every customer linked to it.
CREATE FUNCTION crm.places_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM crm.stamp_customers(ARRAY(
      SELECT customer_id FROM crm.customer_place WHERE place_id IN (SELECT id FROM new_rows)))
  ; ELSIF TG_OP = 'UPDATE' THEN PERFORM crm.stamp_customers(ARRAY(
      SELECT customer_id FROM crm.customer_place
       WHERE place_id IN (SELECT id FROM new_rows UNION SELECT id FROM old_rows)))
  ; ELSE PERFORM crm.stamp_customers(ARRAY(
      SELECT customer_id FROM crm.customer_place WHERE place_id IN (SELECT id FROM old_rows)))
  ; END IF
  ; RETURN NULL
; END $$;

CREATE FUNCTION crm.data_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE crm.data_generation SET n = n + 1, floor = n + 1
  ; RETURN NULL
; END $$;

CREATE TRIGGER customer_inserted AFTER INSERT ON crm.customer
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customers_changed();

CREATE TRIGGER customer_updated AFTER UPDATE ON crm.customer
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION crm.customers_changed();

CREATE TRIGGER customer_deleted AFTER DELETE ON crm.customer
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customers_changed();

CREATE TRIGGER customer_truncated AFTER TRUNCATE ON crm.customer
  FOR EACH STATEMENT EXECUTE FUNCTION crm.data_truncated();

CREATE TRIGGER place_inserted AFTER INSERT ON crm.place
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.places_changed();

CREATE TRIGGER place_updated AFTER UPDATE ON crm.place
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION crm.places_changed();

CREATE TRIGGER place_deleted AFTER DELETE ON crm.place
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.places_changed();

CREATE TRIGGER place_truncated AFTER TRUNCATE ON crm.place
  FOR EACH STATEMENT EXECUTE FUNCTION crm.data_truncated();

CREATE TRIGGER contact_point_inserted AFTER INSERT ON crm.contact_point
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER contact_point_updated AFTER UPDATE ON crm.contact_point
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER contact_point_deleted AFTER DELETE ON crm.contact_point
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER contact_point_truncated AFTER TRUNCATE ON crm.contact_point
  FOR EACH STATEMENT EXECUTE FUNCTION crm.data_truncated();

CREATE TRIGGER preferences_inserted AFTER INSERT ON crm.preferences
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER preferences_updated AFTER UPDATE ON crm.preferences
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER preferences_deleted AFTER DELETE ON crm.preferences
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER preferences_truncated AFTER TRUNCATE ON crm.preferences
  FOR EACH STATEMENT EXECUTE FUNCTION crm.data_truncated();

CREATE TRIGGER consent_inserted AFTER INSERT ON crm.consent
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER consent_updated AFTER UPDATE ON crm.consent
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER consent_deleted AFTER DELETE ON crm.consent
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER consent_truncated AFTER TRUNCATE ON crm.consent
  FOR EACH STATEMENT EXECUTE FUNCTION crm.data_truncated();

CREATE TRIGGER customer_place_inserted AFTER INSERT ON crm.customer_place
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER customer_place_updated AFTER UPDATE ON crm.customer_place
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER customer_place_deleted AFTER DELETE ON crm.customer_place
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm.customer_rows_changed();

CREATE TRIGGER customer_place_truncated AFTER TRUNCATE ON crm.customer_place
  FOR EACH STATEMENT EXECUTE FUNCTION crm.data_truncated();
