//! What search needs from a service document: its terms, languages, ages,
//! cost, places and opening times.

use jiff::civil::{Date, Time};
use serde_json::Value;

use crate::validate::text;

/// A day of the week, as iCal writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mo,
        Weekday::Tu,
        Weekday::We,
        Weekday::Th,
        Weekday::Fr,
        Weekday::Sa,
        Weekday::Su,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Weekday::Mo => "MO",
            Weekday::Tu => "TU",
            Weekday::We => "WE",
            Weekday::Th => "TH",
            Weekday::Fr => "FR",
            Weekday::Sa => "SA",
            Weekday::Su => "SU",
        }
    }

    pub fn of(date: Date) -> Weekday {
        Weekday::ALL[date.weekday().to_monday_zero_offset() as usize]
    }
}

/// `MO`, `2MO` (the second Monday), `-1FR` (the last Friday).
pub(crate) fn parse_byday(part: &str) -> Option<(Option<i8>, Weekday)> {
    let part = part.trim().to_uppercase();
    if part.len() < 2 {
        return None;
    }
    let (n, day) = part.split_at(part.len() - 2);
    let day = Weekday::ALL.into_iter().find(|d| d.code() == day)?;
    if n.is_empty() {
        return Some((None, day));
    }
    let n: i8 = n.strip_prefix('+').unwrap_or(n).parse().ok()?;
    ((1..=5).contains(&n.unsigned_abs())).then_some((Some(n), day))
}

/// `09:30`, `09:30:00`, with an optional `Z` or offset (kept as local
/// time: a directory's times are the place's own).
pub(crate) fn parse_time(t: &str) -> Option<Time> {
    let t = t.trim();
    let t = t.strip_suffix('Z').unwrap_or(t);
    let t = match t.get(5..).map(|rest| rest.find(['+', '-'])) {
        Some(Some(i)) => &t[..5 + i],
        _ => t,
    };
    let parts: Vec<&str> = t.split(':').collect();
    let num = |s: &str, max: i8| -> Option<i8> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    match parts.as_slice() {
        [h, m] => Time::new(num(h, 23)?, num(m, 59)?, 0, 0).ok(),
        [h, m, s] => Time::new(num(h, 23)?, num(m, 59)?, num(s, 59)?, 0).ok(),
        _ => None,
    }
}

/// One opening pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub monthly: bool,
    /// Days of the week, each with which one in the month for a monthly
    /// schedule (`2` the second, `-1` the last).
    pub days: Vec<(Option<i8>, Weekday)>,
    pub month_days: Vec<i8>,
    pub opens: Option<Time>,
    pub closes: Option<Time>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

impl Schedule {
    fn from_value(v: &Value) -> Option<Schedule> {
        let map = v.as_object()?;
        let date = |k: &str| {
            text(map, k)
                .and_then(|t| t.get(..10))
                .and_then(|t| roots_core::dates::parse_iso(t).ok())
        };
        let days: Vec<(Option<i8>, Weekday)> = text(map, "byday")
            .map(|b| b.split(',').filter_map(parse_byday).collect())
            .unwrap_or_default();
        let month_days = match map.get("bymonthday") {
            Some(Value::String(t)) => t.split(',').filter_map(|d| d.trim().parse().ok()).collect(),
            Some(Value::Number(n)) => n.as_i64().map(|d| vec![d as i8]).unwrap_or_default(),
            _ => Vec::new(),
        };
        Some(Schedule {
            monthly: text(map, "freq").is_some_and(|f| f.eq_ignore_ascii_case("MONTHLY")),
            days,
            month_days,
            opens: text(map, "opens_at").and_then(parse_time),
            closes: text(map, "closes_at").and_then(parse_time),
            valid_from: date("valid_from"),
            valid_to: date("valid_to"),
        })
    }

    /// Whether it is open on `date` (at `time`, when given).
    pub fn open_on(&self, date: Date, time: Option<Time>) -> bool {
        if self.valid_from.is_some_and(|f| date < f) || self.valid_to.is_some_and(|t| date > t) {
            return false;
        }
        let day = Weekday::of(date);
        let nth = (date.day() - 1) / 7 + 1;
        let days_in_month = date.days_in_month();
        let from_end = -((days_in_month - date.day()) / 7 + 1);
        let day_matches = self.days.iter().any(|(n, d)| {
            *d == day
                && match n {
                    None => true,
                    Some(n) if *n > 0 => i16::from(*n) == i16::from(nth),
                    Some(n) => i16::from(*n) == i16::from(from_end),
                }
        });
        let month_day_matches = self.month_days.iter().any(|m| {
            if *m > 0 {
                i16::from(*m) == i16::from(date.day())
            } else {
                i16::from(*m) == i16::from(date.day()) - i16::from(days_in_month) - 1
            }
        });
        let on_day = if self.days.is_empty() && self.month_days.is_empty() {
            // No days named: a pattern of hours only, every day.
            true
        } else {
            day_matches || month_day_matches
        };
        if !on_day {
            return false;
        }
        match (time, self.opens, self.closes) {
            (Some(t), Some(o), Some(c)) => o <= t && t < c,
            _ => true,
        }
    }
}

