//! API bearer tokens: shown once, stored as a hash, expiring, revocable.

use jiff::Timestamp;
use sqlx::Row;

use crate::{Result, Store, StoreError, User, new_id, parse_time, time_text, token_hash};

/// A token as listed (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

fn opt_time(v: Option<String>) -> Result<Option<Timestamp>> {
    v.as_deref().map(parse_time).transpose()
}

impl Store {
    /// Creates a token for a user; returns its id and the secret (shown
    /// once: only its hash is kept).
    pub async fn create_api_token(
        &self,
        user_id: &str,
        name: &str,
        expires_at: Timestamp,
    ) -> Result<(String, String)> {
        let secret = format!("roots_{}", hex::encode(rand::random::<[u8; 32]>()));
        let id = new_id();
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, token_hash, name, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(token_hash(&secret))
        .bind(name)
        .bind(time_text(Timestamp::now()))
        .bind(time_text(expires_at))
        .execute(self.writer())
        .await?;
        Ok((id, secret))
    }

    /// The user and token id a bearer token stands for, if it is live.
    pub async fn token_user(&self, secret: &str, now: Timestamp) -> Result<Option<(User, String)>> {
        let row = sqlx::query(
            "SELECT id, user_id FROM api_tokens
             WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash(secret))
        .bind(time_text(now))
        .fetch_optional(self.reader())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: String = row.try_get("id")?;
        let user_id: String = row.try_get("user_id")?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(time_text(now))
            .bind(&id)
            .execute(self.writer())
            .await?;
        match self.user(&user_id).await {
            Ok(u) => Ok(Some((u, id))),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A user's tokens, newest first.
    pub async fn api_tokens(&self, user_id: &str) -> Result<Vec<ApiToken>> {
        sqlx::query(
            "SELECT id, name, created_at, expires_at, revoked_at, last_used_at FROM api_tokens
             WHERE user_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(user_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(ApiToken {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: parse_time(&r.try_get::<String, _>("created_at")?)?,
                expires_at: parse_time(&r.try_get::<String, _>("expires_at")?)?,
                revoked_at: opt_time(r.try_get("revoked_at")?)?,
                last_used_at: opt_time(r.try_get("last_used_at")?)?,
            })
        })
        .collect()
    }

    /// Revokes one of a user's tokens. `NotFound` if it is not theirs.
    pub async fn revoke_api_token(
        &self,
        user_id: &str,
        token_id: &str,
        now: Timestamp,
    ) -> Result<()> {
        let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(time_text(now))
            .bind(token_id)
            .bind(user_id)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// The user with this email, for operator commands.
    pub async fn user_by_email(&self, email: &str) -> Result<User> {
        match self.user_for_sign_in(email).await? {
            Some((u, _)) => Ok(u),
            None => Err(StoreError::NotFound),
        }
    }
}
