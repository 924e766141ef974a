//! The facts the service evaluation counts, read from the records: for
//! each referral received in a period (the cohort), how it came, its
//! triage, its contacts, its discharge outcomes, its outcome measures and
//! work outcome, and the monitoring answers for the equity figures; and
//! the OTs' clinic time in the period. No names leave this module: the
//! person is an opaque key. The arithmetic is `roots_core::evaluation`.
//!
//! Six queries, each one pass over its table joined to the cohort, on both
//! engines; what is read is folded into [`ReferralFacts`] by referral id.
//! Clinical entries count as their latest version (an amended discharge
//! counts as amended), dated by their first (when it was recorded).

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use roots_core::evaluation::ReferralFacts;
use roots_core::evaluation::equity::Monitoring;
use roots_core::evaluation::report::Sessions;
use roots_core::work::{StatusChange, WorkStatus, work_outcome};
use serde::Deserialize;
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

/// An answer of the referral's JSON as text, in each engine's dialect.
fn answer(engine: Engine, key: &str) -> String {
    match engine {
        Engine::Sqlite => format!("json_extract(r.answers, '$.{key}') AS {key}"),
        Engine::Postgres => format!("(r.answers::json ->> '{key}') AS {key}"),
    }
}

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

/// The parts of a discharge the evaluation counts.
#[derive(Deserialize)]
struct DischargeCounts {
    self_management_offered: bool,
    gp_appointments_avoided: i64,
    cmht_referral_avoided: bool,
    secondary_care: Option<String>,
}

/// The parts of a scored measure the evaluation counts.
#[derive(Deserialize)]
struct MeasureTotal {
    measure: String,
    total: Option<i64>,
}

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

/// One clinical entry's latest version, dated by its first.
struct Latest {
    referral: usize,
    kind: String,
    version: i64,
    first_at: Timestamp,
    body: String,
}

impl Store {
    /// The facts of every referral in the period, and the clinic time
    /// worked in it (sessions starting in the period, of the practice if
    /// one is given).
    pub async fn evaluation_facts(&self, p: &Period) -> Result<(Vec<ReferralFacts>, Sessions)> {
        let from = time_text(london_midnight(p.from));
        let to = time_text(london_midnight(
            p.to.checked_add(jiff::Span::new().days(1)).unwrap_or(p.to),
        ));
        let practice = p.practice_id.clone().unwrap_or_default();
        let bind = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(p.service_id.clone())
                .bind(from.clone())
                .bind(to.clone())
                .bind(practice.clone())
        };
        let engine = self.engine();

