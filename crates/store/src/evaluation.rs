//! The facts the service evaluation counts, and reading them for a period.
//!
//! For each referral the store keeps one line of its counted facts in
//! `referral_facts` (migration 0020; the format is [`line`]): how it came,
//! its triage, its contacts, its discharge outcomes, its outcome measures
//! and work outcome, and the monitoring answers for the equity figures. No
//! names: the person is an opaque key.
//!
//! - The facts are computed from the records here, and only here
//!   ([`Store::evaluation_lines_from_records`] shows them computed afresh).
//! - The database's triggers list a referral in `referral_facts_stale` in
//!   the same transaction as any write to a record its line is computed
//!   from; before an evaluation the store recomputes the lines of those
//!   listed ([`Store::refresh_evaluation_facts`]), so what is read is what
//!   the records say.
//! - Each day's counts of its lines are kept beside them ([`days`]), and
//!   an evaluation merges the period's days' counts
//!   ([`Store::evaluation_counts`]); the arithmetic is
//!   `roots_core::evaluation`.
//! - Every line of a period can also be read, as a few long strings
//!   joined by the database ([`Store::evaluation_cohort`]), and counted in
//!   parts at once ([`Cohort::counts`]): the lines themselves, and what
//!   the tests and the benchmark check the days' counts against.
//!
//! Clinical entries count as their latest version (an amended discharge
//! counts as amended), dated by their first (when it was recorded).

pub mod days;
pub mod line;

use std::borrow::Cow;
use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use roots_core::evaluation::equity::Monitoring;
use roots_core::evaluation::report::{Config, Evaluation, Sessions, evaluate_counts};
use roots_core::evaluation::{Counts, ReferralFacts, counts};
use roots_core::triage::Pathway;
use roots_core::work::{StatusChange, WorkStatus, work_outcome};
use serde_json::Value;
use sqlx::Row;

use crate::episodes::Entry;
use crate::{Engine, Result, Store, parse_time, time_text};

/// Which referrals: a service's, received from `from` to `to` inclusive
/// (days in Europe/London), optionally of one practice.
#[derive(Debug, Clone)]
pub struct Period {
    pub service_id: String,
    pub from: Date,
    pub to: Date,
    /// A practice id, or `None` for all.
    pub practice_id: Option<String>,
}

