-- A member of staff added by an administrator signs in first with a one-off
-- password the administrator saw; until they choose their own, Roots opens
-- only the page to change it.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
