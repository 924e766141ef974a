-- Issue 19: every row of the audit trail must be able to be an event of the
-- chain. A row numbered below 1, or with hashes that are not 64 lowercase
-- hex digits, an outcome outside its set or a time not in the stored form
-- is refused by the schema (it used to be possible to INSERT an event
-- numbered -1 that nothing checked).
--
-- SQLite adds a CHECK only by rebuilding the table. Rows already in the
-- table that fail the checks are not dropped: they are kept, as evidence,
-- in audit_events_set_aside (append-only), which `roots audit verify`
-- reports and the viewer warns of. The append-only triggers are made again
-- on the new table.

CREATE TABLE audit_events_set_aside (
    seq           BIGINT,
    id            TEXT,
    at            TEXT,
    user_id       TEXT,
    roles         TEXT,
    action        TEXT,
    record_type   TEXT,
    record_id     TEXT,
    outcome       TEXT,
    request_id    TEXT,
    detail        TEXT,
    prev_hash     TEXT,
    hash          TEXT,
    set_aside_at  TEXT NOT NULL
);

CREATE TRIGGER audit_events_set_aside_no_update BEFORE UPDATE ON audit_events_set_aside
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_set_aside_no_delete BEFORE DELETE ON audit_events_set_aside
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TABLE audit_events_checked (
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
    hash         TEXT NOT NULL,
    CONSTRAINT audit_events_seq CHECK (seq >= 1),
    CONSTRAINT audit_events_id CHECK (length(id) BETWEEN 1 AND 100),
    CONSTRAINT audit_events_at CHECK (length(at) = 27 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    CONSTRAINT audit_events_action CHECK (length(action) BETWEEN 1 AND 200),
    CONSTRAINT audit_events_outcome CHECK (outcome IN ('success', 'denied', 'failure')),
    CONSTRAINT audit_events_prev_hash CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
    CONSTRAINT audit_events_hash CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
    -- The first event follows the starting hash; no other event does.
    CONSTRAINT audit_events_genesis CHECK ((seq = 1) = (prev_hash = '0000000000000000000000000000000000000000000000000000000000000000'))
);

-- The same checks as one condition, to sort the rows already there.
CREATE TEMP VIEW audit_events_fit AS
SELECT seq, coalesce(
        seq >= 1
    AND length(id) BETWEEN 1 AND 100
    AND length(at) = 27 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
    AND length(action) BETWEEN 1 AND 200
    AND outcome IN ('success', 'denied', 'failure')
    AND length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'
    AND length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'
    AND (seq = 1) = (prev_hash = '0000000000000000000000000000000000000000000000000000000000000000'), 0) AS fit
FROM audit_events;

INSERT INTO audit_events_set_aside (seq, id, at, user_id, roles, action, record_type, record_id,
                                    outcome, request_id, detail, prev_hash, hash, set_aside_at)
SELECT seq, id, at, user_id, roles, action, record_type, record_id, outcome, request_id, detail,
       prev_hash, hash, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM audit_events WHERE seq IN (SELECT seq FROM audit_events_fit WHERE NOT fit);

INSERT INTO audit_events_checked (seq, id, at, user_id, roles, action, record_type, record_id,
                                  outcome, request_id, detail, prev_hash, hash)
SELECT seq, id, at, user_id, roles, action, record_type, record_id, outcome, request_id, detail,
       prev_hash, hash
FROM audit_events WHERE seq IN (SELECT seq FROM audit_events_fit WHERE fit);

DROP VIEW audit_events_fit;
DROP TABLE audit_events;
ALTER TABLE audit_events_checked RENAME TO audit_events;
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

-- How far the chain was last walked and found intact (by `roots audit
-- checkpoint`, the server's schedule, or the viewer checking the events
-- after it), so the viewer need not walk the whole trail on every page.
-- Only a shortcut: `roots audit verify` never trusts it.
CREATE TABLE audit_verified (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    seq          BIGINT NOT NULL,
    hash         TEXT NOT NULL,
    verified_at  TEXT NOT NULL
);
INSERT INTO audit_verified (id, seq, hash, verified_at) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '');
