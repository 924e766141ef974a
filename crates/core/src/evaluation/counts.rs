//! What the figures are made from: the counts of a period's referrals,
//! taken one referral at a time ([`Counts::add`]) and put together
//! ([`Counts::merge`]), so a large period can be counted in parts at once
//! and no list of a million referrals need be held. Everything the
//! evaluation shows comes from here: [`Counts::figures`], the referrals a
//! week, the mean changes, and the equity tallies.
//!
//! Counting in parts gives exactly what counting in one go gives: every
//! count is a sum; people are counted once by a key of each person (the
//! keys are put together and counted once each); the waits are kept, for
//! their percentiles. Keys and waits are sorted by [`Counts::finish`]: a
//! part can be finished on its own thread, and finished parts merge in
//! order in one pass.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use jiff::civil::Date;

use super::equity::{self, DIMENSIONS, Dimension, Group};
use super::{Figures, MEASURES, Rate, ReferralFacts, percentile_sorted};
use crate::triage::Pathway;
use crate::work::WorkOutcome;

/// The work outcomes, in the order counted.
const OUTCOMES: [WorkOutcome; 4] = [
    WorkOutcome::ReturnedToWork,
    WorkOutcome::IntoWork,
    WorkOutcome::IntoVolunteering,
    WorkOutcome::KeptInWork,
];

/// What is counted of one equity group: referrals, those seen, those
/// discharged, those offered self-management.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub referrals: u64,
    pub seen: u64,
    pub discharged: u64,
    pub self_management: u64,
}

impl Tally {
    fn add(&mut self, f: &ReferralFacts) {
        self.referrals += 1;
        self.seen += u64::from(f.contacts > 0);
        self.discharged += u64::from(f.discharged);
        self.self_management += u64::from(f.discharged && f.self_management_offered);
    }

    fn merge(&mut self, o: &Tally) {
        self.referrals += o.referrals;
        self.seen += o.seen;
        self.discharged += o.discharged;
        self.self_management += o.self_management;
    }
}

/// A key of a person that fits in 128 bits: a UUID (as Roots' ids are) is
/// its own number; anything else is hashed to 128 bits, with the UUID's
/// version digit 0, which no UUID of version 1 to 8 has. Two different
/// people share a key only if two hashes collide (about 1 in 10³⁸ a pair).
fn person_key(s: &str) -> u128 {
    if let Some(n) = uuid_number(s) {
        return n;
    }
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        s.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64 | u128::from(half(1))) & !VERSION
}

/// The bits of a UUID's version digit (the 13th hex digit).
const VERSION: u128 = 0xf << 76;

/// The number a UUID of version 1 to 8 in its usual text form
/// (8-4-4-4-12 hex digits) writes.
fn uuid_number(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    if b.len() != 36 {
        return None;
    }
    let mut n: u128 = 0;
    for (i, c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if *c != b'-' {
                return None;
            }
            continue;
        }
        let d = (*c as char).to_digit(16)?;
        n = n << 4 | u128::from(d);
    }
    (1..=8).contains(&((n & VERSION) >> 76)).then_some(n)
}

/// A measure's changes are summed in whole 2⁻³²ths: a sum of whole
/// numbers is the same in whatever order the parts are added (a sum of
/// floating-point numbers is not), so the mean change of a period is the
/// same however it was counted, on either engine. Scores and their
/// changes are whole numbers or T-scores with a few decimals; 2⁻³² is
/// 0.0000000002, and a change of up to 2²¹ keeps every digit.
const FIXED: f64 = 4_294_967_296.0;

/// A change in [`FIXED`]ths, to the nearest.
fn fixed(change: f64) -> i128 {
    (change * FIXED).round() as i128
}