fn london_midnight(d: Date) -> Timestamp {
    d.in_tz("Europe/London")
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn london_date(t: Timestamp) -> Option<Date> {
    t.in_tz("Europe/London").ok().map(|z| z.date())
}

fn days_between(a: Timestamp, b: Timestamp) -> f64 {
    (b.as_second() - a.as_second()) as f64 / 86_400.0
}

/// Whole years from `born` to `on`.
fn age_on(born: Date, on: Date) -> i64 {
    let before_birthday = (on.month(), on.day()) < (born.month(), born.day());
    i64::from(on.year() - born.year()) - i64::from(before_birthday)
}

/// Fields of a JSON column packed into one JSON array, in each engine's
/// dialect, so a row brings one value to decode instead of one per field
/// (the driver's cost is per value). On PostgreSQL the column is parsed
/// once, as `alias.j`, by a lateral join (see [`lateral`]). `paths` are
/// keys, or `key[0]` for an array's first item.
fn packed(engine: Engine, column: &str, alias: &str, paths: &[&str]) -> String {
    let parts: Vec<String> = paths
        .iter()
        .map(|path| match engine {
            Engine::Sqlite => format!("json_extract({column}, '$.{path}')"),
            Engine::Postgres => match path.split_once('[') {
                Some((key, index)) => {
                    format!("({alias}.j -> '{key}' -> {})", index.trim_end_matches(']'))
                }
                None => format!("({alias}.j -> '{path}')"),
            },
        })
        .collect();
    match engine {
        Engine::Sqlite => format!("json_array({})", parts.join(", ")),
        Engine::Postgres => format!("json_build_array({})::text", parts.join(", ")),
    }
}

/// The lateral join that parses `column` once on PostgreSQL (nothing on
/// SQLite, whose JSON functions cache the parse).
///
/// PostgreSQL's JSON functions refuse a whole document holding the escape
/// `\u0000` (NUL cannot be text there: "unsupported Unicode escape
/// sequence"), and one such answer in one referral would stop every
/// evaluation. Text is checked where it enters (`roots_core::text`), but
/// rows written before that may hold one, so each `\u0000` is read as
/// `\ufffd`. Swapping one six-character escape for another keeps the
/// document valid JSON wherever the match falls (in `\\u0000`, a
/// backslash then the text `u0000`, the text changes and stays valid); the
/// evaluation reads only codes and numbers, which no NUL belongs in.
fn lateral(engine: Engine, column: &str, alias: &str) -> String {
    match engine {
        Engine::Postgres => format!(
            "CROSS JOIN LATERAL (SELECT replace({column}, '\\u0000', '\\ufffd')::json AS j) {alias}"
        ),
        Engine::Sqlite => String::new(),
    }
}

/// A packed array back as text values: strings as they are, numbers and
/// booleans written out (`true`/`false` on PostgreSQL, `1`/`0` on SQLite,
/// which [`truthy`] takes both of), null as `None`.
fn unpack(text: &str, n: usize) -> Vec<Option<String>> {
    let values: Vec<Value> = serde_json::from_str(text).unwrap_or_default();
    (0..n)
        .map(|i| match values.get(i) {
            None | Some(Value::Null) => None,
            // A NUL (in a row from before the text rule) as PostgreSQL
            // reads it (see [`lateral`]), so both engines count alike.
            Some(Value::String(s)) => Some(s.replace('\0', "\u{fffd}")),
            Some(other) => Some(other.to_string()),
        })
        .collect()
}

fn truthy(v: Option<&str>) -> bool {
    matches!(v, Some("1" | "true"))
}

/// The entry fields the evaluation reads: (path in the body, name).
const ENTRY_FIELDS: &[(&str, &str)] = &[
    ("self_management_offered", "sm"),
    ("gp_appointments_avoided", "gp"),
    ("cmht_referral_avoided", "cmht"),
    ("secondary_care", "secondary"),
    ("measure", "measure"),
    ("total", "total"),
    ("importance", "importance"),
    ("difficulty", "difficulty"),
    ("baseline", "baseline"),
    ("followup", "followup"),
    ("status", "status"),
    ("status[0]", "status0"),
    ("since", "since"),
];

const MONITORING: &[&str] = &[
    "sex",
    "ethnic_group",
    "housing",
    "no_fixed_address",
    "refugee_asylum",
    "gypsy_roma_traveller",
    "armed_forces",
    "unpaid_carer",
];

/// The cohort's condition on `r` (referrals), with $1 service, $2 from,
/// $3 to (exclusive), $4 practice or ''.
const COHORT: &str = "r.service_id = $1 AND r.created_at >= $2 AND r.created_at < $3
    AND ($4 = '' OR r.practice_id = $4)";

/// The person's work statuses in an episode, each from its date: the work
/// assessment's (from the day it was recorded) and every change recorded.
pub fn work_history(entries: &[Entry]) -> Vec<(WorkStatus, Date)> {
    entries
        .iter()
        .filter_map(|e| work_status_of(&e.kind, e.at, &e.body))
        .collect()
}

fn work_status_of(kind: &str, at: Timestamp, body: &Value) -> Option<(WorkStatus, Date)> {
    match kind {
        "work_assessment" => {
            let status = body
                .get("status")
                .and_then(|v| v.get(0))
                .and_then(Value::as_str)
                .and_then(WorkStatus::parse)?;
            Some((status, london_date(at)?))
        }
        "work_status" => {
            let s: StatusChange = serde_json::from_value(body.clone()).ok()?;
            Some((s.status, s.since.parse().ok()?))
        }
        _ => None,
    }
}

/// One clinical entry's latest version, dated by its first: its kind and
/// the fields of [`ENTRY_FIELDS`], in order.
struct Latest {
    referral: usize,
    kind: String,
    version: i64,
    first_at: Timestamp,
    fields: Vec<Option<String>>,
}

impl Latest {
    fn get(&self, column: &str) -> Option<&str> {
        let i = ENTRY_FIELDS.iter().position(|(_, c)| *c == column)?;
        self.fields.get(i)?.as_deref()
    }

    fn number(&self, column: &str) -> Option<i64> {
        self.get(column)?.parse().ok()
    }
}

/// The nation and deprivation rank of referral `r`'s postcode, as the
/// line's last two fields (`|country|rank`), or '' when the postcode
/// directory does not hold them: the one definition, used when facts are
/// computed and when a postcode import changes the ranks.
pub(crate) const DEPRIVATION: &str = "COALESCE((SELECT '|' || pc.country || '|' || pc.imd_rank
    FROM postcodes pc WHERE pc.postcode = r.postcode), '')";

/// Referrals whose facts are recomputed in one go.
const REFRESH_BATCH: i64 = 2_000;

/// Recomputing this many referrals' facts at once brings the table's
/// statistics up to date afterwards.
const ANALYZE_AFTER: u64 = 50_000;

/// A period is read, and counted, in this many parts (one a core of the
/// machine Roots was measured on; more parts only took turns).
const PARTS: i64 = 2;

/// Which referrals facts are computed for.
enum Selection {
    /// A period's: $1 service, $2 from, $3 to (exclusive), $4 practice or ''.
    Period([String; 4]),
    /// These referrals: $1 a JSON array of their ids.
    Ids(String),
}

impl Selection {
    fn condition(&self, engine: Engine) -> &'static str {
        match (self, engine) {
            (Selection::Period(_), _) => COHORT,
            (Selection::Ids(_), Engine::Sqlite) => "r.id IN (SELECT value FROM json_each($1))",
            (Selection::Ids(_), Engine::Postgres) => {
                "r.id IN (SELECT json_array_elements_text($1::json))"
            }
        }
    }
}

/// One referral's facts as computed from the records.
#[derive(Debug, Clone)]
struct Computed {
    referral_id: String,
    practice_id: Option<String>,
    /// The line without its deprivation ([`line::encode`]).
    facts: String,
    /// [`DEPRIVATION`] as it is now.
    deprivation: String,
}

/// The first and last instant of a period (London days), as stored.
fn bounds(p: &Period) -> (Timestamp, Timestamp) {
    (
        london_midnight(p.from),
        london_midnight(p.to.checked_add(jiff::Span::new().days(1)).unwrap_or(p.to)),
    )
}

fn bad_line(e: line::BadLine) -> crate::StoreError {
    crate::StoreError::Database(sqlx::Error::Decode(
        format!("referral_facts: {}", e.0).into(),
    ))
}

