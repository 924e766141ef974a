-- The counts of each day's referrals, kept beside their lines, so that an
-- evaluation of a year merges a few hundred days' counts instead of
-- reading and counting a line a referral.
--
-- Derived data, never the record, like referral_facts. A day is the UTC
-- date of the time received (the first ten characters of `received_at`);
-- a period of London days is its whole UTC days read from here and, in
-- summer, the hour at each end read from the lines. `counts` is
-- roots_core's `Counts::to_bytes` of the day's lines of one practice
-- (practice_id '' for none), in `format`; the store writes it, the only
-- definition. The triggers below list the day in referral_facts_days_stale
-- (or add one to its `changes` there) whenever one of its lines is written
-- in a way that changes what it counts, in the same transaction. Before it
-- evaluates, the store counts the days listed again from their lines and
-- takes each off the list unless written to again meanwhile. Kept counts
-- of another format are counted again the same way.
CREATE TABLE referral_facts_days (
    service_id   TEXT NOT NULL,
    day          TEXT NOT NULL,
    practice_id  TEXT NOT NULL,
    format       INTEGER NOT NULL,
    counts       BYTEA NOT NULL,
    PRIMARY KEY (service_id, day, practice_id)
);

CREATE TABLE referral_facts_days_stale (
    service_id  TEXT NOT NULL,
    day         TEXT NOT NULL,
    changes     BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (service_id, day)
);

INSERT INTO referral_facts_days_stale (service_id, day)
    SELECT DISTINCT service_id, left(received_at, 10) FROM referral_facts WHERE facts <> '';

-- A statement at a time (a batch of recomputed facts, a postcode import
-- rewriting every line): each day listed once a statement. A line with no
-- facts yet counts nothing: its day is listed when they are written.
-- Recomputed facts that came out the same change no count.
CREATE FUNCTION roots_facts_days_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts_days_stale (service_id, day)
    SELECT DISTINCT service_id, left(received_at, 10) FROM new_rows WHERE facts <> ''
    ON CONFLICT (service_id, day) DO UPDATE SET changes = referral_facts_days_stale.changes + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_days_new AFTER INSERT ON referral_facts
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_days_new();

CREATE FUNCTION roots_facts_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts_days_stale (service_id, day)
    SELECT DISTINCT v.service_id, v.day
    FROM old_rows o JOIN new_rows n USING (referral_id)
    CROSS JOIN LATERAL (VALUES (o.service_id, left(o.received_at, 10)),
                               (n.service_id, left(n.received_at, 10))) AS v(service_id, day)
    WHERE (o.facts, o.deprivation, o.practice_id, o.received_at, o.service_id)
          IS DISTINCT FROM (n.facts, n.deprivation, n.practice_id, n.received_at, n.service_id)
    ON CONFLICT (service_id, day) DO UPDATE SET changes = referral_facts_days_stale.changes + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_days_changed AFTER UPDATE ON referral_facts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_days_changed();

CREATE FUNCTION roots_facts_days_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_facts_days_stale (service_id, day)
    SELECT DISTINCT service_id, left(received_at, 10) FROM old_rows WHERE facts <> ''
    ON CONFLICT (service_id, day) DO UPDATE SET changes = referral_facts_days_stale.changes + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER referral_facts_days_gone AFTER DELETE ON referral_facts
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roots_facts_days_gone();