/// Two sorted lists as one sorted list.
fn merged<T: Copy>(a: Vec<T>, b: Vec<T>, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if cmp(&b[j], &a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The counts of a period's referrals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    referrals: u64,
    /// Keys of the people of referrals seen ([`person_key`]); the referrals
    /// seen without a person key, each its own person.
    seen_people: Vec<u128>,
    seen_unkeyed: u64,
    sources: BTreeMap<String, u64>,
    pathways: [u64; Pathway::ALL.len()],
    waits_triage: Vec<f64>,
    waits_contact: Vec<f64>,
    contacts: u64,
    did_not_attend: u64,
    discharged: u64,
    self_management: u64,
    gp_avoided: u64,
    gp_appointments_avoided: u64,
    cmht_avoided: u64,
    referred_on: u64,
    outcomes: [u64; OUTCOMES.len()],
    /// Referrals received each day.
    days: BTreeMap<Date, u64>,
    /// Per measure of [`MEASURES`]: how many changes, and their sum in
    /// [`FIXED`]ths ([`fixed`]), so that sums do not depend on the order
    /// the parts were added in.
    changes: [(u64, i128); MEASURES.len()],
    /// Per equity dimension of [`DIMENSIONS`], a tally per group and a
    /// last one for "not stated".
    equity: Vec<Vec<Tally>>,
    /// Whether the waits are sorted (after [`Counts::finish`]).
    finished: bool,
}

impl Counts {
    /// The counts of `facts`.
    pub fn of(facts: &[ReferralFacts]) -> Counts {
        let mut c = Counts::default();
        for f in facts {
            c.add(f);
        }
        c.finish();
        c
    }

    /// Empty counts with room for about `n` referrals.
    pub fn with_capacity(n: usize) -> Counts {
        Counts {
            seen_people: Vec::with_capacity(n),
            waits_triage: Vec::with_capacity(n),
            waits_contact: Vec::with_capacity(n),
            ..Counts::default()
        }
    }

    /// Counts one more referral.
    pub fn add(&mut self, f: &ReferralFacts) {
        self.finished = false;
        self.referrals += 1;
        if f.contacts > 0 {
            if f.person.is_empty() {
                self.seen_unkeyed += 1;
            } else {
                self.seen_people.push(person_key(&f.person));
            }
        }
        match self.sources.get_mut(f.source.as_ref()) {
            Some(n) => *n += 1,
            None => {
                self.sources.insert(f.source.to_string(), 1);
            }
        }
        let mut bits = f.pathways.bits();
        while bits != 0 {
            if let Some(n) = self.pathways.get_mut(bits.trailing_zeros() as usize) {
                *n += 1;
            }
            bits &= bits - 1;
        }
        self.waits_triage
            .extend(f.days_to_triage.filter(|d| d.is_finite()));
        self.waits_contact
            .extend(f.days_to_first_contact.filter(|d| d.is_finite()));
        self.contacts += f.contacts;
        self.did_not_attend += f.did_not_attend;
        if f.discharged {
            self.discharged += 1;
            self.self_management += u64::from(f.self_management_offered);
            self.gp_avoided += u64::from(f.gp_appointments_avoided > 0);
            self.gp_appointments_avoided += f.gp_appointments_avoided;
            self.cmht_avoided += u64::from(f.cmht_referral_avoided);
            self.referred_on += u64::from(f.referred_on);
        }
        if let Some(i) = f
            .work_outcome
            .and_then(|o| OUTCOMES.iter().position(|x| *x == o))
        {
            self.outcomes[i] += 1;
        }
        if let Some(d) = f.received {
            *self.days.entry(d).or_default() += 1;
        }
        for (i, m) in MEASURES.iter().enumerate() {
            if let Some(c) = f.measure_changes.get(m) {
                self.changes[i].0 += 1;
                self.changes[i].1 += fixed(c);
            }
        }
        if self.equity.is_empty() {
            self.equity = (0..DIMENSIONS.len())
                .map(|d| vec![Tally::default(); equity::groups_at(d).len() + 1])
                .collect();
        }
        for (d, tallies) in self.equity.iter_mut().enumerate() {
            let not_stated = tallies.len() - 1;
            let i = equity::group_at(d, &f.equity).map_or(not_stated, |g| g.min(not_stated));
            tallies[i].add(f);
        }
    }

    /// Whether the waits are sorted and the people counted once: after
    /// [`Counts::finish`], or when there is nothing to put in order.
    fn in_order(&self) -> bool {
        self.finished
            || (self.seen_people.is_empty()
                && self.waits_triage.is_empty()
                && self.waits_contact.is_empty())
    }

    /// Adds the counts of another part of the period. When both are in
    /// order ([`Counts::finish`]; each part finished on its own thread),
    /// their waits and people are merged in order, in one pass, and the
    /// whole stays in order.
    pub fn merge(&mut self, o: Counts) {
        let in_order = self.in_order() && o.in_order();
        self.referrals += o.referrals;
        if in_order {
            let mine = std::mem::take(&mut self.seen_people);
            self.seen_people = merged(mine, o.seen_people, |a, b| a.cmp(b));
            self.seen_people.dedup();
            let mine = std::mem::take(&mut self.waits_triage);
            self.waits_triage = merged(mine, o.waits_triage, f64::total_cmp);
            let mine = std::mem::take(&mut self.waits_contact);
            self.waits_contact = merged(mine, o.waits_contact, f64::total_cmp);
        } else {
            self.seen_people.extend(o.seen_people);
            self.waits_triage.extend(o.waits_triage);
            self.waits_contact.extend(o.waits_contact);
        }
        self.finished = in_order;
        self.seen_unkeyed += o.seen_unkeyed;
        for (s, n) in o.sources {
            *self.sources.entry(s).or_default() += n;
        }
        for (a, b) in self.pathways.iter_mut().zip(o.pathways) {
            *a += b;
        }
        self.contacts += o.contacts;
        self.did_not_attend += o.did_not_attend;
        self.discharged += o.discharged;
        self.self_management += o.self_management;
        self.gp_avoided += o.gp_avoided;
        self.gp_appointments_avoided += o.gp_appointments_avoided;
        self.cmht_avoided += o.cmht_avoided;
        self.referred_on += o.referred_on;
        for (a, b) in self.outcomes.iter_mut().zip(o.outcomes) {
            *a += b;
        }
        for (d, n) in o.days {
            *self.days.entry(d).or_default() += n;
        }
        for (a, b) in self.changes.iter_mut().zip(o.changes) {
            a.0 += b.0;
            a.1 += b.1;
        }
        if self.equity.is_empty() {
            self.equity = o.equity;
        } else {
            for (mine, theirs) in self.equity.iter_mut().zip(&o.equity) {
                for (a, b) in mine.iter_mut().zip(theirs) {
                    a.merge(b);
                }
            }
        }
    }

    /// The counts of many parts put together: merged two by two, round
    /// after round, so that parts in order ([`Counts::finish`]) are merged
    /// in about n·log₂(parts) steps, not n·parts (merging each into one
    /// growing whole). The parts' order does not change the counts.
    pub fn merge_all(parts: Vec<Counts>) -> Counts {
        let mut round = parts;
        while round.len() > 1 {
            let mut next = Vec::with_capacity(round.len().div_ceil(2));
            let mut it = round.into_iter();
            while let Some(mut a) = it.next() {
                if let Some(b) = it.next() {
                    a.merge(b);
                }
                next.push(a);
            }
            round = next;
        }
        round.pop().unwrap_or_default()
    }

    /// Puts the counts in order for the figures: sorts the waits and
    /// counts each person seen once. Called by the figures when needed;
    /// call it first to do it once, or off the thread that needs them.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.waits_triage.sort_unstable_by(f64::total_cmp);
        self.waits_contact.sort_unstable_by(f64::total_cmp);
        self.seen_people.sort_unstable();
        self.seen_people.dedup();
        self.finished = true;
    }

    /// How many referrals were counted.
    pub fn referrals(&self) -> u64 {
        self.referrals
    }

    /// The waits to triage and to first contact in days, sorted.
    pub fn waits(&mut self) -> (&[f64], &[f64]) {
        self.finish();
        (&self.waits_triage, &self.waits_contact)
    }

    /// The evaluation's figures.
    pub fn figures(&mut self) -> Figures {
        self.finish();
        let discharged = self.discharged;
        let mut by_pathway: Vec<(String, u64)> = Pathway::ALL
            .iter()
            .zip(self.pathways)
            .filter(|(_, n)| *n > 0)
            .map(|(p, n)| (p.as_str().to_owned(), n))
            .collect();
        by_pathway.sort();
        let mut work_outcomes: Vec<(WorkOutcome, u64)> = OUTCOMES
            .iter()
            .zip(self.outcomes)
            .filter(|(_, n)| *n > 0)
            .map(|(o, n)| (*o, n))
            .collect();
        work_outcomes.sort_by_key(|(o, _)| o.as_str());
        Figures {
            referrals: self.referrals,
            people_seen: self.seen_people.len() as u64 + self.seen_unkeyed,
            contacts: self.contacts,
            by_source: self.sources.iter().map(|(s, n)| (s.clone(), *n)).collect(),
            by_pathway,
            wait_to_triage_median: percentile_sorted(&self.waits_triage, 0.5),
            wait_to_triage_p90: percentile_sorted(&self.waits_triage, 0.9),
            wait_to_contact_median: percentile_sorted(&self.waits_contact, 0.5),
            wait_to_contact_p90: percentile_sorted(&self.waits_contact, 0.9),
            self_management: Rate::new(self.self_management, discharged),
            gp_avoided: Rate::new(self.gp_avoided, discharged),
            cmht_avoided: Rate::new(self.cmht_avoided, discharged),
            referred_on: Rate::new(self.referred_on, discharged),
            gp_appointments_avoided: self.gp_appointments_avoided,
            did_not_attend: Rate::new(self.did_not_attend, self.contacts + self.did_not_attend),
            work_outcomes,
        }
    }

    /// Referrals received each day, in order.
    pub fn per_day(&self) -> impl Iterator<Item = (Date, u64)> + '_ {
        self.days.iter().map(|(d, n)| (*d, *n))
    }

    /// Each of [`MEASURES`]: how many changes, and their mean.
    pub fn mean_changes(&self) -> impl Iterator<Item = (&'static str, u64, Option<f64>)> + '_ {
        MEASURES
            .iter()
            .zip(self.changes)
            .map(|(m, (n, sum))| (*m, n, (n > 0).then(|| sum as f64 / FIXED / n as f64)))
    }

    /// The equity breakdown: each dimension's groups and its "not stated".
    pub fn breakdown(&self) -> Vec<Dimension> {
        let total = self.referrals;
        DIMENSIONS
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let groups = equity::groups_at(i);
                let blank = vec![Tally::default(); groups.len() + 1];
                let t = self.equity.get(i).unwrap_or(&blank);
                Dimension {
                    dimension: (*d).to_owned(),
                    groups: groups
                        .iter()
                        .zip(t)
                        .map(|(g, t)| Group {
                            group: (*g).to_owned(),
                            referrals: Rate::new(t.referrals, total),
                            seen: Rate::new(t.seen, t.referrals),
                            self_management: Rate::new(t.self_management, t.discharged),
                        })
                        .collect(),
                    not_stated: Rate::new(t.last().map_or(0, |t| t.referrals), total),
                }
            })
            .collect()
    }
}

