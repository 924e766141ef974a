-- The counted facts of each referral, for the service evaluation: one
-- narrow row a referral beside the records, so that evaluating a period
-- reads one row a referral instead of every record behind it.
--
-- Derived data, never the record. `facts` is written by the store
-- (crates/store/src/evaluation.rs computes it from the records, the only
-- definition); the triggers below add one to `changes` whenever a record it
-- is computed from is written, whoever writes it, in the same transaction.
-- A row is current when computed = changes; the store recomputes the others
-- before it evaluates (the partial index finds them). A change to what the
-- facts hold is a new migration that adds one to every row's `changes`.
CREATE TABLE referral_facts (
    referral_id  TEXT PRIMARY KEY REFERENCES referrals(id) ON DELETE CASCADE,
    service_id   TEXT NOT NULL,
    received_at  TEXT NOT NULL,          -- the referral's created_at
    practice_id  TEXT,
    changes      BIGINT NOT NULL DEFAULT 1,
    computed     BIGINT NOT NULL DEFAULT 0,
    facts        TEXT NOT NULL DEFAULT '',
    -- '|' country '|' rank of the referral's postcode in the postcode
    -- directory, or '' (set again by every postcode import)
    deprivation  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_facts_period ON referral_facts(service_id, received_at);
CREATE INDEX referral_facts_stale ON referral_facts(service_id, referral_id)
    WHERE computed <> changes;

INSERT INTO referral_facts (service_id, received_at, referral_id, practice_id)
    SELECT service_id, created_at, id, practice_id FROM referrals;

-- Facts are computed for a batch of referrals at a time: from a referral
-- to its episode.
CREATE INDEX episodes_referral ON episodes(referral_id);

-- Inserts are counted a statement at a time (bulk inserts touch each
-- referral once); updates a row at a time.
CREATE FUNCTION roots_facts_new_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts (service_id, received_at, referral_id, practice_id)
    SELECT service_id, created_at, id, practice_id FROM new_rows;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_new AFTER INSERT ON referrals
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_new_referrals();

CREATE FUNCTION roots_facts_referral_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE referral_facts SET changes = changes + 1 WHERE referral_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_referral
    AFTER UPDATE OF person_id, practice_id, source, date_of_birth, postcode, answers ON referrals
    FOR EACH ROW EXECUTE FUNCTION roots_facts_referral_changed();

-- A merge (or its undoing) changes whose referrals count as one person's.
CREATE FUNCTION roots_facts_person_merged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE referral_facts SET changes = changes + 1
    WHERE referral_id IN (SELECT id FROM referrals WHERE person_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_person AFTER UPDATE OF merged_into ON persons
    FOR EACH ROW EXECUTE FUNCTION roots_facts_person_merged();

CREATE FUNCTION roots_facts_triaged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE referral_facts f SET changes = f.changes + 1
    FROM (SELECT DISTINCT referral_id FROM new_rows) n
    WHERE f.referral_id = n.referral_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_triage AFTER INSERT ON triage_records
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_triaged();

-- Appointments and every kind of entry (not only those counted today: a
-- kind counted later must not find facts that missed it), by episode.
CREATE FUNCTION roots_facts_episode_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE referral_facts f SET changes = f.changes + 1
    FROM (SELECT DISTINCT e.referral_id FROM new_rows n JOIN episodes e ON e.id = n.episode_id) x
    WHERE f.referral_id = x.referral_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_appointment AFTER INSERT ON appointments
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_episode_rows();
CREATE TRIGGER referral_facts_entry AFTER INSERT ON clinical_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_episode_rows();

CREATE FUNCTION roots_facts_appointment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE referral_facts SET changes = changes + 1
    WHERE referral_id IN (SELECT referral_id FROM episodes WHERE id IN (NEW.episode_id, OLD.episode_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_appointment_change
    AFTER UPDATE OF status, starts_at, episode_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION roots_facts_appointment_changed();
