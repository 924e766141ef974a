//! The audit trail: who did what to which record, when, with what outcome.
//! Append-only (triggers refuse changes) and hash-chained (see
//! `roots_core::audit`), so a change made round the triggers is found by
//! [`Store::verify_audit`].
//!
//! Appending takes the chain's head inside the writing transaction: on
//! SQLite the write lock (`BEGIN IMMEDIATE`) serialises appenders; on
//! PostgreSQL a transaction-scoped advisory lock does.

use jiff::Timestamp;
use roots_core::audit::{AuditRecord, ChainBreak, ChainCheck, GENESIS, chain_hash};
use roots_core::staff::Role;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Engine, Result, Store, new_id, time_text};

/// Names the PostgreSQL advisory lock that serialises appends.
const PG_AUDIT_LOCK: i64 = 0x526f_6f74_7341;

/// Who is acting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    /// `None` for someone not signed in (a person referring themselves).
    pub user_id: Option<String>,
    pub roles: Vec<Role>,
    /// The request's `x-request-id`, to join the trail to the logs.
    pub request_id: Option<String>,
    /// Set for command-line tools run by an operator.
    pub system: bool,
}

impl Actor {
    pub fn anonymous(request_id: Option<String>) -> Actor {
        Actor {
            request_id,
            ..Default::default()
        }
    }

    /// An operator at the command line.
    pub fn system() -> Actor {
        Actor {
            system: true,
            ..Default::default()
        }
    }

    fn roles_text(&self) -> String {
        if self.system {
            return "system".into();
        }
        self.roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Denied,
    Failure,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
            Outcome::Failure => "failure",
        }
    }
}

/// What happened. `detail` must never hold personal data.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub action: &'a str,
    pub record_type: Option<&'a str>,
    pub record_id: Option<&'a str>,
    pub outcome: Outcome,
    pub detail: Option<&'a str>,
}