/// A period's referrals as read for the evaluation: their lines, in the
/// parts they were read in, and the clinic time worked in the period.
#[derive(Debug)]
pub struct Cohort {
    parts: Vec<Part>,
    pub sessions: Sessions,
    /// How many referrals' facts were recomputed before reading.
    pub refreshed: u64,
}

/// One part of a period's lines, joined by newlines, as the database
/// returned it: on PostgreSQL the row itself, its text read in the buffer
/// it arrived in (a part is tens of megabytes at a million referrals).
#[derive(Debug)]
enum Part {
    Text(String),
    Row(sqlx::postgres::PgRow),
}

impl Part {
    fn text(&self) -> Result<&str> {
        Ok(match self {
            Part::Text(s) => s,
            Part::Row(row) => row.try_get::<&str, _>(0)?,
        })
    }
}

impl Cohort {
    /// How many lines each part read holds (a part with none is not kept).
    pub fn part_sizes(&self) -> Vec<usize> {
        self.parts
            .iter()
            .map(|p| p.text().unwrap_or_default().lines().count())
            .collect()
    }

    /// Every referral's line.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .flat_map(|p| p.text().unwrap_or_default().split('\n'))
            .filter(|l| !l.is_empty())
    }

    /// The counts of the period, each part counted on its own thread.
    pub fn counts(&self) -> Result<Counts> {
        let parts: Vec<Result<Counts>> = std::thread::scope(|s| {
            let running: Vec<_> = self
                .parts
                .iter()
                .map(|p| s.spawn(move || count_lines(p.text()?)))
                .collect();
            running
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut all = Counts::default();
        for c in parts {
            all.merge(c?);
        }
        all.finish();
        Ok(all)
    }
}

impl Store {
    /// The facts of the referrals `sel` selects, computed from the records
    /// (a person merged into another counts as that other). Four reads,
    /// each one pass over its table, run at once.
    async fn compute_facts(&self, sel: &Selection) -> Result<Vec<Computed>> {
        let engine = self.engine();
        let cond = sel.condition(engine);
        let sql = |text: String| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
            match sel {
                Selection::Period(binds) => {
                    for b in binds {
                        q = q.bind(b.clone());
                    }
                }
                Selection::Ids(ids) => q = q.bind(ids.clone()),
            }
            q.fetch_all(&self.read)
        };
        let monitoring = packed(engine, "r.answers", "a", MONITORING);
        let entry_paths: Vec<&str> = ENTRY_FIELDS.iter().map(|(path, _)| *path).collect();
        let fields = packed(engine, "c.body", "x", &entry_paths);
        let (referral_rows, triage_rows, appointment_rows, entry_rows) = tokio::try_join!(
            // 1. The referrals, their person, when, and who they are.
            sql(format!(
                "SELECT r.id, r.practice_id, COALESCE(p.merged_into, r.person_id, r.id) AS person,
                        r.source, r.created_at, r.date_of_birth, {DEPRIVATION} AS deprivation,
                        {monitoring} AS monitoring
                 FROM referrals r {} LEFT JOIN persons p ON p.id = r.person_id
                 WHERE {cond} ORDER BY r.created_at, r.id",
                lateral(engine, "r.answers", "a")
            )),
            // 2. Triage: the first decision's time, the latest's pathways.
            sql(format!(
                "SELECT t.referral_id, t.version, t.at, t.pathways
                 FROM triage_records t JOIN referrals r ON r.id = t.referral_id
                 WHERE {cond}"
            )),
            // 3. Contacts attended and not attended.
            sql(format!(
                "SELECT e.referral_id, a.starts_at, a.status
                 FROM appointments a JOIN episodes e ON e.id = a.episode_id
                 JOIN referrals r ON r.id = e.referral_id
                 WHERE {cond} AND a.status IN ('attended', 'did_not_attend')"
            )),
            // 4. The clinical entries the evaluation counts, every version,
            //    with only the fields it reads. (`kind || ''` keeps SQLite
            //    from starting at the index of every entry of these kinds
            //    when only a few referrals are asked for.)
            sql(format!(
                "SELECT e.referral_id, c.entry_id, c.kind, c.version, c.at, {fields} AS fields
                 FROM clinical_entries c {} JOIN episodes e ON e.id = c.episode_id
                 JOIN referrals r ON r.id = e.referral_id
                 WHERE {cond} AND c.kind || '' IN
                     ('discharge', 'measure', 'goal', 'onward', 'work_assessment', 'work_status')",
                lateral(engine, "c.body", "x")
            )),
        )?;

        let mut index: HashMap<String, usize> = HashMap::with_capacity(referral_rows.len());
        let mut created: Vec<Timestamp> = Vec::with_capacity(referral_rows.len());
        let mut facts: Vec<ReferralFacts<'static>> = Vec::with_capacity(referral_rows.len());
        let mut computed: Vec<Computed> = Vec::with_capacity(referral_rows.len());
        for row in &referral_rows {
            let at = parse_time(&row.try_get::<String, _>("created_at")?)?;
            let received = london_date(at);
            let born: Option<Date> = row.try_get::<String, _>("date_of_birth")?.parse().ok();
            let answers = unpack(&row.try_get::<String, _>("monitoring")?, MONITORING.len());
            let text = |k: &str| -> Option<Cow<'static, str>> {
                MONITORING
                    .iter()
                    .position(|m| *m == k)
                    .and_then(|i| answers[i].clone())
                    .map(Cow::Owned)
            };
            let id: String = row.try_get("id")?;
            index.insert(id.clone(), facts.len());
            created.push(at);
            computed.push(Computed {
                referral_id: id,
                practice_id: row.try_get("practice_id")?,
                facts: String::new(),
                deprivation: row.try_get("deprivation")?,
            });
            facts.push(ReferralFacts {
                person: Cow::Owned(row.try_get("person")?),
                received,
                source: Cow::Owned(row.try_get("source")?),
                equity: Monitoring {
                    age: born.zip(received).map(|(b, r)| age_on(b, r)),
                    sex: text("sex"),
                    ethnic_group: text("ethnic_group"),
                    housing: text("housing"),
                    no_fixed_address: text("no_fixed_address"),
                    refugee_asylum: text("refugee_asylum"),
                    gypsy_roma_traveller: text("gypsy_roma_traveller"),
                    armed_forces: text("armed_forces"),
                    unpaid_carer: text("unpaid_carer"),
                    deprivation: None,
                },
                ..ReferralFacts::default()
            });
        }
        drop(referral_rows);

        let mut latest_triage: HashMap<usize, i64> = HashMap::new();
        for row in &triage_rows {
            let Some(&i) = index.get(&row.try_get::<String, _>("referral_id")?) else {
                continue;
            };
            let at = parse_time(&row.try_get::<String, _>("at")?)?;
            let days = days_between(created[i], at);
            let f = &mut facts[i];
            f.days_to_triage = Some(f.days_to_triage.map_or(days, |d| d.min(days)));
            let version: i64 = row.try_get("version")?;
            if latest_triage.get(&i).is_none_or(|v| version > *v) {
                latest_triage.insert(i, version);
                f.pathways = row
                    .try_get::<String, _>("pathways")?
                    .split(',')
                    .filter_map(Pathway::parse)
                    .collect();
            }
        }
        drop(triage_rows);
        for row in &appointment_rows {
            let Some(&i) = index.get(&row.try_get::<String, _>("referral_id")?) else {
                continue;
            };
            let f = &mut facts[i];
            if row.try_get::<String, _>("status")? == "attended" {
                f.contacts += 1;
                let at = parse_time(&row.try_get::<String, _>("starts_at")?)?;
                let days = days_between(created[i], at);
                f.days_to_first_contact =
                    Some(f.days_to_first_contact.map_or(days, |d| d.min(days)));
            } else {
                f.did_not_attend += 1;
            }
        }
        drop(appointment_rows);

        let mut entries: HashMap<String, Latest> = HashMap::new();
        for row in &entry_rows {
            let Some(&i) = index.get(&row.try_get::<String, _>("referral_id")?) else {
                continue;
            };
            let version: i64 = row.try_get("version")?;
            let at = parse_time(&row.try_get::<String, _>("at")?)?;
            let e = entries
                .entry(row.try_get("entry_id")?)
                .or_insert_with(|| Latest {
                    referral: i,
                    kind: String::new(),
                    version: 0,
                    first_at: at,
                    fields: Vec::new(),
                });
            e.first_at = e.first_at.min(at);
            if version > e.version {
                e.version = version;
                e.kind = row.try_get("kind")?;
                e.fields = unpack(&row.try_get::<String, _>("fields")?, ENTRY_FIELDS.len());
            }
        }
        drop(entry_rows);
        // In the order recorded (entries recorded in the same instant in the
        // order of their ids, so that the order is always the same).
        let mut latest: Vec<(String, Latest)> = entries.into_iter().collect();
        latest.sort_by(|(a_id, a), (b_id, b)| {
            (a.referral, a.first_at, a_id).cmp(&(b.referral, b.first_at, b_id))
        });
        // Per referral: measure totals in order, goals, work statuses.
        let mut totals: HashMap<(usize, String), Vec<i64>> = HashMap::new();
        let mut goals: HashMap<usize, Vec<roots_core::gas::Goal>> = HashMap::new();
        let mut work: HashMap<usize, Vec<(WorkStatus, Date)>> = HashMap::new();
        for (_, e) in &latest {
            let f = &mut facts[e.referral];
            match e.kind.as_str() {
                "discharge" => {
                    f.discharged = true;
                    f.self_management_offered = truthy(e.get("sm"));
                    f.gp_appointments_avoided = e
                        .number("gp")
                        .and_then(|n| u64::try_from(n).ok())
                        .unwrap_or(0);
                    f.cmht_referral_avoided = truthy(e.get("cmht"));
                    f.referred_on |= e.get("secondary").is_some();
                }
                "onward" => f.referred_on = true,
                "measure" => {
                    if let (Some(m), Some(t)) = (e.get("measure"), e.number("total")) {
                        totals
                            .entry((e.referral, m.to_owned()))
                            .or_default()
                            .push(t);
                    }
                }
                "goal" => {
                    if let (Some(importance), Some(difficulty), Some(baseline)) = (
                        e.number("importance"),
                        e.number("difficulty"),
                        e.number("baseline"),
                    ) {
                        goals
                            .entry(e.referral)
                            .or_default()
                            .push(roots_core::gas::Goal {
                                text: String::new(),
                                levels: Default::default(),
                                importance,
                                difficulty,
                                baseline,
                                followup: e.number("followup"),
                            });
                    }
                }
                "work_assessment" => {
                    if let (Some(s), Some(d)) = (
                        e.get("status0").and_then(WorkStatus::parse),
                        london_date(e.first_at),
                    ) {
                        work.entry(e.referral).or_default().push((s, d));
                    }
                }
                _ => {
                    if let (Some(s), Some(d)) = (
                        e.get("status").and_then(WorkStatus::parse),
                        e.get("since").and_then(|d| d.parse().ok()),
                    ) {
                        work.entry(e.referral).or_default().push((s, d));
                    }
                }
            }
        }
        let mut totals: Vec<((usize, String), Vec<i64>)> = totals.into_iter().collect();
        totals.sort();
        for ((i, measure), scores) in totals {
            if let (Some(first), Some(last)) = (scores.first(), scores.last())
                && scores.len() > 1
            {
                facts[i]
                    .measure_changes
                    .set(&measure, (last - first) as f64);
            }
        }
        for (i, g) in goals {
            if let Ok(s) = roots_core::gas::summary(&g)
                && let Some(change) = s.change
            {
                facts[i].measure_changes.set("gas", change);
            }
        }
        for (i, history) in work {
            facts[i].work_outcome = work_outcome(&history).map(|(o, _)| o);
        }

        for (c, f) in computed.iter_mut().zip(&facts) {
            c.facts = line::encode(f);
        }
        Ok(computed)
    }

    /// The lines of a period's referrals computed afresh from the records,
    /// in the order received: what [`Cohort::lines`] must hold (to check
    /// the kept facts against the records).
    pub async fn evaluation_lines_from_records(&self, p: &Period) -> Result<Vec<String>> {
        let (from, to) = bounds(p);
        let sel = Selection::Period([
            p.service_id.clone(),
            time_text(from),
            time_text(to),
            p.practice_id.clone().unwrap_or_default(),
        ]);
        Ok(self
            .compute_facts(&sel)
            .await?
            .into_iter()
            .map(|c| c.facts + &c.deprivation)
            .collect())
    }

    /// Recomputes the facts of the service's referrals that are out of
    /// date (a record they are computed from was written since), a batch
    /// at a time; returns how many. A referral written to again while its
    /// facts are computed stays out of date and is done next time.
    pub async fn refresh_evaluation_facts(&self, service_id: &str) -> Result<u64> {
        let mut after = String::new();
        let mut done = 0;
        loop {
            let rows = sqlx::query(
                "SELECT referral_id, changes FROM referral_facts_stale
                 WHERE service_id = $1 AND referral_id > $2
                 ORDER BY referral_id LIMIT $3",
            )
            .bind(service_id)
            .bind(&after)
            .bind(REFRESH_BATCH)
            .fetch_all(&self.read)
            .await?;
            let Some(last) = rows.last() else {
                break;
            };
            after = last.try_get("referral_id")?;
            let mut changes: HashMap<String, i64> = HashMap::with_capacity(rows.len());
            for r in &rows {
                changes.insert(r.try_get("referral_id")?, r.try_get("changes")?);
            }
            let ids = serde_json::to_string(&changes.keys().collect::<Vec<_>>())
                .unwrap_or_else(|_| "[]".into());
            let computed = self.compute_facts(&Selection::Ids(ids)).await?;
            let payload: Vec<Value> = computed
                .iter()
                .map(|c| {
                    serde_json::json!([
                        c.referral_id,
                        c.facts,
                        c.practice_id,
                        changes.get(&c.referral_id).copied().unwrap_or(0)
                    ])
                })
                .collect();
            // The facts written, and each referral taken off the list
            // unless it was written to again since its `changes` were read.
            let (update, unlist) = match self.engine() {
                Engine::Sqlite => (
                    format!(
                        "UPDATE referral_facts SET facts = json_extract(j.value, '$[1]'),
                             practice_id = json_extract(j.value, '$[2]'),
                             deprivation = (SELECT {DEPRIVATION} FROM referrals r
                                            WHERE r.id = referral_facts.referral_id)
                         FROM json_each($1) AS j
                         WHERE referral_facts.referral_id = json_extract(j.value, '$[0]')"
                    ),
                    // Driven from the batch (CROSS JOIN keeps that
                    // order): with EXISTS, SQLite scanned the whole list
                    // and the batch for each row listed, 2,000 × 1,080,000
                    // lookups a batch when a million were listed.
                    "DELETE FROM referral_facts_stale WHERE rowid IN (
                         SELECT s.rowid FROM json_each($1) AS j
                         CROSS JOIN referral_facts_stale AS s
                         WHERE s.referral_id = json_extract(j.value, '$[0]')
                           AND s.changes = json_extract(j.value, '$[3]'))",
                ),
                Engine::Postgres => (
                    format!(
                        "UPDATE referral_facts f SET facts = j.v ->> 1, practice_id = j.v ->> 2,
                             deprivation = (SELECT {DEPRIVATION} FROM referrals r
                                            WHERE r.id = f.referral_id)
                         FROM json_array_elements($1::json) AS j(v)
                         WHERE f.referral_id = j.v ->> 0"
                    ),
                    "DELETE FROM referral_facts_stale s USING json_array_elements($1::json) AS j(v)
                     WHERE s.referral_id = j.v ->> 0 AND s.changes = (j.v ->> 3)::bigint",
                ),
            };
            let payload = Value::Array(payload).to_string();
            let mut tx = self.begin_write().await?;
            sqlx::query(sqlx::AssertSqlSafe(update))
                .bind(&payload)
                .execute(&mut *tx)
                .await?;
            sqlx::query(unlist).bind(&payload).execute(&mut *tx).await?;
            tx.commit().await?;
            done += computed.len() as u64;
        }
        if done >= ANALYZE_AFTER {
            self.tidy_evaluation_facts().await?;
        }
        Ok(done)
    }

    /// After many lines were rewritten: the planner's idea of the table
    /// (e.g. how many lines are still empty) brought up to date and, on
    /// PostgreSQL, the list of out-of-date referrals vacuumed. It is left
    /// with as many dead rows as referrals were taken off it, which its
    /// index points at until vacuumed (the next look at the list read
    /// 23,607 pages to find none where the server's autovacuum was off).
    pub async fn tidy_evaluation_facts(&self) -> Result<()> {
        let sql = match self.engine() {
            Engine::Sqlite => "ANALYZE referral_facts",
            Engine::Postgres => "VACUUM (ANALYZE) referral_facts_stale, referral_facts",
        };
        sqlx::raw_sql(sql).execute(&self.write).await?;
        Ok(())
    }

    /// The referrals received in the period, for the evaluation: their
    /// facts brought up to date, then read in [`PARTS`] parts, with
    /// the clinic time worked in the period (sessions starting in it, of
    /// the practice if one is given).
    pub async fn evaluation_cohort(&self, p: &Period) -> Result<Cohort> {
        let (mut reads, sessions, refreshed) = self.start_reading(p).await?;
        let mut parts = Vec::new();
        while let Some(done) = reads.join_next().await {
            parts.extend(done.map_err(stopped)??);
        }
        Ok(Cohort {
            parts,
            sessions,
            refreshed,
        })
    }

    /// The counts of the period's referrals and its clinic time: the
    /// facts and the days' counts brought up to date, then the period's
    /// whole UTC days merged from their kept counts (two halves at once,
    /// each on its own thread) and any hours around them counted from
    /// their lines ([`days::Plan`]).
    pub async fn evaluation_counts(&self, p: &Period) -> Result<(Counts, Sessions)> {
        self.refresh_evaluation_facts(&p.service_id).await?;
        self.refresh_evaluation_days(&p.service_id).await?;
        let (start, end) = bounds(p);
        let plan = days::Plan::of(start, end);
        let practice = p.practice_id.clone().unwrap_or_default();
        let mut parts = tokio::task::JoinSet::new();
        if let Some((first, last)) = plan.days {
            let span = (last - first).get_days().max(1);
            let middle = first
                .checked_add(jiff::Span::new().days(span / 2))
                .unwrap_or(first);
            for (a, b) in [(first, middle), (middle, last)] {
                if a >= b {
                    continue;
                }
                let (store, service, practice) =
                    (self.clone(), p.service_id.clone(), practice.clone());
                parts.spawn(async move {
                    let kept = store.kept_days(&service, a, b, &practice).await?;
                    store.merge_kept(&service, &practice, kept).await
                });
            }
        }
        for (a, b) in plan.lines {
            let store = self.clone();
            let binds = [
                p.service_id.clone(),
                time_text(a),
                time_text(b),
                practice.clone(),
            ];
            parts.spawn(async move {
                let text = store.lines_text(&binds).await?;
                tokio::task::spawn_blocking(move || count_lines(&text))
                    .await
                    .map_err(stopped)?
            });
        }
        let sessions = self.clinic_time_of(p).await?;
        let mut all = Vec::new();
        while let Some(done) = parts.join_next().await {
            all.push(done.map_err(stopped)??);
        }
        let all = tokio::task::spawn_blocking(move || {
            let mut all = Counts::merge_all(all);
            all.finish();
            all
        })
        .await
        .map_err(stopped)?;
        Ok((all, sessions))
    }

    /// Kept days' counts read back and merged, off the async threads. A
    /// day with counts that cannot be read back (kept by another version
    /// of Roots meanwhile, or damaged) is counted from its lines instead,
    /// and listed to be counted again.
    async fn merge_kept(
        &self,
        service_id: &str,
        practice: &str,
        kept: Vec<days::KeptDay>,
    ) -> Result<Counts> {
        let (merged, unread) = tokio::task::spawn_blocking(move || {
            let mut parts = Vec::with_capacity(kept.len());
            let mut unread = std::collections::BTreeSet::new();
            for k in kept {
                match (k.format == i64::from(counts::FORMAT)).then(|| Counts::from_bytes(&k.counts))
                {
                    Some(Ok(c)) => parts.push((k.day, c)),
                    _ => {
                        unread.insert(k.day);
                    }
                }
            }
            let parts = parts
                .into_iter()
                .filter(|(day, _)| !unread.contains(day))
                .map(|(_, c)| c)
                .collect();
            (Counts::merge_all(parts), unread)
        })
        .await
        .map_err(stopped)?;
        let mut all = vec![merged];
        for day in unread {
            self.list_day(service_id, &day).await?;
            let Ok(d) = day.parse::<Date>() else {
                continue;
            };
            let text = self
                .lines_text(&[
                    service_id.to_owned(),
                    days::midnight(d),
                    days::midnight(days::next(d)),
                    practice.to_owned(),
                ])
                .await?;
            all.push(count_lines(&text)?);
        }
        Ok(Counts::merge_all(all))
    }

    /// The lines of `binds` ($1 service, $2 from, $3 to, $4 practice or
    /// '') joined by newlines.
    async fn lines_text(&self, binds: &[String; 4]) -> Result<String> {
        let row = binds
            .iter()
            .fold(
                sqlx::query(sqlx::AssertSqlSafe(lines_query(self.engine()))),
                |q, b| q.bind(b.clone()),
            )
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get::<Option<String>, _>(0)?.unwrap_or_default())
    }

    /// The clinic time worked in the period: sessions starting in it, of
    /// the practice if one is given.
    async fn clinic_time_of(&self, p: &Period) -> Result<Sessions> {
        let (start, end) = bounds(p);
        let session_lines = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} AS lines FROM clinic_sessions
             WHERE service_id = $1 AND starts_at >= $2 AND starts_at < $3
               AND ($4 = '' OR practice_id = $4)",
            joined(
                self.engine(),
                "user_id || '|' || starts_at || '|' || ends_at"
            )
        )))
        .bind(&p.service_id)
        .bind(time_text(start))
        .bind(time_text(end))
        .bind(p.practice_id.clone().unwrap_or_default())
        .fetch_one(&self.read)
        .await?
        .try_get::<Option<String>, _>(0)?;
        clinic_time(session_lines.as_deref().unwrap_or(""))
    }

    /// Brings the service's facts up to date, then starts reading the
    /// period's lines in [`PARTS`] parts at once and reads its clinic
    /// time meanwhile; returns the reads under way, the clinic time and
    /// how many referrals were recomputed.
    async fn start_reading(
        &self,
        p: &Period,
    ) -> Result<(tokio::task::JoinSet<Result<Option<Part>>>, Sessions, u64)> {
        let refreshed = self.refresh_evaluation_facts(&p.service_id).await?;
        let (start, end) = bounds(p);
        let practice = p.practice_id.clone().unwrap_or_default();
        let (from, to) = (time_text(start), time_text(end));
        let binds = [p.service_id.clone(), from.clone(), to.clone(), practice];
        let reads = match &self.typed_pg {
            Some(pg) => read_pg_parts(pg, &binds).await?,
            None => self.read_sqlite_parts(&binds, start, end),
        };
        let sessions = self.clinic_time_of(p).await?;
        Ok((reads, sessions, refreshed))
    }

    /// SQLite: each part a range of time received (the table is clustered
    /// by it, so a part reads only its own lines), read at once, each in
    /// its own connection. A referral's time received never changes, so
    /// each is read once whatever is written meanwhile.
    fn read_sqlite_parts(
        &self,
        binds: &[String; 4],
        from: Timestamp,
        to: Timestamp,
    ) -> tokio::task::JoinSet<Result<Option<Part>>> {
        let sql = lines_query(Engine::Sqlite);
        let mut reads = tokio::task::JoinSet::new();
        let span = to.as_second() - from.as_second();
        let at = |k: i64| Timestamp::from_second(from.as_second() + span * k / PARTS).unwrap_or(to);
        for k in 0..PARTS {
            let end = if k + 1 == PARTS { to } else { at(k + 1) };
            let pool = self.read.clone();
            let sql = sql.clone();
            // The part's own bounds in place of the period's.
            let mut binds = binds.clone();
            binds[1] = time_text(at(k));
            binds[2] = time_text(end);
            reads.spawn(async move {
                let row = binds
                    .iter()
                    .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, b| {
                        q.bind(b.clone())
                    })
                    .fetch_one(&pool)
                    .await?;
                Ok(row.try_get::<Option<String>, _>(0)?.map(Part::Text))
            });
        }
        reads
    }
}

