-- Roots schema, version 1: services, practices, staff, sessions, referral
-- drafts and referrals. The SQLite file of the same name holds the same
-- logical schema; keep the two in step (the contract tests run on both).
--
-- Conventions, chosen so one SQL text serves both engines through sqlx::Any:
--   * ids are UUIDs stored as TEXT; URLs carry ids, never row numbers;
--   * times are UTC, stored as TEXT in one fixed RFC 3339 form
--     (2026-11-24T06:15:53.123456Z) so that text order is time order;
--   * flags are BIGINT 0/1 (INTEGER on SQLite).

CREATE TABLE services (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE practices (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL REFERENCES services(id),
    name        TEXT NOT NULL,
    ods_code    TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX practices_service ON practices(service_id, name);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    service_id    TEXT NOT NULL REFERENCES services(id),
    -- stored lower-cased; unique across the deployment
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    -- argon2id PHC string; never logged
    password_hash TEXT NOT NULL,
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id  TEXT NOT NULL REFERENCES users(id),
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Staff sign-in sessions. The cookie holds a random token; only its SHA-256
-- is stored, so a copy of the database does not let anyone sign in.
CREATE TABLE staff_sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX staff_sessions_expiry ON staff_sessions(expires_at);

-- Answers in progress, keyed like sessions by the hash of a cookie token.
-- Kept on the server so a validation error, the back button or a lost
-- connection loses nothing; purged after expires_at.
CREATE TABLE referral_drafts (
    token_hash             TEXT PRIMARY KEY,
    mode                   TEXT NOT NULL,
    user_id                TEXT REFERENCES users(id),
    answers                TEXT NOT NULL,
    submitted_referral_id  TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    expires_at             TEXT NOT NULL
);
CREATE INDEX referral_drafts_expiry ON referral_drafts(expires_at);

CREATE TABLE referrals (
    id              TEXT PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    service_id      TEXT NOT NULL REFERENCES services(id),
    practice_id     TEXT REFERENCES practices(id),
    source          TEXT NOT NULL,
    channel         TEXT NOT NULL,
    entered_by      TEXT REFERENCES users(id),
    status          TEXT NOT NULL,
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    date_of_birth   TEXT NOT NULL,
    nhs_number      TEXT,
    postcode        TEXT,
    needs_help_now  BIGINT NOT NULL,
    -- the language the person used to refer (en or cy)
    language        TEXT NOT NULL,
    -- every answer as typed (normalised), JSON; the columns above are
    -- copies for listing and searching
    answers         TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX referrals_service_created ON referrals(service_id, created_at);
