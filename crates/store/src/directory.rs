//! The directory of community resources: Open Referral UK 3.0 service
//! documents (see `roots_directory`), versioned, with their taxonomy terms
//! indexed.

use jiff::Timestamp;
use roots_directory::Summary;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, StoreError, parse_time, time_text};

/// A community resource as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub id: String,
    pub version: i64,
    pub name: String,
    pub status: String,
    /// The Open Referral UK 3.0 document.
    pub document: Value,
    /// Roots' own about it.
    pub local: Value,
    pub checked_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

fn resource(r: &AnyRow) -> Result<Resource> {
    let json = |k: &str| -> Result<Value> {
        let text: String = r.try_get(k)?;
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    };
    Ok(Resource {
        id: r.try_get("id")?,
        version: r.try_get("version")?,
        name: r.try_get("name")?,
        status: r.try_get("status")?,
        document: json("document")?,
        local: json("local")?,
        checked_at: r
            .try_get::<Option<String>, _>("checked_at")?
            .as_deref()
            .map(parse_time)
            .transpose()?,
        updated_at: parse_time(&r.try_get::<String, _>("updated_at")?)?,
    })
}

const COLUMNS: &str = "id, version, name, status, document, local, checked_at, updated_at";

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Records the database would not take (id, and why in one line, no
    /// data from the record), each rolled back to its own savepoint so
    /// the rest still import.
    pub failed: Vec<(String, String)>,
}

fn to_text(v: &Value) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Config(e.to_string()))
}

/// What search needs of a document, which must have an id.
fn summary(doc: &Value) -> Result<Summary> {
    let s = Summary::of(doc);
    if s.id.is_empty() {
        return Err(StoreError::Config("a resource without an id".into()));
    }
    Ok(s)
}

/// What importing one record did.
enum Change {
    New,
    Updated,
    Unchanged,
}

/// Writes one imported record inside the caller's transaction (and the
/// savepoint `import_resources` holds around it).
async fn import_one(
    tx: &mut sqlx::AnyConnection,
    service_id: &str,
    doc: &Value,
    actor: &Actor,
    now: Timestamp,
) -> Result<Change> {
    let s = summary(doc)?;
    let current: Option<AnyRow> = sqlx::query(
        "SELECT version, document, local FROM resources WHERE service_id = $1 AND id = $2",
    )
    .bind(service_id)
    .bind(&s.id)
    .fetch_optional(&mut *tx)
    .await?;
    let text = to_text(doc)?;
    // PostgreSQL cannot hold a NUL in text and SQLite can: refuse it on both,
    // so an import does the same on either engine (the importer's checks
    // refuse it first; this is the last line).
    if has_nul(doc) {
        return Err(StoreError::Config("it holds a NUL character".into()));
    }
    let (version, local, change) = match current {
        None => {
            insert_new(tx, service_id, &s, &text, false, now).await?;
            (1, "{}".to_owned(), Change::New)
        }
        Some(row) => {
            let old: Value =
                serde_json::from_str(&row.try_get::<String, _>("document")?).unwrap_or(Value::Null);
            if &old == doc {
                return Ok(Change::Unchanged);
            }
            let version = row.try_get::<i64, _>("version")? + 1;
            sqlx::query(
                "UPDATE resources SET version = $1, name = $2, status = $3, document = $4, updated_at = $5
                 WHERE service_id = $6 AND id = $7",
            )
            .bind(version)
            .bind(&s.name)
            .bind(&s.status)
            .bind(&text)
            .bind(time_text(now))
            .bind(service_id)
            .bind(&s.id)
            .execute(&mut *tx)
            .await?;
            (version, row.try_get::<String, _>("local")?, Change::Updated)
        }
    };
    insert_version(
        tx, service_id, &s.id, version, &text, &local, "import", actor, now,
    )
    .await?;
    replace_terms(tx, service_id, &s).await?;
    Ok(change)
}

