//! The audit trail: who did what to which record, when, with what outcome.
//! Append-only (triggers refuse changes) and hash-chained (see
//! `roots_core::audit`), so a change made round the triggers is found by
//! [`Store::verify_audit`].
//!
//! Appending takes the chain's head inside the writing transaction: on
//! SQLite the write lock (`BEGIN IMMEDIATE`) serialises appenders; on
//! PostgreSQL a transaction-scoped advisory lock does.
//!
//! Verifying accounts for every row of `audit_events`, whatever its number
//! (the schema refuses rows that cannot be events since migration 0023; a
//! database whose checks were removed is still checked). It also checks
//! that today's chain extends each signed checkpoint given
//! ([`Store::check_checkpoints`]).
//!
//! What staff see (the viewer, its CSV, subject access) is only events
//! inside the verified chain: numbers 1 to the verified head
//! ([`Store::audit_trust`]). So that a page view does not walk a million
//! events, `audit_verified` keeps how far the chain was last found intact
//! (moved on by `roots audit checkpoint`, the server's schedule and the
//! viewer itself); a page checks that mark's event still has its hash and
//! walks only the events after it (at most [`TAIL_PER_VIEW`]), and each
//! event shown is checked against its own hash. An event changed in place
//! below the mark is therefore caught when it would be shown, and by the
//! next whole walk (the schedule, `roots audit verify`).

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use roots_core::audit::{
    AuditRecord, BreakReason, ChainBreak, ChainCheck, GENESIS, Unaccounted, chain_hash,
};
use roots_core::checkpoint::{Chain, Checkpoint, Mismatch};
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
    /// The chain is intact but the table holds rows it does not reach.
    Unaccounted(Unaccounted),
    /// The chain is intact, but it no longer passes through what was found
    /// when it was last verified (the mark in `audit_verified`): it was
    /// rewritten, or shortened, since.
    Rewritten(Mark),
}

/// How far the chain was last found intact, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub seq: i64,
    pub hash: String,
    /// UTC, as stored; empty before the first verification.
    pub verified_at: String,
}

impl std::fmt::Display for Mark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "event {} no longer has the hash it had when the trail was verified at {}: the trail was rewritten or shortened since",
            self.seq, self.verified_at
        )
    }
}

/// A walk along the whole chain.
#[derive(Debug, Clone)]
struct Walk {
    verified: Verified,
    /// Events 1 to `intact` form an intact chain, whatever comes after.
    intact: u64,
    broken_at: Option<i64>,
    /// The hashes of the events asked for, among the intact ones.
    hashes: BTreeMap<i64, String>,
}

/// What the viewer may show: events 1 to `verified`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTrust {
    /// Events numbered 1 to this are inside the verified chain.
    pub verified: i64,
    /// The newest row's number (0 for none).
    pub newest: i64,
    /// Rows numbered below 1: never events, never shown.
    pub outside: i64,
    /// Rows the upgrade to schema 23 moved out of the trail because they
    /// could not be events of it (kept in `audit_events_set_aside`).
    pub set_aside: i64,
    /// Why events after `verified` are not shown, if any exist.
    pub problem: Option<TrustProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustProblem {
    /// The chain breaks here; events from it on are not shown.
    Broken(ChainBreak),
    /// The trail no longer matches its last verification: nothing shown.
    Rewritten(Mark),
    /// More events were added since the last verification than a page
    /// checks ([`TAIL_PER_VIEW`]); those from `next` on are checked by the
    /// server's schedule (or the next pages) before they are shown.
    NotYetChecked { next: i64 },
}

/// The most events after the mark one viewer page checks; more wait for
/// the server's schedule (about a second's work, so a page stays quick
/// even after an upgrade of a large trail).
pub const TAIL_PER_VIEW: u64 = 20_000;

impl AuditTrust {
    /// Whether everything in the table is inside the verified chain.
    pub fn is_whole(&self) -> bool {
        self.problem.is_none() && self.outside == 0 && self.set_aside == 0
    }

    /// Whether the trail failed its check (not merely not checked yet).
    pub fn failed(&self) -> bool {
        !matches!(
            self.problem,
            None | Some(TrustProblem::NotYetChecked { .. })
        ) || self.outside > 0
            || self.set_aside > 0
    }

    /// What is not shown and why, one English sentence each (for the
    /// command line and JSON; pages use their own language).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        match &self.problem {
            Some(TrustProblem::Broken(b)) => out.push(format!(
                "the audit trail fails its check at event {} ({}): only events 1 to {} are listed",
                b.seq, b.reason, self.verified
            )),
            Some(TrustProblem::Rewritten(m)) => out.push(format!("{m}; no event is listed")),
            Some(TrustProblem::NotYetChecked { next }) => out.push(format!(
                "events from number {next} on have not been checked yet and are not listed (the server checks them in the background)"
            )),
            None => {}
        }
        if self.outside > 0 {
            out.push(format!(
                "{} rows numbered below 1 are not events of the trail and are not listed",
                self.outside
            ));
        }
        if self.set_aside > 0 {
            out.push(format!(
                "{} rows that could not be events of the trail were set aside at the upgrade to schema 23 (audit_events_set_aside)",
                self.set_aside
            ));
        }
        out
    }
}

