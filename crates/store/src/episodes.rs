//! The episode of care: the person, their episodes, clinical entries as
//! append-only versions with optimistic concurrency, clinic sessions and
//! appointments (one booking per slot), and the waiting list.
//!
//! Entry bodies are JSON made by the web layer from `roots_core` types; the
//! store keeps them whole and never changes one: an amendment is a new
//! version that names the version it replaces.

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, StoreError, new_id, parse_time, time_text};

/// A person as staff see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub nhs_number: Option<String>,
    pub postcode: Option<String>,
    pub practice_id: Option<String>,
    pub details: Value,
    pub merged_into: Option<String>,
    /// Which version of `details` (and `postcode`) this is: 1 from the
    /// referral, one more for each change.
    pub details_version: i64,
}

fn person(r: &AnyRow) -> Result<Person> {
    let details: String = r.try_get("details")?;
    Ok(Person {
        id: r.try_get("id")?,
        given_name: r.try_get("given_name")?,
        family_name: r.try_get("family_name")?,
        date_of_birth: r.try_get("date_of_birth")?,
        nhs_number: r.try_get("nhs_number")?,
        postcode: r.try_get("postcode")?,
        practice_id: r.try_get("practice_id")?,
        details: serde_json::from_str(&details).unwrap_or(Value::Null),
        merged_into: r.try_get("merged_into")?,
        details_version: r.try_get("details_version")?,
    })
}

const PERSON_COLUMNS: &str = "p.id, p.given_name, p.family_name, p.date_of_birth, p.nhs_number,
    p.postcode, p.practice_id, p.details, p.merged_into, p.details_version";

/// One version of a person's contact details and preferences.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonVersion {
    pub version: i64,
    /// The page changed (`contact`, `postcode`, `language`,
    /// `communication`), or `referral` for the first version.
    pub part: String,
    pub details: Value,
    pub postcode: Option<String>,
    /// The staff member's name; none for the first version.
    pub changed_by: Option<String>,
    pub changed_at: Timestamp,
}

/// What came of changing a person's details.
#[derive(Debug, Clone, PartialEq)]
pub enum DetailsChanged {
    /// Saved as this version.
    Saved(i64),
    /// Someone changed them first: the person as they are now. Nothing was
    /// written.
    Conflict(Box<Person>),
}

/// An episode with its person.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    pub id: String,
    pub person: Person,
    pub referral_id: String,
    pub status: String,
    pub opened_at: Timestamp,
    pub discharged_at: Option<Timestamp>,
    pub discussion: bool,
}

/// One version of a clinical entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub entry_id: String,
    pub episode_id: String,
    pub kind: String,
    pub version: i64,
    pub body: Value,
    pub author_id: String,
    pub author_name: String,
    pub at: Timestamp,
    /// Why it was amended (none for version 1).
    pub reason: Option<String>,
}

pub(crate) fn entry(r: &AnyRow) -> Result<Entry> {
    let body: String = r.try_get("body")?;
    Ok(Entry {
        entry_id: r.try_get("entry_id")?,
        episode_id: r.try_get("episode_id")?,
        kind: r.try_get("kind")?,
        version: r.try_get("version")?,
        body: serde_json::from_str(&body)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        at: parse_time(&r.try_get::<String, _>("at")?)?,
        reason: r.try_get("reason")?,
    })
}

const ENTRY_COLUMNS: &str = "e.entry_id, e.episode_id, e.kind, e.version, e.body, e.author_id,
    u.name AS author_name, e.at, e.reason";

/// What happened to an amendment.
#[derive(Debug, Clone, PartialEq)]
pub enum Amended {
    /// Saved as this version.
    Saved(i64),
    /// Someone amended it first: this is the version now current. Nothing
    /// was written; the caller shows what changed and keeps the text.
    Conflict(Box<Entry>),
}

/// A clinic session and its slots.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    pub practice_id: String,
    pub practice_name: String,
    pub user_id: String,
    pub user_name: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub slot_minutes: i64,
    pub modes: Vec<String>,
}

/// One slot of a session, free or booked.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub starts_at: Timestamp,
    pub booking: Option<Booking>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub appointment_id: String,
    pub episode_id: String,
    pub person_name: String,
    pub mode: String,
    pub status: String,
}

/// Someone waiting: an open episode with no appointment booked ahead.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub episode_id: String,
    pub person_name: String,
    pub practice_id: Option<String>,
    pub practice_name: Option<String>,
    pub waiting_since: Timestamp,
}

