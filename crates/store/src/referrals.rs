//! Referrals: written once, in one transaction, before anyone is told they
//! arrived.

use jiff::Timestamp;
use roots_core::Reference;
use roots_core::referral::{Channel, Referral, ReferralInput};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, StoreError, new_id, parse_time, time_text, token_hash};

/// A validated referral and where it came from.
#[derive(Debug, Clone)]
pub struct NewReferral<'a> {
    pub service_id: &'a str,
    pub referral: &'a Referral,
    pub channel: Channel,
    /// The member of staff who entered it, if one did.
    pub entered_by: Option<&'a str>,
    /// The language the person used (`en` or `cy`).
    pub language: &'a str,
    /// Who is sending it, for the audit trail.
    pub actor: &'a crate::audit::Actor,
    /// Counted in the same transaction against a rate limit (a public
    /// sender's address), when given.
    pub rate_key: Option<&'a str>,
    /// Referrals accepted per hour under `rate_key`; reaching it is
    /// [`StoreError::Limited`], decided inside the transaction so that
    /// senders at the same moment on any instance cannot pass it together.
    pub rate_limit: i64,
    /// The rulebook's suggestion and the response target, kept with it.
    pub triage: &'a crate::triage::Suggested,
}

/// The rate-limit kind of public referrals, per sender's address.
pub const PUBLIC_REFERRAL: &str = "public_referral";

/// A row of the staff list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReferralSummary {
    pub id: String,
    pub reference: String,
    pub given_name: String,
    pub family_name: String,
    pub status: String,
    pub source: String,
    pub channel: String,
    pub practice_name: Option<String>,
    pub needs_help_now: bool,
    #[serde(serialize_with = "ser_time")]
    pub created_at: Timestamp,
}

fn ser_time<S: serde::Serializer>(t: &Timestamp, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&time_text(*t))
}

/// One referral in full.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReferralRow {
    #[serde(flatten)]
    pub summary: ReferralSummary,
    pub date_of_birth: String,
    pub nhs_number: Option<String>,
    pub postcode: Option<String>,
    pub practice_id: Option<String>,
    pub entered_by_name: Option<String>,
    pub language: String,
    pub answers: ReferralInput,
}

/// What a person is told about a committed referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub id: String,
    pub reference: String,
    pub status: String,
    pub created_at: Timestamp,
}

/// What happened to a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// A new referral was committed.
    New(Receipt),
    /// The draft had already been submitted (a double click, a back button):
    /// this is the referral it became. Nothing new was written.
    Already(Receipt),
}

impl Submitted {
    pub fn receipt(&self) -> &Receipt {
        match self {
            Submitted::New(r) | Submitted::Already(r) => r,
        }
    }
}

/// Maps a unique-constraint violation to [`StoreError::Conflict`].
pub(crate) fn conflict(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
        _ => StoreError::Database(e),
    }
}

const SUMMARY_COLUMNS: &str =
    "r.id, r.reference, r.given_name, r.family_name, r.status, r.source, r.channel,
     r.needs_help_now, r.created_at, p.name AS practice_name";

fn summary(r: &AnyRow) -> Result<ReferralSummary> {
    Ok(ReferralSummary {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        given_name: r.try_get("given_name")?,
        family_name: r.try_get("family_name")?,
        status: r.try_get("status")?,
        source: r.try_get("source")?,
        channel: r.try_get("channel")?,
        practice_name: r.try_get("practice_name")?,
        needs_help_now: r.try_get::<i64, _>("needs_help_now")? != 0,
        created_at: parse_time(&r.try_get::<String, _>("created_at")?)?,
    })
}

impl Store {
    /// Commits a referral. With a draft token, the draft is marked submitted
    /// in the same transaction, so submitting one draft twice yields one
    /// referral ([`Submitted::Already`] the second time).
    ///
    /// Returns only after the commit: the caller may then acknowledge it.
    pub async fn submit_referral(
        &self,
        new: &NewReferral<'_>,
        draft_token: Option<&str>,
        now: Timestamp,
    ) -> Result<Submitted> {
        // A clash of random references is retried with a fresh one.
        for _ in 0..8 {
            match self.try_submit(new, draft_token, now).await {
                Err(StoreError::Conflict) => continue,
                other => return other,
            }
        }
        Err(StoreError::Conflict)
    }