/// Events matching a filter, with how far they could be verified.
#[derive(Debug, Clone)]
pub struct AuditSearch {
    pub rows: Vec<AuditRow>,
    pub trust: AuditTrust,
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

    /// Rows in order, `limit` at a time after `after_seq`, as stored and
    /// unchecked (for tests and tools; staff see [`Store::search_audit`]).
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

    /// The events about one record, oldest first (who has looked at it):
    /// only events inside the verified chain ([`Store::audit_trust`]).
    pub async fn audit_for_record(&self, record_id: &str) -> Result<Vec<AuditRecord>> {
        let mut trust = self.audit_trust().await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_events WHERE record_id = $1 AND seq BETWEEN 1 AND $2 ORDER BY seq"
        );
        let mut events: Vec<AuditRecord> = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(record_id)
            .bind(trust.verified)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(record)
            .collect::<Result<_>>()?;
        Store::check_shown(&mut trust, &events.iter().collect::<Vec<_>>());
        events.retain(|e| e.seq <= trust.verified);
        Ok(events)
    }

    /// Walks the whole chain and reports the first event that does not
    /// match, if any: every row of the table, whatever its number, must be
    /// an event of the chain, and the chain must still pass through the
    /// mark of its last verification.
    pub async fn verify_audit(&self) -> Result<Verified> {
        Ok(self.walk(&BTreeSet::new()).await?.verified)
    }

    /// [`Store::verify_audit`], and when the trail is intact, moves the
    /// mark of the last verification to its head (`roots audit checkpoint`
    /// and the server's schedule).
    pub async fn verify_audit_and_mark(&self, now: Timestamp) -> Result<Verified> {
        let verified = self.verify_audit().await?;
        if let Verified::Intact { events, head } = &verified {
            self.move_mark(*events as i64, head, now).await?;
        }
        Ok(verified)
    }

    /// Walks the chain once and checks that it extends each checkpoint:
    /// its event numbered the checkpoint's size still carries the recorded
    /// hash, and the chain is intact up to it.
    pub async fn check_checkpoints(
        &self,
        checkpoints: &[Checkpoint],
    ) -> Result<(Verified, Vec<std::result::Result<(), Mismatch>>)> {
        let want: BTreeSet<i64> = checkpoints
            .iter()
            .filter_map(|c| i64::try_from(c.size).ok())
            .collect();
        let walk = self.walk(&want).await?;
        let results = checkpoints
            .iter()
            .map(|c| {
                let hash = i64::try_from(c.size)
                    .ok()
                    .and_then(|s| walk.hashes.get(&s))
                    .map(String::as_str);
                roots_core::checkpoint::extends(
                    c,
                    &Chain {
                        intact: walk.intact,
                        broken_at: walk.broken_at,
                        hash_at_size: hash,
                    },
                )
            })
            .collect();
        Ok((walk.verified, results))
    }

    /// How many rows the upgrade to schema 23 set aside as unable to be
    /// events of the chain (kept, as evidence, in `audit_events_set_aside`).
    pub async fn audit_set_aside(&self) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COUNT(*) AS n FROM audit_events_set_aside")
                .fetch_one(self.reader())
                .await?
                .try_get("n")?,
        )
    }

    async fn mark(&self) -> Result<Mark> {
        let row = sqlx::query("SELECT seq, hash, verified_at FROM audit_verified WHERE id = 1")
            .fetch_optional(self.reader())
            .await?;
        Ok(match row {
            Some(r) => Mark {
                seq: r.try_get("seq")?,
                hash: r.try_get("hash")?,
                verified_at: r.try_get("verified_at")?,
            },
            None => Mark {
                seq: 0,
                hash: GENESIS.to_owned(),
                verified_at: String::new(),
            },
        })
    }

    /// Moves the mark forward (never back: several instances may race).
    async fn move_mark(&self, seq: i64, hash: &str, now: Timestamp) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_verified (id, seq, hash, verified_at) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
                                            verified_at = excluded.verified_at
             WHERE audit_verified.seq <= excluded.seq",
        )
        .bind(seq)
        .bind(hash)
        .bind(time_text(now))
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Rows after `after`, in order, as stored.
    async fn rows_after(&self, after: i64, limit: i64) -> Result<Vec<AuditRecord>> {
        let sql =
            format!("SELECT {COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after)
            .bind(limit)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// Walks every row from the lowest number up, keeping the hashes of the
    /// events in `want` (0: the starting hash).
    async fn walk(&self, want: &BTreeSet<i64>) -> Result<Walk> {
        let mark = self.mark().await?;
        let mut want = want.clone();
        want.insert(mark.seq);
        let mut hashes = BTreeMap::new();
        if want.contains(&0) {
            hashes.insert(0, GENESIS.to_owned());
        }
        let mut check = ChainCheck::default();
        let mut after = i64::MIN;
        let mut broken = None;
        'pages: loop {
            let page = self.rows_after(after, 10_000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for r in &page {
                if let Err(b) = check.check(r) {
                    broken = Some(b);
                    break 'pages;
                }
                if want.contains(&r.seq) {
                    hashes.insert(r.seq, r.hash.clone());
                }
            }
        }
        let intact = check.checked;
        let broken_at = broken.as_ref().map(|b| b.seq);
        let verified = match broken {
            Some(b) => Verified::Broken(b),
            None => {
                let rows: i64 =
                    sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE seq <= $1")
                        .bind(intact as i64)
                        .fetch_one(self.reader())
                        .await?
                        .try_get("n")?;
                match check.account(rows.max(0) as u64) {
                    Err(u) => Verified::Unaccounted(u),
                    Ok(()) if hashes.get(&mark.seq) != Some(&mark.hash) => {
                        Verified::Rewritten(mark)
                    }
                    Ok(()) => Verified::Intact {
                        events: intact,
                        head: check.prev_hash,
                    },
                }
            }
        };
        Ok(Walk {
            verified,
            intact,
            broken_at,
            hashes,
        })
    }

    /// How far the trail can be shown as verified, without walking all of
    /// it: the mark's event must still carry the mark's hash, and the
    /// events after the mark are walked now (and the mark moved on).
    pub async fn audit_trust(&self) -> Result<AuditTrust> {
        let counts = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM audit_events WHERE seq < 1) AS outside,
                    (SELECT COALESCE(MAX(seq), 0) FROM audit_events) AS newest,
                    (SELECT COUNT(*) FROM audit_events_set_aside) AS set_aside",
        )
        .fetch_one(self.reader())
        .await?;
        let mut trust = AuditTrust {
            verified: 0,
            newest: counts.try_get("newest")?,
            outside: counts.try_get("outside")?,
            set_aside: counts.try_get("set_aside")?,
            problem: None,
        };
        let mark = self.mark().await?;
        if mark.seq > 0 {
            let at_mark = sqlx::query("SELECT hash FROM audit_events WHERE seq = $1")
                .bind(mark.seq)
                .fetch_optional(self.reader())
                .await?
                .map(|r| r.try_get::<String, _>("hash"))
                .transpose()?;
            if at_mark.as_deref() != Some(mark.hash.as_str()) {
                trust.problem = Some(TrustProblem::Rewritten(mark));
                return Ok(trust);
            }
        }
        let mut check = ChainCheck {
            next_seq: mark.seq + 1,
            prev_hash: mark.hash.clone(),
            checked: 0,
        };
        let mut after = mark.seq;
        'pages: loop {
            if check.checked >= TAIL_PER_VIEW {
                if trust.newest > after {
                    trust.problem = Some(TrustProblem::NotYetChecked { next: after + 1 });
                }
                break;
            }
            let page = self.rows_after(after, 5_000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for r in &page {
                if let Err(b) = check.check(r) {
                    trust.problem = Some(TrustProblem::Broken(b));
                    break 'pages;
                }
            }
        }
        trust.verified = check.next_seq - 1;
        if trust.verified > mark.seq {
            self.move_mark(trust.verified, &check.prev_hash, Timestamp::now())
                .await?;
        }
        Ok(trust)
    }

    /// Narrows `trust` to events that still match their own hash: an event
    /// changed in place below the mark is caught when it would be shown.
    fn check_shown(trust: &mut AuditTrust, events: &[&AuditRecord]) {
        let bad = events
            .iter()
            .filter(|r| chain_hash(r) != r.hash)
            .min_by_key(|r| r.seq);
        if let Some(r) = bad {
            trust.verified = trust.verified.min(r.seq - 1);
            trust.problem = Some(TrustProblem::Broken(ChainBreak {
                seq: r.seq,
                id: r.id.clone(),
                at: r.at.clone(),
                reason: BreakReason::Contents,
            }));
        }
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
    /// Events matching a filter, newest first: only events inside the
    /// verified chain, with how far that reaches and why not further.
    pub async fn search_audit(&self, f: &AuditFilter) -> Result<AuditSearch> {
        let mut trust = self.audit_trust().await?;
        let mut conditions = vec![format!("a.seq BETWEEN 1 AND {}", trust.verified)];
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
        let mut rows: Vec<AuditRow> = q
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(|r| {
                Ok(AuditRow {
                    event: record(r)?,
                    user_name: r.try_get("user_name")?,
                    user_email: r.try_get("user_email")?,
                })
            })
            .collect::<Result<_>>()?;
        Store::check_shown(
            &mut trust,
            &rows.iter().map(|r| &r.event).collect::<Vec<_>>(),
        );
        rows.retain(|r| r.event.seq <= trust.verified);
        Ok(AuditSearch { rows, trust })
    }
}
