//! The second factor: an authenticator app's key (TOTP, RFC 6238) and
//! one-time recovery codes, and the half-signed-in session that waits for
//! them. The codes themselves are checked in `roots_web::auth`; this module
//! only keeps the state, shared by every instance.
//!
//! Authenticator keys are stored sealed with a key held outside the
//! database ([`keys`]): `users.totp_secret` (the user's id as associated
//! data) and `staff_sessions.totp_pending` (the user's id and the session's
//! token hash, [`keys::session_subject`]) hold `enc1:…` values, opened here
//! with the store's [`keys::KeyRing`]. A store without a key ring can
//! neither make nor read one ([`StoreError::NoKeyFile`]).
//!
//! A key shown on a set-up page belongs to that session alone
//! ([`Store::setup_key`]): another session with the same password is shown
//! another key, and only the session that proves its key with a code makes
//! it the account's ([`Store::enrol_totp`]).

pub mod keys;

use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, StoreError, User, new_id, new_token, time_text, token_hash};

/// Whether setting up an authenticator may replace one already set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enrolment {
    /// While signing in: only someone with no authenticator yet. The store
    /// refuses it for anyone who has one, whatever the caller checked.
    First,
    /// From the account page, signed in and with the password given again:
    /// the new app replaces the old one.
    Replace,
}

/// What [`Store::rekey_two_factor`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rekeyed {
    /// Values found in the clear (from before encryption) and sealed now.
    pub from_clear: u64,
    /// Values under an older key, sealed again under the current one.
    pub from_older_key: u64,
    /// Values already under the current key (each opened, to be sure).
    pub current: u64,
}

/// A key proved on a set-up page: the session that was shown it, its
/// user, the key, and the time step of the code that proved it.
#[derive(Debug, Clone, Copy)]
pub struct Proved<'a> {
    pub session_token: &'a str,
    pub user_id: &'a str,
    pub key: &'a str,
    pub step: i64,
}

/// Where a stored authenticator key is.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// `users.totp_secret`, sealed for the user.
    User,
    /// `staff_sessions.totp_pending`, sealed for the user and the session.
    Session,
}

/// How long someone has to give their code after their password.
pub const PENDING_SESSION: SignedDuration = SignedDuration::from_mins(10);

/// A user's authenticator state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpState {
    /// The enrolled key (base32), if any.
    pub secret: Option<String>,
    /// The newest time step accepted; codes at or before it are refused.
    pub last_step: i64,
}

