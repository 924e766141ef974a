-- Where a GP practice is, so the directory can be searched near it (for
-- people with no postcode of their own, and "near my GP practice").
ALTER TABLE practices ADD COLUMN postcode TEXT;
