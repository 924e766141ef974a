//! The older, unversioned Open Referral UK profile (based on HSDS 1.1), as
//! many council feeds still publish it, turned into 3.0.
//!
//! | older profile | 3.0 |
//! |---|---|
//! | `regular_schedules` (`byday`, or `weekday` as a number 1–7 from Monday, or a name) | `schedules` (`freq` WEEKLY unless given, `byday`) |
//! | `service_at_locations[].location.physical_addresses` | `…location.addresses` (`address_type` physical) |
//! | `…location.accessibility_for_disabilities[].accessibility` | `…location.accessibility[].description` |
//! | `service_taxonomys[]` or `service_taxonomies[]`, each `.taxonomy` (`vocabulary`, `parent` as an id or an object) | `attributes[].taxonomy_term` (`taxonomy`, `parent_id`) |
//! | `eligibilitys[]` or `eligibilities[]` (`minimum_age`, `maximum_age`) | the service's `minimum_age`, `maximum_age` (the widest) |
//! | `service_at_locations[].regular_schedule[]` (or `regular_schedules`) | `service_at_locations[].schedules` |
//! | `languages[].language` | `languages[].name` (and `code` when it is a 2–3 letter code) |
//! | `service_areas[].service_area` | `service_areas[].name` |
//! | `fundings[]` | `funding[]` |
//! | `organization.url` | `organization.website` |
//!
//! Holiday schedules and reviews have no place in the 3.0 profile and are
//! left out; so are fields the 3.0 profile removed.
//!
//! The older profile's documents disagree on some names (the profile's
//! data package, its reference API and its generated schema: see
//! `docs/directory.md`), so both spellings are read. They do not say how
//! an integer `weekday` counts; Roots reads 1 as Monday (ISO 8601), and
//! prefers `byday` when a schedule has both.

use serde_json::{Map, Value, json};

use crate::validate::text;

/// Copies the named fields that are present.
fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k).filter(|v| !v.is_null()) {
            to.insert((*k).to_owned(), v.clone());
        }
    }
}

fn objects(map: &Map<String, Value>, key: &str) -> Vec<Map<String, Value>> {
    map.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_object().cloned()).collect())
        .unwrap_or_default()
}

/// `1`–`7` (Monday first), `"1"`, `"Monday"`, `"MO"` → `"MO"`.
fn weekday_code(v: &Value) -> Option<&'static str> {
    const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_lowercase(),
        _ => return None,
    };
    if let Ok(n) = text.parse::<usize>() {
        return (1..=7).contains(&n).then(|| CODES[n - 1]);
    }
    CODES
        .iter()
        .zip(NAMES)
        .find(|(code, name)| text == code.to_lowercase() || text == *name)
        .map(|(code, _)| *code)
}

fn schedule(s: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    copy(
        s,
        &mut out,
        &[
            "id",
            "opens_at",
            "closes_at",
            "valid_from",
            "valid_to",
            "dtstart",
            "interval",
            "bymonthday",
            "description",
        ],
    );
    let freq = text(s, "freq").map(str::to_uppercase);
    out.insert(
        "freq".into(),
        Value::String(freq.unwrap_or_else(|| "WEEKLY".into())),
    );
    match (text(s, "byday"), s.get("weekday")) {
        (Some(byday), _) => {
            out.insert("byday".into(), Value::String(byday.to_owned()));
        }
        (None, Some(w)) => {
            // An unknown weekday is passed on as written, so the schedule
            // check reports it rather than the day being lost.
            let code = weekday_code(w)
                .map(str::to_owned)
                .unwrap_or_else(|| w.as_str().map_or_else(|| w.to_string(), str::to_owned));
            out.insert("byday".into(), Value::String(code));
        }
        (None, None) => {}
    }
    Value::Object(out)
}

