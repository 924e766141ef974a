-- Events counted for rate limits shared by every instance (today: public
-- referrals per source address). Keys are SHA-256 hashes, so no address is
-- stored in the clear. Rows older than a day are purged.

CREATE TABLE rate_events (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    key_hash  TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX rate_events_key ON rate_events(kind, key_hash, at);
