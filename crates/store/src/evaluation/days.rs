//! The counts of each day's referrals, kept beside their lines
//! (`referral_facts_days`, migration 0021), so that a year is evaluated by
//! merging a few hundred days' counts rather than by reading and counting
//! a million lines.
//!
//! - A day is a UTC date of the time received (the first ten characters
//!   of `received_at`), counted per practice: roots_core's
//!   [`Counts::to_bytes`](roots_core::evaluation::Counts::to_bytes) of those lines, computed here from the lines and
//!   nowhere else.
//! - The database's triggers list a day in `referral_facts_days_stale` in
//!   the same transaction as any write that changes one of its lines;
//!   before an evaluation the store counts the days listed again
//!   ([`Store::refresh_evaluation_days`]), after it has brought the lines
//!   themselves up to date.
//! - A period is London days: its whole UTC days come from here and the
//!   rest (in summer, the hour before the first midnight and the last
//!   hour) from the lines ([`Plan`]). Counts merge exactly, so a period
//!   counts the same either way.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use roots_core::evaluation::counts::FORMAT;
use sqlx::Row;

use super::{count_lines, joined};
use crate::{Engine, Result, Store, time_text};

/// Days counted again in one go (the lines of a run of this many
/// consecutive days are read by one statement).
const DAYS_AT_ONCE: usize = 16;

/// Takes a day off the out-of-date list ($1 service, $2 day), unless it
/// was listed again ($3 its `changes` when it was read) since.
const UNLIST_DAY: &str = "DELETE FROM referral_facts_days_stale
     WHERE service_id = $1 AND day = $2 AND changes = $3";

/// The first instant of a UTC day, as stored.
pub(crate) fn midnight(day: Date) -> String {
    format!("{day}T00:00:00.000000Z")
}

fn utc_date(t: Timestamp) -> Date {
    jiff::tz::Offset::UTC.to_datetime(t).date()
}

pub(crate) fn next(day: Date) -> Date {
    day.checked_add(1.day()).unwrap_or(day)
}

/// How a period `[start, end)` is read: its whole UTC days `[days.0,
/// days.1)` from the kept counts, and the times before the first and
/// after the last from the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub days: Option<(Date, Date)>,
    pub lines: Vec<(Timestamp, Timestamp)>,
}

impl Plan {
    pub fn of(start: Timestamp, end: Timestamp) -> Plan {
        let first = {
            let d = utc_date(start);
            if midnight(d) == time_text(start) {
                d
            } else {
                next(d)
            }
        };
        let last = utc_date(end);
        let at = |d: Date| {
            jiff::tz::Offset::UTC
                .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .unwrap_or(start)
        };
        if first >= last || start >= end {
            return Plan {
                days: None,
                lines: if start < end {
                    vec![(start, end)]
                } else {
                    Vec::new()
                },
            };
        }
        let mut lines = Vec::new();
        if start < at(first) {
            lines.push((start, at(first)));
        }
        if at(last) < end {
            lines.push((at(last), end));
        }
        Plan {
            days: Some((first, last)),
            lines,
        }
    }
}

/// One practice's kept counts of one day, as read.
pub(crate) struct KeptDay {
    pub day: String,
    pub format: i64,
    pub counts: Vec<u8>,
}

