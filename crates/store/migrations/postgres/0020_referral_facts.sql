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
-- A row changes only when its facts are recomputed, and then in place
-- where the page has room (no indexed column changes; fillfactor), so the
-- table stays the size of what it holds and a period is read in one scan.
CREATE TABLE referral_facts (
    referral_id  TEXT PRIMARY KEY REFERENCES referrals(id) ON DELETE CASCADE,
    service_id   TEXT NOT NULL,
    received_at  TEXT NOT NULL,          -- the referral's created_at
    practice_id  TEXT,
    facts        TEXT NOT NULL DEFAULT '',
    -- '|' country '|' rank of the referral's postcode in the postcode
    -- directory, or '' (set again by every postcode import)
    deprivation  TEXT NOT NULL DEFAULT ''
) WITH (fillfactor = 70);
CREATE INDEX referral_facts_period ON referral_facts(service_id, received_at);

-- Referrals whose facts are out of date, and how many writes since.
CREATE TABLE referral_facts_stale (
    referral_id  TEXT PRIMARY KEY REFERENCES referrals(id) ON DELETE CASCADE,
    service_id   TEXT NOT NULL,
    changes      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX referral_facts_stale_service ON referral_facts_stale(service_id, referral_id);

INSERT INTO referral_facts (service_id, received_at, referral_id, practice_id)
    SELECT service_id, created_at, id, practice_id FROM referrals;
INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT id, service_id FROM referrals;

-- Facts are computed for a batch of referrals at a time: from a referral
-- to its episode.
CREATE INDEX episodes_referral ON episodes(referral_id);

-- Inserts are marked a statement at a time (bulk inserts mark each
-- referral once); updates a row at a time.
CREATE FUNCTION roots_facts_new_referrals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts (service_id, received_at, referral_id, practice_id)
    SELECT service_id, created_at, id, practice_id FROM new_rows;
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT id, service_id FROM new_rows;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_new AFTER INSERT ON referrals
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_new_referrals();

CREATE FUNCTION roots_facts_referral_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id) VALUES (NEW.id, NEW.service_id)
    ON CONFLICT (referral_id) DO UPDATE SET changes = referral_facts_stale.changes + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_referral
    AFTER UPDATE OF person_id, practice_id, source, date_of_birth, postcode, answers ON referrals
    FOR EACH ROW EXECUTE FUNCTION roots_facts_referral_changed();

-- A merge (or its undoing) changes whose referrals count as one person's.
CREATE FUNCTION roots_facts_person_merged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT id, service_id FROM referrals WHERE person_id = NEW.id
    ON CONFLICT (referral_id) DO UPDATE SET changes = referral_facts_stale.changes + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_person AFTER UPDATE OF merged_into ON persons
    FOR EACH ROW EXECUTE FUNCTION roots_facts_person_merged();

CREATE FUNCTION roots_facts_triaged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT DISTINCT r.id, r.service_id FROM new_rows n JOIN referrals r ON r.id = n.referral_id
    ON CONFLICT (referral_id) DO UPDATE SET changes = referral_facts_stale.changes + 1;
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
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT DISTINCT e.referral_id, e.service_id FROM new_rows n JOIN episodes e ON e.id = n.episode_id
    ON CONFLICT (referral_id) DO UPDATE SET changes = referral_facts_stale.changes + 1;
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
    INSERT INTO referral_facts_stale (referral_id, service_id)
    SELECT DISTINCT referral_id, service_id FROM episodes WHERE id IN (NEW.episode_id, OLD.episode_id)
    ON CONFLICT (referral_id) DO UPDATE SET changes = referral_facts_stale.changes + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_appointment_change
    AFTER UPDATE OF status, starts_at, episode_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION roots_facts_appointment_changed();
