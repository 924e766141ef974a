-- Triage: the rulebook's suggestion kept with each referral, the queue
-- (claims, response targets), the clinician's triage as append-only
-- versions, and whether a service is taking self-referrals.

-- The suggestion made when the referral arrived (roots_core::triage), whole,
-- and the current priority and pathways (the suggestion until a clinician
-- triages, then theirs). priority_rank orders the queue: 4 emergency, 3
-- crisis, 2 urgent, 1 soon, 0 routine. due_at is the response target.
ALTER TABLE referrals ADD COLUMN priority TEXT NOT NULL DEFAULT 'routine';
ALTER TABLE referrals ADD COLUMN priority_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrals ADD COLUMN pathways TEXT NOT NULL DEFAULT 'ot_assessment';
ALTER TABLE referrals ADD COLUMN triage_json TEXT;
ALTER TABLE referrals ADD COLUMN due_at TEXT;
-- Who is triaging it now, so that two people do not (a claim older than
-- the claim timeout can be taken over).
ALTER TABLE referrals ADD COLUMN claimed_by TEXT REFERENCES users(id);
ALTER TABLE referrals ADD COLUMN claimed_at TEXT;
CREATE INDEX referrals_queue ON referrals(service_id, status, priority_rank, created_at);

-- A clinician's triage. A change adds a version; nothing is overwritten
-- (triggers refuse UPDATE and DELETE).
CREATE TABLE triage_records (
    id              TEXT PRIMARY KEY,
    referral_id     TEXT NOT NULL REFERENCES referrals(id),
    version         INTEGER NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users(id),
    at              TEXT NOT NULL,
    priority        TEXT NOT NULL,
    pathways        TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    changed         INTEGER NOT NULL,
    change_reason   TEXT,
    target          TEXT,
    attempts        INTEGER,
    note            TEXT,
    UNIQUE (referral_id, version)
);

-- Whether the service takes self-referrals now, and what it tells people
-- when it does not (the emergency advice is always shown).
CREATE TABLE service_settings (
    service_id         TEXT PRIMARY KEY REFERENCES services(id),
    self_referrals_open INTEGER NOT NULL DEFAULT 1,
    closed_message_en  TEXT,
    closed_message_cy  TEXT,
    updated_at         TEXT NOT NULL
);

CREATE FUNCTION roots_triage_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'triage records are amended by adding a version';
END
$$;

CREATE TRIGGER triage_records_no_update_delete BEFORE UPDATE OR DELETE ON triage_records
    FOR EACH ROW EXECUTE FUNCTION roots_triage_append_only();
CREATE TRIGGER triage_records_no_truncate BEFORE TRUNCATE ON triage_records
    FOR EACH STATEMENT EXECUTE FUNCTION roots_triage_append_only();
