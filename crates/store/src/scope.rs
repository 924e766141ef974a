//! Break-glass access: a clinician opening a record outside their
//! practices, with the reason they gave. Whether a record is in someone's
//! scope is decided in `roots_core::policy::in_scope`.

use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, new_id, parse_time, time_text};

/// How long one break-glass opening lasts before a new reason is needed.
pub const BREAK_GLASS_FOR: SignedDuration = SignedDuration::from_hours(1);

/// One break-glass opening, as a service lead reviews it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlass {
    pub id: String,
    pub at: Timestamp,
    pub user_name: String,
    pub user_email: String,
    pub referral_id: String,
    pub reference: String,
    pub reason: String,
}

impl Store {
    /// Records a break-glass opening and its audit event (flagged
    /// `referral.break_glass`, naming this opening) in one transaction.
    pub async fn break_glass(
        &self,
        service_id: &str,
        referral_id: &str,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let user_id = actor.user_id.as_deref().unwrap_or_default();
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO break_glass (id, service_id, user_id, referral_id, reason, at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(service_id)
        .bind(user_id)
        .bind(referral_id)
        .bind(reason)
        .bind(time_text(now))
        .bind(time_text(now + BREAK_GLASS_FOR))
        .execute(&mut *tx)
        .await?;
        // The reason itself stays out of the trail (it may name the person),
        // but its hash is chained, so an edited reason is found.
        let reason_hash = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(reason.as_bytes()))
        };
        let detail = format!("break-glass {id}; reason sha256 {reason_hash}");
        let event = Event::on("referral.break_glass", "referral", referral_id).detail(&detail);
        append(self.engine(), &mut tx, actor, &event, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// True while a user's break-glass opening of a referral lasts.
    pub async fn break_glass_active(
        &self,
        user_id: &str,
        referral_id: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS n FROM break_glass
             WHERE user_id = $1 AND referral_id = $2 AND expires_at > $3",
        )
        .bind(user_id)
        .bind(referral_id)
        .bind(time_text(now))
        .fetch_one(self.reader())
        .await?;
        Ok(r.try_get::<i64, _>("n")? > 0)
    }

    /// A service's break-glass openings, newest first.
    pub async fn break_glass_list(&self, service_id: &str, limit: i64) -> Result<Vec<BreakGlass>> {
        sqlx::query(
            "SELECT b.id, b.at, b.reason, b.referral_id, r.reference, u.name, u.email
             FROM break_glass b
             JOIN users u ON u.id = b.user_id
             JOIN referrals r ON r.id = b.referral_id
             WHERE b.service_id = $1 ORDER BY b.at DESC LIMIT $2",
        )
        .bind(service_id)
        .bind(limit)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(BreakGlass {
                id: r.try_get("id")?,
                at: parse_time(&r.try_get::<String, _>("at")?)?,
                user_name: r.try_get("name")?,
                user_email: r.try_get("email")?,
                referral_id: r.try_get("referral_id")?,
                reference: r.try_get("reference")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect()
    }
}
