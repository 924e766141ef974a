//! Documents issued from an episode: the PDF exactly as issued, with its
//! content for the HTML version (`issued_documents`, append-only by
//! trigger on both engines). Issuing again in the same language is the
//! next version; earlier ones stay readable. Each issue is audited (`document.issue`).

use jiff::Timestamp;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store, StoreError, new_id, parse_time, time_text};

/// A document as issued (without its PDF).
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    pub id: String,
    pub episode_id: String,
    pub kind: String,
    pub entry_id: Option<String>,
    pub version: i64,
    pub lang: String,
    pub title: String,
    pub content: Value,
    pub issued_by: String,
    pub issued_at: Timestamp,
}

const COLUMNS: &str = "d.id, d.episode_id, d.kind, d.entry_id, d.version, d.lang, d.title,
    d.content, u.name AS issued_by, d.issued_at";

fn issued(r: &AnyRow) -> Result<Issued> {
    Ok(Issued {
        id: r.try_get("id")?,
        episode_id: r.try_get("episode_id")?,
        kind: r.try_get("kind")?,
        entry_id: r
            .try_get::<Option<String>, _>("entry_id")?
            .filter(|e| !e.is_empty()),
        version: r.try_get("version")?,
        lang: r.try_get("lang")?,
        title: r.try_get("title")?,
        content: serde_json::from_str(&r.try_get::<String, _>("content")?).unwrap_or(Value::Null),
        issued_by: r.try_get("issued_by")?,
        issued_at: parse_time(&r.try_get::<String, _>("issued_at")?)?,
    })
}

/// What to issue.
#[derive(Debug, Clone, Copy)]
pub struct ToIssue<'a> {
    pub episode_id: &'a str,
    pub kind: &'a str,
    pub entry_id: Option<&'a str>,
    pub lang: &'a str,
    pub title: &'a str,
    pub content: &'a Value,
    pub pdf: &'a [u8],
}

impl Store {
    /// Issues a document: the next version for this episode, kind, entry
    /// and language, audited in the same transaction. Returns (id,
    /// version).
    pub async fn issue_document(
        &self,
        d: ToIssue<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(String, i64)> {
        let mut tx = self.begin_write().await?;
        let version: i64 = sqlx::query(
            "SELECT COALESCE(MAX(version), 0) + 1 AS v FROM issued_documents
             WHERE episode_id = $1 AND kind = $2 AND entry_id = $3 AND lang = $4",
        )
        .bind(d.episode_id)
        .bind(d.kind)
        .bind(d.entry_id.unwrap_or(""))
        .bind(d.lang)
        .fetch_one(&mut *tx)
        .await?
        .try_get("v")?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO issued_documents (id, episode_id, kind, entry_id, version, lang, title, content, pdf, issued_by, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(d.episode_id)
        .bind(d.kind)
        // A document of no entry (the discharge summary) is kept with an
        // empty entry id, so the unique version constraint holds for it too
        // (NULLs never conflict).
        .bind(d.entry_id.unwrap_or(""))
        .bind(version)
        .bind(d.lang)
        .bind(d.title)
        .bind(d.content.to_string())
        .bind(d.pdf.to_vec())
        .bind(actor.user_id.clone().unwrap_or_default())
        .bind(time_text(now))
        .execute(&mut *tx)
        .await
        .map_err(crate::referrals::conflict)?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::on("document.issue", "episode", d.episode_id)
                .detail(&format!("{} version {version} ({})", d.kind, d.lang)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok((id, version))
    }

    /// The documents issued from an episode, oldest first.
    pub async fn issued_documents(&self, episode_id: &str) -> Result<Vec<Issued>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM issued_documents d JOIN users u ON u.id = d.issued_by
             WHERE d.episode_id = $1 ORDER BY d.issued_at, d.kind, d.version"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(episode_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(issued)
            .collect()
    }

    /// One issued document and its PDF.
    pub async fn issued_document(&self, episode_id: &str, id: &str) -> Result<(Issued, Vec<u8>)> {
        let sql = format!(
            "SELECT {COLUMNS}, d.pdf FROM issued_documents d JOIN users u ON u.id = d.issued_by
             WHERE d.episode_id = $1 AND d.id = $2"
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(episode_id)
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((issued(&r)?, r.try_get("pdf")?))
    }
}
