-- The directory of community resources (Open Referral UK 3.0 services;
-- called resources here, as a Roots "service" is the OT service itself).
-- The current version of each is in `resources`, its document whole (the
-- JSON /services/{id} returns) and the columns search and listing need;
-- every version is kept in `resource_versions`, append-only. Re-importing
-- updates by id: an unchanged document makes no new version.
CREATE TABLE resources (
    service_id   TEXT NOT NULL REFERENCES services(id),
    id           TEXT NOT NULL,   -- the Open Referral UK id (a UUID)
    version      BIGINT NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    document     TEXT NOT NULL,
    -- Roots' own about it (needs it helps with, how people get in,
    -- accessibility notes), as JSON
    local        TEXT NOT NULL,
    -- when someone last checked it is right (stale after a set time)
    checked_at   TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (service_id, id)
);
CREATE INDEX resources_name ON resources(service_id, name, id);

CREATE TABLE resource_versions (
    service_id   TEXT NOT NULL REFERENCES services(id),
    id           TEXT NOT NULL,
    version      BIGINT NOT NULL,
    document     TEXT NOT NULL,
    local        TEXT NOT NULL,
    -- where it came from: 'import' (with the source in the audit event) or
    -- 'staff'
    source       TEXT NOT NULL,
    changed_by   TEXT,
    changed_at   TEXT NOT NULL,
    PRIMARY KEY (service_id, id, version)
);

-- The taxonomy terms of each resource, for /taxonomy_terms and searching
-- by term (rebuilt from the document on every new version).
CREATE TABLE resource_terms (
    service_id   TEXT NOT NULL REFERENCES services(id),
    resource_id  TEXT NOT NULL,
    term_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    taxonomy     TEXT,
    PRIMARY KEY (service_id, resource_id, term_id)
);
CREATE INDEX resource_terms_term ON resource_terms(service_id, term_id);

CREATE FUNCTION roots_resource_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'resource versions are append-only';
END
$$;
CREATE TRIGGER resource_versions_no_update_delete BEFORE UPDATE OR DELETE ON resource_versions
    FOR EACH ROW EXECUTE FUNCTION roots_resource_versions_append_only();
CREATE TRIGGER resource_versions_no_truncate BEFORE TRUNCATE ON resource_versions
    FOR EACH STATEMENT EXECUTE FUNCTION roots_resource_versions_append_only();
