-- Stamps now take the counter's lock first and only then choose the customers to stamp.
-- A place edit used to read the customers linked to the place before waiting for the
-- lock, so a link committed meanwhile (its customer stamped earlier) was missed, and a
-- validator issued between the two commits kept the old address. Chosen after the lock,
-- in READ COMMITTED, the links include every one committed before it. A statement that
-- touched no customer's data no longer takes the lock at all.
CREATE FUNCTION crm.next_generation() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE g bigint
; BEGIN
  UPDATE crm.data_generation SET n = n + 1 RETURNING n INTO g
  ; RETURN g
; END $$;

CREATE OR REPLACE FUNCTION crm.stamp_customers(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE g bigint
; BEGIN
  IF coalesce(array_length(ids, 1), 0) = 0 THEN RETURN
  ; END IF
  ; g := crm.next_generation()
  ; INSERT INTO crm.customer_version (customer_id, changed_at)
    SELECT DISTINCT id, g FROM unnest(ids) AS id WHERE id IS NOT NULL
    ON CONFLICT (customer_id) DO UPDATE SET changed_at = EXCLUDED.changed_at
; END $$;

CREATE OR REPLACE FUNCTION crm.places_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE places text[]
; g bigint
; BEGIN
  IF TG_OP = 'INSERT' THEN places := ARRAY(SELECT id FROM new_rows)
  ; ELSIF TG_OP = 'UPDATE' THEN places := ARRAY(SELECT id FROM new_rows UNION SELECT id FROM old_rows)
  ; ELSE places := ARRAY(SELECT id FROM old_rows)
  ; END IF
  ; IF coalesce(array_length(places, 1), 0) = 0 THEN RETURN NULL
  ; END IF
  ; g := crm.next_generation()
  ; INSERT INTO crm.customer_version (customer_id, changed_at)
    SELECT DISTINCT customer_id, g FROM crm.customer_place WHERE place_id = ANY(places)
    ON CONFLICT (customer_id) DO UPDATE SET changed_at = EXCLUDED.changed_at
  ; RETURN NULL
; END $$;
