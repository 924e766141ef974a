-- Break-glass openings are evidence: once written, never changed. (Their
-- reason's hash is also in the hash-chained audit event.)
CREATE FUNCTION roots_break_glass_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'break-glass openings are append-only';
END
$$;

CREATE TRIGGER break_glass_no_update_delete BEFORE UPDATE OR DELETE ON break_glass
    FOR EACH ROW EXECUTE FUNCTION roots_break_glass_append_only();
CREATE TRIGGER break_glass_no_truncate BEFORE TRUNCATE ON break_glass
    FOR EACH STATEMENT EXECUTE FUNCTION roots_break_glass_append_only();
