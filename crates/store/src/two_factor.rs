//! The second factor: an authenticator app's key (TOTP, RFC 6238) and
//! one-time recovery codes, and the half-signed-in session that waits for
//! them. The codes themselves are checked in `roots_web::auth`; this module
//! only keeps the state, shared by every instance.

use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, StoreError, User, new_id, new_token, time_text, token_hash};

/// How long someone has to give their code after their password.
pub const PENDING_SESSION: SignedDuration = SignedDuration::from_mins(10);

/// A user's authenticator state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpState {
    /// The enrolled key (base32), if any.
    pub secret: Option<String>,
    /// A key shown on the set-up page and not yet proved with a code.
    pub pending: Option<String>,
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

    pub async fn totp_state(&self, user_id: &str) -> Result<TotpState> {
        let r = sqlx::query(
            "SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(TotpState {
            secret: r.try_get("totp_secret")?,
            pending: r.try_get("totp_pending")?,
            last_step: r.try_get("totp_last_step")?,
        })
    }

    /// Keeps a new key for the set-up page until it is proved.
    pub async fn set_totp_pending(&self, user_id: &str, secret: &str) -> Result<()> {
        sqlx::query("UPDATE users SET totp_pending = $2 WHERE id = $1")
            .bind(user_id)
            .bind(secret)
            .execute(self.writer())
            .await?;
        Ok(())
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

    /// Makes the pending key the enrolled one (the code that proved it
    /// used `step`) and replaces the recovery codes, in one transaction.
    pub async fn enrol_totp(
        &self,
        user_id: &str,
        step: i64,
        recovery_hashes: &[String],
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2
             WHERE id = $1 AND totp_pending IS NOT NULL",
        )
        .bind(user_id)
        .bind(step)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::NotFound);
        }
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
        sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = $1")
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