fn location(l: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    copy(
        l,
        &mut out,
        &["id", "name", "description", "latitude", "longitude"],
    );
    out.insert(
        "location_type".into(),
        Value::String(text(l, "location_type").unwrap_or("physical").to_owned()),
    );
    let addresses: Vec<Value> = objects(l, "physical_addresses")
        .iter()
        .map(|a| {
            let mut o = Map::new();
            copy(
                a,
                &mut o,
                &[
                    "id",
                    "attention",
                    "address_1",
                    "address_2",
                    "city",
                    "region",
                    "state_province",
                    "postal_code",
                    "country",
                ],
            );
            // Required in 3.0; the older profile often leaves them out.
            for (k, default) in [
                ("address_1", ""),
                ("city", ""),
                ("state_province", ""),
                ("postal_code", ""),
                ("country", "GB"),
            ] {
                o.entry(k)
                    .or_insert_with(|| Value::String(default.to_owned()));
            }
            o.insert("address_type".into(), Value::String("physical".into()));
            Value::Object(o)
        })
        .collect();
    if !addresses.is_empty() {
        out.insert("addresses".into(), Value::Array(addresses));
    }
    let access: Vec<Value> = objects(l, "accessibility_for_disabilities")
        .iter()
        .map(|a| {
            let mut o = Map::new();
            copy(a, &mut o, &["id"]);
            if let Some(t) = text(a, "accessibility") {
                o.insert("description".into(), Value::String(t.to_owned()));
            }
            Value::Object(o)
        })
        .collect();
    if !access.is_empty() {
        out.insert("accessibility".into(), Value::Array(access));
    }
    Value::Object(out)
}

