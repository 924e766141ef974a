//! Generated hostile feeds for the directory's importer (issue 19): any
//! text is read as a feed or refused, any record is normalised or refused
//! with a reason, never a panic; what is accepted is a clean Open Referral
//! UK 3.0 document that normalises to itself, with UUID ids and no
//! character that no stored text may hold.

use proptest::prelude::*;
use roots_core::hostile::{check, forbidden_anywhere, hostile_json, hostile_text, strings};
use roots_directory::{normalise, normalise_all, read_feed};
use serde_json::Value;

fn feed() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/feeds/v3_paged.json"
    ))
    .unwrap();
    let mut records = read_feed(&text).unwrap().records;
    let legacy = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/feeds/legacy_paged.json"
    ))
    .unwrap();
    records.extend(read_feed(&legacy).unwrap().records);
    records
}

/// Every path to a value in a document (object keys and list places).
fn paths(v: &Value, here: Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let mut p = here.clone();
                p.push(k.clone());
                out.push(p.clone());
                paths(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let mut p = here.clone();
                p.push(i.to_string());
                out.push(p.clone());
                paths(child, p, out);
            }
        }
        _ => {}
    }
}

fn set(v: &mut Value, path: &[String], to: Value) {
    let mut at = v;
    for step in path {
        at = match at {
            Value::Object(map) => match map.get_mut(step) {
                Some(next) => next,
                None => return,
            },
            Value::Array(items) => {
                match step.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                    Some(next) => next,
                    None => return,
                }
            }
            _ => return,
        };
    }
    *at = to;
}

/// A record of the test feeds with one to four values, anywhere in it,
/// replaced by hostile JSON.
fn mutated_record() -> impl Strategy<Value = Value> {
    let records = feed();
    (0..records.len()).prop_flat_map(move |i| {
        let record = records[i].clone();
        let mut all = Vec::new();
        paths(&record, Vec::new(), &mut all);
        prop::collection::vec((prop::sample::select(all), hostile_json(3)), 1..5).prop_map(
            move |changes| {
                let mut r = record.clone();
                for (path, value) in changes {
                    set(&mut r, &path, value);
                }
                r
            },
        )
    })
}

#[test]
fn any_record_is_normalised_cleanly_or_refused() {
    check("directory records", 256, mutated_record(), |record| {
        let Ok(doc) = normalise(&record) else {
            return Ok(());
        };
        prop_assert_eq!(
            normalise(&doc),
            Ok(doc.clone()),
            "normalising again changes nothing"
        );
        let id = doc["id"].as_str().unwrap_or_default();
        prop_assert!(uuid::Uuid::parse_str(id).is_ok(), "id {id:?}");
        for s in strings(&doc) {
            prop_assert!(!forbidden_anywhere(&s), "accepted {s:?}");
        }
        Ok(())
    });
}

#[test]
fn any_text_or_json_is_read_as_a_feed_or_refused() {
    check(
        "directory feeds",
        256,
        (hostile_text(), hostile_json(4)),
        |(text, json)| {
            let _ = read_feed(&text);
            if let Ok(feed) = read_feed(&json.to_string()) {
                let (good, errors) = normalise_all(&feed.records);
                prop_assert_eq!(good.len() + errors.len(), feed.records.len());
            }
            Ok(())
        },
    );
}
