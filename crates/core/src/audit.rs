//! The audit trail's hash chain: how each event's hash is made, and how a
//! chain is checked.
//!
//! Every event carries the hash of the one before it, so changing, removing
//! or inserting an event breaks the chain at that point, and `roots audit
//! verify` names the first event that does not match. The hash is SHA-256
//! over the previous hash and every field, each length-prefixed so that no
//! two different events can encode the same way.
//!
//! Every row of the table must be one of the chain's events: a row numbered
//! below 1 is named (`BreakReason::OutsideChain`), and after the walk
//! [`ChainCheck::account`] compares the table's row count with the chain's
//! length.
//!
//! Limits (see docs/security.md): someone who can write to the database and
//! knows this algorithm could rewrite the whole chain from the point they
//! changed, or remove events from the end. Signed checkpoints kept outside
//! the database (`crate::checkpoint`) detect both: the chain of today must
//! still carry, at each checkpoint's size, the hash the checkpoint recorded.

use sha2::{Digest, Sha256};

/// The "previous hash" of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit event as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    /// 1, 2, 3, … with no gaps: the chain's order.
    pub seq: i64,
    pub id: String,
    /// UTC, RFC 3339, as stored.
    pub at: String,
    pub user_id: Option<String>,
    /// The roles the user held at the time, comma-separated.
    pub roles: String,
    /// What was done, e.g. `referral.view`.
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    /// `success`, `denied` or `failure`.
    pub outcome: String,
    pub request_id: Option<String>,
    /// Non-personal detail (never names, dates of birth or free text).
    pub detail: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

fn field(h: &mut Sha256, v: Option<&str>) {
    match v {
        Some(v) => {
            h.update(v.len().to_string().as_bytes());
            h.update(b":");
            h.update(v.as_bytes());
        }
        None => h.update(b"~"),
    }
    h.update(b";");
}

/// The hash of an event, from its fields and the previous event's hash.
/// (`hash` itself is not an input; `prev_hash` is.)
pub fn chain_hash(r: &AuditRecord) -> String {
    let mut h = Sha256::new();
    field(&mut h, Some(&r.prev_hash));
    field(&mut h, Some(&r.seq.to_string()));
    field(&mut h, Some(&r.id));
    field(&mut h, Some(&r.at));
    field(&mut h, r.user_id.as_deref());
    field(&mut h, Some(&r.roles));
    field(&mut h, Some(&r.action));
    field(&mut h, r.record_type.as_deref());
    field(&mut h, r.record_id.as_deref());
    field(&mut h, Some(&r.outcome));
    field(&mut h, r.request_id.as_deref());
    field(&mut h, r.detail.as_deref());
    hex::encode(h.finalize())
}

/// Where and why a chain stops matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first event that does not match (for a removed event: the one
    /// after the gap).
    pub seq: i64,
    pub id: String,
    pub at: String,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakReason {
    /// A row numbered below 1, where the chain starts: it cannot be an
    /// event of the chain (the schema refuses such rows; this finds one
    /// written where the schema's checks were removed).
    OutsideChain,
    /// Events are missing: the sequence jumps.
    Gap { expected: i64 },
    /// The event does not point at the hash of the one before it.
    PreviousHash,
    /// The event's contents no longer match its hash.
    Contents,
}

impl std::fmt::Display for BreakReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BreakReason::OutsideChain => {
                f.write_str("its number is below 1, so it cannot be an event of the chain")
            }
            BreakReason::Gap { expected } => {
                write!(f, "events are missing: expected number {expected} here")
            }
            BreakReason::PreviousHash => f.write_str("it does not follow from the event before it"),
            BreakReason::Contents => f.write_str("its contents were changed after it was written"),
        }
    }
}

/// Checks the chain, carried along page by page. Start with
/// `ChainCheck::default()` and feed events in `seq` order.
#[derive(Debug, Clone)]
pub struct ChainCheck {
    pub next_seq: i64,
    pub prev_hash: String,
    pub checked: u64,
}

impl Default for ChainCheck {
    fn default() -> Self {
        Self {
            next_seq: 1,
            prev_hash: GENESIS.to_owned(),
            checked: 0,
        }
    }
}

impl ChainCheck {
    pub fn check(&mut self, r: &AuditRecord) -> Result<(), ChainBreak> {
        let brk = |reason| ChainBreak {
            seq: r.seq,
            id: r.id.clone(),
            at: r.at.clone(),
            reason,
        };
        if r.seq < 1 {
            return Err(brk(BreakReason::OutsideChain));
        }
        if r.seq != self.next_seq {
            return Err(brk(BreakReason::Gap {
                expected: self.next_seq,
            }));
        }
        if r.prev_hash != self.prev_hash {
            return Err(brk(BreakReason::PreviousHash));
        }
        if chain_hash(r) != r.hash {
            return Err(brk(BreakReason::Contents));
        }
        self.next_seq += 1;
        self.prev_hash = r.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// After the walk: the table held `rows` rows numbered up to the last
    /// event checked. Each must be one of the events walked, so the two
    /// counts must be equal; otherwise some rows were never checked.
    pub fn account(&self, rows: u64) -> Result<(), Unaccounted> {
        if rows == self.checked {
            Ok(())
        } else {
            Err(Unaccounted {
                rows,
                events: self.checked,
            })
        }
    }
}

/// The table holds rows that the walk along the chain did not reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unaccounted {
    pub rows: u64,
    pub events: u64,
}

