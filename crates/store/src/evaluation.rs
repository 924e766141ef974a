//! The facts the service evaluation counts, read from the records: for
//! each referral received in a period (the cohort), how it came, its
//! triage, its contacts, its discharge outcomes, its outcome measures and
//! work outcome, and the monitoring answers for the equity figures; and
//! the OTs' clinic time in the period. No names leave this module: the
//! person is an opaque key. The arithmetic is `roots_core::evaluation`.
//!
//! Five queries, each one pass over its table joined to the cohort, run at
//! once on both engines; clinical entries bring only the fields counted
//! (extracted from their JSON by the database). What is read is folded
//! into [`ReferralFacts`] by referral id.
//! Clinical entries count as their latest version (an amended discharge
//! counts as amended), dated by their first (when it was recorded).

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use roots_core::evaluation::ReferralFacts;
use roots_core::evaluation::equity::Monitoring;
use roots_core::evaluation::report::Sessions;
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
fn lateral(engine: Engine, column: &str, alias: &str) -> String {
    match engine {
        Engine::Postgres => format!("CROSS JOIN LATERAL (SELECT {column}::json AS j) {alias}"),
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
            Some(Value::String(s)) => Some(s.clone()),
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

impl Store {
    /// The facts of every referral in the period (a person merged into
    /// another counts as that other), and the clinic time
    /// worked in it (sessions starting in the period, of the practice if
    /// one is given).
    pub async fn evaluation_facts(&self, p: &Period) -> Result<(Vec<ReferralFacts>, Sessions)> {
        let from = time_text(london_midnight(p.from));
        let to = time_text(london_midnight(
            p.to.checked_add(jiff::Span::new().days(1)).unwrap_or(p.to),
        ));
        let practice = p.practice_id.clone().unwrap_or_default();
        let engine = self.engine();
        let sql = |text: String| {
            let q = sqlx::query(sqlx::AssertSqlSafe(text))
                .bind(p.service_id.clone())
                .bind(from.clone())
                .bind(to.clone())
                .bind(practice.clone());
            q.fetch_all(&self.read)
        };
        let monitoring = packed(engine, "r.answers", "a", MONITORING);
        let entry_paths: Vec<&str> = ENTRY_FIELDS.iter().map(|(path, _)| *path).collect();
        let fields = packed(engine, "c.body", "x", &entry_paths);
        // The five reads run at once, each on its own connection.
        let (referral_rows, triage_rows, appointment_rows, entry_rows, session_rows) = tokio::try_join!(
            // 1. The referrals, their person, when, and who they are.
            sql(format!(
                "SELECT r.id, COALESCE(p.merged_into, r.person_id, r.id) AS person, r.source,
                        r.created_at, r.date_of_birth, pc.country, pc.imd_rank,
                        {monitoring} AS monitoring
                 FROM referrals r {} LEFT JOIN postcodes pc ON pc.postcode = r.postcode
                 LEFT JOIN persons p ON p.id = r.person_id
                 WHERE {COHORT} ORDER BY r.created_at, r.id",
                lateral(engine, "r.answers", "a")
            )),
            // 2. Triage: the first decision's time, the latest's pathways.
            sql(format!(
                "SELECT t.referral_id, t.version, t.at, t.pathways
                 FROM triage_records t JOIN referrals r ON r.id = t.referral_id
                 WHERE {COHORT}"
            )),
            // 3. Contacts attended and not attended.
            sql(format!(
                "SELECT e.referral_id, a.starts_at, a.status
                 FROM appointments a JOIN episodes e ON e.id = a.episode_id
                 JOIN referrals r ON r.id = e.referral_id
                 WHERE {COHORT} AND a.status IN ('attended', 'did_not_attend')"
            )),
            // 4. The clinical entries the evaluation counts, every version,
            //    with only the fields it reads.
            sql(format!(
                "SELECT e.referral_id, c.entry_id, c.kind, c.version, c.at, {fields} AS fields
                 FROM clinical_entries c {} JOIN episodes e ON e.id = c.episode_id
                 JOIN referrals r ON r.id = e.referral_id
                 WHERE {COHORT} AND c.kind IN
                     ('discharge', 'measure', 'goal', 'onward', 'work_assessment', 'work_status')",
                lateral(engine, "c.body", "x")
            )),
            // 5. Clinic time: sessions starting in the period.
            sql(
                "SELECT s.user_id, s.starts_at, s.ends_at FROM clinic_sessions s
                 WHERE s.service_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
                   AND ($4 = '' OR s.practice_id = $4)"
                    .to_owned()
            ),
        )?;

        let mut index: HashMap<String, usize> = HashMap::with_capacity(referral_rows.len());
        let mut created: Vec<Timestamp> = Vec::with_capacity(referral_rows.len());
        let mut facts: Vec<ReferralFacts> = Vec::with_capacity(referral_rows.len());
        for row in &referral_rows {
            let at = parse_time(&row.try_get::<String, _>("created_at")?)?;
            let received = london_date(at);
            let born: Option<Date> = row.try_get::<String, _>("date_of_birth")?.parse().ok();
            let answers = unpack(&row.try_get::<String, _>("monitoring")?, MONITORING.len());
            let text = |k: &str| -> Result<Option<String>> {
                Ok(MONITORING
                    .iter()
                    .position(|m| *m == k)
                    .and_then(|i| answers[i].clone()))
            };
            let country: Option<String> = row.try_get("country")?;
            let rank: Option<i64> = row.try_get("imd_rank")?;
            index.insert(row.try_get("id")?, facts.len());
            created.push(at);
            facts.push(ReferralFacts {
                person: row.try_get("person")?,
                received,
                source: row.try_get("source")?,
                equity: Monitoring {
                    age: born.zip(received).map(|(b, r)| age_on(b, r)),
                    sex: text("sex")?,
                    ethnic_group: text("ethnic_group")?,
                    housing: text("housing")?,
                    no_fixed_address: text("no_fixed_address")?,
                    refugee_asylum: text("refugee_asylum")?,
                    gypsy_roma_traveller: text("gypsy_roma_traveller")?,
                    armed_forces: text("armed_forces")?,
                    unpaid_carer: text("unpaid_carer")?,
                    deprivation: country.zip(rank),
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
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
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
        let mut latest: Vec<Latest> = entries.into_values().collect();
        latest.sort_by_key(|a| (a.referral, a.first_at));
        // Per referral: measure totals in order, goals, work statuses.
        let mut totals: HashMap<(usize, String), Vec<i64>> = HashMap::new();
        let mut goals: HashMap<usize, Vec<roots_core::gas::Goal>> = HashMap::new();
        let mut work: HashMap<usize, Vec<(WorkStatus, Date)>> = HashMap::new();
        for e in &latest {
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
                    .push((measure, (last - first) as f64));
            }
        }
        for (i, g) in goals {
            if let Ok(s) = roots_core::gas::summary(&g)
                && let Some(change) = s.change
            {
                facts[i].measure_changes.push(("gas".to_owned(), change));
            }
        }
        for (i, history) in work {
            facts[i].work_outcome = work_outcome(&history).map(|(o, _)| o);
        }

        let mut days = std::collections::HashSet::new();
        let mut hours = 0.0;
        for row in &session_rows {
            let starts = parse_time(&row.try_get::<String, _>("starts_at")?)?;
            let ends = parse_time(&row.try_get::<String, _>("ends_at")?)?;
            hours += days_between(starts, ends) * 24.0;
            days.insert((row.try_get::<String, _>("user_id")?, london_date(starts)));
        }
        Ok((
            facts,
            Sessions {
                ot_days: days.len() as u64,
                ot_hours: hours,
            },
        ))
    }
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
