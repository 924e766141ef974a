//! Staff sign-in sessions, stored in the database so that several instances
//! can share them. The cookie holds a random token; the table holds its hash.

use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

use crate::{Result, Store, User, new_token, parse_time, time_text, token_hash};

/// How long a session lives.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    /// Signed out after this long without a request.
    pub idle: SignedDuration,
    /// Signed out this long after signing in, whatever happens.
    pub absolute: SignedDuration,
}

impl Store {
    /// Starts a session and returns the cookie token (shown once, never stored).
    pub async fn create_session(
        &self,
        user_id: &str,
        now: Timestamp,
        limits: SessionLimits,
    ) -> Result<String> {
        let (token, hash) = new_token();
        let expires = (now + limits.idle).min(now + limits.absolute);
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(hash)
        .bind(user_id)
        .bind(time_text(now))
        .bind(time_text(expires))
        .execute(self.writer())
        .await?;
        Ok(token)
    }

    /// The user a session token belongs to, if the session is live. Extends
    /// the idle deadline (at most once a minute, to spare writes).
    pub async fn session_user(
        &self,
        token: &str,
        now: Timestamp,
        limits: SessionLimits,
    ) -> Result<Option<User>> {
        let hash = token_hash(token);
        let row = sqlx::query(
            "SELECT user_id, created_at, last_seen_at FROM staff_sessions WHERE token_hash = $1 AND expires_at > $2 AND stage = 'full'",
        )
        .bind(&hash)
        .bind(time_text(now))
        .fetch_optional(self.reader())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user_id: String = row.try_get("user_id")?;
        let created = parse_time(&row.try_get::<String, _>("created_at")?)?;
        let last_seen = parse_time(&row.try_get::<String, _>("last_seen_at")?)?;
        if now.duration_since(last_seen) > SignedDuration::from_secs(60) {
            let expires = (now + limits.idle).min(created + limits.absolute);
            sqlx::query("UPDATE staff_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
                .bind(time_text(now))
                .bind(time_text(expires))
                .bind(&hash)
                .execute(self.writer())
                .await?;
        }
        match self.user(&user_id).await {
            Ok(u) => Ok(Some(u)),
            Err(crate::StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// When the member of staff behind a live full session last confirmed
    /// it was them ([`Store::record_step_up`]), if ever.
    pub async fn session_stepped_up_at(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<Timestamp>> {
        let row = sqlx::query(
            "SELECT stepped_up_at FROM staff_sessions
             WHERE token_hash = $1 AND expires_at > $2 AND stage = 'full'",
        )
        .bind(token_hash(token))
        .bind(time_text(now))
        .fetch_optional(self.reader())
        .await?;
        match row.and_then(|r| r.try_get::<Option<String>, _>("stepped_up_at").transpose()) {
            Some(t) => Ok(Some(parse_time(&t?)?)),
            None => Ok(None),
        }
    }

    /// Records on the session that its member of staff has just confirmed
    /// it was them, and audits it (`auth.step_up`, `how`), in one
    /// transaction.
    pub async fn record_step_up(
        &self,
        token: &str,
        user_id: &str,
        now: Timestamp,
        actor: &crate::audit::Actor,
        how: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE staff_sessions SET stepped_up_at = $3
             WHERE token_hash = $1 AND user_id = $2 AND stage = 'full'",
        )
        .bind(token_hash(token))
        .bind(user_id)
        .bind(time_text(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(crate::StoreError::NotFound);
        }
        let event = crate::audit::Event::on("auth.step_up", "user", user_id).detail(how);
        crate::audit::append(self.engine(), &mut tx, actor, &event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn end_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(self.writer())
            .await?;
        Ok(())
    }
}

impl Store {
    /// Ends every session of a user ("sign out everywhere"). Returns how
    /// many were ended.
    pub async fn end_all_sessions(&self, user_id: &str) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(self.writer())
            .await?
            .rows_affected())
    }

    /// Records a failed sign-in against a key (`kind` is `account` or
    /// `address`; the key is hashed before it is stored).
    pub async fn record_sign_in_failure(
        &self,
        kind: &str,
        key: &str,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sign_in_failures (id, kind, key_hash, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(crate::new_id())
        .bind(kind)
        .bind(token_hash(key))
        .bind(time_text(now))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Failed sign-ins against a key since a time.
    pub async fn sign_in_failures(&self, kind: &str, key: &str, since: Timestamp) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE kind = $1 AND key_hash = $2 AND at > $3")
            .bind(kind)
            .bind(token_hash(key))
            .bind(time_text(since))
            .fetch_one(self.reader())
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Forgets an account's failures after it signs in.
    pub async fn clear_sign_in_failures(&self, kind: &str, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE kind = $1 AND key_hash = $2")
            .bind(kind)
            .bind(token_hash(key))
            .execute(self.writer())
            .await?;
        Ok(())
    }
}

impl Store {
    /// Events counted against a key since a time.
    pub async fn rate_events(&self, kind: &str, key: &str, since: Timestamp) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM rate_events WHERE kind = $1 AND key_hash = $2 AND at > $3",
        )
        .bind(kind)
        .bind(token_hash(key))
        .bind(time_text(since))
        .fetch_one(self.reader())
        .await?;
        Ok(row.try_get("n")?)
    }
}
