-- The access log names what was read: `Customer` (every row so far) or `Place` (a
-- service address read on its own, by `place(id:)` or as an entity). Only `Customer`
-- rows are views of a customer's context (`customer.viewed`).
ALTER TABLE crm.customer_access ADD COLUMN typename text NOT NULL DEFAULT 'Customer';