        // 1. The referrals, their person, when, and who they are.
        let monitoring: Vec<String> = MONITORING.iter().map(|k| answer(engine, k)).collect();
        let rows = bind(format!(
            "SELECT r.id, COALESCE(r.person_id, r.id) AS person, r.source, r.created_at,
                    r.date_of_birth, pc.country, pc.imd_rank, {}
             FROM referrals r LEFT JOIN postcodes pc ON pc.postcode = r.postcode
             WHERE {COHORT} ORDER BY r.created_at, r.id",
            monitoring.join(", ")
        ))
        .fetch_all(&self.read)
        .await?;
        let mut index: HashMap<String, usize> = HashMap::with_capacity(rows.len());
        let mut created: Vec<Timestamp> = Vec::with_capacity(rows.len());
        let mut facts: Vec<ReferralFacts> = Vec::with_capacity(rows.len());
        for row in &rows {
            let at = parse_time(&row.try_get::<String, _>("created_at")?)?;
            let received = london_date(at);
            let born: Option<Date> = row.try_get::<String, _>("date_of_birth")?.parse().ok();
            let text = |k: &str| -> Result<Option<String>> { Ok(row.try_get(k)?) };
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
        drop(rows);

        // 2. Triage: the first decision's time, the latest's pathways.
        let rows = bind(format!(
            "SELECT t.referral_id, t.version, t.at, t.pathways
             FROM triage_records t JOIN referrals r ON r.id = t.referral_id
             WHERE {COHORT}"
        ))
        .fetch_all(&self.read)
        .await?;
        let mut latest_triage: HashMap<usize, i64> = HashMap::new();
        for row in &rows {
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
        drop(rows);

        // 3. Contacts attended and not attended.
        let rows = bind(format!(
            "SELECT e.referral_id, a.starts_at, a.status
             FROM appointments a JOIN episodes e ON e.id = a.episode_id
             JOIN referrals r ON r.id = e.referral_id
             WHERE {COHORT} AND a.status IN ('attended', 'did_not_attend')"
        ))
        .fetch_all(&self.read)
        .await?;
        for row in &rows {
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
        drop(rows);

        // 4. Clinical entries the evaluation counts, latest versions.
        let rows = bind(format!(
            "SELECT e.referral_id, c.entry_id, c.kind, c.version, c.at, c.body
             FROM clinical_entries c JOIN episodes e ON e.id = c.episode_id
             JOIN referrals r ON r.id = e.referral_id
             WHERE {COHORT} AND c.kind IN
                 ('discharge', 'measure', 'goal', 'onward', 'work_assessment', 'work_status')"
        ))
        .fetch_all(&self.read)
        .await?;
        let mut entries: HashMap<String, Latest> = HashMap::new();
        for row in rows {
            let Some(&i) = index.get(&row.try_get::<String, _>("referral_id")?) else {
                continue;
            };
            let version: i64 = row.try_get("version")?;
            let at = parse_time(&row.try_get::<String, _>("at")?)?;
            let body: String = row.try_get("body")?;
            let kind: String = row.try_get("kind")?;
            let e = entries
                .entry(row.try_get("entry_id")?)
                .or_insert_with(|| Latest {
                    referral: i,
                    kind,
                    version: 0,
                    first_at: at,
                    body: String::new(),
                });
            e.first_at = e.first_at.min(at);
            if version > e.version {
                e.version = version;
                e.body = body;
            }
        }
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
                    if let Ok(d) = serde_json::from_str::<DischargeCounts>(&e.body) {
                        f.discharged = true;
                        f.self_management_offered = d.self_management_offered;
                        f.gp_appointments_avoided =
                            u64::try_from(d.gp_appointments_avoided).unwrap_or(0);
                        f.cmht_referral_avoided = d.cmht_referral_avoided;
                        f.referred_on |= d.secondary_care.is_some();
                    }
                }
                "onward" => f.referred_on = true,
                "measure" => {
                    if let Ok(MeasureTotal {
                        measure,
                        total: Some(t),
                    }) = serde_json::from_str(&e.body)
                    {
                        totals.entry((e.referral, measure)).or_default().push(t);
                    }
                }
                "goal" => {
                    if let Ok(g) = serde_json::from_str(&e.body) {
                        goals.entry(e.referral).or_default().push(g);
                    }
                }
                kind => {
                    let body: Value = serde_json::from_str(&e.body).unwrap_or(Value::Null);
                    if let Some(s) = work_status_of(kind, e.first_at, &body) {
                        work.entry(e.referral).or_default().push(s);
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

        // 5. Clinic time: each OT's days and hours.
        let rows = bind(
            "SELECT s.user_id, s.starts_at, s.ends_at FROM clinic_sessions s
             WHERE s.service_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
               AND ($4 = '' OR s.practice_id = $4)"
                .to_owned(),
        )
        .fetch_all(&self.read)
        .await?;
        let mut days = std::collections::HashSet::new();
        let mut hours = 0.0;
        for row in &rows {
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
    fn a_day_in_london_starts_at_its_own_midnight() {
        let d: Date = "2020-07-01".parse().unwrap();
        // British Summer Time: midnight is 23:00 UTC the day before.
        assert_eq!(time_text(london_midnight(d)), "2020-06-30T23:00:00.000000Z");
        let w: Date = "2020-12-01".parse().unwrap();
        assert_eq!(time_text(london_midnight(w)), "2020-12-01T00:00:00.000000Z");
    }
}