impl std::fmt::Display for Unaccounted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the table holds {} rows but the chain has {} events, so {} rows are not part of it",
            self.rows,
            self.events,
            self.rows.abs_diff(self.events)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let mut r = AuditRecord {
                    seq,
                    id: format!("id-{seq}"),
                    at: format!("2026-11-24T10:00:{seq:02}.000000Z"),
                    user_id: (seq % 2 == 0).then(|| "u1".to_owned()),
                    roles: "receptionist".into(),
                    action: "referral.view".into(),
                    record_type: Some("referral".into()),
                    record_id: Some(format!("r{seq}")),
                    outcome: "success".into(),
                    request_id: None,
                    detail: None,
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                r.hash = chain_hash(&r);
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    fn verify(rs: &[AuditRecord]) -> Result<u64, ChainBreak> {
        let mut c = ChainCheck::default();
        for r in rs {
            c.check(r)?;
        }
        Ok(c.checked)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(10)), Ok(10));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn each_kind_of_tampering_is_found_at_the_right_event() {
        // (what was done, the chain after it, the event named, the reason)
        let mut altered = chain(5);
        altered[2].action = "referral.list".into();
        let mut removed = chain(5);
        removed.remove(2);
        let mut inserted = chain(5);
        let mut extra = inserted[4].clone();
        extra.seq = 6;
        extra.id = "forged".into();
        extra.prev_hash = "f".repeat(64);
        inserted.push(extra);
        let mut rehashed = chain(5);
        rehashed[1].user_id = Some("someone-else".into());
        rehashed[1].hash = chain_hash(&rehashed[1]);
        let mut first_changed = chain(3);
        first_changed[0].record_id = None;
        // The testers' forgery: a row numbered -1 with nonsense hashes,
        // which reading from 1 upwards never met.
        let mut below = chain(3);
        let mut forged = below[0].clone();
        forged.seq = -1;
        forged.hash = "nonsense".into();
        below.insert(0, forged);
        let mut zero = chain(2);
        let mut forged = zero[0].clone();
        forged.seq = 0;
        forged.hash = chain_hash(&forged);
        zero.insert(0, forged);
        let cases: Vec<(&str, Vec<AuditRecord>, i64, BreakReason)> = vec![
            ("a field altered", altered, 3, BreakReason::Contents),
            (
                "an event deleted",
                removed,
                4,
                BreakReason::Gap { expected: 3 },
            ),
            ("an event inserted", inserted, 6, BreakReason::PreviousHash),
            (
                "altered and its own hash recomputed",
                rehashed,
                3,
                BreakReason::PreviousHash,
            ),
            (
                "the first event altered",
                first_changed,
                1,
                BreakReason::Contents,
            ),
            ("a row numbered -1", below, -1, BreakReason::OutsideChain),
            (
                "a row numbered 0 with a correct hash",
                zero,
                0,
                BreakReason::OutsideChain,
            ),
        ];
        for (what, rs, seq, reason) in cases {
            let b = verify(&rs).expect_err(what);
            assert_eq!((b.seq, b.reason), (seq, reason), "{what}");
        }
    }

    #[test]
    fn every_row_must_be_an_event_walked() {
        let mut c = ChainCheck::default();
        for r in &chain(4) {
            c.check(r).unwrap();
        }
        // (rows in the table up to the head, accounted for)
        for (rows, ok) in [(4, true), (5, false), (3, false), (0, false)] {
            assert_eq!(c.account(rows).is_ok(), ok, "{rows} rows");
        }
        assert_eq!(
            c.account(6).unwrap_err().to_string(),
            "the table holds 6 rows but the chain has 4 events, so 2 rows are not part of it"
        );
        assert_eq!(ChainCheck::default().account(0), Ok(()));
    }

    #[test]
    fn encoding_is_unambiguous() {
        let mut a = chain(1).remove(0);
        let mut b = a.clone();
        a.record_type = Some("ab".into());
        a.record_id = Some("c".into());
        b.record_type = Some("a".into());
        b.record_id = Some("bc".into());
        assert_ne!(chain_hash(&a), chain_hash(&b));
        a.detail = None;
        b.detail = Some(String::new());
        assert_ne!(chain_hash(&a), chain_hash(&b));
    }
}
