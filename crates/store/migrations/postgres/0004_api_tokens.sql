-- Bearer tokens for integrations and scripts. A token acts as its user
-- (same roles, same service). Only the SHA-256 of the token is stored; the
-- token itself is shown once, when it is created.

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    token_hash    TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    revoked_at    TEXT,
    last_used_at  TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);