impl Store {
    /// Counts again the service's days listed as out of date (and any kept
    /// in another [`FORMAT`]) from their lines, a run of consecutive days
    /// at a time; returns how many days. Call it after
    /// [`Store::refresh_evaluation_facts`]: the lines first, then their
    /// days. A day written to again while it is counted stays listed and is
    /// counted next time.
    pub async fn refresh_evaluation_days(&self, service_id: &str) -> Result<u64> {
        // Counts written by another version of Roots are counted again
        // (looked for first, so that an evaluation writes nothing when
        // nothing is out of date).
        let other_format: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM referral_facts_days WHERE service_id = $1 AND format <> $2 LIMIT 1",
        )
        .bind(service_id)
        .bind(i64::from(FORMAT))
        .fetch_optional(&self.read)
        .await?;
        let upsert = "INSERT INTO referral_facts_days_stale (service_id, day)
             SELECT DISTINCT service_id, day FROM referral_facts_days
             WHERE service_id = $1 AND format <> $2
             ON CONFLICT (service_id, day) DO UPDATE
             SET changes = referral_facts_days_stale.changes + 1";
        // (SQLite takes `ON CONFLICT` after a SELECT as the upsert's only
        // when the SELECT has a WHERE, as this one has.)
        if other_format.is_some() {
            sqlx::query(upsert)
                .bind(service_id)
                .bind(i64::from(FORMAT))
                .execute(&self.write)
                .await?;
        }
        let listed: Vec<(String, i64)> = sqlx::query_as(
            "SELECT day, changes FROM referral_facts_days_stale
             WHERE service_id = $1 ORDER BY day",
        )
        .bind(service_id)
        .fetch_all(&self.read)
        .await?;
        let mut runs: Vec<Vec<(Date, i64)>> = Vec::new();
        for (day, changes) in listed {
            let Ok(d) = day.parse::<Date>() else {
                // Not a day (a line received at a time not written by
                // Roots): nothing is kept for it.
                self.unlist_day(service_id, &day, changes).await?;
                continue;
            };
            match runs.last_mut() {
                Some(run)
                    if run.len() < DAYS_AT_ONCE && run.last().is_some_and(|l| next(l.0) == d) =>
                {
                    run.push((d, changes));
                }
                _ => runs.push(vec![(d, changes)]),
            }
        }
        let mut done = 0;
        for run in runs {
            done += run.len() as u64;
            self.count_days(service_id, &run).await?;
        }
        Ok(done)
    }

    async fn unlist_day(&self, service_id: &str, day: &str, changes: i64) -> Result<()> {
        sqlx::query(UNLIST_DAY)
            .bind(service_id)
            .bind(day)
            .bind(changes)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Counts a run of consecutive days from their lines, per practice,
    /// and keeps the counts in place of those kept before.
    async fn count_days(&self, service_id: &str, run: &[(Date, i64)]) -> Result<()> {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return Ok(());
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {day} AS day, COALESCE(practice_id, '') AS practice, {lines} AS lines
             FROM referral_facts
             WHERE service_id = $1 AND received_at >= $2 AND received_at < $3 AND facts <> ''
             GROUP BY {day}, COALESCE(practice_id, '')",
            day = day_of(self.engine()),
            lines = joined(self.engine(), "facts || deprivation"),
        )))
        .bind(service_id)
        .bind(midnight(first.0))
        .bind(midnight(next(last.0)))
        .fetch_all(&self.read)
        .await?;
        let mut texts = Vec::with_capacity(rows.len());
        for r in &rows {
            texts.push((
                r.try_get::<String, _>("day")?,
                r.try_get::<String, _>("practice")?,
                r.try_get::<String, _>("lines")?,
            ));
        }
        let counted = tokio::task::spawn_blocking(move || {
            texts
                .into_iter()
                .map(|(day, practice, lines)| Ok((day, practice, count_lines(&lines)?.to_bytes())))
                .collect::<Result<Vec<_>>>()
        })
        .await
        .map_err(super::stopped)??;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM referral_facts_days
             WHERE service_id = $1 AND day >= $2 AND day <= $3",
        )
        .bind(service_id)
        .bind(first.0.to_string())
        .bind(last.0.to_string())
        .execute(&mut *tx)
        .await?;
        for (day, practice, counts) in counted {
            sqlx::query(
                "INSERT INTO referral_facts_days (service_id, day, practice_id, format, counts)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (service_id, day, practice_id) DO UPDATE
                 SET format = excluded.format, counts = excluded.counts",
            )
            .bind(service_id)
            .bind(day)
            .bind(practice)
            .bind(i64::from(FORMAT))
            .bind(counts)
            .execute(&mut *tx)
            .await?;
        }
        for (day, changes) in run {
            sqlx::query(UNLIST_DAY)
                .bind(service_id)
                .bind(day.to_string())
                .bind(changes)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The kept counts of the days `[from, to)`, of one practice or all
    /// (`practice` '').
    pub(crate) async fn kept_days(
        &self,
        service_id: &str,
        from: Date,
        to: Date,
        practice: &str,
    ) -> Result<Vec<KeptDay>> {
        let rows = sqlx::query(
            "SELECT day, format, counts FROM referral_facts_days
             WHERE service_id = $1 AND day >= $2 AND day < $3 AND ($4 = '' OR practice_id = $4)",
        )
        .bind(service_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(practice)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KeptDay {
                    day: r.try_get("day")?,
                    format: r.try_get("format")?,
                    counts: r.try_get("counts")?,
                })
            })
            .collect()
    }

    /// Lists a day as out of date (its kept counts could not be read).
    pub(crate) async fn list_day(&self, service_id: &str, day: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO referral_facts_days_stale (service_id, day) VALUES ($1, $2)
             ON CONFLICT (service_id, day) DO UPDATE
             SET changes = referral_facts_days_stale.changes + 1",
        )
        .bind(service_id)
        .bind(day)
        .execute(&self.write)
        .await?;
        Ok(())
    }
}

