-- Failed sign-in attempts, for temporary lockout shared by every instance.
-- Keys are SHA-256 hashes (of an email address or a source address), so
-- the table holds no personal data in the clear. Rows older than a day are
-- purged.

CREATE TABLE sign_in_failures (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    key_hash  TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(kind, key_hash, at);