    async fn try_submit(
        &self,
        new: &NewReferral<'_>,
        draft_token: Option<&str>,
        now: Timestamp,
    ) -> Result<Submitted> {
        let id = new_id();
        let reference = Reference::from_random(rand::random()).to_string();
        let created_at = time_text(now);
        let r = new.referral;
        let answers = serde_json::to_string(&r.answers)
            .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
        let triage_json = serde_json::to_string(&new.triage.decision)
            .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
        let mut tx = self.begin_write().await?;
        if let Some(token) = draft_token {
            let claimed = sqlx::query(
                "UPDATE referral_drafts SET submitted_referral_id = $1, updated_at = $2
                 WHERE token_hash = $3 AND submitted_referral_id IS NULL",
            )
            .bind(&id)
            .bind(time_text(now))
            .bind(token_hash(token))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                tx.rollback().await?;
                let existing = self
                    .draft(token, now)
                    .await?
                    .and_then(|d| d.submitted_referral_id);
                return match existing {
                    Some(existing) => Ok(Submitted::Already(self.receipt(&existing).await?)),
                    None => Err(StoreError::NotFound),
                };
            }
        }
        sqlx::query(
            "INSERT INTO referrals (id, reference, service_id, practice_id, source, channel, entered_by, status,
                 given_name, family_name, date_of_birth, nhs_number, postcode, needs_help_now, language, answers, created_at,
                 priority, priority_rank, pathways, triage_json, due_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     $17, $18, $19, $20, $21)",
        )
        .bind(&id)
        .bind(&reference)
        .bind(new.service_id)
        .bind(&r.practice_id)
        .bind(&r.source)
        .bind(new.channel.as_str())
        .bind(new.entered_by)
        .bind(&r.given_name)
        .bind(&r.family_name)
        .bind(r.date_of_birth.date().to_string())
        .bind(r.nhs_number.map(|n| n.digits()))
        .bind(r.postcode.as_ref().map(|p| p.to_string()))
        .bind(i64::from(r.needs_help_now))
        .bind(new.language)
        .bind(answers)
        .bind(&created_at)
        .bind(new.triage.decision.priority.as_str())
        .bind(crate::triage::rank(new.triage.decision.priority))
        .bind(crate::triage::pathways_text(&new.triage.decision.pathways))
        .bind(triage_json)
        .bind(time_text(new.triage.due_at))
        .execute(&mut *tx)
        .await
        .map_err(conflict)?;
        if let Some(key) = new.rate_key {
            if new.rate_limit > 0 {
                // PostgreSQL: one sender's submissions are counted one at a
                // time (SQLite's BEGIN IMMEDIATE already serialises writers).
                if self.engine() == crate::Engine::Postgres {
                    let h = token_hash(key);
                    let lock = i64::from_str_radix(&h[..15], 16).unwrap_or_default();
                    sqlx::query("SELECT pg_advisory_xact_lock($1)")
                        .bind(lock)
                        .execute(&mut *tx)
                        .await?;
                }
                let since = time_text(now - jiff::SignedDuration::from_hours(1));
                let sent: i64 = sqlx::query(
                    "SELECT COUNT(*) AS n FROM rate_events WHERE kind = $1 AND key_hash = $2 AND at > $3",
                )
                .bind(PUBLIC_REFERRAL)
                .bind(token_hash(key))
                .bind(&since)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
                if sent >= new.rate_limit {
                    tx.rollback().await?;
                    return Err(StoreError::Limited);
                }
            }
            sqlx::query("INSERT INTO rate_events (id, kind, key_hash, at) VALUES ($1, $2, $3, $4)")
                .bind(new_id())
                .bind(PUBLIC_REFERRAL)
                .bind(token_hash(key))
                .bind(&created_at)
                .execute(&mut *tx)
                .await?;
        }
        let event = crate::audit::Event::on("referral.create", "referral", &id);
        crate::audit::append(self.engine(), &mut tx, new.actor, &event, now).await?;
        tx.commit().await?;
        Ok(Submitted::New(Receipt {
            id,
            reference,
            status: "new".into(),
            created_at: parse_time(&created_at)?,
        }))
    }

    /// Referrals of a service, newest first.
    pub async fn list_referrals(
        &self,
        service_id: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ReferralSummary>> {
        self.list_referrals_for(service_id, None, limit, offset)
            .await
    }

    /// Referrals of a service that a member of staff may see, newest first:
    /// those of their practices and those with no practice, or all of the
    /// service when they have no practices (`roots_core::policy::in_scope`,
    /// written here as SQL). `viewer` `None` means the whole service.
    pub async fn list_referrals_for(
        &self,
        service_id: &str,
        viewer: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ReferralSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM referrals r LEFT JOIN practices p ON p.id = r.practice_id
             WHERE r.service_id = $1
               AND ($4 = '' OR r.practice_id IS NULL
                    OR NOT EXISTS (SELECT 1 FROM user_practices up WHERE up.user_id = $4)
                    OR r.practice_id IN (SELECT up.practice_id FROM user_practices up WHERE up.user_id = $4))
             ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3"
        );
        let (limit, offset) = crate::page_bounds(limit, offset);
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(limit)
            .bind(offset)
            .bind(viewer.unwrap_or_default())
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(summary)
            .collect()
    }

    pub async fn count_referrals(&self, service_id: &str) -> Result<i64> {
        self.count_referrals_for(service_id, None).await
    }

    /// How many referrals [`Store::list_referrals_for`] can list in all.
    pub async fn count_referrals_for(&self, service_id: &str, viewer: Option<&str>) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM referrals r WHERE r.service_id = $1
               AND ($2 = '' OR r.practice_id IS NULL
                    OR NOT EXISTS (SELECT 1 FROM user_practices up WHERE up.user_id = $2)
                    OR r.practice_id IN (SELECT up.practice_id FROM user_practices up WHERE up.user_id = $2))",
        )
        .bind(service_id)
        .bind(viewer.unwrap_or_default())
        .fetch_one(self.reader())
        .await?;
        Ok(row.try_get("n")?)
    }

    async fn receipt(&self, id: &str) -> Result<Receipt> {
        let r =
            sqlx::query("SELECT id, reference, status, created_at FROM referrals WHERE id = $1")
                .bind(id)
                .fetch_one(self.reader())
                .await?;
        Ok(Receipt {
            id: r.try_get("id")?,
            reference: r.try_get("reference")?,
            status: r.try_get("status")?,
            created_at: parse_time(&r.try_get::<String, _>("created_at")?)?,
        })
    }

    /// One referral of a service. Another service's referral is `NotFound`,
    /// exactly as if it did not exist.
    pub async fn referral(&self, service_id: &str, id: &str) -> Result<ReferralRow> {
        self.referral_where("r.id = $2", service_id, id).await
    }

    /// Finds a referral by its reference (any case, hyphen optional).
    pub async fn referral_by_reference(
        &self,
        service_id: &str,
        reference: &str,
    ) -> Result<ReferralRow> {
        let reference = Reference::parse(reference)
            .map_err(|_| StoreError::NotFound)?
            .to_string();
        self.referral_where("r.reference = $2", service_id, &reference)
            .await
    }

    async fn referral_where(
        &self,
        condition: &str,
        service_id: &str,
        key: &str,
    ) -> Result<ReferralRow> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, r.date_of_birth, r.nhs_number, r.postcode, r.practice_id, r.language,
                    r.answers, u.name AS entered_by_name
             FROM referrals r
             LEFT JOIN practices p ON p.id = r.practice_id
             LEFT JOIN users u ON u.id = r.entered_by
             WHERE r.service_id = $1 AND {condition}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(key)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        let answers: String = row.try_get("answers")?;
        Ok(ReferralRow {
            summary: summary(&row)?,
            date_of_birth: row.try_get("date_of_birth")?,
            nhs_number: row.try_get("nhs_number")?,
            postcode: row.try_get("postcode")?,
            practice_id: row.try_get("practice_id")?,
            entered_by_name: row.try_get("entered_by_name")?,
            language: row.try_get("language")?,
            answers: serde_json::from_str(&answers)
                .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
        })
    }
}

impl Store {
    /// Every referral of a service that is about the same person as `id`:
    /// the referral itself and any other with the same NHS number.
    pub async fn referrals_of_person(
        &self,
        service_id: &str,
        id: &str,
    ) -> Result<Vec<ReferralRow>> {
        let first = self.referral(service_id, id).await?;
        let Some(nhs) = first.nhs_number.clone() else {
            return Ok(vec![first]);
        };
        let ids: Vec<String> = sqlx::query("SELECT id FROM referrals WHERE service_id = $1 AND nhs_number = $2 ORDER BY created_at")
            .bind(service_id)
            .bind(&nhs)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for rid in ids {
            out.push(self.referral(service_id, &rid).await?);
        }
        Ok(out)
    }
}
