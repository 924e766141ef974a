-- Signposting from triage: a referral pointed to a community resource
-- without an episode of care. Kept like a clinical entry: the follow-up is
-- a new version of the same entry, never an overwrite.
CREATE TABLE referral_signposts (
    id          TEXT PRIMARY KEY,
    entry_id    TEXT NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    author_id   TEXT NOT NULL REFERENCES users(id),
    at          TEXT NOT NULL,
    reason      TEXT,
    UNIQUE (entry_id, version)
);
CREATE INDEX referral_signposts_referral ON referral_signposts(referral_id, at);

CREATE TRIGGER referral_signposts_no_update BEFORE UPDATE ON referral_signposts
BEGIN
    SELECT RAISE(ABORT, 'clinical entries are amended by adding a version');
END;

CREATE TRIGGER referral_signposts_no_delete BEFORE DELETE ON referral_signposts
BEGIN
    SELECT RAISE(ABORT, 'clinical entries are amended by adding a version');
END;
