//! Checking one record and putting it in the form Roots keeps.

use serde_json::{Map, Value};
use uuid::Uuid;

use roots_core::text::Kind;

use crate::{Profile, STATUSES, legacy, profile_of};

/// The namespace of the name-based ids Roots gives objects whose id is not
/// a UUID (a fixed, arbitrary UUID: changing it would change every mapped
/// id, so it never changes).
const ID_NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2d3e_4b5a_4c6d_8e7f_9a0b_1c2d_3e4f);

/// The id Open Referral UK 3.0 wants (a UUID) for an id as a feed gave it:
/// a UUID as itself (lower case), anything else as the version-5 UUID of
/// its text, the same every time.
pub fn oruk_id(raw: &str) -> String {
    let raw = raw.trim();
    match Uuid::parse_str(raw) {
        Ok(u) => u.hyphenated().to_string(),
        Err(_) => Uuid::new_v5(&ID_NAMESPACE, raw.as_bytes())
            .hyphenated()
            .to_string(),
    }
}

/// Why a record was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    NotAnObject,
    MissingId,
    MissingName,
    MissingStatus,
    UnknownStatus(String),
    MalformedSchedule(String),
    BadAge(String),
    /// An id that cannot be one: too long, with control characters, not
    /// text or a number, or shaped like a UUID but not a valid one (a
    /// mistyped UUID would otherwise quietly become another record).
    BadId(String),
    /// A latitude or longitude that is not a number on the Earth.
    BadLocation(String),
    DuplicateId,
    /// A text the text rule refuses (`roots_core::text`): where it is in
    /// the record, and why.
    BadText(String, roots_core::text::Problem),
}

/// A record that was not imported: where it was in the feed, its id as the
/// feed gave it (when it had one), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Its place in the feed, from 0.
    pub index: usize,
    pub id: Option<String>,
    pub reason: Reason,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "record {} (id {id}): ", self.index + 1)?,
            None => write!(f, "record {} (no id): ", self.index + 1)?,
        }
        match &self.reason {
            Reason::NotAnObject => write!(f, "not a JSON object"),
            Reason::MissingId => write!(f, "it has no id"),
            Reason::MissingName => write!(f, "it has no name"),
            Reason::MissingStatus => {
                write!(f, "it has no status (one of: {})", STATUSES.join(", "))
            }
            Reason::UnknownStatus(s) => write!(
                f,
                "unknown status \"{s}\" (one of: {})",
                STATUSES.join(", ")
            ),
            Reason::MalformedSchedule(why) => write!(f, "malformed schedule: {why}"),
            Reason::BadAge(why) => write!(f, "bad age: {why}"),
            Reason::BadId(why) => write!(f, "bad id: {why}"),
            Reason::BadLocation(why) => write!(f, "bad location: {why}"),
            Reason::DuplicateId => write!(f, "the same id as an earlier record in this feed"),
            Reason::BadText(at, problem) => write!(f, "{at} has {problem}"),
        }
    }
}

/// Checks and normalises every record of a feed: the good ones as Open
/// Referral UK 3.0 documents, in feed order, and an error for each bad one
/// (a second record with an id already seen is an error; the first stays).
pub fn normalise_all(records: &[Value]) -> (Vec<Value>, Vec<RecordError>) {
    let mut good: Vec<Value> = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, record) in records.iter().enumerate() {
        match normalise(record) {
            Ok(doc) => {
                let id = doc["id"].as_str().unwrap_or_default().to_owned();
                if seen.insert(id) {
                    good.push(doc);
                } else {
                    errors.push(RecordError {
                        index,
                        id: raw_id(record),
                        reason: Reason::DuplicateId,
                    });
                }
            }
            Err(reason) => errors.push(RecordError {
                index,
                id: raw_id(record),
                reason,
            }),
        }
    }
    (good, errors)
}

