-- A random value per database: a validator names it, so one issued by an earlier copy of
-- the database (recreated or reseeded, its counter starting again at 1) never holds
-- against this one, whatever the counter says.
ALTER TABLE crm.data_generation
  ADD COLUMN install text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text);
