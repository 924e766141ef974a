-- The counted facts of each referral, for the service evaluation: one
-- narrow row a referral beside the records, so that evaluating a period
-- reads one row a referral instead of every record behind it.
--
-- Derived data, never the record. `facts` is written by the store
-- (crates/store/src/evaluation.rs computes it from the records, the only
-- definition); '' until it first is. The triggers below put the referral in
-- referral_facts_stale (or add one to its `changes` there) whenever a
-- record its facts come from is written, whoever writes it, in the same
-- transaction. Before it evaluates, the store recomputes the referrals
-- listed there and takes each off the list unless it was written to again
-- meanwhile. A change to what the facts hold is a new migration that lists
-- every referral.
--
-- Clustered by service and time received, as an evaluation reads it; a row
-- changes only when its facts are recomputed.
CREATE TABLE referral_facts (
    service_id   TEXT NOT NULL,
    received_at  TEXT NOT NULL,          -- the referral's created_at
    referral_id  TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    practice_id  TEXT,
    facts        TEXT NOT NULL DEFAULT '',
    -- '|' country '|' rank of the referral's postcode in the postcode
    -- directory, or '' (set again by every postcode import)
    deprivation  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (service_id, received_at, referral_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX referral_facts_referral ON referral_facts(referral_id);

-- Referrals whose facts are out of date, and how many writes since.
CREATE TABLE referral_facts_stale (
    referral_id  TEXT PRIMARY KEY REFERENCES referrals(id) ON DELETE CASCADE,
    service_id   TEXT NOT NULL,
    changes      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referral_facts_stale_service ON referral_facts_stale(service_id, referral_id);

INSERT INTO referral_facts (service_id, received_at, referral_id, practice_id)
    SELECT service_id, created_at, id, practice_id FROM referrals;
INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT id, service_id FROM referrals;

-- Facts are computed for a batch of referrals at a time: from a referral
-- to its episode.
CREATE INDEX episodes_referral ON episodes(referral_id);

CREATE TRIGGER referral_facts_new AFTER INSERT ON referrals
BEGIN
    INSERT INTO referral_facts (service_id, received_at, referral_id, practice_id)
    VALUES (NEW.service_id, NEW.created_at, NEW.id, NEW.practice_id);
    INSERT INTO referral_facts_stale (referral_id, service_id)
    VALUES (NEW.id, NEW.service_id);
END;

CREATE TRIGGER referral_facts_referral
AFTER UPDATE OF person_id, practice_id, source, date_of_birth, postcode, answers ON referrals
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id) VALUES (NEW.id, NEW.service_id)
    ON CONFLICT (referral_id) DO UPDATE SET changes = changes + 1;
END;

-- A merge (or its undoing) changes whose referrals count as one person's.
CREATE TRIGGER referral_facts_person AFTER UPDATE OF merged_into ON persons
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT id, service_id FROM referrals WHERE person_id = NEW.id AND true
    ON CONFLICT (referral_id) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER referral_facts_triage AFTER INSERT ON triage_records
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT id, service_id FROM referrals WHERE id = NEW.referral_id AND true
    ON CONFLICT (referral_id) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER referral_facts_appointment AFTER INSERT ON appointments
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT referral_id, service_id FROM episodes WHERE id = NEW.episode_id AND true
    ON CONFLICT (referral_id) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER referral_facts_appointment_change
AFTER UPDATE OF status, starts_at, episode_id ON appointments
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT DISTINCT referral_id, service_id FROM episodes WHERE id IN (NEW.episode_id, OLD.episode_id)
    ON CONFLICT (referral_id) DO UPDATE SET changes = changes + 1;
END;

-- Every kind of entry, not only those counted today: a kind counted later
-- must not find facts that missed it.
CREATE TRIGGER referral_facts_entry AFTER INSERT ON clinical_entries
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT referral_id, service_id FROM episodes WHERE id = NEW.episode_id AND true
    ON CONFLICT (referral_id) DO UPDATE SET changes = changes + 1;
END;
