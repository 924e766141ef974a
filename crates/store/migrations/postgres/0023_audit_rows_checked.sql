-- Issue 19: every row of the audit trail must be able to be an event of the
-- chain. A row numbered below 1, or with hashes that are not 64 lowercase
-- hex digits, an outcome outside its set or a time not in the stored form
-- is refused by the schema (it used to be possible to INSERT an event
-- numbered -1 that nothing checked).
--
-- The checks are added NOT VALID first, so every new row is checked from
-- this statement on; rows already in the table that fail them are then
-- moved, not dropped, to audit_events_set_aside (append-only), kept as
-- evidence, which `roots audit verify` reports and the viewer warns of;
-- only then are the checks validated over every row, which cannot fail.
-- (The move needs the append-only trigger off for a moment, inside this
-- migration's transaction: nobody else sees the table meanwhile.)

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
CREATE TRIGGER audit_events_set_aside_no_update_delete BEFORE UPDATE OR DELETE ON audit_events_set_aside
    FOR EACH ROW EXECUTE FUNCTION roots_audit_append_only();
CREATE TRIGGER audit_events_set_aside_no_truncate BEFORE TRUNCATE ON audit_events_set_aside
    FOR EACH STATEMENT EXECUTE FUNCTION roots_audit_append_only();

ALTER TABLE audit_events
    ADD CONSTRAINT audit_events_seq CHECK (seq >= 1) NOT VALID,
    ADD CONSTRAINT audit_events_id CHECK (length(id) BETWEEN 1 AND 100) NOT VALID,
    ADD CONSTRAINT audit_events_at CHECK (at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}Z$') NOT VALID,
    ADD CONSTRAINT audit_events_action CHECK (length(action) BETWEEN 1 AND 200) NOT VALID,
    ADD CONSTRAINT audit_events_outcome CHECK (outcome IN ('success', 'denied', 'failure')) NOT VALID,
    ADD CONSTRAINT audit_events_prev_hash CHECK (prev_hash ~ '^[0-9a-f]{64}$') NOT VALID,
    ADD CONSTRAINT audit_events_hash CHECK (hash ~ '^[0-9a-f]{64}$') NOT VALID,
    -- The first event follows the starting hash; no other event does.
    ADD CONSTRAINT audit_events_genesis CHECK ((seq = 1) = (prev_hash = '0000000000000000000000000000000000000000000000000000000000000000')) NOT VALID;

ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete;
WITH moved AS (
    DELETE FROM audit_events
    WHERE NOT coalesce(
            seq >= 1
        AND length(id) BETWEEN 1 AND 100
        AND at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}Z$'
        AND length(action) BETWEEN 1 AND 200
        AND outcome IN ('success', 'denied', 'failure')
        AND prev_hash ~ '^[0-9a-f]{64}$'
        AND hash ~ '^[0-9a-f]{64}$'
        AND (seq = 1) = (prev_hash = '0000000000000000000000000000000000000000000000000000000000000000'), false)
    RETURNING *
)
INSERT INTO audit_events_set_aside (seq, id, at, user_id, roles, action, record_type, record_id,
                                    outcome, request_id, detail, prev_hash, hash, set_aside_at)
SELECT seq, id, at, user_id, roles, action, record_type, record_id, outcome, request_id, detail,
       prev_hash, hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
FROM moved;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete;

ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_seq;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_id;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_at;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_action;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_outcome;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_prev_hash;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_hash;
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_genesis;

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
