-- A person's contact details and preferences change (a new phone number, an
-- interpreter now needed). The current details stay on `persons` for
-- reading; every version, the first from the referral included, is kept
-- here, append-only, with who changed it and when. `details_version` is the
-- optimistic-concurrency check: a change based on an older version is
-- refused and the person editing is shown what changed.
ALTER TABLE persons ADD COLUMN details_version BIGINT NOT NULL DEFAULT 1;

CREATE TABLE person_versions (
    person_id   TEXT NOT NULL REFERENCES persons(id),
    version     BIGINT NOT NULL,
    -- which page was changed (contact, postcode, language, communication);
    -- 'referral' for the first version
    part        TEXT NOT NULL,
    details     TEXT NOT NULL,
    postcode    TEXT,
    changed_by  TEXT,
    changed_at  TEXT NOT NULL,
    PRIMARY KEY (person_id, version)
);

CREATE FUNCTION roots_person_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'person versions are append-only';
END
$$;

CREATE TRIGGER person_versions_no_update_delete BEFORE UPDATE OR DELETE ON person_versions
    FOR EACH ROW EXECUTE FUNCTION roots_person_versions_append_only();
CREATE TRIGGER person_versions_no_truncate BEFORE TRUNCATE ON person_versions
    FOR EACH STATEMENT EXECUTE FUNCTION roots_person_versions_append_only();
