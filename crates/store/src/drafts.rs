//! Referral answers in progress, kept on the server under an unguessable
//! cookie token so that nothing a person typed is lost between pages.

use jiff::{SignedDuration, Timestamp};
use roots_core::referral::{Mode, ReferralInput};
use sqlx::Row;

use crate::{Result, Store, StoreError, time_text, token_hash};

#[derive(Debug, Clone)]
pub struct Draft {
    pub mode: Mode,
    /// The member of staff entering it, for a staff-entered referral.
    pub user_id: Option<String>,
    pub answers: ReferralInput,
    /// Set once the draft has become a referral.
    pub submitted_referral_id: Option<String>,
}

fn mode_text(mode: Mode) -> &'static str {
    match mode {
        Mode::Public => "public",
        Mode::Staff => "staff",
    }
}

impl Store {
    /// The live draft under a cookie token, if any.
    pub async fn draft(&self, token: &str, now: Timestamp) -> Result<Option<Draft>> {
        let row = sqlx::query(
            "SELECT mode, user_id, answers, submitted_referral_id FROM referral_drafts
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(time_text(now))
        .fetch_optional(self.reader())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let answers: String = row.try_get("answers")?;
        let answers = serde_json::from_str(&answers)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        Ok(Some(Draft {
            mode: if row.try_get::<String, _>("mode")? == "staff" {
                Mode::Staff
            } else {
                Mode::Public
            },
            user_id: row.try_get("user_id")?,
            answers,
            submitted_referral_id: row.try_get("submitted_referral_id")?,
        }))
    }

    /// Creates or replaces the draft under a token and pushes its expiry
    /// `ttl` into the future. A draft already submitted is left alone.
    pub async fn save_draft(
        &self,
        token: &str,
        mode: Mode,
        user_id: Option<&str>,
        answers: &ReferralInput,
        now: Timestamp,
        ttl: SignedDuration,
    ) -> Result<()> {
        let json = serde_json::to_string(answers)
            .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
        sqlx::query(
            "INSERT INTO referral_drafts (token_hash, mode, user_id, answers, created_at, updated_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $5, $6)
             ON CONFLICT (token_hash) DO UPDATE
                SET answers = excluded.answers, updated_at = excluded.updated_at, expires_at = excluded.expires_at
              WHERE referral_drafts.submitted_referral_id IS NULL",
        )
        .bind(token_hash(token))
        .bind(mode_text(mode))
        .bind(user_id)
        .bind(json)
        .bind(time_text(now))
        .bind(time_text(now + ttl))
        .execute(self.writer())
        .await?;
        Ok(())
    }
}
