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

/// Names the PostgreSQL advisory lock that serialises the counting of
/// sign-in attempts.
const PG_SIGN_IN_LOCK: i64 = 0x526f_6f74_5349;

/// The kinds of key attempts are counted against.
const ACCOUNT: &str = "account";
const ADDRESS: &str = "address";

/// How many attempts to sign in (passwords, codes, step-ups) an account
/// and an address may make in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptLimits {
    pub window: SignedDuration,
    pub account: i64,
    pub address: i64,
}

/// What [`Store::begin_sign_in_attempt`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// Under both limits: go on and check. The attempt is counted.
    Go(Counted),
    /// The account or the address is at its limit: check nothing. Nothing
    /// was counted.
    Locked,
}

/// An attempt counted against an account and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    ids: [String; 2],
    /// The account's attempts in the window before this one (for backoff).
    pub account_before: i64,
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

    /// Asks to check one password or code for `account`, from `address`.
    ///
    /// In one write transaction it counts the attempts of the last
    /// `limits.window` against the account and against the address and,
    /// only if both are under their limits, counts this one too (a row for
    /// each in `sign_in_failures`): so however many attempts arrive at
    /// once, on however many instances, no more than the limits go on to a
    /// check. SQLite's `BEGIN IMMEDIATE` serialises the transactions; on
    /// PostgreSQL a transaction-scoped advisory lock does, so two cannot
    /// both count four and both go on. An attempt stays counted as a
    /// failure unless [`Store::take_back_attempt`] is called once it turns
    /// out right. Keys are stored hashed.
    pub async fn begin_sign_in_attempt(
        &self,
        account: &str,
        address: &str,
        now: Timestamp,
        limits: AttemptLimits,
    ) -> Result<Attempt> {
        let mut tx = self.begin_write().await?;
        if self.engine() == crate::Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(PG_SIGN_IN_LOCK)
                .execute(&mut *tx)
                .await?;
        }
        let since = time_text(now - limits.window);
        let mut counts = [0i64; 2];
        for (n, (kind, key)) in [(ACCOUNT, account), (ADDRESS, address)]
            .into_iter()
            .enumerate()
        {
            counts[n] = sqlx::query(
                "SELECT COUNT(*) AS n FROM sign_in_failures WHERE kind = $1 AND key_hash = $2 AND at > $3",
            )
            .bind(kind)
            .bind(token_hash(key))
            .bind(&since)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        }
        let [on_account, on_address] = counts;
        if on_account >= limits.account || on_address >= limits.address {
            tx.rollback().await?;
            return Ok(Attempt::Locked);
        }
        let ids = [crate::new_id(), crate::new_id()];
        for (id, (kind, key)) in ids.iter().zip([(ACCOUNT, account), (ADDRESS, address)]) {
            sqlx::query(
                "INSERT INTO sign_in_failures (id, kind, key_hash, at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(kind)
            .bind(token_hash(key))
            .bind(time_text(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Attempt::Go(Counted {
            ids,
            account_before: on_account,
        }))
    }

    /// Takes back an attempt that turned out right, so that staff signing
    /// in one after another at a shared computer never use up its
    /// address's allowance.
    pub async fn take_back_attempt(&self, counted: &Counted) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1 OR id = $2")
            .bind(&counted.ids[0])
            .bind(&counted.ids[1])
            .execute(self.writer())
            .await?;
        Ok(())
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
