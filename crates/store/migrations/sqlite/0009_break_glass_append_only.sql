-- Break-glass openings are evidence: once written, never changed. (Their
-- reason's hash is also in the hash-chained audit event.)
CREATE TRIGGER break_glass_no_update BEFORE UPDATE ON break_glass
BEGIN
    SELECT RAISE(ABORT, 'break-glass openings are append-only');
END;

CREATE TRIGGER break_glass_no_delete BEFORE DELETE ON break_glass
BEGIN
    SELECT RAISE(ABORT, 'break-glass openings are append-only');
END;