/// Counts that could not be read back ([`Counts::from_bytes`]): written
/// by another version of [`Counts::to_bytes`], or damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCounts(pub String);

impl std::fmt::Display for BadCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "counts that cannot be read: {}", self.0)
    }
}

impl std::error::Error for BadCounts {}

/// The version of [`Counts::to_bytes`]' format, its first byte. A change
/// to what [`Counts`] holds is a new version; counts kept in the old one
/// are then counted again (the store keeps the version beside them).
pub const FORMAT: u8 = 1;

/// Writes whole numbers as LEB128 (7 bits a byte, the last byte's top bit
/// clear): most counts of a day take one or two bytes.
fn put_u128(out: &mut Vec<u8>, mut n: u128) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    put_u128(out, u128::from(n));
}

fn put_i128(out: &mut Vec<u8>, n: i128) {
    // Zigzag: small negative numbers are small too.
    put_u128(out, ((n << 1) ^ (n >> 127)) as u128);
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u64(out, n as u64);
}

/// Reads what [`Counts::to_bytes`] wrote.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], BadCounts> {
        if self.bytes.len() < n {
            return Err(BadCounts("they end too soon".into()));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn wide(&mut self, bits: u32) -> Result<u128, BadCounts> {
        let mut n: u128 = 0;
        let mut shift = 0;
        loop {
            let b = *self.take(1)?.first().unwrap_or(&0);
            if shift >= bits {
                return Err(BadCounts("a number is too long".into()));
            }
            n |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
            shift += 7;
        }
    }

    fn u64(&mut self) -> Result<u64, BadCounts> {
        u64::try_from(self.wide(64)?).map_err(|_| BadCounts("a count is too large".into()))
    }

    fn i128(&mut self) -> Result<i128, BadCounts> {
        let z = self.wide(128)?;
        Ok((z >> 1) as i128 ^ -((z & 1) as i128))
    }

    /// A length, checked against what is left (each item at least
    /// `least` bytes), so that damaged bytes cannot ask for a huge list.
    fn len(&mut self, least: usize) -> Result<usize, BadCounts> {
        let n = usize::try_from(self.u64()?).unwrap_or(usize::MAX);
        if n.saturating_mul(least) > self.bytes.len() {
            return Err(BadCounts("a list is longer than the bytes".into()));
        }
        Ok(n)
    }

    /// A list of exactly `want` items (a fixed part of the format).
    fn fixed_len(&mut self, want: usize, what: &str) -> Result<(), BadCounts> {
        let n = self.len(1)?;
        if n != want {
            return Err(BadCounts(format!("{n} {what}, not {want}")));
        }
        Ok(())
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], BadCounts> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

impl Counts {
    /// The counts as bytes, to be kept and read back ([`Counts::from_bytes`])
    /// exactly: the store keeps each day's counts so that a period is
    /// counted from its days. Puts the counts in order first.
    pub fn to_bytes(&mut self) -> Vec<u8> {
        self.finish();
        let mut out = Vec::with_capacity(
            200 + 16 * self.seen_people.len()
                + 8 * (self.waits_triage.len() + self.waits_contact.len()),
        );
        out.push(FORMAT);
        for n in [
            self.referrals,
            self.seen_unkeyed,
            self.contacts,
            self.did_not_attend,
            self.discharged,
            self.self_management,
            self.gp_avoided,
            self.gp_appointments_avoided,
            self.cmht_avoided,
            self.referred_on,
        ] {
            put_u64(&mut out, n);
        }
        for list in [&self.pathways[..], &self.outcomes[..]] {
            put_len(&mut out, list.len());
            list.iter().for_each(|n| put_u64(&mut out, *n));
        }
        put_len(&mut out, self.changes.len());
        for (n, sum) in self.changes {
            put_u64(&mut out, n);
            put_i128(&mut out, sum);
        }
        put_len(&mut out, self.sources.len());
        for (s, n) in &self.sources {
            put_len(&mut out, s.len());
            out.extend_from_slice(s.as_bytes());
            put_u64(&mut out, *n);
        }
        put_len(&mut out, self.days.len());
        for (d, n) in &self.days {
            put_i128(&mut out, i128::from(d.year()));
            out.push(d.month() as u8);
            out.push(d.day() as u8);
            put_u64(&mut out, *n);
        }
        put_len(&mut out, self.equity.len());
        for tallies in &self.equity {
            put_len(&mut out, tallies.len());
            for t in tallies {
                for n in [t.referrals, t.seen, t.discharged, t.self_management] {
                    put_u64(&mut out, n);
                }
            }
        }
        put_len(&mut out, self.seen_people.len());
        for k in &self.seen_people {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for waits in [&self.waits_triage, &self.waits_contact] {
            put_len(&mut out, waits.len());
            for w in waits.iter() {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Counts written by [`Counts::to_bytes`] of this [`FORMAT`], in order
    /// as they were written (checked, not trusted).
    pub fn from_bytes(bytes: &[u8]) -> Result<Counts, BadCounts> {
        let mut r = Reader { bytes };
        let version = r.take(1)?.first().copied().unwrap_or(0);
        if version != FORMAT {
            return Err(BadCounts(format!("format {version}, not {FORMAT}")));
        }
        let mut c = Counts::default();
        for n in [
            &mut c.referrals,
            &mut c.seen_unkeyed,
            &mut c.contacts,
            &mut c.did_not_attend,
            &mut c.discharged,
            &mut c.self_management,
            &mut c.gp_avoided,
            &mut c.gp_appointments_avoided,
            &mut c.cmht_avoided,
            &mut c.referred_on,
        ] {
            *n = r.u64()?;
        }
        r.fixed_len(c.pathways.len(), "pathways")?;
        for n in &mut c.pathways {
            *n = r.u64()?;
        }
        r.fixed_len(c.outcomes.len(), "work outcomes")?;
        for n in &mut c.outcomes {
            *n = r.u64()?;
        }
        r.fixed_len(c.changes.len(), "measures")?;
        for (n, sum) in &mut c.changes {
            *n = r.u64()?;
            *sum = r.i128()?;
        }
        for _ in 0..r.len(2)? {
            let len = r.len(1)?;
            let s = std::str::from_utf8(r.take(len)?)
                .map_err(|_| BadCounts("a source is not UTF-8".into()))?;
            c.sources.insert(s.to_owned(), r.u64()?);
        }
        for _ in 0..r.len(4)? {
            let year = i16::try_from(r.i128()?).map_err(|_| BadCounts("a bad year".into()))?;
            let [month, day] = r.array::<2>()?;
            let d = Date::new(year, month as i8, day as i8)
                .map_err(|_| BadCounts("a day that is not a date".into()))?;
            c.days.insert(d, r.u64()?);
        }
        let dimensions = r.len(1)?;
        if dimensions != 0 {
            if dimensions != DIMENSIONS.len() {
                return Err(BadCounts(format!("{dimensions} equity dimensions")));
            }
            for d in 0..dimensions {
                r.fixed_len(equity::groups_at(d).len() + 1, "equity groups")?;
                let tallies = (0..=equity::groups_at(d).len())
                    .map(|_| {
                        Ok(Tally {
                            referrals: r.u64()?,
                            seen: r.u64()?,
                            discharged: r.u64()?,
                            self_management: r.u64()?,
                        })
                    })
                    .collect::<Result<Vec<Tally>, BadCounts>>()?;
                c.equity.push(tallies);
            }
        }
        let people = r.len(16)?;
        c.seen_people = (0..people)
            .map(|_| r.array::<16>().map(u128::from_le_bytes))
            .collect::<Result<_, _>>()?;
        let waits = |r: &mut Reader| -> Result<Vec<f64>, BadCounts> {
            let n = r.len(8)?;
            (0..n)
                .map(|_| r.array::<8>().map(f64::from_le_bytes))
                .collect()
        };
        c.waits_triage = waits(&mut r)?;
        c.waits_contact = waits(&mut r)?;
        if !r.bytes.is_empty() {
            return Err(BadCounts("bytes left over".into()));
        }
        let sorted = |w: &[f64]| w.windows(2).all(|p| p[0].total_cmp(&p[1]).is_le());
        if !(c.seen_people.windows(2).all(|p| p[0] < p[1])
            && sorted(&c.waits_triage)
            && sorted(&c.waits_contact))
        {
            return Err(BadCounts("people or waits out of order".into()));
        }
        c.finished = true;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::MeasureChanges;
    use crate::evaluation::equity::Monitoring;
    use crate::evaluation::report::{Config, Sessions, evaluate_counts};

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// Forty referrals of every shape the counts see.
    fn forty() -> Vec<ReferralFacts<'static>> {
        (0..40u64)
            .map(|i| ReferralFacts {
                // People 0 to 29; referrals 30 to 39 are of people 0 to 9
                // again, and some have no person key.
                person: if i % 13 == 5 {
                    "".into()
                } else if i % 2 == 0 {
                    format!("{:08x}-0000-4000-8000-{:012x}", i % 30, i % 2).into()
                } else {
                    format!("p{}", i % 30).into()
                },
                received: Some(date(
                    ["2024-01-01", "2024-01-09", "2024-02-29"][(i % 3) as usize],
                )),
                source: ["self", "gp", "physiotherapist"][(i % 3) as usize].into(),
                pathways: Pathway::ALL
                    .iter()
                    .copied()
                    .filter(|p| (*p as u64 + i).is_multiple_of(4))
                    .collect(),
                days_to_triage: (i % 5 != 0).then_some(i as f64 / 3.0),
                days_to_first_contact: (i % 4 != 0).then_some(40.0 - i as f64),
                contacts: i % 4,
                did_not_attend: i % 3,
                discharged: i % 2 == 0,
                self_management_offered: i % 3 != 0,
                gp_appointments_avoided: i % 5,
                cmht_referral_avoided: i % 7 == 0,
                referred_on: i % 6 == 0,
                work_outcome: OUTCOMES.get((i % 6) as usize).copied(),
                measure_changes: MeasureChanges {
                    phq9: (i % 2 == 1).then_some(-(i as f64)),
                    gad7: (i % 3 == 1).then_some(-2.0),
                    gas: (i % 4 == 1).then_some(12.5),
                },
                equity: Monitoring {
                    age: (i % 9 != 0).then_some(15 + 2 * i as i64),
                    sex: Some(
                        ["female", "male", "other", "prefer_not_to_say"][(i % 4) as usize].into(),
                    ),
                    ethnic_group: Some(["A", "H", "M", "Z", "R"][(i % 5) as usize].into()),
                    housing: (i % 3 == 0).then(|| "temporary".into()),
                    deprivation: Some(("W92000004".into(), 1 + 47 * i as i64)),
                    ..Monitoring::default()
                },
            })
            .collect()
    }

    /// Counting in parts, in any order, gives what counting at once gives,
    /// to the last row of the evaluation.
    #[test]
    fn counts_in_parts_add_up_to_counts_at_once() {
        let facts = forty();
        let whole = Counts::of(&facts);
        for split in [1, 7, 20, 39] {
            let (a, b) = facts.split_at(split);
            let mut second = Counts::of(b);
            second.merge(Counts::of(a));
            second.finish();
            assert_eq!(second.clone().figures(), whole.clone().figures(), "{split}");
            assert_eq!(second.breakdown(), whole.breakdown(), "{split}");
            let e = |c: Counts| evaluate_counts(c, Sessions::default(), &Config::default());
            assert_eq!(e(second), e(whole.clone()), "{split}");
        }
        // Parts put in order on their own (as each part's thread does)
        // and parts not yet in order, merged into nothing, give the same.
        let unfinished = |part: &[ReferralFacts]| {
            let mut c = Counts::default();
            part.iter().for_each(|f| c.add(f));
            c
        };
        let (a, rest) = facts.split_at(11);
        let (b, c) = rest.split_at(17);
        let mut ordered = Counts::default();
        let mut mixed = Counts::default();
        for part in [c, a, b] {
            ordered.merge(Counts::of(part));
            assert!(ordered.finished, "in-order parts stay in order");
            mixed.merge(if part.len() == 11 {
                unfinished(part)
            } else {
                Counts::of(part)
            });
        }
        assert!(!mixed.finished);
        assert_eq!(ordered.clone().figures(), whole.clone().figures());
        assert_eq!(ordered.waits(), whole.clone().waits());
        assert_eq!(mixed.figures(), whole.clone().figures());
        // An empty part changes nothing.
        let mut with_empty = whole.clone();
        with_empty.merge(Counts::default());
        with_empty.finish();
        assert_eq!(with_empty.figures(), whole.clone().figures());
    }

    /// A day's counts kept as bytes read back as they were, and the days
    /// of a period merged ([`Counts::merge_all`], in any order) give the
    /// period's counts.
    #[test]
    fn counts_kept_as_bytes_read_back_exactly_and_days_merge_into_the_period() {
        let facts = forty();
        let mut whole = Counts::of(&facts);
        let bytes = whole.to_bytes();
        assert_eq!(bytes[0], FORMAT);
        assert_eq!(Counts::from_bytes(&bytes), Ok(whole.clone()));
        let mut empty = Counts::default();
        assert_eq!(Counts::from_bytes(&empty.to_bytes()), Ok(empty.clone()));

        let days: BTreeMap<Option<Date>, Vec<ReferralFacts>> =
            facts.iter().fold(BTreeMap::new(), |mut m, f| {
                m.entry(f.received).or_default().push(f.clone());
                m
            });
        assert_eq!(days.len(), 3);
        let kept: Vec<Vec<u8>> = days.values().map(|f| Counts::of(f).to_bytes()).collect();
        let read = |order: &[usize]| {
            let parts = order
                .iter()
                .map(|i| Counts::from_bytes(&kept[*i]).unwrap())
                .collect();
            Counts::merge_all(parts)
        };
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let mut merged = read(&order);
            merged.finish();
            assert_eq!(merged, whole, "{order:?}");
        }
        // Many small parts (one a referral) merge to the same.
        let mut singles = Counts::merge_all(
            facts
                .iter()
                .map(|f| Counts::of(std::slice::from_ref(f)))
                .collect(),
        );
        singles.finish();
        assert_eq!(singles, whole);
        assert_eq!(Counts::merge_all(Vec::new()), Counts::default());
    }

    /// Bytes that are not counts of this format are refused, whatever
    /// they hold: never read as counts that are wrong.
    #[test]
    fn damaged_or_foreign_bytes_are_refused() {
        let mut c = Counts::of(&forty());
        let bytes = c.to_bytes();
        for end in 0..bytes.len() {
            assert!(Counts::from_bytes(&bytes[..end]).is_err(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            Counts::from_bytes(&longer),
            Err(BadCounts("bytes left over".into()))
        );
        let mut other = bytes.clone();
        other[0] = FORMAT + 1;
        assert!(Counts::from_bytes(&other).unwrap_err().0.contains("format"));
        // The first two people's keys swapped: out of order.
        let people = 16 * c.seen_people.len() + 8 * (c.waits_triage.len() + c.waits_contact.len());
        let at = bytes.len() - people;
        let mut swapped = bytes.clone();
        let (first, second) = (at..at + 16, at + 16..at + 32);
        let a: Vec<u8> = swapped[first.clone()].to_vec();
        swapped.copy_within(second, first.start);
        swapped[at + 16..at + 32].copy_from_slice(&a);
        assert_eq!(
            Counts::from_bytes(&swapped),
            Err(BadCounts("people or waits out of order".into()))
        );
    }

    /// Means of changes are the same whatever the order the parts were
    /// added in: 0.1 + 0.2 + 0.3 in floating point depends on the order.
    #[test]
    fn mean_changes_do_not_depend_on_the_order_of_the_parts() {
        let one = |gas: f64| ReferralFacts {
            measure_changes: MeasureChanges {
                gas: Some(gas),
                ..MeasureChanges::default()
            },
            ..ReferralFacts::default()
        };
        let parts = [one(0.1), one(0.2), one(0.3)];
        assert_ne!(
            (0.1 + 0.2) + 0.3,
            0.1 + (0.2 + 0.3),
            "the case is a real one"
        );
        let mean = |order: [usize; 3]| {
            let mut c = Counts::default();
            for i in order {
                c.merge(Counts::of(std::slice::from_ref(&parts[i])));
            }
            c.mean_changes().find(|(m, ..)| *m == "gas").unwrap()
        };
        let first = mean([0, 1, 2]);
        assert_eq!(first.1, 3);
        assert!((first.2.unwrap() - 0.2).abs() < 1e-9);
        for order in [[2, 1, 0], [1, 0, 2], [2, 0, 1]] {
            assert_eq!(mean(order), first, "{order:?}");
        }
        // Whole numbers (PHQ-9, GAD-7) are kept exactly.
        assert_eq!(fixed(-27.0) as f64 / FIXED, -27.0);
        assert_eq!(fixed(12.5), 12 * (1 << 32) + (1 << 31));
    }

    #[test]
    fn sorted_lists_merge_in_order() {
        let cases: [(&[u32], &[u32], &[u32]); 5] = [
            (&[], &[], &[]),
            (&[1, 3], &[], &[1, 3]),
            (&[], &[2], &[2]),
            (
                &[1, 4, 4, 9],
                &[0, 4, 5, 10, 11],
                &[0, 1, 4, 4, 4, 5, 9, 10, 11],
            ),
            (&[7], &[1, 2, 3], &[1, 2, 3, 7]),
        ];
        for (a, b, want) in cases {
            assert_eq!(merged(a.to_vec(), b.to_vec(), |x, y| x.cmp(y)), want);
            assert_eq!(merged(b.to_vec(), a.to_vec(), |x, y| x.cmp(y)), want);
        }
    }

    /// The forty, counted by hand.
    #[test]
    fn the_counts_by_hand() {
        let mut c = Counts::of(&forty());
        let g = c.figures();
        assert_eq!(g.referrals, 40);
        // Seen: contacts i % 4 > 0, 30 referrals. Of those, no person key
        // when i % 13 == 5 (5, 18, 31): 3; the other 27 are of people
        // i % 30 keyed by parity: referrals 30..39 repeat 0..9 with the same
        // parity and key, so a repeat is the same person when its first
        // was seen too.
        let mut keys = std::collections::BTreeSet::new();
        for i in (0..40u64).filter(|i| i % 4 != 0 && i % 13 != 5) {
            keys.insert((i % 30, i % 2));
        }
        assert_eq!(g.people_seen, keys.len() as u64 + 3);
        assert_eq!(g.contacts, (0..40u64).map(|i| i % 4).sum::<u64>());
        assert_eq!(
            g.by_source,
            [
                ("gp".to_owned(), 13),
                ("physiotherapist".to_owned(), 13),
                ("self".to_owned(), 14)
            ]
        );
        // Discharged: the 20 even ones; self-management when i % 3 != 0.
        let even: Vec<u64> = (0..40).step_by(2).collect();
        let sm = even.iter().filter(|i| *i % 3 != 0).count() as u64;
        assert_eq!(g.self_management, Rate::new(sm, 20));
        let gp = even.iter().filter(|i| *i % 5 != 0).count() as u64;
        assert_eq!(g.gp_avoided, Rate::new(gp, 20));
        assert_eq!(
            g.gp_appointments_avoided,
            even.iter().map(|i| i % 5).sum::<u64>()
        );
        // Waits to triage: i / 3 for i not a multiple of 5: 32 values.
        let (triage, contact) = c.waits();
        assert_eq!((triage.len(), contact.len()), (32, 30));
        assert!(triage.windows(2).all(|w| w[0] <= w[1]));
        // Days: 2024-01-01 and 2024-01-09 are in different weeks.
        assert_eq!(
            c.per_day().collect::<Vec<_>>(),
            [
                (date("2024-01-01"), 14),
                (date("2024-01-09"), 13),
                (date("2024-02-29"), 13)
            ]
        );
        // PHQ-9: the 20 odd ones, mean −20.
        let phq = c.mean_changes().next().unwrap();
        assert_eq!(phq, ("phq9", 20, Some(-20.0)));
        // Sex: "prefer not to say" is not stated: 10 of 40.
        let b = c.breakdown();
        let sex = b.iter().find(|d| d.dimension == "sex").unwrap();
        assert_eq!(sex.not_stated, Rate::new(10, 40));
        assert_eq!(sex.groups[0].referrals, Rate::new(10, 40));
    }

    #[test]
    fn people_are_keyed_by_their_uuid_or_a_hash() {
        let id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assert_eq!(uuid_number(id), Some(0x0f8fad5bd9cb469fa16570867728950e));
        assert_eq!(person_key(id), 0x0f8fad5bd9cb469fa16570867728950e);
        // Any first digit; the version digit (13th) says it is a UUID.
        let high = "ff8fad5b-d9cb-469f-a165-70867728950e";
        assert_eq!(person_key(high), 0xff8fad5bd9cb469fa16570867728950e);
        for not in [
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "0f8fad5bxd9cb-469f-a165-70867728950e",
            "0f8fad5b-d9cb-469f-a165-70867728950g",
            "0f8fad5b-d9cb-069f-a165-70867728950e",
            "0f8fad5b-d9cb-969f-a165-70867728950e",
            "p1",
        ] {
            assert_eq!(uuid_number(not), None, "{not}");
            assert_eq!(person_key(not) & VERSION, 0, "{not}: hashed, version 0");
        }
        assert_eq!(person_key("p1"), person_key("p1"));
        assert_ne!(person_key("p1"), person_key("p2"));
    }
}
