-- The audit trail: append-only and hash-chained (see roots_core::audit).
-- seq numbers events 1, 2, 3… with no gaps; prev_hash/hash make the chain.
-- Triggers refuse UPDATE and DELETE, so ordinary use can only append; the
-- chain shows anyone who gets round the triggers.

CREATE TABLE audit_events (
    seq          INTEGER PRIMARY KEY,
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

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
