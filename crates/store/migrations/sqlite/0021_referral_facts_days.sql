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
    counts       BLOB NOT NULL,
    PRIMARY KEY (service_id, day, practice_id)
) WITHOUT ROWID;

CREATE TABLE referral_facts_days_stale (
    service_id  TEXT NOT NULL,
    day         TEXT NOT NULL,
    changes     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (service_id, day)
) WITHOUT ROWID;

INSERT INTO referral_facts_days_stale (service_id, day)
    SELECT DISTINCT service_id, substr(received_at, 1, 10) FROM referral_facts WHERE facts <> '';

-- A line with no facts yet counts nothing: its day is listed when they are
-- written.
CREATE TRIGGER referral_facts_days_new AFTER INSERT ON referral_facts
WHEN NEW.facts <> ''
BEGIN
    INSERT INTO referral_facts_days_stale (service_id, day)
    VALUES (NEW.service_id, substr(NEW.received_at, 1, 10))
    ON CONFLICT (service_id, day) DO UPDATE SET changes = changes + 1;
END;

-- Recomputed facts that came out the same change no count.
CREATE TRIGGER referral_facts_days_changed AFTER UPDATE ON referral_facts
WHEN OLD.facts IS NOT NEW.facts OR OLD.deprivation IS NOT NEW.deprivation
  OR OLD.practice_id IS NOT NEW.practice_id OR OLD.received_at IS NOT NEW.received_at
  OR OLD.service_id IS NOT NEW.service_id
BEGIN
    INSERT INTO referral_facts_days_stale (service_id, day)
    VALUES (OLD.service_id, substr(OLD.received_at, 1, 10))
    ON CONFLICT (service_id, day) DO UPDATE SET changes = changes + 1;
    INSERT INTO referral_facts_days_stale (service_id, day)
    VALUES (NEW.service_id, substr(NEW.received_at, 1, 10))
    ON CONFLICT (service_id, day) DO UPDATE SET changes = changes + 1;
END;

CREATE TRIGGER referral_facts_days_gone AFTER DELETE ON referral_facts
WHEN OLD.facts <> ''
BEGIN
    INSERT INTO referral_facts_days_stale (service_id, day)
    VALUES (OLD.service_id, substr(OLD.received_at, 1, 10))
    ON CONFLICT (service_id, day) DO UPDATE SET changes = changes + 1;
END;
