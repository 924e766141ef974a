-- The audit trail: append-only and hash-chained (see roots_core::audit).
-- seq numbers events 1, 2, 3… with no gaps; prev_hash/hash make the chain.
-- Triggers refuse UPDATE, DELETE and TRUNCATE, so ordinary use can only
-- append; the chain shows anyone who gets round the triggers. A deployment
-- can go further and grant its application role INSERT and SELECT only.

CREATE TABLE audit_events (
    seq          BIGINT PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    at           TEXT NOT NULL,
    user_id      TEXT,
    roles        TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_type  TEXT,
    record_id    TEXT,
    outcome      TEXT NOT NULL,
    request_id   TEXT,
    detail       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_events_user ON audit_events(user_id, seq);
CREATE INDEX audit_events_record ON audit_events(record_id, seq);

CREATE FUNCTION roots_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END
$$;

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION roots_audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION roots_audit_append_only();