/// What search reads off a service document.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub status: String,
    pub organization: Option<String>,
    pub minimum_age: Option<u8>,
    pub maximum_age: Option<u8>,
    /// Languages, as the feed names them (codes or names), lower case.
    pub languages: Vec<String>,
    /// `Some(true)` when every cost option is free (amount 0), `Some(false)`
    /// when one has a price, `None` when the feed does not say.
    pub free: Option<bool>,
    /// Taxonomy terms: (id, name, taxonomy).
    pub terms: Vec<(String, String, Option<String>)>,
    pub postcodes: Vec<String>,
    /// (latitude, longitude) of each place with them.
    pub places: Vec<(f64, f64)>,
    pub schedules: Vec<Schedule>,
    pub last_modified: Option<String>,
}

impl Summary {
    /// Reads a normalised document (see [`crate::normalise`]).
    pub fn of(doc: &Value) -> Summary {
        let empty = serde_json::Map::new();
        let map = doc.as_object().unwrap_or(&empty);
        let list = |v: Option<&Value>| -> Vec<Value> {
            v.and_then(Value::as_array).cloned().unwrap_or_default()
        };
        let sals = list(map.get("service_at_locations"));
        let locations: Vec<Value> = sals
            .iter()
            .filter_map(|s| s.get("location").cloned())
            .collect();
        let mut schedules: Vec<Schedule> = list(map.get("schedules"))
            .iter()
            .filter_map(Schedule::from_value)
            .collect();
        for s in &sals {
            schedules.extend(
                list(s.get("schedules"))
                    .iter()
                    .filter_map(Schedule::from_value),
            );
        }
        let mut terms = Vec::new();
        let mut attributes = list(map.get("attributes"));
        for s in &sals {
            attributes.extend(list(s.get("attributes")));
        }
        for a in &attributes {
            if let Some(t) = a.get("taxonomy_term").and_then(Value::as_object)
                && let (Some(id), Some(name)) = (text(t, "id"), text(t, "name"))
                && !terms.iter().any(|(i, _, _): &(String, String, _)| i == id)
            {
                terms.push((
                    id.to_owned(),
                    name.to_owned(),
                    text(t, "taxonomy").map(str::to_owned),
                ));
            }
        }
        let costs = list(map.get("cost_options"));
        let free = if costs.is_empty() {
            None
        } else {
            Some(
                costs
                    .iter()
                    .all(|c| c.get("amount").and_then(Value::as_f64).unwrap_or(0.0) == 0.0),
            )
        };
        let age = |k: &str| {
            map.get(k)
                .and_then(Value::as_u64)
                .and_then(|a| u8::try_from(a).ok())
        };
        let mut postcodes = Vec::new();
        let mut places = Vec::new();
        for l in &locations {
            for a in list(l.get("addresses")) {
                if let Some(p) = a.get("postal_code").and_then(Value::as_str) {
                    let p = p.trim().to_uppercase();
                    if !p.is_empty() && !postcodes.contains(&p) {
                        postcodes.push(p);
                    }
                }
            }
            if let (Some(lat), Some(lon)) = (
                l.get("latitude").and_then(Value::as_f64),
                l.get("longitude").and_then(Value::as_f64),
            ) && (-90.0..=90.0).contains(&lat)
                && (-180.0..=180.0).contains(&lon)
            {
                places.push((lat, lon));
            }
        }
        Summary {
            id: text(map, "id").unwrap_or_default().to_owned(),
            name: text(map, "name").unwrap_or_default().to_owned(),
            description: text(map, "description").unwrap_or_default().to_owned(),
            status: text(map, "status").unwrap_or_default().to_owned(),
            organization: map
                .get("organization")
                .and_then(Value::as_object)
                .and_then(|o| text(o, "name"))
                .map(str::to_owned),
            minimum_age: age("minimum_age"),
            maximum_age: age("maximum_age"),
            languages: list(map.get("languages"))
                .iter()
                .filter_map(|l| {
                    let o = l.as_object()?;
                    text(o, "code")
                        .or_else(|| text(o, "name"))
                        .map(str::to_lowercase)
                })
                .collect(),
            free,
            terms,
            postcodes,
            places,
            schedules,
            last_modified: text(map, "last_modified").map(str::to_owned),
        }
    }

    /// Whether any of its schedules is open on `date` (at `time`); `None`
    /// when it has no schedule to say.
    pub fn open_on(&self, date: Date, time: Option<Time>) -> Option<bool> {
        (!self.schedules.is_empty()).then(|| self.schedules.iter().any(|s| s.open_on(date, time)))
    }

    /// Whether a person of `age` may use it.
    pub fn takes_age(&self, age: u8) -> bool {
        self.minimum_age.is_none_or(|m| age >= m) && self.maximum_age.is_none_or(|m| age <= m)
    }
}