/// `text` of every row joined by newlines into one string.
fn joined(engine: Engine, text: &str) -> String {
    match engine {
        Engine::Sqlite => format!("group_concat({text}, char(10))"),
        Engine::Postgres => format!("string_agg({text}, chr(10))"),
    }
}

/// The query of a period's lines joined into one string ($1 service, $2
/// from, $3 to, $4 practice or '').
fn lines_query(engine: Engine) -> String {
    format!(
        "SELECT {} AS lines FROM referral_facts
         WHERE service_id = $1 AND received_at >= $2 AND received_at < $3
           AND ($4 = '' OR practice_id = $4) AND facts <> ''",
        joined(engine, "facts || deprivation")
    )
}

/// PostgreSQL: each part a range of the table's pages, so that each
/// server process scans its own pages (a range of time received would
/// have each scan every page: the table is in the order lines were
/// written, not received). The parts are read at once, each in its own
/// connection, in one snapshot (exported by the first, imported by the
/// others): a line is in exactly one page in a snapshot, so each is read
/// exactly once, whatever is written meanwhile. The last part has no end,
/// for pages added since their number was read.
async fn read_pg_parts(
    typed: &crate::TypedPg,
    binds: &[String; 4],
) -> Result<tokio::task::JoinSet<Result<Option<Part>>>> {
    const SNAPSHOT: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    let pg = &typed.pool;
    // One evaluation at a time takes its connections (then lets go of the
    // lock while it reads).
    let taking = typed.taking.lock().await;
    let mut first = pg.begin_with(SNAPSHOT).await?;
    let (snapshot, pages): (String, i64) = sqlx::query_as(
        "SELECT pg_export_snapshot(),
                pg_relation_size('referral_facts') / current_setting('block_size')::bigint",
    )
    .fetch_one(&mut *first)
    .await?;
    // An id the server made (hex digits and dashes); checked, as it is
    // written into the statement that imports it.
    if snapshot.is_empty() || !snapshot.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(crate::StoreError::Database(sqlx::Error::Protocol(
            "the server's snapshot id is not one it makes".into(),
        )));
    }
    let mut transactions = vec![first];
    for _ in 1..PARTS {
        let mut tx = pg.begin_with(SNAPSHOT).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SET TRANSACTION SNAPSHOT '{snapshot}'"
        )))
        .execute(&mut *tx)
        .await?;
        transactions.push(tx);
    }
    drop(taking);
    let lines = lines_query(Engine::Postgres);
    let mut reads = tokio::task::JoinSet::new();
    for (k, mut tx) in (0..PARTS).zip(transactions) {
        let (lo, hi) = (pages * k / PARTS, pages * (k + 1) / PARTS);
        // Whole numbers, written into the statement.
        let sql = if k + 1 == PARTS {
            format!("{lines} AND ctid >= '({lo},0)'::tid")
        } else {
            format!("{lines} AND ctid >= '({lo},0)'::tid AND ctid < '({hi},0)'::tid")
        };
        let binds = binds.clone();
        reads.spawn(async move {
            let row = binds
                .iter()
                .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |q, b| {
                    q.bind(b.clone())
                })
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            let empty = row.try_get::<Option<&str>, _>(0)?.is_none();
            Ok((!empty).then_some(Part::Row(row)))
        });
    }
    Ok(reads)
}

