-- The authenticator key shown on a set-up page belongs to that session
-- alone (issue 19 re-test, finding 2). It was kept on the user
-- (users.totp_pending), so every session with the password was shown the
-- same key, and whoever saw it first kept a working second factor once the
-- real user set it up. Now each session that sets up an app (half signed
-- in, or from the account page) keeps its own key here, sealed like every
-- authenticator key (enc1:…) with the user and the session's token hash as
-- associated data, and only the session that proves it with a code makes
-- it the account's. It goes with the session.
--
-- Keys waiting on users were shown to whoever asked, so they are dropped;
-- anyone half way through setting up sees a new key on their next page.
ALTER TABLE staff_sessions ADD COLUMN totp_pending TEXT;
ALTER TABLE users DROP COLUMN totp_pending;
