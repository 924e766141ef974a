//! The directory of community resources, in **Open Referral UK 3.0** (the
//! UK profile of the Human Services Data Specification 3.0; its OpenAPI
//! description, example responses and schemas are in
//! `../shared/reference/open-referral-uk/`).
//!
//! Roots keeps each service as its Open Referral UK 3.0 document (a JSON
//! object with its organization, locations, schedules, languages, cost
//! options, contacts and taxonomy terms nested, as `/services/{id}`
//! returns it), so what comes in goes out again unchanged. This crate:
//!
//! - reads a feed ([`read_feed`]): one full service, an array of services,
//!   a 3.0 paged list (`{"contents": [...]}`) or an older-profile paged list
//!   (`{"content": [...]}`);
//! - checks and normalises each record on its own ([`normalise`]), so one
//!   bad record is reported with its id and the reason while the rest are
//!   kept: a missing id or name, an unknown status, a malformed schedule, an
//!   id seen twice;
//! - turns a record of the older, unversioned profile (based on HSDS 1.1:
//!   `regular_schedules`, `service_taxonomys`, `physical_addresses`,
//!   `eligibilitys`) into 3.0 ([`legacy`]);
//! - gives every object an id in the form 3.0 requires (a UUID): an id that
//!   is not one is mapped to a name-based UUID (version 5) of itself, so
//!   re-importing the same feed updates the same records and never
//!   duplicates them ([`oruk_id`]);
//! - reads off what search needs ([`Summary`]);
//! - reads, checks and writes back what staff change of a resource's
//!   published details in Roots ([`details`]).
//!
//! Nothing here touches a database or the network; the store keeps the
//! documents and `roots directory import` fetches pages.

pub mod details;
pub mod geo;
pub mod legacy;
mod summary;
mod validate;

pub use summary::{Schedule, Summary, Weekday};
pub use validate::{Reason, RecordError, normalise, normalise_all, oruk_id};

use serde_json::Value;

/// The statuses of a service in Open Referral UK 3.0.
pub const STATUSES: [&str; 4] = ["active", "inactive", "defunct", "temporarily closed"];

/// The profile a record was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Open Referral UK 3.0 (HSDS 3.0).
    V3,
    /// The older, unversioned Open Referral UK profile (HSDS 1.1 based).
    Legacy,
}

/// The records of a feed, as they came, and how the feed was shaped.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub records: Vec<Value>,
    /// For a paged list: whether this is the last page (`None` when the
    /// feed is not paged or does not say).
    pub last_page: Option<bool>,
}

/// Why a feed could not be read at all (a bad record is a
/// [`RecordError`] instead, and the rest are still read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedError {
    /// Not JSON.
    NotJson(String),
    /// JSON, but not a service, an array or a paged list.
    NotAFeed,
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::NotJson(e) => write!(f, "not JSON: {e}"),
            FeedError::NotAFeed => write!(
                f,
                "not an Open Referral UK feed: expected a service, an array of services, or a paged list with \"contents\" (3.0) or \"content\" (older profile)"
            ),
        }
    }
}

/// Reads a feed: one service object, an array of them, or a paged list.
pub fn read_feed(text: &str) -> Result<Feed, FeedError> {
    let value: Value = serde_json::from_str(text).map_err(|e| FeedError::NotJson(e.to_string()))?;
    match value {
        Value::Array(records) => Ok(Feed {
            records,
            last_page: None,
        }),
        Value::Object(mut map) => {
            for key in ["contents", "content"] {
                if let Some(Value::Array(_)) = map.get(key) {
                    let last_page = map
                        .get("last_page")
                        .or_else(|| map.get("last"))
                        .and_then(Value::as_bool);
                    let Some(Value::Array(records)) = map.remove(key) else {
                        return Err(FeedError::NotAFeed);
                    };
                    return Ok(Feed { records, last_page });
                }
            }
            if map.contains_key("id") || map.contains_key("name") {
                Ok(Feed {
                    records: vec![Value::Object(map)],
                    last_page: None,
                })
            } else {
                Err(FeedError::NotAFeed)
            }
        }
        _ => Err(FeedError::NotAFeed),
    }
}

/// Which profile a record was written in: the older profile's own arrays
/// mark it; anything else is read as 3.0.
pub fn profile_of(record: &Value) -> Profile {
    const LEGACY_KEYS: [&str; 8] = [
        "regular_schedules",
        "holiday_schedules",
        "service_taxonomys",
        "service_taxonomies",
        "eligibilitys",
        "eligibilities",
        "fundings",
        "reviews",
    ];
    let Some(map) = record.as_object() else {
        return Profile::V3;
    };
    let legacy_location = map
        .get("service_at_locations")
        .and_then(Value::as_array)
        .is_some_and(|sals| {
            sals.iter().any(|s| {
                s.get("location")
                    .and_then(|l| l.get("physical_addresses"))
                    .is_some()
            })
        });
    if legacy_location || LEGACY_KEYS.iter().any(|k| map.contains_key(*k)) {
        Profile::Legacy
    } else {
        Profile::V3
    }
}

#[cfg(test)]
mod tests;
