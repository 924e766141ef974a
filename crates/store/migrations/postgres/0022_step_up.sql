-- Step-up: when the member of staff behind a session last confirmed it was
-- them (their password or an authenticator code again). An administrator's
-- changes to accounts need it within the last few minutes. Kept on the
-- session row so that every instance sees it. Authenticator keys in
-- users.totp_secret and users.totp_pending are sealed from this version on
-- (enc1:… values); those still in the clear are sealed when Roots starts
-- with its key file, which a migration cannot see.
ALTER TABLE staff_sessions ADD COLUMN stepped_up_at TEXT;
