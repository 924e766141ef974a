//! The triage queue: the suggestion kept with each referral, claims so that
//! two clinicians do not triage one referral at once, the clinician's
//! triage as append-only versions, and whether a service is taking
//! self-referrals.

use jiff::{SignedDuration, Timestamp};
use roots_core::queue::TriageEntry;
use roots_core::triage::{Decision, Pathway, Priority};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, StoreError, new_id, parse_time, time_text};

/// The rulebook's suggestion for a new referral and its response target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggested {
    pub decision: Decision,
    pub due_at: Timestamp,
}

/// The queue's order: most urgent first.
pub fn rank(p: Priority) -> i64 {
    match p {
        Priority::Routine => 0,
        Priority::Soon => 1,
        Priority::Urgent => 2,
        Priority::Crisis => 3,
        Priority::Emergency => 4,
    }
}

pub(crate) fn pathways_text(p: &[Pathway]) -> String {
    p.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",")
}

fn parse_pathways(s: &str) -> Vec<Pathway> {
    s.split(',').filter_map(Pathway::parse).collect()
}

/// One referral waiting for triage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: String,
    /// `new`, or `unable_to_contact` (kept in the queue until someone
    /// reaches them or closes it with another outcome).
    pub status: String,
    pub reference: String,
    pub given_name: String,
    pub family_name: String,
    pub practice_id: Option<String>,
    pub practice_name: Option<String>,
    pub created_at: Timestamp,
    pub due_at: Option<Timestamp>,
    pub priority: Priority,
    pub pathways: Vec<Pathway>,
    /// The suggestion with its reasons and the phrases that triggered it.
    pub suggestion: Option<Decision>,
    pub claimed_by: Option<String>,
    pub claimed_by_name: Option<String>,
    pub claimed_at: Option<Timestamp>,
}

/// What to show in the queue.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub practice_id: Option<String>,
    pub pathway: Option<Pathway>,
}

fn opt_time(v: Option<String>) -> Result<Option<Timestamp>> {
    v.as_deref().map(parse_time).transpose()
}

fn decision_of(json: Option<String>) -> Option<Decision> {
    json.and_then(|j| serde_json::from_str(&j).ok())
}

fn queue_row(r: &AnyRow) -> Result<QueueRow> {
    let priority: String = r.try_get("priority")?;
    Ok(QueueRow {
        id: r.try_get("id")?,
        status: r.try_get("status")?,
        reference: r.try_get("reference")?,
        given_name: r.try_get("given_name")?,
        family_name: r.try_get("family_name")?,
        practice_id: r.try_get("practice_id")?,
        practice_name: r.try_get("practice_name")?,
        created_at: parse_time(&r.try_get::<String, _>("created_at")?)?,
        due_at: opt_time(r.try_get("due_at")?)?,
        // An unreadable priority is shown as the most urgent: when in
        // doubt, escalate.
        priority: Priority::parse(&priority).unwrap_or(Priority::Emergency),
        pathways: parse_pathways(&r.try_get::<String, _>("pathways")?),
        suggestion: decision_of(r.try_get("triage_json")?),
        claimed_by: r.try_get("claimed_by")?,
        claimed_by_name: r.try_get("claimed_by_name")?,
        claimed_at: opt_time(r.try_get("claimed_at")?)?,
    })
}

const QUEUE_COLUMNS: &str =
    "r.id, r.status, r.reference, r.given_name, r.family_name, r.practice_id,
    p.name AS practice_name, r.created_at, r.due_at, r.priority, r.pathways, r.triage_json,
    r.claimed_by, c.name AS claimed_by_name, r.claimed_at";

/// The result of trying to claim a referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This user holds it now.
    Mine,
    /// Someone else does, since a time.
    Held { by: String, since: Timestamp },
}

/// One version of a clinician's triage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageRecord {
    pub version: i64,
    pub at: Timestamp,
    pub user_name: String,
    pub priority: Priority,
    pub pathways: Vec<Pathway>,
    pub outcome: String,
    pub changed: bool,
    pub change_reason: Option<String>,
    pub target: Option<String>,
    pub attempts: Option<i64>,
    pub note: Option<String>,
}

/// Whether a service takes self-referrals, and its message when it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub open: bool,
    pub message_en: Option<String>,
    pub message_cy: Option<String>,
}