fn stopped(e: tokio::task::JoinError) -> crate::StoreError {
    crate::StoreError::Database(sqlx::Error::Protocol(format!(
        "a part of the evaluation stopped: {e}"
    )))
}

/// The counts of one part's lines (lines joined by newlines), put in
/// order ([`Counts::finish`]) to be merged.
pub fn count_lines(part: &str) -> Result<Counts> {
    // Lines are about 130 bytes.
    let mut c = Counts::with_capacity(part.len() / 100);
    for l in part.split('\n').filter(|l| !l.is_empty()) {
        c.add(&line::decode(l).map_err(bad_line)?);
    }
    // Sorted here, on the part's own thread, the parts merge in order.
    c.finish();
    Ok(c)
}

/// Sets every referral's deprivation from the postcode directory as it is
/// now (after a postcode import), in the caller's transaction.
pub(crate) async fn set_facts_deprivation(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
) -> Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE referral_facts SET deprivation = (SELECT {DEPRIVATION} FROM referrals r
             WHERE r.id = referral_facts.referral_id)"
    )))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// The evaluation of a period ([`Store::evaluation_counts`], then the
    /// figures).
    pub async fn evaluation(&self, p: &Period, config: &Config) -> Result<Evaluation> {
        let (counts, sessions) = self.evaluation_counts(p).await?;
        Ok(evaluate_counts(counts, sessions, config))
    }
}

