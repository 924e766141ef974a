//! Signposting from triage: a referral pointed to community resources
//! without an episode of care (`referral_signposts`). Kept like a clinical
//! entry ([`Entry`], kind `signpost`, whose `episode_id` holds the
//! referral's id here): the follow-up is a new version with a reason, and
//! the table is append-only by trigger on both engines.

use jiff::Timestamp;
use serde_json::Value;

use crate::audit::{Actor, Event, append};
use crate::episodes::{Amended, Entry, Waiting, entry};
use crate::{Result, Store, StoreError, new_id, parse_time, time_text};

const COLUMNS: &str = "e.entry_id, e.referral_id AS episode_id, 'signpost' AS kind, e.version,
    e.body, e.author_id, u.name AS author_name, e.at, e.reason";

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &mut sqlx::AnyConnection,
    entry_id: &str,
    referral_id: &str,
    version: i64,
    body: &Value,
    actor: &Actor,
    now: Timestamp,
    reason: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO referral_signposts (id, entry_id, referral_id, version, body, author_id, at, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(entry_id)
    .bind(referral_id)
    .bind(version)
    .bind(body.to_string())
    .bind(actor.user_id.clone().unwrap_or_default())
    .bind(time_text(now))
    .bind(reason)
    .execute(&mut *tx)
    .await
    .map_err(crate::referrals::conflict)?;
    Ok(())
}

impl Store {
    /// Records a signposting from triage (version 1), audited
    /// (`referral.signpost`) in the same transaction. Returns its entry id.
    pub async fn add_referral_signpost(
        &self,
        referral_id: &str,
        body: &Value,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let entry_id = new_id();
        let mut tx = self.begin_write().await?;
        insert(&mut tx, &entry_id, referral_id, 1, body, actor, now, None).await?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("referral.signpost", "referral", referral_id)
                .detail(&format!("{entry_id} version 1")),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(entry_id)
    }

    /// Amends a signposting from triage (its follow-up): version
    /// `based_on + 1` with the reason, audited (`referral.signpost_amend`);
    /// [`Amended::Conflict`] when someone amended it since.
    #[allow(clippy::too_many_arguments)]
    pub async fn amend_referral_signpost(
        &self,
        referral_id: &str,
        entry_id: &str,
        based_on: i64,
        body: &Value,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Amended> {
        let current = self.referral_signpost(referral_id, entry_id).await?;
        if current.version != based_on {
            return Ok(Amended::Conflict(Box::new(current)));
        }
        let mut tx = self.begin_write().await?;
        match insert(
            &mut tx,
            entry_id,
            referral_id,
            based_on + 1,
            body,
            actor,
            now,
            Some(reason),
        )
        .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                tx.rollback().await?;
                let now_current = self.referral_signpost(referral_id, entry_id).await?;
                return Ok(Amended::Conflict(Box::new(now_current)));
            }
            Err(e) => return Err(e),
        }
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("referral.signpost_amend", "referral", referral_id)
                .detail(&format!("{entry_id} version {}", based_on + 1)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Amended::Saved(based_on + 1))
    }

    /// The current version of one signposting from triage.
    pub async fn referral_signpost(&self, referral_id: &str, entry_id: &str) -> Result<Entry> {
        let sql = format!(
            "SELECT {COLUMNS} FROM referral_signposts e JOIN users u ON u.id = e.author_id
             WHERE e.referral_id = $1 AND e.entry_id = $2 ORDER BY e.version DESC LIMIT 1"
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(referral_id)
            .bind(entry_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        entry(&r)
    }

    /// Every version of every signposting from triage of a referral, in
    /// the order written (its history, and the subject access export).
    pub async fn referral_signpost_versions(&self, referral_id: &str) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM referral_signposts e JOIN users u ON u.id = e.author_id
             WHERE e.referral_id = $1 ORDER BY e.at, e.entry_id, e.version"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(referral_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(entry)
            .collect()
    }

    /// The current version of each signposting from triage of a referral,
    /// oldest first.
    pub async fn referral_signposts(&self, referral_id: &str) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM referral_signposts e JOIN users u ON u.id = e.author_id
             WHERE e.referral_id = $1
               AND e.version = (SELECT MAX(x.version) FROM referral_signposts x WHERE x.entry_id = e.entry_id)
             ORDER BY e.at, e.entry_id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(referral_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(entry)
            .collect()
    }

    /// The current version of every signposting from triage in the
    /// service, each with its person as a list row (`episode_id` is the
    /// referral's id; `waiting_since` when the referral came).
    pub async fn service_referral_signposts(
        &self,
        service_id: &str,
    ) -> Result<Vec<(Waiting, Entry)>> {
        let sql = format!(
            "SELECT {COLUMNS}, r.given_name, r.family_name, r.practice_id,
                    pr.name AS practice_name, r.created_at
             FROM referral_signposts e JOIN users u ON u.id = e.author_id
             JOIN referrals r ON r.id = e.referral_id
             LEFT JOIN practices pr ON pr.id = r.practice_id
             WHERE r.service_id = $1
               AND e.version = (SELECT MAX(x.version) FROM referral_signposts x WHERE x.entry_id = e.entry_id)
             ORDER BY e.at, e.entry_id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(|r| {
                use sqlx::Row;
                let e = entry(r)?;
                let w = Waiting {
                    episode_id: e.episode_id.clone(),
                    person_name: format!(
                        "{} {}",
                        r.try_get::<String, _>("given_name")?,
                        r.try_get::<String, _>("family_name")?
                    ),
                    practice_id: r.try_get("practice_id")?,
                    practice_name: r.try_get("practice_name")?,
                    waiting_since: parse_time(&r.try_get::<String, _>("created_at")?)?,
                };
                Ok((w, e))
            })
            .collect()
    }
}
