-- Second factor, practice scope, break-glass access and user administration.
--
-- TOTP (RFC 6238): totp_secret is the base32 key of an enrolled
-- authenticator; totp_pending holds a key shown on the set-up page until the
-- person proves it with a code. totp_last_step is the newest time step
-- accepted, so a code is accepted once only (RFC 6238 section 5.2), across
-- every instance.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- A session is 'full', or 'password' while its second factor is still to
-- come (then it opens only the code and set-up pages).
ALTER TABLE staff_sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';

-- One-time recovery codes, stored as SHA-256 hashes (each code has about
-- 50 random bits); used_at is set when one is spent.
CREATE TABLE recovery_codes (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- The practices a member of staff works for. None means the whole service.
CREATE TABLE user_practices (
    user_id      TEXT NOT NULL REFERENCES users(id),
    practice_id  TEXT NOT NULL REFERENCES practices(id),
    PRIMARY KEY (user_id, practice_id)
);

-- A clinician opening a record outside their practices, with the reason
-- they gave. Each opening is also in the audit trail as referral.break_glass
-- with this row's id; service leads see the list.
CREATE TABLE break_glass (
    id           TEXT PRIMARY KEY,
    service_id   TEXT NOT NULL REFERENCES services(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    referral_id  TEXT NOT NULL REFERENCES referrals(id),
    reason       TEXT NOT NULL,
    at           TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX break_glass_service ON break_glass(service_id, at);
CREATE INDEX break_glass_user ON break_glass(user_id, referral_id, expires_at);
