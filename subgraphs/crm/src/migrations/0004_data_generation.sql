-- One counter that changes, in the same transaction, with every write to the data crm
-- answers reads from (customers, contact points, preferences, consents, places). A
-- validator (ETag) crm gives an audited read names the counter's value as read before
-- the read began; a later conditional read is answered "not modified" only while the
-- counter still holds it (see modules/audit/readValidator.ts). The audit log, outbox
-- and idempotency tables are not counted: they never change an answer validators cover.
CREATE TABLE crm.data_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  n        bigint NOT NULL
);

INSERT INTO crm.data_generation (n) VALUES (1);

-- One plpgsql line: migrations are split on a semicolon that ends a line.
CREATE FUNCTION crm.bump_data_generation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE crm.data_generation SET n = n + 1; RETURN NULL; END $$;

CREATE TRIGGER customer_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON crm.customer
  FOR EACH STATEMENT EXECUTE FUNCTION crm.bump_data_generation();

CREATE TRIGGER contact_point_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON crm.contact_point
  FOR EACH STATEMENT EXECUTE FUNCTION crm.bump_data_generation();

CREATE TRIGGER preferences_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON crm.preferences
  FOR EACH STATEMENT EXECUTE FUNCTION crm.bump_data_generation();

CREATE TRIGGER consent_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON crm.consent
  FOR EACH STATEMENT EXECUTE FUNCTION crm.bump_data_generation();

CREATE TRIGGER place_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON crm.place
  FOR EACH STATEMENT EXECUTE FUNCTION crm.bump_data_generation();

CREATE TRIGGER customer_place_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON crm.customer_place
  FOR EACH STATEMENT EXECUTE FUNCTION crm.bump_data_generation();