/// A record's id as the feed gave it (text or a number).
fn raw_id(record: &Value) -> Option<String> {
    match record.get("id")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Checks one record (either profile) and returns it as an Open Referral
/// UK 3.0 service document: ids as UUIDs everywhere (nested objects without
/// one get an id made from their parent's and their place), the status in
/// lower case, schedules checked.
pub fn normalise(record: &Value) -> Result<Value, Reason> {
    if !record.is_object() {
        return Err(Reason::NotAnObject);
    }
    let id = raw_id(record).ok_or(Reason::MissingId)?;
    check_ids(record, "")?;
    let profile = profile_of(record);
    if profile == Profile::Legacy {
        check_legacy_ages(record)?;
    }
    let mut doc = match profile {
        Profile::Legacy => legacy::to_v3(record),
        Profile::V3 => record.clone(),
    };
    let Some(map) = doc.as_object_mut() else {
        return Err(Reason::NotAnObject);
    };
    map.insert("id".into(), Value::String(id));
    let name = map
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if name.is_empty() {
        return Err(Reason::MissingName);
    }
    let name = roots_core::text::clean(Kind::Name, name, NAME_MAX)
        .map_err(|p| Reason::BadText("name".into(), p))?;
    map.insert("name".into(), Value::String(name));
    clean_texts(&mut doc, "")?;
    let Some(map) = doc.as_object_mut() else {
        return Err(Reason::NotAnObject);
    };
    let status = match map.get("status") {
        None | Some(Value::Null) => return Err(Reason::MissingStatus),
        Some(Value::String(s)) => {
            let s = s.trim().to_lowercase().replace('_', " ");
            if !STATUSES.contains(&s.as_str()) {
                return Err(Reason::UnknownStatus(s));
            }
            s
        }
        Some(other) => return Err(Reason::UnknownStatus(other.to_string())),
    };
    map.insert("status".into(), Value::String(status));
    for key in ["minimum_age", "maximum_age"] {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_u64().is_some_and(|a| a <= 130) => {}
            Some(Value::String(s)) if s.trim().parse::<u8>().is_ok_and(|a| a <= 130) => {
                let n: u8 = s.trim().parse().unwrap_or_default();
                map.insert(key.into(), Value::from(n));
            }
            Some(other) => return Err(Reason::BadAge(format!("{key} {other}"))),
        }
    }
    if let (Some(min), Some(max)) = (
        map.get("minimum_age").and_then(Value::as_u64),
        map.get("maximum_age").and_then(Value::as_u64),
    ) && min > max
    {
        return Err(Reason::BadAge(format!(
            "minimum_age {min} is above maximum_age {max}"
        )));
    }
    check_schedules(&mut doc)?;
    check_places(&mut doc)?;
    let root = oruk_id(doc["id"].as_str().unwrap_or_default());
    give_ids(&mut doc, &root, "");
    Ok(doc)
}

/// The longest id Roots keeps (a UUID is 36 characters; older feeds' own
/// ids are short words or numbers).
pub const MAX_ID: usize = 255;

/// True when `s` looks like an attempt at a UUID: 32 hexadecimal-looking
/// characters, with or without the four hyphens, braces or `urn:uuid:`.
fn uuid_shaped(s: &str) -> bool {
    let bare = s
        .trim_start_matches("urn:uuid:")
        .trim_start_matches('{')
        .trim_end_matches('}');
    let b = bare.as_bytes();
    let hyphenated = b.len() == 36 && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-');
    let plain = b.len() == 32 && b.iter().all(u8::is_ascii_alphanumeric);
    hyphenated || plain
}