impl Store {
    /// Starts a session that has passed the password but not the second
    /// factor. It opens only the code and set-up pages, for ten minutes.
    pub async fn create_pending_session(&self, user_id: &str, now: Timestamp) -> Result<String> {
        let (token, hash) = new_token();
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, stage)
             VALUES ($1, $2, $3, $3, $4, 'password')",
        )
        .bind(hash)
        .bind(user_id)
        .bind(time_text(now))
        .bind(time_text(now + PENDING_SESSION))
        .execute(self.writer())
        .await?;
        Ok(token)
    }

    /// The user of a live half-signed-in session.
    pub async fn pending_session_user(&self, token: &str, now: Timestamp) -> Result<Option<User>> {
        let row = sqlx::query(
            "SELECT user_id FROM staff_sessions
             WHERE token_hash = $1 AND expires_at > $2 AND stage = 'password'",
        )
        .bind(token_hash(token))
        .bind(time_text(now))
        .fetch_optional(self.reader())
        .await?;
        let Some(row) = row else { return Ok(None) };
        match self.user(&row.try_get::<String, _>("user_id")?).await {
            Ok(u) => Ok(Some(u)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Swaps a half-signed-in session for a full one with a new token (the
    /// token changes at each step of signing in), and audits the sign-in.
    pub async fn complete_sign_in(
        &self,
        pending_token: &str,
        user_id: &str,
        now: Timestamp,
        limits: crate::sessions::SessionLimits,
        actor: &Actor,
        how: &str,
    ) -> Result<String> {
        let (token, hash) = new_token();
        let mut tx = self.begin_write().await?;
        let gone = sqlx::query(
            "DELETE FROM staff_sessions WHERE token_hash = $1 AND user_id = $2 AND stage = 'password'",
        )
        .bind(token_hash(pending_token))
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if gone != 1 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, stage)
             VALUES ($1, $2, $3, $3, $4, 'full')",
        )
        .bind(hash)
        .bind(user_id)
        .bind(time_text(now))
        .bind(time_text((now + limits.idle).min(now + limits.absolute)))
        .execute(&mut *tx)
        .await?;
        let event = Event::on("auth.sign_in", "user", user_id).detail(how);
        append(self.engine(), &mut tx, actor, &event, now).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// A user's authenticator state, the keys opened.
    pub async fn totp_state(&self, user_id: &str) -> Result<TotpState> {
        let r = sqlx::query("SELECT totp_secret, totp_last_step FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(TotpState {
            secret: r
                .try_get::<Option<String>, _>("totp_secret")?
                .map(|v| self.open_key(user_id, &v))
                .transpose()?,
            last_step: r.try_get("totp_last_step")?,
        })
    }

    /// Opens a stored authenticator key sealed for `subject` (a user's id,
    /// or [`keys::session_subject`]). A value in the clear (written before
    /// encryption, and sealed at the next start) is read as it is.
    fn open_key(&self, subject: &str, stored: &str) -> Result<String> {
        if keys::sealed_with(stored).is_none() {
            return Ok(stored.to_owned());
        }
        let ring = self.two_factor_keys().ok_or(StoreError::NoKeyFile)?;
        ring.open(subject, stored)
            .map_err(|e| StoreError::Config(e.to_string()))
    }

    fn seal_key(&self, subject: &str, secret: &str) -> Result<String> {
        let ring = self.two_factor_keys().ok_or(StoreError::NoKeyFile)?;
        Ok(ring.seal(subject, secret))
    }

    /// The key waiting to be proved on the set-up page of one session
    /// (`session_token`, full or half signed in, of `user_id`): the one it
    /// was shown before, or else `fresh`, kept now, sealed, on that session
    /// only. Another session of the same user is never shown it. `None`,
    /// keeping nothing, when the session is gone, or when `how` is
    /// [`Enrolment::First`] and the user already has an authenticator.
    pub async fn setup_key(
        &self,
        session_token: &str,
        user_id: &str,
        fresh: &str,
        how: Enrolment,
    ) -> Result<Option<String>> {
        let hash = token_hash(session_token);
        let subject = keys::session_subject(user_id, &hash);
        let sealed = self.seal_key(&subject, fresh)?;
        // Kept only if the session has none yet, so a page and its QR code
        // asked for at once show the same key.
        let sql = match how {
            Enrolment::First => {
                "UPDATE staff_sessions SET totp_pending = $3
                 WHERE token_hash = $1 AND user_id = $2 AND totp_pending IS NULL
                 AND NOT EXISTS (SELECT 1 FROM users WHERE id = $2 AND totp_secret IS NOT NULL)"
            }
            Enrolment::Replace => {
                "UPDATE staff_sessions SET totp_pending = $3
                 WHERE token_hash = $1 AND user_id = $2 AND totp_pending IS NULL"
            }
        };
        sqlx::query(sql)
            .bind(&hash)
            .bind(user_id)
            .bind(sealed)
            .execute(self.writer())
            .await?;
        let row = sqlx::query(
            "SELECT s.totp_pending, u.totp_secret FROM staff_sessions s
             JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.user_id = $2",
        )
        .bind(&hash)
        .bind(user_id)
        .fetch_optional(self.writer())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let has_one = row.try_get::<Option<String>, _>("totp_secret")?.is_some();
        if how == Enrolment::First && has_one {
            return Ok(None);
        }
        row.try_get::<Option<String>, _>("totp_pending")?
            .map(|v| self.open_key(&subject, &v))
            .transpose()
    }

    /// How many authenticator keys (set up, or waiting on a session) are
    /// stored, sealed or not.
    pub async fn stored_authenticator_keys(&self) -> Result<i64> {
        let r = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL)
                  + (SELECT COUNT(*) FROM staff_sessions WHERE totp_pending IS NOT NULL) AS n",
        )
        .fetch_one(self.reader())
        .await?;
        Ok(r.try_get("n")?)
    }

    /// Seals every authenticator key under the current key: those in the
    /// clear and those under an older key. Every value is opened first, and
    /// nothing is written if any does not open (a wrong key file). Each
    /// value is replaced only if it has not changed meanwhile.
    pub async fn rekey_two_factor(&self) -> Result<Rekeyed> {
        let ring = self.two_factor_keys().ok_or(StoreError::NoKeyFile)?;
        // (where, row key, subject, stored value): users' keys, then keys
        // waiting on sessions.
        let mut found: Vec<(Place, String, String, String)> = Vec::new();
        for r in sqlx::query(
            "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL ORDER BY id",
        )
        .fetch_all(self.reader())
        .await?
        {
            let id: String = r.try_get("id")?;
            found.push((Place::User, id.clone(), id, r.try_get("totp_secret")?));
        }
        for r in sqlx::query(
            "SELECT token_hash, user_id, totp_pending FROM staff_sessions
             WHERE totp_pending IS NOT NULL ORDER BY token_hash",
        )
        .fetch_all(self.reader())
        .await?
        {
            let hash: String = r.try_get("token_hash")?;
            let subject = keys::session_subject(&r.try_get::<String, _>("user_id")?, &hash);
            found.push((Place::Session, hash, subject, r.try_get("totp_pending")?));
        }
        let mut report = Rekeyed::default();
        let mut changes: Vec<(Place, String, String, String)> = Vec::new();
        for (place, row, subject, stored) in found {
            let clear = self.open_key(&subject, &stored)?;
            match keys::sealed_with(&stored) {
                Some(k) if k == ring.current_id() => report.current += 1,
                Some(_) => {
                    report.from_older_key += 1;
                    changes.push((place, row, stored, ring.seal(&subject, &clear)));
                }
                None => {
                    report.from_clear += 1;
                    changes.push((place, row, stored, ring.seal(&subject, &clear)));
                }
            }
        }
        if !changes.is_empty() {
            let mut tx = self.begin_write().await?;
            for (place, row, old, new) in changes {
                let sql = match place {
                    Place::User => {
                        "UPDATE users SET totp_secret = $3 WHERE id = $1 AND totp_secret = $2"
                    }
                    Place::Session => {
                        "UPDATE staff_sessions SET totp_pending = $3
                         WHERE token_hash = $1 AND totp_pending = $2"
                    }
                };
                sqlx::query(sql)
                    .bind(row)
                    .bind(old)
                    .bind(new)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(report)
    }

    /// Accepts a code's time step once: true only for the first caller with
    /// a step newer than any accepted before, on any instance.
    pub async fn accept_totp_step(&self, user_id: &str, step: i64) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2",
        )
        .bind(user_id)
        .bind(step)
        .execute(self.writer())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Makes the key a session proved (the one its set-up page showed,
    /// [`Store::setup_key`]) the user's authenticator, and replaces the
    /// recovery codes, in one transaction. The key is taken from that
    /// session, never from another: it is refused ([`StoreError::NotFound`])
    /// unless it is the one waiting there. With [`Enrolment::First`] it
    /// refuses ([`StoreError::Conflict`]) to replace an authenticator
    /// already set up.
    pub async fn enrol_totp(
        &self,
        proved: Proved<'_>,
        recovery_hashes: &[String],
        actor: &Actor,
        how: Enrolment,
    ) -> Result<()> {
        let Proved {
            session_token,
            user_id,
            key,
            step,
        } = proved;
        let hash = token_hash(session_token);
        let subject = keys::session_subject(user_id, &hash);
        let mut tx = self.begin_write().await?;
        let waiting: Option<String> = sqlx::query(
            "SELECT totp_pending FROM staff_sessions WHERE token_hash = $1 AND user_id = $2",
        )
        .bind(&hash)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get::<Option<String>, _>("totp_pending"))
        .transpose()?
        .flatten();
        let proved = match waiting {
            Some(v) => self.open_key(&subject, &v)? == key,
            None => false,
        };
        if !proved {
            return Err(StoreError::NotFound);
        }
        let sealed = self.seal_key(user_id, key)?;
        let sql = match how {
            Enrolment::First => {
                "UPDATE users SET totp_secret = $3, totp_last_step = $2
                 WHERE id = $1 AND totp_secret IS NULL"
            }
            Enrolment::Replace => {
                "UPDATE users SET totp_secret = $3, totp_last_step = $2 WHERE id = $1"
            }
        };
        let n = sqlx::query(sql)
            .bind(user_id)
            .bind(step)
            .bind(sealed)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(match how {
                Enrolment::First => StoreError::Conflict,
                Enrolment::Replace => StoreError::NotFound,
            });
        }
        sqlx::query("UPDATE staff_sessions SET totp_pending = NULL WHERE token_hash = $1")
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for h in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (id, user_id, code_hash) VALUES ($1, $2, $3)")
                .bind(new_id())
                .bind(user_id)
                .bind(h)
                .execute(&mut *tx)
                .await?;
        }
        let event = Event::on("auth.two_factor_enrol", "user", user_id);
        append(self.engine(), &mut tx, actor, &event, Timestamp::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Spends a recovery code. Returns how many are left, or `None` when the
    /// code was wrong or already used.
    pub async fn use_recovery_code(
        &self,
        user_id: &str,
        code_hash: &str,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        let n = sqlx::query(
            "UPDATE recovery_codes SET used_at = $3
             WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(user_id)
        .bind(code_hash)
        .bind(time_text(now))
        .execute(self.writer())
        .await?
        .rows_affected();
        if n != 1 {
            return Ok(None);
        }
        let r = sqlx::query(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(self.reader())
        .await?;
        Ok(Some(r.try_get("n")?))
    }

    /// Removes a user's authenticator and recovery codes and ends their
    /// sessions (an administrator's reset, or losing a phone). They set up
    /// a new one at their next sign-in.
    pub async fn reset_two_factor(&self, user_id: &str, actor: &Actor) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET totp_secret = NULL WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let event = Event::on("user.two_factor_reset", "user", user_id);
        append(self.engine(), &mut tx, actor, &event, Timestamp::now()).await?;
        tx.commit().await?;
        Ok(())
    }
}