impl<'a> Event<'a> {
    pub fn on(action: &'a str, record_type: &'a str, record_id: &'a str) -> Event<'a> {
        Event {
            action,
            record_type: Some(record_type),
            record_id: Some(record_id),
            outcome: Outcome::Success,
            detail: None,
        }
    }

    pub fn action(action: &'a str) -> Event<'a> {
        Event {
            action,
            record_type: None,
            record_id: None,
            outcome: Outcome::Success,
            detail: None,
        }
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    pub fn detail(mut self, detail: &'a str) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// Every event matches; `head` is the newest event's hash.
    Intact {
        events: u64,
        head: String,
    },
    Broken(ChainBreak),
}

fn record(r: &AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.try_get("seq")?,
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        user_id: r.try_get("user_id")?,
        roles: r.try_get("roles")?,
        action: r.try_get("action")?,
        record_type: r.try_get("record_type")?,
        record_id: r.try_get("record_id")?,
        outcome: r.try_get("outcome")?,
        request_id: r.try_get("request_id")?,
        detail: r.try_get("detail")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

const COLUMNS: &str = "seq, id, at, user_id, roles, action, record_type, record_id, outcome, request_id, detail, prev_hash, hash";

/// Appends an event inside a write transaction the caller holds.
pub(crate) async fn append(
    engine: Engine,
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    event: &Event<'_>,
    now: Timestamp,
) -> Result<()> {
    if engine == Engine::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(PG_AUDIT_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    let (seq, prev_hash) = match head {
        Some(r) => (
            r.try_get::<i64, _>("seq")? + 1,
            r.try_get::<String, _>("hash")?,
        ),
        None => (1, GENESIS.to_owned()),
    };
    let mut r = AuditRecord {
        seq,
        id: new_id(),
        at: time_text(now),
        user_id: actor.user_id.clone(),
        roles: actor.roles_text(),
        action: event.action.to_owned(),
        record_type: event.record_type.map(str::to_owned),
        record_id: event.record_id.map(str::to_owned),
        outcome: event.outcome.as_str().to_owned(),
        request_id: actor.request_id.clone(),
        detail: event.detail.map(str::to_owned),
        prev_hash,
        hash: String::new(),
    };
    r.hash = chain_hash(&r);
    sqlx::query(
        "INSERT INTO audit_events (seq, id, at, user_id, roles, action, record_type, record_id, outcome,
                                   request_id, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(r.seq)
    .bind(&r.id)
    .bind(&r.at)
    .bind(&r.user_id)
    .bind(&r.roles)
    .bind(&r.action)
    .bind(&r.record_type)
    .bind(&r.record_id)
    .bind(&r.outcome)
    .bind(&r.request_id)
    .bind(&r.detail)
    .bind(&r.prev_hash)
    .bind(&r.hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Records one event in a transaction of its own.
    pub async fn audit(&self, actor: &Actor, event: Event<'_>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        append(self.engine(), &mut tx, actor, &event, Timestamp::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Events in order, `limit` at a time after `after_seq`.
    pub async fn audit_events(&self, after_seq: i64, limit: i64) -> Result<Vec<AuditRecord>> {
        let sql =
            format!("SELECT {COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after_seq)
            .bind(limit)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// The events about one record, oldest first (who has looked at it).
    pub async fn audit_for_record(&self, record_id: &str) -> Result<Vec<AuditRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM audit_events WHERE record_id = $1 ORDER BY seq");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(record_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// Walks the whole chain and reports the first event that does not
    /// match, if any.
    pub async fn verify_audit(&self) -> Result<Verified> {
        let mut check = ChainCheck::default();
        let mut after = 0;
        loop {
            let page = self.audit_events(after, 10_000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for r in &page {
                if let Err(b) = check.check(r) {
                    return Ok(Verified::Broken(b));
                }
            }
        }
        Ok(Verified::Intact {
            events: check.checked,
            head: check.prev_hash,
        })
    }
}

/// What to look for in the audit trail. Empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only events by this service's staff or about its referrals, episodes
    /// and staff, and events with no member of staff and no record (unknown
    /// accounts, refused submissions), which belong to no service.
    pub service_id: Option<String>,
    pub user_id: Option<String>,
    pub record_id: Option<String>,
    pub action: Option<String>,
    /// Inclusive, UTC.
    pub from: Option<Timestamp>,
    /// Exclusive, UTC.
    pub to: Option<Timestamp>,
    pub limit: i64,
}

/// An event with the name of the member of staff it names, if any.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub event: AuditRecord,
    pub user_name: Option<String>,
    pub user_email: Option<String>,
}

impl Store {
    /// Events matching a filter, newest first.
    pub async fn search_audit(&self, f: &AuditFilter) -> Result<Vec<AuditRow>> {
        let mut conditions = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        if let Some(v) = &f.service_id {
            binds.push(v.clone());
            let n = binds.len();
            conditions.push(format!(
                "(u.service_id = ${n}
                  OR a.record_id IN (SELECT id FROM referrals WHERE service_id = ${n})
                  OR a.record_id IN (SELECT id FROM users WHERE service_id = ${n})
                  OR a.record_id IN (SELECT id FROM episodes WHERE service_id = ${n})
                  OR (a.user_id IS NULL AND a.record_id IS NULL))"
            ));
        }
        let mut add = |column: &str, op: &str, value: String| {
            binds.push(value);
            conditions.push(format!("a.{column} {op} ${}", binds.len()));
        };
        if let Some(v) = &f.user_id {
            add("user_id", "=", v.clone());
        }
        if let Some(v) = &f.record_id {
            add("record_id", "=", v.clone());
        }
        if let Some(v) = &f.action {
            add("action", "=", v.clone());
        }
        if let Some(v) = f.from {
            add("at", ">=", time_text(v));
        }
        if let Some(v) = f.to {
            add("at", "<", time_text(v));
        }
        let cols: Vec<String> = COLUMNS.split(", ").map(|c| format!("a.{c}")).collect();
        let sql = format!(
            "SELECT {}, u.name AS user_name, u.email AS user_email FROM audit_events a
             LEFT JOIN users u ON u.id = a.user_id
             {} ORDER BY a.seq DESC LIMIT {}",
            cols.join(", "),
            if conditions.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", conditions.join(" AND "))
            },
            f.limit.clamp(1, 10_000)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(b);
        }
        q.fetch_all(self.reader())
            .await?
            .iter()
            .map(|r| {
                Ok(AuditRow {
                    event: record(r)?,
                    user_name: r.try_get("user_name")?,
                    user_email: r.try_get("user_email")?,
                })
            })
            .collect()
    }
}