/// OT days (distinct OT and London day) and hours from sessions'
/// `user|starts|ends` lines.
fn clinic_time(lines: &str) -> Result<Sessions> {
    let mut days = std::collections::HashSet::new();
    let mut hours = 0.0;
    for l in lines.split('\n').filter(|l| !l.is_empty()) {
        let mut f = l.split('|');
        let (Some(user), Some(starts), Some(ends)) = (f.next(), f.next(), f.next()) else {
            return Err(bad_line(line::BadLine(
                "a clinic session line is short".into(),
            )));
        };
        let (starts, ends) = (parse_time(starts)?, parse_time(ends)?);
        hours += days_between(starts, ends) * 24.0;
        days.insert((user, london_date(starts)));
    }
    Ok(Sessions {
        ot_days: days.len() as u64,
        ot_hours: hours,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_count_whole_years_to_the_birthday() {
        let d = |s: &str| -> Date { s.parse().unwrap() };
        let table = [
            ("1980-06-15", "2020-06-14", 39),
            ("1980-06-15", "2020-06-15", 40),
            ("1980-02-29", "2021-02-28", 40),
            ("1980-02-29", "2021-03-01", 41),
            ("2003-01-01", "2020-12-31", 17),
        ];
        for (born, on, age) in table {
            assert_eq!(age_on(d(born), d(on)), age, "{born} on {on}");
        }
    }

    #[test]
    fn packed_values_come_back_as_text() {
        assert_eq!(
            unpack(r#"["off_sick", 3, true, 1, null, [1]]"#, 7),
            [
                Some("off_sick".to_owned()),
                Some("3".to_owned()),
                Some("true".to_owned()),
                Some("1".to_owned()),
                None,
                Some("[1]".to_owned()),
                None
            ]
        );
        assert!(truthy(Some("true")) && truthy(Some("1")));
        assert!(!truthy(Some("false")) && !truthy(Some("0")) && !truthy(None));
        assert_eq!(unpack("not json", 2), [None, None]);
        assert_eq!(
            packed(Engine::Sqlite, "c.body", "x", &["a", "s[0]"]),
            "json_array(json_extract(c.body, '$.a'), json_extract(c.body, '$.s[0]'))"
        );
        assert_eq!(
            packed(Engine::Postgres, "c.body", "x", &["a", "s[0]"]),
            "json_build_array((x.j -> 'a'), (x.j -> 's' -> 0))::text"
        );
    }

    #[test]
    fn a_day_in_london_starts_at_its_own_midnight() {
        let d: Date = "2020-07-01".parse().unwrap();
        // British Summer Time: midnight is 23:00 UTC the day before.
        assert_eq!(time_text(london_midnight(d)), "2020-06-30T23:00:00.000000Z");
        let w: Date = "2020-12-01".parse().unwrap();
        assert_eq!(time_text(london_midnight(w)), "2020-12-01T00:00:00.000000Z");
    }
}