/// The UTC day of a line's `received_at`, in each engine's dialect.
fn day_of(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "substr(received_at, 1, 10)",
        Engine::Postgres => "left(received_at, 10)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// Which parts of a period are read from kept days and which from
    /// lines: London days are UTC days in winter and start an hour
    /// earlier in summer.
    #[test]
    fn a_period_is_its_whole_utc_days_and_the_hours_around_them() {
        let cases = [
            // January: London midnight is UTC midnight; all days.
            (
                "2024-01-01T00:00:00Z",
                "2024-02-01T00:00:00Z",
                Some(("2024-01-01", "2024-02-01")),
                vec![],
            ),
            // June: from 23:00 the day before to 23:00 the last day.
            (
                "2024-05-31T23:00:00Z",
                "2024-06-30T23:00:00Z",
                Some(("2024-06-01", "2024-06-30")),
                vec![
                    ("2024-05-31T23:00:00Z", "2024-06-01T00:00:00Z"),
                    ("2024-06-30T00:00:00Z", "2024-06-30T23:00:00Z"),
                ],
            ),
            // The clocks go forward on 31 March 2024: London's 1 March to
            // 31 March ends at 23:00 UTC.
            (
                "2024-03-01T00:00:00Z",
                "2024-03-31T23:00:00Z",
                Some(("2024-03-01", "2024-03-31")),
                vec![("2024-03-31T00:00:00Z", "2024-03-31T23:00:00Z")],
            ),
            // One summer day: no whole UTC day in it.
            (
                "2024-06-09T23:00:00Z",
                "2024-06-10T23:00:00Z",
                None,
                vec![("2024-06-09T23:00:00Z", "2024-06-10T23:00:00Z")],
            ),
            // One winter day: one whole day.
            (
                "2024-12-10T00:00:00Z",
                "2024-12-11T00:00:00Z",
                Some(("2024-12-10", "2024-12-11")),
                vec![],
            ),
            // Nothing.
            ("2024-12-10T00:00:00Z", "2024-12-10T00:00:00Z", None, vec![]),
        ];
        for (start, end, days, lines) in cases {
            let plan = Plan::of(t(start), t(end));
            assert_eq!(
                plan,
                Plan {
                    days: days.map(|(a, b)| (d(a), d(b))),
                    lines: lines.into_iter().map(|(a, b)| (t(a), t(b))).collect(),
                },
                "{start} to {end}"
            );
        }
    }
}
