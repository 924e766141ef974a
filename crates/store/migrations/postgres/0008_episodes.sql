-- The episode of care: the person, their episodes, every clinical entry as
-- append-only versions, and clinic capacity (sessions, slots, appointments).

-- A person, made from their first accepted referral. Possible duplicates
-- (same NHS number, or same names and date of birth) are shown to staff;
-- nothing merges automatically. merged_into points at the record a person
-- was merged into (a merge is undone by clearing it).
CREATE TABLE persons (
    id              TEXT PRIMARY KEY,
    service_id      TEXT NOT NULL REFERENCES services(id),
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    date_of_birth   TEXT NOT NULL,
    nhs_number      TEXT,
    postcode        TEXT,
    practice_id     TEXT REFERENCES practices(id),
    -- contact details and preferences, language, communication needs and
    -- the monitoring answers, as JSON (from the referral; amended as versions
    -- in clinical_entries of kind 'person')
    details         TEXT NOT NULL,
    merged_into     TEXT REFERENCES persons(id),
    created_at      TEXT NOT NULL
);
CREATE INDEX persons_nhs ON persons(service_id, nhs_number);
CREATE INDEX persons_name ON persons(service_id, family_name, date_of_birth);

ALTER TABLE referrals ADD COLUMN person_id TEXT REFERENCES persons(id);

CREATE TABLE episodes (
    id             TEXT PRIMARY KEY,
    service_id     TEXT NOT NULL REFERENCES services(id),
    person_id      TEXT NOT NULL REFERENCES persons(id),
    referral_id    TEXT NOT NULL REFERENCES referrals(id),
    status         TEXT NOT NULL,          -- open, discharged
    opened_by      TEXT NOT NULL REFERENCES users(id),
    opened_at      TEXT NOT NULL,
    discharged_at  TEXT,
    -- flagged for the practice's case discussion
    discussion     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX episodes_person ON episodes(person_id);
CREATE INDEX episodes_service ON episodes(service_id, status, opened_at);

-- Every clinical entry (assessment, goal, rating, measure, intervention,
-- note, case discussion, onward referral, discharge) as versions. An
-- amendment adds version n+1 with who, when and why; UNIQUE (entry_id,
-- version) makes two people amending the same version at once conflict
-- instead of one silently replacing the other. Triggers refuse UPDATE and
-- DELETE.
CREATE TABLE clinical_entries (
    id          TEXT PRIMARY KEY,
    entry_id    TEXT NOT NULL,
    episode_id  TEXT NOT NULL REFERENCES episodes(id),
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    author_id   TEXT NOT NULL REFERENCES users(id),
    at          TEXT NOT NULL,
    reason      TEXT,
    UNIQUE (entry_id, version)
);
CREATE INDEX clinical_entries_episode ON clinical_entries(episode_id, kind, at);

-- An OT's clinic at a practice, cut into slots of slot_minutes.
CREATE TABLE clinic_sessions (
    id            TEXT PRIMARY KEY,
    service_id    TEXT NOT NULL REFERENCES services(id),
    practice_id   TEXT NOT NULL REFERENCES practices(id),
    user_id       TEXT NOT NULL REFERENCES users(id),
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    slot_minutes  INTEGER NOT NULL,
    modes         TEXT NOT NULL,           -- comma-separated: face_to_face, telephone, video, home_visit
    created_at    TEXT NOT NULL
);
CREATE INDEX clinic_sessions_day ON clinic_sessions(service_id, starts_at);

-- One booking per slot: the partial unique index makes two bookings of the
-- same free slot at the same moment end with exactly one.
CREATE TABLE appointments (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES clinic_sessions(id),
    starts_at    TEXT NOT NULL,
    episode_id   TEXT NOT NULL REFERENCES episodes(id),
    mode         TEXT NOT NULL,
    status       TEXT NOT NULL,           -- booked, attended, did_not_attend, cancelled_by_person, cancelled_by_service, moved
    booked_by    TEXT NOT NULL REFERENCES users(id),
    booked_at    TEXT NOT NULL,
    updated_by   TEXT REFERENCES users(id),
    updated_at   TEXT
);
CREATE UNIQUE INDEX appointments_one_per_slot ON appointments(session_id, starts_at) WHERE status = 'booked';
CREATE INDEX appointments_episode ON appointments(episode_id);

CREATE FUNCTION roots_clinical_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'clinical entries are amended by adding a version';
END
$$;

CREATE TRIGGER clinical_entries_no_update_delete BEFORE UPDATE OR DELETE ON clinical_entries
    FOR EACH ROW EXECUTE FUNCTION roots_clinical_append_only();
CREATE TRIGGER clinical_entries_no_truncate BEFORE TRUNCATE ON clinical_entries
    FOR EACH STATEMENT EXECUTE FUNCTION roots_clinical_append_only();