impl Store {
    /// Referrals of a service waiting for triage (status `new`, or
    /// `unable_to_contact`: nobody reached them yet) that the viewer may see:
    /// most urgent first, then longest waiting.
    pub async fn triage_queue(
        &self,
        service_id: &str,
        viewer: Option<&str>,
        f: &QueueFilter,
    ) -> Result<Vec<QueueRow>> {
        let sql = format!(
            "SELECT {QUEUE_COLUMNS} FROM referrals r
             LEFT JOIN practices p ON p.id = r.practice_id
             LEFT JOIN users c ON c.id = r.claimed_by
             WHERE r.service_id = $1 AND r.status IN ('new', 'unable_to_contact')
               AND ($2 = '' OR r.practice_id IS NULL
                    OR NOT EXISTS (SELECT 1 FROM user_practices up WHERE up.user_id = $2)
                    OR r.practice_id IN (SELECT up.practice_id FROM user_practices up WHERE up.user_id = $2))
               AND ($3 = '' OR r.practice_id = $3)
               AND ($4 = '' OR ',' || r.pathways || ',' LIKE '%,' || $4 || ',%')
             ORDER BY r.priority_rank DESC, r.created_at ASC, r.id
             LIMIT 500"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(viewer.unwrap_or_default())
            .bind(f.practice_id.clone().unwrap_or_default())
            .bind(f.pathway.map(|p| p.as_str()).unwrap_or_default())
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(queue_row)
            .collect()
    }

    /// One referral as the queue sees it (any status).
    pub async fn queue_row(&self, service_id: &str, id: &str) -> Result<QueueRow> {
        let sql = format!(
            "SELECT {QUEUE_COLUMNS} FROM referrals r
             LEFT JOIN practices p ON p.id = r.practice_id
             LEFT JOIN users c ON c.id = r.claimed_by
             WHERE r.service_id = $1 AND r.id = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        queue_row(&row)
    }

    /// Claims a referral for triage. It succeeds when nobody holds it, the
    /// user already does, or the holder's claim is older than `stale`; the
    /// check and the claim are one statement, so two clinicians pressing at
    /// once cannot both get it. Audited.
    pub async fn claim(
        &self,
        service_id: &str,
        id: &str,
        actor: &Actor,
        now: Timestamp,
        stale: SignedDuration,
    ) -> Result<Claim> {
        let user_id = actor.user_id.clone().unwrap_or_default();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE referrals SET claimed_by = $1, claimed_at = $2
             WHERE service_id = $3 AND id = $4 AND status = 'new'
               AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_at < $5)",
        )
        .bind(&user_id)
        .bind(time_text(now))
        .bind(service_id)
        .bind(id)
        .bind(time_text(now - stale))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            append(
                self.engine(),
                &mut tx,
                actor,
                &Event::on("referral.claim", "referral", id),
                now,
            )
            .await?;
            tx.commit().await?;
            return Ok(Claim::Mine);
        }
        tx.rollback().await?;
        let row = self.queue_row(service_id, id).await?;
        match (row.claimed_by_name, row.claimed_at) {
            (Some(by), Some(since)) => Ok(Claim::Held { by, since }),
            // Not open for triage any more (already triaged).
            _ => Err(StoreError::Conflict),
        }
    }

    /// Gives a claim back (only the holder can).
    pub async fn release(&self, id: &str, actor: &Actor, now: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE referrals SET claimed_by = NULL, claimed_at = NULL WHERE id = $1 AND claimed_by = $2",
        )
        .bind(id)
        .bind(actor.user_id.clone().unwrap_or_default())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            append(
                self.engine(),
                &mut tx,
                actor,
                &Event::on("referral.release", "referral", id),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records a clinician's triage as the next version, with its audit
    /// event, in one transaction. The first triage needs the user's claim
    /// (someone else's claim is a [`StoreError::Conflict`]); a later one
    /// amends, adding a version. The referral's status, priority and
    /// pathways become the clinician's, and the claim ends.
    ///
    /// `based_on` is how many versions the clinician saw (0 for the first
    /// triage): if someone saved another since, nothing is written and the
    /// answer is [`StoreError::Conflict`] (the UNIQUE (referral_id, version)
    /// constraint settles two saves at the same moment).
    #[allow(clippy::too_many_arguments)]
    pub async fn record_triage(
        &self,
        service_id: &str,
        id: &str,
        entry: &TriageEntry,
        based_on: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64> {
        let user_id = actor.user_id.clone().unwrap_or_default();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE referrals SET status = $1, priority = $2, priority_rank = $3, pathways = $4,
                    claimed_by = NULL, claimed_at = NULL
             WHERE service_id = $5 AND id = $6
               AND (status <> 'new' OR claimed_by = $7)",
        )
        .bind(entry.outcome.status())
        .bind(entry.priority.as_str())
        .bind(rank(entry.priority))
        .bind(pathways_text(&entry.pathways))
        .bind(service_id)
        .bind(id)
        .bind(&user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Err(StoreError::Conflict);
        }
        let version: i64 = sqlx::query(
            "SELECT COALESCE(MAX(version), 0) + 1 AS v FROM triage_records WHERE referral_id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("v")?;
        if version != based_on + 1 {
            tx.rollback().await?;
            return Err(StoreError::Conflict);
        }
        sqlx::query(
            "INSERT INTO triage_records (id, referral_id, version, user_id, at, priority, pathways,
                                         outcome, changed, change_reason, target, attempts, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(new_id())
        .bind(id)
        .bind(version)
        .bind(&user_id)
        .bind(time_text(now))
        .bind(entry.priority.as_str())
        .bind(pathways_text(&entry.pathways))
        .bind(entry.outcome.as_str())
        .bind(i64::from(entry.changed))
        .bind(&entry.change_reason)
        .bind(&entry.target)
        .bind(entry.attempts)
        .bind(&entry.note)
        .execute(&mut *tx)
        .await
        .map_err(crate::referrals::conflict)?;
        // Accepted for an OT assessment: the episode of care begins, with
        // the person's record, in the same transaction.
        if entry.outcome == roots_core::queue::Outcome::AcceptOt {
            crate::episodes::open_episode_in(self.engine(), &mut tx, service_id, id, actor, now)
                .await?;
        }
        let detail = format!(
            "version {version}; {}; {}{}",
            entry.outcome.as_str(),
            entry.priority.as_str(),
            if entry.changed {
                "; suggestion changed"
            } else {
                ""
            }
        );
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("referral.triage", "referral", id).detail(&detail),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Every version of a referral's triage, oldest first.
    pub async fn triage_history(&self, id: &str) -> Result<Vec<TriageRecord>> {
        sqlx::query(
            "SELECT t.version, t.at, u.name, t.priority, t.pathways, t.outcome, t.changed,
                    t.change_reason, t.target, t.attempts, t.note
             FROM triage_records t JOIN users u ON u.id = t.user_id
             WHERE t.referral_id = $1 ORDER BY t.version",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(TriageRecord {
                version: r.try_get("version")?,
                at: parse_time(&r.try_get::<String, _>("at")?)?,
                user_name: r.try_get("name")?,
                priority: Priority::parse(&r.try_get::<String, _>("priority")?)
                    .unwrap_or(Priority::Emergency),
                pathways: parse_pathways(&r.try_get::<String, _>("pathways")?),
                outcome: r.try_get("outcome")?,
                changed: r.try_get::<i64, _>("changed")? != 0,
                change_reason: r.try_get("change_reason")?,
                target: r.try_get("target")?,
                attempts: r.try_get("attempts")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
    }

    /// Whether a service is taking self-referrals.
    pub async fn intake(&self, service_id: &str) -> Result<Intake> {
        let row = sqlx::query(
            "SELECT self_referrals_open, closed_message_en, closed_message_cy
             FROM service_settings WHERE service_id = $1",
        )
        .bind(service_id)
        .fetch_optional(self.reader())
        .await?;
        Ok(match row {
            None => Intake {
                open: true,
                message_en: None,
                message_cy: None,
            },
            Some(r) => Intake {
                open: r.try_get::<i64, _>("self_referrals_open")? != 0,
                message_en: r.try_get("closed_message_en")?,
                message_cy: r.try_get("closed_message_cy")?,
            },
        })
    }

    /// Opens or closes a service to self-referrals, with its messages.
    /// Audited in the same transaction.
    pub async fn set_intake(&self, service_id: &str, intake: &Intake, actor: &Actor) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM service_settings WHERE service_id = $1")
            .bind(service_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO service_settings (service_id, self_referrals_open, closed_message_en,
                                           closed_message_cy, updated_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(service_id)
        .bind(i64::from(intake.open))
        .bind(&intake.message_en)
        .bind(&intake.message_cy)
        .bind(time_text(now))
        .execute(&mut *tx)
        .await?;
        let action = if intake.open {
            "service.self_referrals_open"
        } else {
            "service.self_referrals_closed"
        };
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on(action, "service", service_id),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