/// True when any text in a document, key or value, holds a NUL.
fn has_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// Why the database would not store a record, in one line for the
/// operator (the engine's message, never the record's values).
fn refusal(e: &StoreError) -> String {
    let message = match e {
        StoreError::Database(sqlx::Error::Database(d)) => d.message().to_owned(),
        other => other.to_string(),
    };
    let line: String = message
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    format!("the database would not store it: {line}")
}

/// Adds one version of a resource inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
async fn insert_version(
    tx: &mut sqlx::AnyConnection,
    service_id: &str,
    id: &str,
    version: i64,
    document: &str,
    local: &str,
    source: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO resource_versions (service_id, id, version, document, local, source, changed_by, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(service_id)
    .bind(id)
    .bind(version)
    .bind(document)
    .bind(local)
    .bind(source)
    .bind(actor.user_id.clone())
    .bind(time_text(now))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds version 1 of a resource, checked now when staff made it, inside
/// the caller's transaction (`Conflict` when its id is taken).
async fn insert_new(
    tx: &mut sqlx::AnyConnection,
    service_id: &str,
    s: &Summary,
    document: &str,
    checked: bool,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO resources (service_id, id, version, name, status, document, local, checked_at, updated_at)
         VALUES ($1, $2, 1, $3, $4, $5, '{}', $6, $7)",
    )
    .bind(service_id)
    .bind(&s.id)
    .bind(&s.name)
    .bind(&s.status)
    .bind(document)
    .bind(checked.then(|| time_text(now)))
    .bind(time_text(now))
    .execute(&mut *tx)
    .await
    .map_err(crate::referrals::conflict)?;
    Ok(())
}

/// Indexes a resource's taxonomy terms (replacing those it had) inside the
/// caller's transaction.
async fn replace_terms(tx: &mut sqlx::AnyConnection, service_id: &str, s: &Summary) -> Result<()> {
    sqlx::query("DELETE FROM resource_terms WHERE service_id = $1 AND resource_id = $2")
        .bind(service_id)
        .bind(&s.id)
        .execute(&mut *tx)
        .await?;
    for (term_id, name, taxonomy) in &s.terms {
        sqlx::query(
            "INSERT INTO resource_terms (service_id, resource_id, term_id, name, taxonomy)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(service_id)
        .bind(&s.id)
        .bind(term_id)
        .bind(name)
        .bind(taxonomy)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Saves a resource's published details as staff changed them in Roots
    /// (`roots_directory::details`): a new resource when `based_on` is
    /// `None`, else the next version of one whose current version is
    /// `based_on` (`Conflict` when someone saved it meanwhile; the check is
    /// in the UPDATE). Saving marks it checked. Audited as
    /// `directory.resource_create` or `directory.resource_edit`.
    pub async fn save_resource(
        &self,
        service_id: &str,
        doc: &Value,
        based_on: Option<i64>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64> {
        let s = summary(doc)?;
        let text = to_text(doc)?;
        let mut tx = self.begin_write().await?;
        let (version, local, action) = match based_on {
            None => {
                insert_new(&mut tx, service_id, &s, &text, true, now).await?;
                (1, "{}".to_owned(), "directory.resource_create")
            }
            Some(based_on) => {
                let n = sqlx::query(
                    "UPDATE resources SET version = $1, name = $2, status = $3, document = $4,
                            checked_at = $5, updated_at = $5
                     WHERE service_id = $6 AND id = $7 AND version = $8",
                )
                .bind(based_on + 1)
                .bind(&s.name)
                .bind(&s.status)
                .bind(&text)
                .bind(time_text(now))
                .bind(service_id)
                .bind(&s.id)
                .bind(based_on)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    tx.rollback().await?;
                    return Err(StoreError::Conflict);
                }
                let local: String =
                    sqlx::query("SELECT local FROM resources WHERE service_id = $1 AND id = $2")
                        .bind(service_id)
                        .bind(&s.id)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("local")?;
                (based_on + 1, local, "directory.resource_edit")
            }
        };
        insert_version(
            &mut tx, service_id, &s.id, version, &text, &local, "staff", actor, now,
        )
        .await?;
        replace_terms(&mut tx, service_id, &s).await?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on(action, "resource", &s.id).detail(&format!("version {version}")),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Imports normalised documents (`roots_directory::normalise`): a new
    /// id is added, a changed document becomes the next version (Roots' own
    /// notes about it are kept), an unchanged one is left alone. One
    /// transaction and one audit event (`directory.import`, with the source
    /// and the counts). Each record is written inside its own savepoint: one
    /// the database refuses (a value too big for an index, say) is rolled
    /// back alone and listed in `failed`, and the rest still import. On
    /// PostgreSQL a failed statement would otherwise abort the whole
    /// transaction.
    pub async fn import_resources(
        &self,
        service_id: &str,
        docs: &[Value],
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Imported> {
        let mut done = Imported::default();
        let mut tx = self.begin_write().await?;
        for doc in docs {
            let id = doc["id"].as_str().unwrap_or_default().to_owned();
            sqlx::query("SAVEPOINT resource_import")
                .execute(&mut *tx)
                .await?;
            match import_one(&mut tx, service_id, doc, actor, now).await {
                Ok(outcome) => {
                    sqlx::query("RELEASE SAVEPOINT resource_import")
                        .execute(&mut *tx)
                        .await?;
                    match outcome {
                        Change::New => done.new += 1,
                        Change::Updated => done.updated += 1,
                        Change::Unchanged => done.unchanged += 1,
                    }
                }
                Err(e @ (StoreError::Unavailable(_) | StoreError::Limited)) => return Err(e),
                Err(e) => {
                    sqlx::query("ROLLBACK TO SAVEPOINT resource_import")
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("RELEASE SAVEPOINT resource_import")
                        .execute(&mut *tx)
                        .await?;
                    tracing::warn!(resource_id = %id, error = %e, "a directory record was not stored");
                    done.failed.push((id, refusal(&e)));
                }
            }
        }
        let detail = format!(
            "{source}: {} new, {} updated, {} unchanged, {} not stored",
            done.new,
            done.updated,
            done.unchanged,
            done.failed.len()
        );
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::action("directory.import").detail(&detail),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Sets Roots' own notes about a resource (needs it helps with, how
    /// people get in, accessibility notes) and marks it checked now: a new
    /// version (source `staff`), audited (`directory.resource_check`).
    pub async fn set_resource_local(
        &self,
        service_id: &str,
        id: &str,
        local: &Value,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64> {
        self.change_resource(
            service_id,
            id,
            actor,
            now,
            true,
            "directory.resource_check",
            "",
            |_, l| {
                *l = local.clone();
            },
        )
        .await
    }

    /// Sets a resource's status in its document (retiring it is
    /// `inactive`): a new version (source `staff`), audited
    /// (`directory.resource_status`).
    pub async fn set_resource_status(
        &self,
        service_id: &str,
        id: &str,
        status: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<i64> {
        let prefix = format!("{status} ");
        self.change_resource(
            service_id,
            id,
            actor,
            now,
            false,
            "directory.resource_status",
            &prefix,
            |doc, _| {
                if let Some(map) = doc.as_object_mut() {
                    map.insert("status".into(), Value::String(status.to_owned()));
                    map.insert("last_modified".into(), Value::String(time_text(now)));
                }
            },
        )
        .await
    }

    /// A staff change to a resource as its next version: `change` alters
    /// the document or Roots' notes; `checked` marks it checked now. One
    /// transaction; one audit event (`action`, detail `{prefix}version N`).
    #[allow(clippy::too_many_arguments)]
    async fn change_resource(
        &self,
        service_id: &str,
        id: &str,
        actor: &Actor,
        now: Timestamp,
        checked: bool,
        action: &str,
        prefix: &str,
        change: impl FnOnce(&mut Value, &mut Value),
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT version, document, local FROM resources WHERE service_id = $1 AND id = $2",
        )
        .bind(service_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let version = row.try_get::<i64, _>("version")? + 1;
        let read = |k: &str| -> Result<Value> {
            Ok(serde_json::from_str(&row.try_get::<String, _>(k)?).unwrap_or(Value::Null))
        };
        let (mut document, mut local) = (read("document")?, read("local")?);
        change(&mut document, &mut local);
        let s = Summary::of(&document);
        let (document_text, local_text) = (to_text(&document)?, to_text(&local)?);
        sqlx::query(
            "UPDATE resources SET version = $1, name = $2, status = $3, document = $4, local = $5,
                    checked_at = COALESCE($6, checked_at), updated_at = $7
             WHERE service_id = $8 AND id = $9",
        )
        .bind(version)
        .bind(&s.name)
        .bind(&s.status)
        .bind(&document_text)
        .bind(&local_text)
        .bind(checked.then(|| time_text(now)))
        .bind(time_text(now))
        .bind(service_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        insert_version(
            &mut tx,
            service_id,
            id,
            version,
            &document_text,
            &local_text,
            "staff",
            actor,
            now,
        )
        .await?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on(action, "resource", id).detail(&format!("{prefix}version {version}")),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// A page of the directory, by name.
    pub async fn resources(
        &self,
        service_id: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Resource>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM resources WHERE service_id = $1 ORDER BY name, id LIMIT $2 OFFSET $3"
        );
        let (limit, offset) = crate::page_bounds(limit, offset);
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(resource)
            .collect()
    }

    /// The whole directory, by name (read in pages).
    pub async fn all_resources(&self, service_id: &str) -> Result<Vec<Resource>> {
        const PAGE: i64 = 1000;
        let mut all = Vec::new();
        loop {
            let batch = self.resources(service_id, PAGE, all.len() as i64).await?;
            let n = batch.len() as i64;
            all.extend(batch);
            if n < PAGE {
                return Ok(all);
            }
        }
    }

    /// How many resources the directory holds.
    pub async fn resource_count(&self, service_id: &str) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COUNT(*) AS n FROM resources WHERE service_id = $1")
                .bind(service_id)
                .fetch_one(self.reader())
                .await?
                .try_get("n")?,
        )
    }

    /// One resource.
    pub async fn resource(&self, service_id: &str, id: &str) -> Result<Resource> {
        let sql = format!("SELECT {COLUMNS} FROM resources WHERE service_id = $1 AND id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(service_id)
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        resource(&row)
    }

    /// Every version of a resource, oldest first: (version, document,
    /// source, when).
    pub async fn resource_versions(
        &self,
        service_id: &str,
        id: &str,
    ) -> Result<Vec<(i64, Value, String, Timestamp)>> {
        sqlx::query(
            "SELECT version, document, source, changed_at FROM resource_versions
             WHERE service_id = $1 AND id = $2 ORDER BY version",
        )
        .bind(service_id)
        .bind(id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("version")?,
                serde_json::from_str(&r.try_get::<String, _>("document")?).unwrap_or(Value::Null),
                r.try_get("source")?,
                parse_time(&r.try_get::<String, _>("changed_at")?)?,
            ))
        })
        .collect()
    }

    /// The taxonomy terms in use: (term id, name, taxonomy, how many
    /// resources have it), by name.
    pub async fn resource_terms(
        &self,
        service_id: &str,
    ) -> Result<Vec<(String, String, Option<String>, i64)>> {
        sqlx::query(
            "SELECT term_id, MIN(name) AS name, MIN(taxonomy) AS taxonomy, COUNT(*) AS n
             FROM resource_terms WHERE service_id = $1
             GROUP BY term_id ORDER BY MIN(name), term_id",
        )
        .bind(service_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("term_id")?,
                r.try_get("name")?,
                r.try_get("taxonomy")?,
                r.try_get("n")?,
            ))
        })
        .collect()
    }
}