/// A record of the older profile as a 3.0 service document (ids still as
/// the feed gave them; [`crate::normalise`] makes them UUIDs).
pub fn to_v3(record: &Value) -> Value {
    let empty = Map::new();
    let r = record.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    copy(
        r,
        &mut out,
        &[
            "id",
            "name",
            "description",
            "url",
            "email",
            "status",
            "fees",
            "accreditations",
            "assured_date",
            "assurer_email",
            "alert",
            "last_modified",
        ],
    );
    if let Some(o) = r.get("organization").and_then(Value::as_object) {
        let mut org = Map::new();
        copy(
            o,
            &mut org,
            &["id", "name", "description", "email", "logo", "uri"],
        );
        if let Some(url) = text(o, "url").or_else(|| text(o, "website")) {
            org.insert("website".into(), Value::String(url.to_owned()));
        }
        org.entry("description")
            .or_insert_with(|| Value::String(String::new()));
        out.insert("organization".into(), Value::Object(org));
    }
    // The widest ages of the eligibility rules.
    let mut elig = objects(r, "eligibilitys");
    elig.extend(objects(r, "eligibilities"));
    let min = elig
        .iter()
        .filter_map(|e| e.get("minimum_age").and_then(Value::as_u64))
        .min();
    let max = elig
        .iter()
        .filter_map(|e| e.get("maximum_age").and_then(Value::as_u64))
        .max();
    if let Some(m) = min {
        out.insert("minimum_age".into(), json!(m));
    }
    if let Some(m) = max {
        out.insert("maximum_age".into(), json!(m));
    }
    let schedules: Vec<Value> = objects(r, "regular_schedules")
        .iter()
        .map(schedule)
        .collect();
    if !schedules.is_empty() {
        out.insert("schedules".into(), Value::Array(schedules));
    }
    let sals: Vec<Value> = objects(r, "service_at_locations")
        .iter()
        .map(|s| {
            let mut o = Map::new();
            copy(s, &mut o, &["id", "description"]);
            if let Some(l) = s.get("location").and_then(Value::as_object) {
                o.insert("location".into(), location(l));
            }
            let mut scheds: Vec<Value> = objects(s, "regular_schedules")
                .iter()
                .map(schedule)
                .collect();
            scheds.extend(objects(s, "regular_schedule").iter().map(schedule));
            if !scheds.is_empty() {
                o.insert("schedules".into(), Value::Array(scheds));
            }
            Value::Object(o)
        })
        .collect();
    if !sals.is_empty() {
        out.insert("service_at_locations".into(), Value::Array(sals));
    }
    let contacts: Vec<Value> = objects(r, "contacts")
        .iter()
        .map(|c| {
            let mut o = Map::new();
            copy(c, &mut o, &["id", "name", "title", "department", "email"]);
            let phones: Vec<Value> = objects(c, "phones")
                .iter()
                .map(|p| {
                    let mut po = Map::new();
                    copy(
                        p,
                        &mut po,
                        &["id", "number", "extension", "type", "description"],
                    );
                    Value::Object(po)
                })
                .collect();
            if !phones.is_empty() {
                o.insert("phones".into(), Value::Array(phones));
            }
            Value::Object(o)
        })
        .collect();
    if !contacts.is_empty() {
        out.insert("contacts".into(), Value::Array(contacts));
    }
    let costs: Vec<Value> = objects(r, "cost_options")
        .iter()
        .map(|c| {
            let mut o = Map::new();
            copy(
                c,
                &mut o,
                &[
                    "id",
                    "valid_from",
                    "valid_to",
                    "option",
                    "amount",
                    "currency",
                    "amount_description",
                ],
            );
            Value::Object(o)
        })
        .collect();
    if !costs.is_empty() {
        out.insert("cost_options".into(), Value::Array(costs));
    }
    let languages: Vec<Value> = objects(r, "languages")
        .iter()
        .map(|l| {
            let mut o = Map::new();
            copy(l, &mut o, &["id"]);
            if let Some(name) = text(l, "language").or_else(|| text(l, "name")) {
                o.insert("name".into(), Value::String(name.to_owned()));
                if (2..=3).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphabetic()) {
                    o.insert("code".into(), Value::String(name.to_lowercase()));
                }
            }
            Value::Object(o)
        })
        .collect();
    if !languages.is_empty() {
        out.insert("languages".into(), Value::Array(languages));
    }
    let areas: Vec<Value> = objects(r, "service_areas")
        .iter()
        .map(|a| {
            let mut o = Map::new();
            copy(a, &mut o, &["id", "extent", "uri"]);
            if let Some(n) = text(a, "service_area").or_else(|| text(a, "name")) {
                o.insert("name".into(), Value::String(n.to_owned()));
            }
            Value::Object(o)
        })
        .collect();
    if !areas.is_empty() {
        out.insert("service_areas".into(), Value::Array(areas));
    }
    let funding: Vec<Value> = objects(r, "fundings")
        .iter()
        .map(|f| {
            let mut o = Map::new();
            copy(f, &mut o, &["id", "source"]);
            Value::Object(o)
        })
        .collect();
    if !funding.is_empty() {
        out.insert("funding".into(), Value::Array(funding));
    }
    let mut taxonomies = objects(r, "service_taxonomys");
    taxonomies.extend(objects(r, "service_taxonomies"));
    let attributes: Vec<Value> = taxonomies
        .iter()
        .filter_map(|st| {
            let t = st.get("taxonomy").and_then(Value::as_object)?;
            let name = text(t, "name")?;
            let mut term = Map::new();
            copy(t, &mut term, &["id"]);
            term.insert("name".into(), Value::String(name.to_owned()));
            term.insert(
                "description".into(),
                Value::String(text(t, "description").unwrap_or(name).to_owned()),
            );
            if let Some(v) = text(t, "vocabulary") {
                term.insert("taxonomy".into(), Value::String(v.to_owned()));
            }
            let parent = text(t, "parent")
                .or_else(|| text(t, "parent_id"))
                .or_else(|| {
                    t.get("parent")
                        .and_then(Value::as_object)
                        .and_then(|p| text(p, "id"))
                });
            if let Some(p) = parent {
                term.insert("parent_id".into(), Value::String(p.to_owned()));
            }
            let mut a = Map::new();
            copy(st, &mut a, &["id"]);
            a.insert("taxonomy_term".into(), Value::Object(term));
            Some(Value::Object(a))
        })
        .collect();
    if !attributes.is_empty() {
        out.insert("attributes".into(), Value::Array(attributes));
    }
    Value::Object(out)
}