fn waiting(r: &AnyRow) -> Result<Waiting> {
    Ok(Waiting {
        episode_id: r.try_get("id")?,
        person_name: format!(
            "{} {}",
            r.try_get::<String, _>("given_name")?,
            r.try_get::<String, _>("family_name")?
        ),
        practice_id: r.try_get("practice_id")?,
        practice_name: r.try_get("practice_name")?,
        waiting_since: parse_time(&r.try_get::<String, _>("opened_at")?)?,
    })
}

fn session(r: &AnyRow) -> Result<Session> {
    Ok(Session {
        id: r.try_get("id")?,
        practice_id: r.try_get("practice_id")?,
        practice_name: r.try_get("practice_name")?,
        user_id: r.try_get("user_id")?,
        user_name: r.try_get("user_name")?,
        starts_at: parse_time(&r.try_get::<String, _>("starts_at")?)?,
        ends_at: parse_time(&r.try_get::<String, _>("ends_at")?)?,
        slot_minutes: r.try_get("slot_minutes")?,
        modes: r
            .try_get::<String, _>("modes")?
            .split(',')
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

const SESSION_COLUMNS: &str = "s.id, s.practice_id, p.name AS practice_name, s.user_id,
    u.name AS user_name, s.starts_at, s.ends_at, s.slot_minutes, s.modes";

/// Opens an episode for a referral inside the caller's transaction: finds
/// the person by NHS number (a sure match) or makes a new person record, and
/// links the referral to them. Same names and date of birth are only shown
/// as possible duplicates, never joined automatically.
pub(crate) async fn open_episode_in(
    engine: crate::Engine,
    tx: &mut sqlx::AnyConnection,
    service_id: &str,
    referral_id: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<String> {
    let open: Option<AnyRow> =
        sqlx::query("SELECT id FROM episodes WHERE referral_id = $1 AND status = 'open'")
            .bind(referral_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(r) = open {
        return Ok(r.try_get("id")?);
    }
    let r = sqlx::query(
        "SELECT given_name, family_name, date_of_birth, nhs_number, postcode, practice_id, answers
         FROM referrals WHERE id = $1 AND service_id = $2",
    )
    .bind(referral_id)
    .bind(service_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    let nhs: Option<String> = r.try_get("nhs_number")?;
    let existing: Option<AnyRow> = match &nhs {
        Some(n) => sqlx::query(
            "SELECT id FROM persons WHERE service_id = $1 AND nhs_number = $2 AND merged_into IS NULL",
        )
        .bind(service_id)
        .bind(n)
        .fetch_optional(&mut *tx)
        .await?,
        None => None,
    };
    let person_id = match existing {
        Some(p) => p.try_get::<String, _>("id")?,
        None => {
            let id = new_id();
            sqlx::query(
                "INSERT INTO persons (id, service_id, given_name, family_name, date_of_birth,
                                      nhs_number, postcode, practice_id, details, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&id)
            .bind(service_id)
            .bind(r.try_get::<String, _>("given_name")?)
            .bind(r.try_get::<String, _>("family_name")?)
            .bind(r.try_get::<String, _>("date_of_birth")?)
            .bind(&nhs)
            .bind(r.try_get::<Option<String>, _>("postcode")?)
            .bind(r.try_get::<Option<String>, _>("practice_id")?)
            .bind(r.try_get::<String, _>("answers")?)
            .bind(time_text(now))
            .execute(&mut *tx)
            .await?;
            append(
                engine,
                tx,
                actor,
                &Event::on("person.create", "person", &id),
                now,
            )
            .await?;
            id
        }
    };
    sqlx::query("UPDATE referrals SET person_id = $1 WHERE id = $2")
        .bind(&person_id)
        .bind(referral_id)
        .execute(&mut *tx)
        .await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO episodes (id, service_id, person_id, referral_id, status, opened_by, opened_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $6)",
    )
    .bind(&id)
    .bind(service_id)
    .bind(&person_id)
    .bind(referral_id)
    .bind(actor.user_id.clone().unwrap_or_default())
    .bind(time_text(now))
    .execute(&mut *tx)
    .await?;
    append(
        engine,
        tx,
        actor,
        &Event::on("episode.open", "episode", &id),
        now,
    )
    .await?;
    Ok(id)
}

impl Store {
    /// One episode of a service, with its person.
    pub async fn episode(&self, service_id: &str, id: &str) -> Result<Episode> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS}, e.id AS episode_id, e.referral_id, e.status, e.opened_at,
                    e.discharged_at, e.discussion
             FROM episodes e JOIN persons p ON p.id = e.person_id
             WHERE e.service_id = $1 AND e.id = $2"
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Episode {
            id: r.try_get("episode_id")?,
            person: person(&r)?,
            referral_id: r.try_get("referral_id")?,
            status: r.try_get("status")?,
            opened_at: parse_time(&r.try_get::<String, _>("opened_at")?)?,
            discharged_at: r
                .try_get::<Option<String>, _>("discharged_at")?
                .as_deref()
                .map(parse_time)
                .transpose()?,
            discussion: r.try_get::<i64, _>("discussion")? != 0,
        })
    }

    /// The open episode made from a referral, if any.
    pub async fn episode_of_referral(&self, referral_id: &str) -> Result<Option<String>> {
        let r =
            sqlx::query("SELECT id FROM episodes WHERE referral_id = $1 ORDER BY opened_at DESC")
                .bind(referral_id)
                .fetch_optional(self.reader())
                .await?;
        Ok(r.map(|r| r.try_get("id")).transpose()?)
    }

    /// Other people of the service who may be the same person: the same NHS
    /// number, or the same names and date of birth.
    pub async fn possible_duplicates(
        &self,
        service_id: &str,
        person_id: &str,
    ) -> Result<Vec<Person>> {
        // Two indexed lookups joined by UNION (an OR across them would
        // scan every person of the service).
        let sql = format!(
            "SELECT {PERSON_COLUMNS}, p.created_at AS made_at FROM persons p JOIN persons me ON me.id = $2
             WHERE p.service_id = $1 AND p.id <> me.id AND p.merged_into IS NULL
               AND p.nhs_number = me.nhs_number
             UNION
             SELECT {PERSON_COLUMNS}, p.created_at AS made_at FROM persons p JOIN persons me ON me.id = $2
             WHERE p.service_id = $1 AND p.id <> me.id AND p.merged_into IS NULL
               AND LOWER(p.family_name) = LOWER(me.family_name)
               AND p.date_of_birth = me.date_of_birth
               AND LOWER(p.given_name) = LOWER(me.given_name)
             ORDER BY made_at"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(person_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(person)
            .collect()
    }

    /// Records that `from` is the same person as `into`: `from` is marked
    /// merged (nothing is moved or deleted, so it can be undone), audited.
    /// Refused when either is already merged, or they are the same record.
    pub async fn merge_person(
        &self,
        service_id: &str,
        from: &str,
        into: &str,
        actor: &Actor,
    ) -> Result<()> {
        if from == into {
            return Err(StoreError::Conflict);
        }
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let into_ok: Option<AnyRow> = sqlx::query(
            "SELECT id FROM persons WHERE id = $1 AND service_id = $2 AND merged_into IS NULL",
        )
        .bind(into)
        .bind(service_id)
        .fetch_optional(&mut *tx)
        .await?;
        if into_ok.is_none() {
            tx.rollback().await?;
            return Err(StoreError::Conflict);
        }
        let n = sqlx::query(
            "UPDATE persons SET merged_into = $1 WHERE id = $2 AND service_id = $3 AND merged_into IS NULL",
        )
        .bind(into)
        .bind(from)
        .bind(service_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Err(StoreError::Conflict);
        }
        let detail = format!("merged into {into}");
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("person.merge", "person", from).detail(&detail),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Undoes a merge: `from` is its own record again. Audited.
    pub async fn unmerge_person(&self, service_id: &str, from: &str, actor: &Actor) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE persons SET merged_into = NULL WHERE id = $1 AND service_id = $2 AND merged_into IS NOT NULL",
        )
        .bind(from)
        .bind(service_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("person.unmerge", "person", from),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes a person's contact details and preferences to `details`
    /// (and `postcode`), as version `based_on + 1`, keeping every version
    /// (the first, from the referral, is kept on the first change) and
    /// auditing the change (which part and version; never the values). When
    /// someone else changed them since `based_on`, nothing is written and
    /// the person as they are now is returned.
    #[allow(clippy::too_many_arguments)]
    pub async fn change_person_details(
        &self,
        service_id: &str,
        person_id: &str,
        based_on: i64,
        part: &str,
        details: &Value,
        postcode: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<DetailsChanged> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT {PERSON_COLUMNS}, p.created_at FROM persons p
             WHERE p.id = $1 AND p.service_id = $2 AND p.merged_into IS NULL"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .bind(service_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let current = person(&row)?;
        if current.details_version != based_on {
            tx.rollback().await?;
            return Ok(DetailsChanged::Conflict(Box::new(current)));
        }
        let version = based_on + 1;
        let text = serde_json::to_string(details).map_err(|e| StoreError::Config(e.to_string()))?;
        // The version check again in the write itself, first: on PostgreSQL
        // a second writer waits here for the first and then matches no row.
        let n = sqlx::query(
            "UPDATE persons SET details = $1, postcode = $2, details_version = $3
             WHERE id = $4 AND service_id = $5 AND details_version = $6",
        )
        .bind(&text)
        .bind(postcode)
        .bind(version)
        .bind(person_id)
        .bind(service_id)
        .bind(based_on)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            let now_current = self.person(service_id, person_id).await?;
            return Ok(DetailsChanged::Conflict(Box::new(now_current)));
        }
        if based_on == 1 {
            // The first version, as it came from the referral (read before
            // the write; unchanged since, as the version matched).
            sqlx::query(
                "INSERT INTO person_versions (person_id, version, part, details, postcode, changed_by, changed_at)
                 VALUES ($1, 1, 'referral', $2, $3, NULL, $4)",
            )
            .bind(person_id)
            .bind(row.try_get::<String, _>("details")?)
            .bind(&current.postcode)
            .bind(row.try_get::<String, _>("created_at")?)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO person_versions (person_id, version, part, details, postcode, changed_by, changed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(person_id)
        .bind(version)
        .bind(part)
        .bind(&text)
        .bind(postcode)
        .bind(actor.user_id.clone())
        .bind(time_text(now))
        .execute(&mut *tx)
        .await?;
        let detail = format!("{part} version {version}");
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("person.change", "person", person_id).detail(&detail),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(DetailsChanged::Saved(version))
    }

    /// One person of a service.
    pub async fn person(&self, service_id: &str, person_id: &str) -> Result<Person> {
        let sql =
            format!("SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = $1 AND p.service_id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(person_id)
            .bind(service_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        person(&row)
    }

    /// Every kept version of a person's details, newest first (empty until
    /// the first change: the referral's answers are then the only version).
    pub async fn person_versions(&self, person_id: &str) -> Result<Vec<PersonVersion>> {
        sqlx::query(
            "SELECT v.version, v.part, v.details, v.postcode, u.name AS changed_by, v.changed_at
             FROM person_versions v LEFT JOIN users u ON u.id = v.changed_by
             WHERE v.person_id = $1 ORDER BY v.version DESC",
        )
        .bind(person_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            let details: String = r.try_get("details")?;
            Ok(PersonVersion {
                version: r.try_get("version")?,
                part: r.try_get("part")?,
                details: serde_json::from_str(&details).unwrap_or(Value::Null),
                postcode: r.try_get("postcode")?,
                changed_by: r.try_get("changed_by")?,
                changed_at: parse_time(&r.try_get::<String, _>("changed_at")?)?,
            })
        })
        .collect()
    }

    /// The records merged into a person.
    pub async fn merged_into(&self, service_id: &str, person_id: &str) -> Result<Vec<Person>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM persons p WHERE p.service_id = $1 AND p.merged_into = $2
             ORDER BY p.created_at"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(person_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(person)
            .collect()
    }

    /// Every episode of a person and of the records merged into them, newest
    /// first: (episode id, opened, status).
    pub async fn person_episodes(
        &self,
        service_id: &str,
        person_id: &str,
    ) -> Result<Vec<(String, Timestamp, String)>> {
        sqlx::query(
            // The service is checked on the person (a person's episodes are
            // of their service), so the planner starts from the person.
            "SELECT e.id, e.opened_at, e.status FROM episodes e
             WHERE e.person_id IN (SELECT id FROM persons WHERE service_id = $1 AND id = $2
                                   UNION SELECT id FROM persons WHERE service_id = $1 AND merged_into = $2)
             ORDER BY e.opened_at DESC",
        )
        .bind(service_id)
        .bind(person_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                parse_time(&r.try_get::<String, _>("opened_at")?)?,
                r.try_get("status")?,
            ))
        })
        .collect()
    }

    /// Adds a new clinical entry (version 1), audited in the same
    /// transaction. Returns its entry id.
    pub async fn add_entry(
        &self,
        episode_id: &str,
        kind: &str,
        body: &Value,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let entry_id = self
            .add_entry_in(&mut tx, episode_id, kind, body, actor, now)
            .await?;
        tx.commit().await?;
        Ok(entry_id)
    }

    /// A new entry (version 1) and its audit event, inside the caller's
    /// transaction; returns the entry's id.
    async fn add_entry_in(
        &self,
        tx: &mut sqlx::AnyConnection,
        episode_id: &str,
        kind: &str,
        body: &Value,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let entry_id = new_id();
        insert_version(tx, &entry_id, episode_id, kind, 1, body, actor, now, None).await?;
        let detail = format!("{kind} {entry_id} version 1");
        append(
            self.engine(),
            tx,
            actor,
            &Event::on("episode.entry_add", "episode", episode_id).detail(&detail),
            now,
        )
        .await?;
        Ok(entry_id)
    }

    /// Adds an outcome measure entry. When it raises a safety alert (`rule`,
    /// e.g. `phq9.item9`), the alert is recorded for the service's list of
    /// alerts not yet acted on and audited (`measure.safety_alert`), in the
    /// same transaction as the entry: an alert is never saved without its
    /// record, or the other way round.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_measure(
        &self,
        service_id: &str,
        episode_id: &str,
        body: &Value,
        safety_rule: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let entry_id = self
            .add_entry_in(&mut tx, episode_id, "measure", body, actor, now)
            .await?;
        if let Some(rule) = safety_rule {
            sqlx::query(
                "INSERT INTO safety_alerts (entry_id, episode_id, service_id, rule, raised_by, raised_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&entry_id)
            .bind(episode_id)
            .bind(service_id)
            .bind(rule)
            .bind(actor.user_id.clone())
            .bind(time_text(now))
            .execute(&mut *tx)
            .await?;
            let detail = format!("{rule} {entry_id}");
            append(
                self.engine(),
                &mut tx,
                actor,
                &Event::on("measure.safety_alert", "episode", episode_id).detail(&detail),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(entry_id)
    }

    /// Records that a clinician has acted on a safety alert: an `alert_ack`
    /// entry (`body`, naming what was done) and its row, audited
    /// (`measure.safety_alert_ack`), in one transaction. `NotFound` when the
    /// alert is not one raised in this episode of this service. An alert
    /// may be acted on more than once (each is kept).
    pub async fn acknowledge_alert(
        &self,
        service_id: &str,
        episode_id: &str,
        alert_entry_id: &str,
        body: &Value,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let alert: Option<AnyRow> = sqlx::query(
            "SELECT entry_id FROM safety_alerts WHERE entry_id = $1 AND episode_id = $2 AND service_id = $3",
        )
        .bind(alert_entry_id)
        .bind(episode_id)
        .bind(service_id)
        .fetch_optional(&mut *tx)
        .await?;
        if alert.is_none() {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let entry_id = new_id();
        insert_version(
            &mut tx,
            &entry_id,
            episode_id,
            "alert_ack",
            1,
            body,
            actor,
            now,
            None,
        )
        .await?;
        sqlx::query(
            "INSERT INTO safety_alert_acks (entry_id, alert_entry_id, acknowledged_by, acknowledged_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&entry_id)
        .bind(alert_entry_id)
        .bind(actor.user_id.clone().unwrap_or_default())
        .bind(time_text(now))
        .execute(&mut *tx)
        .await?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("measure.safety_alert_ack", "episode", episode_id)
                .detail(&format!("{alert_entry_id} by {entry_id}")),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(entry_id)
    }

    /// Episodes with a safety alert nobody has yet recorded acting on,
    /// discharged or not, the longest unanswered first (`waiting_since` is
    /// when the oldest such alert was raised).
    pub async fn unacknowledged_alerts(&self, service_id: &str) -> Result<Vec<Waiting>> {
        sqlx::query(
            "SELECT e.id, p.given_name, p.family_name, p.practice_id, pr.name AS practice_name,
                    MIN(a.raised_at) AS opened_at
             FROM safety_alerts a JOIN episodes e ON e.id = a.episode_id
             JOIN persons p ON p.id = e.person_id
             LEFT JOIN practices pr ON pr.id = p.practice_id
             WHERE a.service_id = $1
               AND NOT EXISTS (SELECT 1 FROM safety_alert_acks k WHERE k.alert_entry_id = a.entry_id)
             GROUP BY e.id, p.given_name, p.family_name, p.practice_id, pr.name
             ORDER BY opened_at",
        )
        .bind(service_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(waiting)
        .collect()
    }

    /// Amends an entry: adds version `based_on + 1` with the reason. When
    /// someone else amended it since `based_on`, nothing is written and the
    /// current version is returned ([`Amended::Conflict`]).
    #[allow(clippy::too_many_arguments)]
    pub async fn amend_entry(
        &self,
        episode_id: &str,
        entry_id: &str,
        based_on: i64,
        body: &Value,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Amended> {
        let current = self.entry(episode_id, entry_id).await?;
        if current.version != based_on {
            return Ok(Amended::Conflict(Box::new(current)));
        }
        let mut tx = self.begin_write().await?;
        let inserted = insert_version(
            &mut tx,
            entry_id,
            episode_id,
            &current.kind,
            based_on + 1,
            body,
            actor,
            now,
            Some(reason),
        )
        .await;
        match inserted {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                tx.rollback().await?;
                let now_current = self.entry(episode_id, entry_id).await?;
                return Ok(Amended::Conflict(Box::new(now_current)));
            }
            Err(e) => return Err(e),
        }
        let detail = format!("{} {entry_id} version {}", current.kind, based_on + 1);
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("episode.entry_amend", "episode", episode_id).detail(&detail),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Amended::Saved(based_on + 1))
    }

    /// The current version of one entry of an episode.
    pub async fn entry(&self, episode_id: &str, entry_id: &str) -> Result<Entry> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM clinical_entries e JOIN users u ON u.id = e.author_id
             WHERE e.episode_id = $1 AND e.entry_id = $2 ORDER BY e.version DESC LIMIT 1"
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(episode_id)
            .bind(entry_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        entry(&r)
    }

    /// Every version of one entry, oldest first.
    pub async fn entry_history(&self, episode_id: &str, entry_id: &str) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM clinical_entries e JOIN users u ON u.id = e.author_id
             WHERE e.episode_id = $1 AND e.entry_id = $2 ORDER BY e.version"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(episode_id)
            .bind(entry_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(entry)
            .collect()
    }

    /// Every version of every entry of an episode, in the order written
    /// (for a subject access export).
    pub async fn all_entry_versions(&self, episode_id: &str) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM clinical_entries e JOIN users u ON u.id = e.author_id
             WHERE e.episode_id = $1 ORDER BY e.at, e.entry_id, e.version"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(episode_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(entry)
            .collect()
    }

    /// The current version of every entry of an episode, oldest first (the
    /// episode's timeline).
    pub async fn entries(&self, episode_id: &str) -> Result<Vec<Entry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM clinical_entries e JOIN users u ON u.id = e.author_id
             WHERE e.episode_id = $1
               AND e.version = (SELECT MAX(x.version) FROM clinical_entries x WHERE x.entry_id = e.entry_id)
             ORDER BY e.at, e.entry_id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(episode_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(entry)
            .collect()
    }

    /// The current version of every entry of one kind in the service's
    /// episodes, each with its episode and person (as list rows; the
    /// row's `waiting_since` is when the episode opened).
    pub async fn current_entries_of_kind(
        &self,
        service_id: &str,
        kind: &str,
    ) -> Result<Vec<(Waiting, Entry)>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, ep.id, p.given_name, p.family_name, p.practice_id,
                    pr.name AS practice_name, ep.opened_at
             FROM clinical_entries e JOIN users u ON u.id = e.author_id
             JOIN episodes ep ON ep.id = e.episode_id
             JOIN persons p ON p.id = ep.person_id
             LEFT JOIN practices pr ON pr.id = p.practice_id
             WHERE ep.service_id = $1 AND e.kind = $2
               AND e.version = (SELECT MAX(x.version) FROM clinical_entries x WHERE x.entry_id = e.entry_id)
             ORDER BY e.at, e.entry_id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(kind)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(|r| Ok((waiting(r)?, entry(r)?)))
            .collect()
    }

    /// Flags an episode for the practice's case discussion, or clears it.
    pub async fn set_discussion(
        &self,
        service_id: &str,
        episode_id: &str,
        on: bool,
        actor: &Actor,
    ) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let n =
            sqlx::query("UPDATE episodes SET discussion = $1 WHERE id = $2 AND service_id = $3")
                .bind(i64::from(on))
                .bind(episode_id)
                .bind(service_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n != 1 {
            return Err(StoreError::NotFound);
        }
        let action = if on {
            "episode.discussion_flag"
        } else {
            "episode.discussion_clear"
        };
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on(action, "episode", episode_id),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Episodes flagged for case discussion, oldest first.
    pub async fn discussion_list(&self, service_id: &str) -> Result<Vec<Waiting>> {
        self.episode_list(service_id, "e.discussion = 1 AND e.status = 'open'")
            .await
    }

    /// Discharges an episode: the discharge entry and the status change in
    /// one transaction. Refused (Conflict) when it is already discharged.
    pub async fn discharge(
        &self,
        service_id: &str,
        episode_id: &str,
        body: &Value,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE episodes SET status = 'discharged', discharged_at = $1, discussion = 0
             WHERE id = $2 AND service_id = $3 AND status = 'open'",
        )
        .bind(time_text(now))
        .bind(episode_id)
        .bind(service_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Err(StoreError::Conflict);
        }
        let entry_id = new_id();
        insert_version(
            &mut tx,
            &entry_id,
            episode_id,
            "discharge",
            1,
            body,
            actor,
            now,
            None,
        )
        .await?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("episode.discharge", "episode", episode_id),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn episode_list(&self, service_id: &str, condition: &str) -> Result<Vec<Waiting>> {
        let sql = format!(
            "SELECT e.id, p.given_name, p.family_name, p.practice_id, pr.name AS practice_name, e.opened_at
             FROM episodes e JOIN persons p ON p.id = e.person_id
             LEFT JOIN practices pr ON pr.id = p.practice_id
             WHERE e.service_id = $1 AND {condition}
             ORDER BY e.opened_at"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(waiting)
            .collect()
    }

    /// The waiting list: open episodes with nothing booked from `now` on,
    /// longest waiting first.
    pub async fn waiting_list(&self, service_id: &str, now: Timestamp) -> Result<Vec<Waiting>> {
        let sql = "SELECT e.id, p.given_name, p.family_name, p.practice_id, pr.name AS practice_name, e.opened_at
             FROM episodes e JOIN persons p ON p.id = e.person_id
             LEFT JOIN practices pr ON pr.id = p.practice_id
             WHERE e.service_id = $1 AND e.status = 'open'
               AND NOT EXISTS (SELECT 1 FROM appointments a
                               WHERE a.episode_id = e.id AND a.status = 'booked' AND a.starts_at >= $2)
             ORDER BY e.opened_at";
        sqlx::query(sql)
            .bind(service_id)
            .bind(time_text(now))
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(waiting)
            .collect()
    }

    /// Adds a clinic session. Audited.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_session(
        &self,
        service_id: &str,
        practice_id: &str,
        user_id: &str,
        starts_at: Timestamp,
        ends_at: Timestamp,
        slot_minutes: i64,
        modes: &[&str],
        actor: &Actor,
    ) -> Result<String> {
        let id = new_id();
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO clinic_sessions (id, service_id, practice_id, user_id, starts_at, ends_at,
                                          slot_minutes, modes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(service_id)
        .bind(practice_id)
        .bind(user_id)
        .bind(time_text(starts_at))
        .bind(time_text(ends_at))
        .bind(slot_minutes)
        .bind(modes.join(","))
        .bind(time_text(now))
        .execute(&mut *tx)
        .await?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("clinic.session_add", "clinic_session", &id),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sessions of a service starting in `[from, to)`, by start.
    pub async fn sessions(
        &self,
        service_id: &str,
        user_id: Option<&str>,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<Session>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM clinic_sessions s
             JOIN practices p ON p.id = s.practice_id JOIN users u ON u.id = s.user_id
             WHERE s.service_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
               AND ($4 = '' OR s.user_id = $4)
             ORDER BY s.starts_at, s.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(time_text(from))
            .bind(time_text(to))
            .bind(user_id.unwrap_or_default())
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(session)
            .collect()
    }

    /// A session and its slots, each free or with its booking.
    pub async fn session_slots(
        &self,
        service_id: &str,
        session_id: &str,
    ) -> Result<(Session, Vec<Slot>)> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM clinic_sessions s
             JOIN practices p ON p.id = s.practice_id JOIN users u ON u.id = s.user_id
             WHERE s.service_id = $1 AND s.id = $2"
        );
        let s = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(session_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        let s = session(&s)?;
        let bookings = sqlx::query(
            "SELECT a.id, a.starts_at, a.episode_id, a.mode, a.status, p.given_name, p.family_name
             FROM appointments a JOIN episodes e ON e.id = a.episode_id JOIN persons p ON p.id = e.person_id
             WHERE a.session_id = $1 AND a.status NOT IN ('cancelled_by_person', 'cancelled_by_service', 'moved')",
        )
        .bind(session_id)
        .fetch_all(self.reader())
        .await?;
        let mut slots = Vec::new();
        let step = SignedDuration::from_mins(s.slot_minutes.max(5));
        let mut at = s.starts_at;
        while at + step <= s.ends_at {
            let key = time_text(at);
            let booking = bookings
                .iter()
                .find(|b| b.try_get::<String, _>("starts_at").ok().as_deref() == Some(key.as_str()))
                .map(|b| -> Result<Booking> {
                    Ok(Booking {
                        appointment_id: b.try_get("id")?,
                        episode_id: b.try_get("episode_id")?,
                        person_name: format!(
                            "{} {}",
                            b.try_get::<String, _>("given_name")?,
                            b.try_get::<String, _>("family_name")?
                        ),
                        mode: b.try_get("mode")?,
                        status: b.try_get("status")?,
                    })
                })
                .transpose()?;
            slots.push(Slot {
                starts_at: at,
                booking,
            });
            at += step;
        }
        Ok((s, slots))
    }

    /// Books a slot for an episode. Two bookings of one free slot at the
    /// same moment: exactly one wins, the other is a [`StoreError::Conflict`]
    /// (the partial unique index decides, on both engines). Audited.
    pub async fn book(
        &self,
        session_id: &str,
        starts_at: Timestamp,
        episode_id: &str,
        mode: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let id = new_id();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO appointments (id, session_id, starts_at, episode_id, mode, status, booked_by, booked_at)
             VALUES ($1, $2, $3, $4, $5, 'booked', $6, $7)",
        )
        .bind(&id)
        .bind(session_id)
        .bind(time_text(starts_at))
        .bind(episode_id)
        .bind(mode)
        .bind(actor.user_id.clone().unwrap_or_default())
        .bind(time_text(now))
        .execute(&mut *tx)
        .await
        .map_err(crate::referrals::conflict)?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("appointment.book", "episode", episode_id),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Moves a booked appointment to another slot in one transaction: the
    /// old one is marked `moved` and a new one booked. If the new slot was
    /// taken a moment ago, nothing changes ([`StoreError::Conflict`]).
    #[allow(clippy::too_many_arguments)]
    pub async fn move_appointment(
        &self,
        episode_id: &str,
        appointment_id: &str,
        session_id: &str,
        starts_at: Timestamp,
        mode: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<String> {
        let user = actor.user_id.clone().unwrap_or_default();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE appointments SET status = 'moved', updated_by = $1, updated_at = $2
             WHERE id = $3 AND episode_id = $4 AND status = 'booked'",
        )
        .bind(&user)
        .bind(time_text(now))
        .bind(appointment_id)
        .bind(episode_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let id = new_id();
        let inserted = sqlx::query(
            "INSERT INTO appointments (id, session_id, starts_at, episode_id, mode, status, booked_by, booked_at)
             VALUES ($1, $2, $3, $4, $5, 'booked', $6, $7)",
        )
        .bind(&id)
        .bind(session_id)
        .bind(time_text(starts_at))
        .bind(episode_id)
        .bind(mode)
        .bind(&user)
        .bind(time_text(now))
        .execute(&mut *tx)
        .await
        .map_err(crate::referrals::conflict);
        if let Err(e) = inserted {
            tx.rollback().await?;
            return Err(e);
        }
        let detail = format!("appointment {appointment_id} moved to {id}");
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("appointment.move", "episode", episode_id).detail(&detail),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records what happened to an appointment (attended, did not attend,
    /// cancelled by the person or by the service). Audited.
    pub async fn set_appointment_status(
        &self,
        episode_id: &str,
        appointment_id: &str,
        status: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE appointments SET status = $1, updated_by = $2, updated_at = $3
             WHERE id = $4 AND episode_id = $5",
        )
        .bind(status)
        .bind(actor.user_id.clone().unwrap_or_default())
        .bind(time_text(now))
        .bind(appointment_id)
        .bind(episode_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::NotFound);
        }
        let detail = format!("appointment {appointment_id}: {status}");
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("appointment.update", "episode", episode_id).detail(&detail),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// An episode's appointments, by start.
    pub async fn appointments(
        &self,
        episode_id: &str,
    ) -> Result<Vec<(String, Timestamp, String, String, String)>> {
        sqlx::query(
            "SELECT a.id, a.starts_at, a.mode, a.status, p.name AS practice_name
             FROM appointments a JOIN clinic_sessions s ON s.id = a.session_id
             JOIN practices p ON p.id = s.practice_id
             WHERE a.episode_id = $1 ORDER BY a.starts_at",
        )
        .bind(episode_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                parse_time(&r.try_get::<String, _>("starts_at")?)?,
                r.try_get("mode")?,
                r.try_get("status")?,
                r.try_get("practice_name")?,
            ))
        })
        .collect()
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_version(
    tx: &mut sqlx::AnyConnection,
    entry_id: &str,
    episode_id: &str,
    kind: &str,
    version: i64,
    body: &Value,
    actor: &Actor,
    now: Timestamp,
    reason: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO clinical_entries (id, entry_id, episode_id, kind, version, body, author_id, at, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id())
    .bind(entry_id)
    .bind(episode_id)
    .bind(kind)
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