/// Every `id` and `…_id` of a record, at any depth: text (at most
/// [`MAX_ID`] characters, no control characters, a valid UUID if it is
/// shaped like one), a whole number, or null.
fn check_ids(v: &Value, path: &str) -> Result<(), Reason> {
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                let here = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if k == "id" || k.ends_with("_id") {
                    match val {
                        Value::Null => {}
                        Value::Number(n) if n.is_u64() || n.is_i64() => {}
                        Value::String(s) => {
                            let t = s.trim();
                            if t.chars().count() > MAX_ID {
                                return Err(Reason::BadId(format!(
                                    "{here} is longer than {MAX_ID} characters"
                                )));
                            }
                            if t.chars().any(char::is_control) {
                                return Err(Reason::BadId(format!(
                                    "{here} has control characters"
                                )));
                            }
                            if uuid_shaped(t) && Uuid::parse_str(t).is_err() {
                                return Err(Reason::BadId(format!(
                                    "{here} {t:?} is shaped like a UUID but is not a valid one"
                                )));
                            }
                        }
                        other => {
                            return Err(Reason::BadId(format!(
                                "{here} is {}, not text or a whole number",
                                kind(other)
                            )));
                        }
                    }
                } else {
                    check_ids(val, &here)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_ids(item, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number with a fraction",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The older profile's eligibility ages, which become the service's:
/// each must be a whole number of years from 0 to 130 (a negative or
/// astronomical age was quietly dropped before).
fn check_legacy_ages(record: &Value) -> Result<(), Reason> {
    for key in ["eligibilitys", "eligibilities"] {
        let Some(list) = record.get(key).and_then(Value::as_array) else {
            continue;
        };
        for e in list {
            for age in ["minimum_age", "maximum_age"] {
                match e.get(age) {
                    None | Some(Value::Null) => {}
                    Some(Value::Number(n)) if n.as_u64().is_some_and(|a| a <= 130) => {}
                    Some(other) => {
                        return Err(Reason::BadAge(format!("{key} {age} {other}")));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The latitude and longitude of every place: absent or null, or a number
/// (text holding one is made a number) from −90 to 90 and −180 to 180.
fn check_places(doc: &mut Value) -> Result<(), Reason> {
    let Some(sals) = doc
        .get_mut("service_at_locations")
        .and_then(Value::as_array_mut)
    else {
        return Ok(());
    };
    for (i, sal) in sals.iter_mut().enumerate() {
        let Some(loc) = sal.get_mut("location").and_then(Value::as_object_mut) else {
            continue;
        };
        for (key, limit) in [("latitude", 90.0), ("longitude", 180.0)] {
            let value = match loc.get(key) {
                None | Some(Value::Null) => continue,
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(t)) if t.trim().is_empty() => {
                    loc.remove(key);
                    continue;
                }
                Some(Value::String(t)) => t.trim().parse::<f64>().ok(),
                Some(_) => None,
            };
            match value {
                Some(x) if x.is_finite() && (-limit..=limit).contains(&x) => {
                    loc.insert(key.into(), Value::from(x));
                }
                _ => {
                    return Err(Reason::BadLocation(format!(
                        "service_at_locations[{i}].location.{key} {} is not a number from -{limit} to {limit}",
                        loc.get(key).map(Value::to_string).unwrap_or_default()
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The longest name of a service, and of anything in it, in characters.
pub const NAME_MAX: usize = 500;
/// The longest other text in a record (a description), in characters.
pub const TEXT_MAX: usize = 10_000;

/// Every text of a record through the text rule (`roots_core::text`):
/// names on one line, other texts as free text; kept trimmed and NFC, or
/// the record refused with where the text is. Keys are checked too.
fn clean_texts(v: &mut Value, at: &str) -> Result<(), Reason> {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let here = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}/{key}")
                };
                roots_core::text::clean(Kind::Token, key, NAME_MAX)
                    .map_err(|p| Reason::BadText(format!("the key of {here}"), p))?;
                match value {
                    Value::String(s) => {
                        let (kind, max) = if matches!(key.as_str(), "name" | "alternate_name") {
                            (Kind::Line, NAME_MAX)
                        } else {
                            (Kind::Long, TEXT_MAX)
                        };
                        *s = roots_core::text::clean(kind, s, max)
                            .map_err(|p| Reason::BadText(here, p))?;
                    }
                    other => clean_texts(other, &here)?,
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let here = format!("{at}/{i}");
                match item {
                    Value::String(s) => {
                        *s = roots_core::text::clean(Kind::Long, s, TEXT_MAX)
                            .map_err(|p| Reason::BadText(here, p))?;
                    }
                    other => clean_texts(other, &here)?,
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Every schedule of the service and of its locations.
fn check_schedules(doc: &mut Value) -> Result<(), Reason> {
    let mut lists: Vec<&mut Value> = Vec::new();
    let Some(map) = doc.as_object_mut() else {
        return Ok(());
    };
    let (schedules, sals): (Option<&mut Value>, Option<&mut Value>) = {
        let mut s = None;
        let mut l = None;
        for (k, v) in map.iter_mut() {
            match k.as_str() {
                "schedules" => s = Some(v),
                "service_at_locations" => l = Some(v),
                _ => {}
            }
        }
        (s, l)
    };
    if let Some(s) = schedules {
        lists.push(s);
    }
    if let Some(Value::Array(sals)) = sals {
        for sal in sals.iter_mut() {
            if let Some(sal) = sal.as_object_mut() {
                for (k, v) in sal.iter_mut() {
                    if k == "schedules" {
                        lists.push(v);
                    } else if k == "location"
                        && let Some(loc) = v.as_object_mut()
                        && let Some(s) = loc.get_mut("schedules")
                    {
                        lists.push(s);
                    }
                }
            }
        }
    }
    for list in lists {
        match list {
            Value::Null => {}
            Value::Array(items) => {
                for s in items.iter_mut() {
                    check_schedule(s)?;
                }
            }
            other => {
                return Err(Reason::MalformedSchedule(format!(
                    "schedules is {other}, not a list"
                )));
            }
        }
    }
    Ok(())
}

/// One schedule: `freq` WEEKLY or MONTHLY (upper-cased), `byday` days of
/// the week (MONTHLY ones may say which: `2MO`, `-1FR`), `bymonthday`
/// days of the month, times `HH:MM[:SS]` with an optional zone, dates
/// `YYYY-MM-DD`.
pub(crate) fn check_schedule(s: &mut Value) -> Result<(), Reason> {
    let bad = |why: String| Err(Reason::MalformedSchedule(why));
    let Some(map) = s.as_object_mut() else {
        return bad("a schedule is not an object".into());
    };
    let freq = match map.get("freq") {
        None | Some(Value::Null) => None,
        Some(Value::String(f)) => {
            let f = f.trim().to_uppercase();
            if f != "WEEKLY" && f != "MONTHLY" {
                return bad(format!("freq \"{f}\" is not WEEKLY or MONTHLY"));
            }
            Some(f)
        }
        Some(other) => return bad(format!("freq {other} is not WEEKLY or MONTHLY")),
    };
    if let Some(f) = &freq {
        map.insert("freq".into(), Value::String(f.clone()));
    }
    if let Some(byday) = map.get("byday").and_then(Value::as_str) {
        for part in byday.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match crate::summary::parse_byday(part) {
                Some((Some(_), _)) if freq.as_deref() != Some("MONTHLY") => {
                    return bad(format!(
                        "byday \"{part}\" names an occurrence, which only a MONTHLY schedule can"
                    ));
                }
                Some(_) => {}
                None => return bad(format!("byday \"{part}\" is not a day like MO or 2MO")),
            }
        }
    } else if let Some(other) = map.get("byday").filter(|v| !v.is_null()) {
        return bad(format!("byday {other} is not text"));
    }
    if let Some(v) = map.get("bymonthday").filter(|v| !v.is_null()) {
        let text = match v {
            Value::String(t) => t.clone(),
            Value::Number(n) => n.to_string(),
            other => return bad(format!("bymonthday {other} is not text")),
        };
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.parse::<i8>() {
                Ok(d) if (1..=31).contains(&d.unsigned_abs()) => {}
                _ => return bad(format!("bymonthday \"{part}\" is not a day of the month")),
            }
        }
    }
    for key in ["opens_at", "closes_at"] {
        if let Some(v) = map.get(key).filter(|v| !v.is_null()) {
            match v.as_str().and_then(crate::summary::parse_time) {
                Some(_) => {}
                None => return bad(format!("{key} {v} is not a time like 09:30")),
            }
        }
    }
    if let (Some(o), Some(c)) = (
        map.get("opens_at")
            .and_then(Value::as_str)
            .and_then(crate::summary::parse_time),
        map.get("closes_at")
            .and_then(Value::as_str)
            .and_then(crate::summary::parse_time),
    ) && c <= o
    {
        return bad(format!("closes_at {c} is not after opens_at {o}"));
    }
    for key in ["valid_from", "valid_to", "dtstart", "until"] {
        if let Some(v) = map.get(key).filter(|v| !v.is_null())
            && v.as_str()
                .and_then(|t| t.get(..10))
                .and_then(|t| roots_core::dates::parse_iso(t).ok())
                .is_none()
        {
            return bad(format!(
                "{key} {v} is not a date like 2026-01-31 (from {} to {})",
                roots_core::dates::EARLIEST,
                roots_core::dates::LATEST
            ));
        }
    }
    Ok(())
}

/// Ids everywhere: every `id` and every `…_id` that is text becomes a
/// UUID ([`oruk_id`]); a nested object without an id gets one made from its
/// parent's id and its place, the same on every import.
fn give_ids(v: &mut Value, parent: &str, path: &str) {
    match v {
        Value::Object(map) => {
            let mut own = parent.to_owned();
            for (k, val) in map.iter_mut() {
                if (k == "id" || k.ends_with("_id"))
                    && let Value::String(s) = val
                    && !s.trim().is_empty()
                {
                    *s = oruk_id(s);
                }
            }
            if !path.is_empty() {
                let id = match map.get("id") {
                    Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
                    Some(Value::Number(n)) => oruk_id(&n.to_string()),
                    _ => oruk_id(&format!("{parent}/{path}")),
                };
                map.insert("id".into(), Value::String(id.clone()));
                own = id;
            }
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                if let Some(child) = map.get_mut(&k)
                    && (child.is_object() || child.is_array())
                {
                    give_ids(child, &own, &k);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                if item.is_object() {
                    give_ids(item, parent, &format!("{path}/{i}"));
                }
            }
        }
        _ => {}
    }
}

/// An object's text field, trimmed, when it has one.
pub(crate) fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
