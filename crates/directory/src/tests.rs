use std::path::PathBuf;

use jiff::civil::{Time, date};
use serde_json::{Value, json};

use crate::*;

fn feed(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/feeds")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The reference files of the standard (`../shared/reference`).
fn reference(path: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/open-referral-uk")
        .join(path);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap()
}

/// The HSDS 3.0 service schema with every definition (formats checked:
/// ids must be UUIDs, emails emails, dates dates).
fn service_schema() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&reference(
            "hsds-3.0-schema/compiled/service_with_definitions.json",
        ))
        .expect("the HSDS 3.0 service schema compiles")
}

fn schema_errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn feeds_of_every_shape_are_read() {
    let paged = read_feed(&feed("v3_paged.json")).unwrap();
    assert_eq!(paged.records.len(), 3);
    assert_eq!(paged.last_page, Some(true));
    let legacy = read_feed(&feed("legacy_paged.json")).unwrap();
    assert_eq!(legacy.records.len(), 2);
    assert_eq!(legacy.last_page, Some(true), "the older profile's `last`");
    let array = read_feed(&feed("bad.json")).unwrap();
    assert_eq!((array.records.len(), array.last_page), (6, None));
    let one = read_feed(r#"{"id": "x", "name": "One", "status": "active"}"#).unwrap();
    assert_eq!(one.records.len(), 1);
    assert!(matches!(read_feed("{not json"), Err(FeedError::NotJson(_))));
    for not_a_feed in ["42", r#"{"hello": "world"}"#, r#""text""#] {
        assert_eq!(
            read_feed(not_a_feed),
            Err(FeedError::NotAFeed),
            "{not_a_feed}"
        );
    }
}

#[test]
fn a_bad_record_is_reported_with_its_id_and_the_rest_are_kept() {
    let records = read_feed(&feed("bad.json")).unwrap().records;
    let (good, errors) = normalise_all(&records);
    let names: Vec<&str> = good.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Good one", "Another good one"]);
    let got: Vec<(usize, Option<&str>, &Reason)> = errors
        .iter()
        .map(|e| (e.index, e.id.as_deref(), &e.reason))
        .collect();
    assert_eq!(
        got,
        [
            (0, None, &Reason::MissingId),
            (
                1,
                Some("8a1b7c2d-0e3f-4a5b-9c6d-7e8f9a0b1c2d"),
                &Reason::UnknownStatus("open".into())
            ),
            (
                2,
                Some("9b2c8d3e-1f4a-4b6c-8d7e-8f9a0b1c2d3e"),
                &Reason::MalformedSchedule("byday \"XX\" is not a day like MO or 2MO".into())
            ),
            (
                4,
                Some("AC3D9E4F-2A5B-4C7D-9E8F-9A0B1C2D3E4F"),
                &Reason::DuplicateId
            ),
        ]
    );
    let text = errors[1].to_string();
    assert!(
        text.contains("record 2") && text.contains("8a1b7c2d") && text.contains("unknown status"),
        "{text}"
    );
}

#[test]
fn each_bad_record_gets_its_own_reason() {
    let cases: Vec<(&str, Value, Reason)> = vec![
        ("not an object", json!(["x"]), Reason::NotAnObject),
        (
            "empty id",
            json!({"id": " ", "name": "A", "status": "active"}),
            Reason::MissingId,
        ),
        (
            "no name",
            json!({"id": "a", "status": "active"}),
            Reason::MissingName,
        ),
        (
            "blank name",
            json!({"id": "a", "name": "  ", "status": "active"}),
            Reason::MissingName,
        ),
        (
            "no status",
            json!({"id": "a", "name": "A"}),
            Reason::MissingStatus,
        ),
        (
            "status not text",
            json!({"id": "a", "name": "A", "status": 1}),
            Reason::UnknownStatus("1".into()),
        ),
        (
            "legacy status outside the standard",
            json!({"id": "a", "name": "A", "status": "archived", "regular_schedules": []}),
            Reason::UnknownStatus("archived".into()),
        ),
        (
            "ages the wrong way round",
            json!({"id": "a", "name": "A", "status": "active", "minimum_age": 65, "maximum_age": 18}),
            Reason::BadAge("minimum_age 65 is above maximum_age 18".into()),
        ),
        (
            "an age that is not one",
            json!({"id": "a", "name": "A", "status": "active", "minimum_age": "old"}),
            Reason::BadAge("minimum_age \"old\"".into()),
        ),
        (
            "daily is not a 3.0 frequency",
            json!({"id": "a", "name": "A", "status": "active", "schedules": [{"freq": "DAILY"}]}),
            Reason::MalformedSchedule("freq \"DAILY\" is not WEEKLY or MONTHLY".into()),
        ),
        (
            "a weekly schedule naming the second Monday",
            json!({"id": "a", "name": "A", "status": "active", "schedules": [{"freq": "WEEKLY", "byday": "2MO"}]}),
            Reason::MalformedSchedule(
                "byday \"2MO\" names an occurrence, which only a MONTHLY schedule can".into(),
            ),
        ),
        (
            "a time that is not one",
            json!({"id": "a", "name": "A", "status": "active", "schedules": [{"opens_at": "9am"}]}),
            Reason::MalformedSchedule("opens_at \"9am\" is not a time like 09:30".into()),
        ),
        (
            "closing before opening",
            json!({"id": "a", "name": "A", "status": "active", "schedules": [{"opens_at": "17:00", "closes_at": "09:00"}]}),
            Reason::MalformedSchedule("closes_at 09:00:00 is not after opens_at 17:00:00".into()),
        ),
        (
            "a day of the month that is not one",
            json!({"id": "a", "name": "A", "status": "active", "schedules": [{"freq": "MONTHLY", "bymonthday": "32"}]}),
            Reason::MalformedSchedule("bymonthday \"32\" is not a day of the month".into()),
        ),
        (
            "a date that is not one",
            json!({"id": "a", "name": "A", "status": "active", "schedules": [{"valid_from": "soon"}]}),
            Reason::MalformedSchedule("valid_from \"soon\" is not a date like 2026-01-31".into()),
        ),
        (
            "schedules that are not a list",
            json!({"id": "a", "name": "A", "status": "active", "schedules": "weekdays"}),
            Reason::MalformedSchedule("schedules is \"weekdays\", not a list".into()),
        ),
        (
            "a location's bad schedule",
            json!({"id": "a", "name": "A", "status": "active",
                   "service_at_locations": [{"schedules": [{"byday": "FUNDAY"}]}]}),
            Reason::MalformedSchedule("byday \"FUNDAY\" is not a day like MO or 2MO".into()),
        ),
        (
            "an older-profile weekday that is not a day",
            json!({"id": 7, "name": "A", "status": "active", "regular_schedules": [{"weekday": 9}]}),
            Reason::MalformedSchedule("byday \"9\" is not a day like MO or 2MO".into()),
        ),
    ];
    for (case, record, reason) in cases {
        assert_eq!(normalise(&record), Err(reason), "{case}");
    }
}

#[test]
fn ids_become_uuids_the_same_way_every_time() {
    let uuid = "AC3D9E4F-2A5B-4C7D-9E8F-9A0B1C2D3E4F";
    assert_eq!(oruk_id(uuid), uuid.to_lowercase());
    assert_eq!(oruk_id("hub-work-club"), oruk_id(" hub-work-club "));
    assert_ne!(oruk_id("hub-work-club"), oruk_id("hub-work-club-2"));
    assert!(uuid::Uuid::parse_str(&oruk_id("1042")).is_ok());
    // Normalising twice changes nothing: an export imports as itself.
    for name in ["v3_paged.json", "legacy_paged.json", "bad.json"] {
        let records = read_feed(&feed(name)).unwrap().records;
        let (once, _) = normalise_all(&records);
        let (twice, errors) = normalise_all(&once);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(once, twice, "{name}");
    }
    // A nested object without an id gets one from its parent and place.
    let (docs, _) = normalise_all(&read_feed(&feed("v3_paged.json")).unwrap().records);
    let club = &docs[2];
    assert_eq!(club["id"], oruk_id("hub-work-club"));
    assert_eq!(club["organization"]["id"], oruk_id("org-7"));
    let cost = club["cost_options"][0]["id"].as_str().unwrap();
    assert_eq!(
        cost,
        oruk_id(&format!("{}/cost_options/0", oruk_id("hub-work-club")))
    );
}

#[test]
fn exports_and_the_standards_own_examples_meet_the_hsds_schema() {
    let schema = service_schema();
    for name in ["v3_paged.json", "legacy_paged.json", "bad.json"] {
        let (docs, _) = normalise_all(&read_feed(&feed(name)).unwrap().records);
        for doc in &docs {
            let errors = schema_errors(&schema, doc);
            assert!(errors.is_empty(), "{name} {}: {errors:#?}", doc["name"]);
        }
    }
    // The standard's own examples import cleanly and stay valid.
    let full = reference("examples/service_full.json");
    let doc = normalise(&full).expect("service_full.json imports");
    assert_eq!(doc["id"], full["id"], "its ids are UUIDs already: kept");
    assert_eq!(schema_errors(&schema, &doc), Vec::<String>::new());
    let list = read_feed(&reference("examples/service_list.json").to_string()).unwrap();
    let (docs, errors) = normalise_all(&list.records);
    assert!(errors.is_empty() && !docs.is_empty(), "{errors:?}");
    assert_eq!(list.last_page, Some(false));
    // And the schema is not a check that cannot fail.
    let broken = json!({"id": "not-a-uuid", "name": "A", "status": "open"});
    assert!(schema_errors(&schema, &broken).len() >= 2);
}

#[test]
fn the_older_profile_becomes_3_0() {
    let (docs, errors) = normalise_all(&read_feed(&feed("legacy_paged.json")).unwrap().records);
    assert!(errors.is_empty(), "{errors:?}");
    let cafe = &docs[0];
    assert_eq!(cafe["id"], oruk_id("1042"));
    assert_eq!(cafe["organization"]["website"], "https://example.org");
    assert_eq!(
        (cafe["minimum_age"].as_u64(), cafe["maximum_age"].as_u64()),
        (Some(18), Some(120))
    );
    let days: Vec<&str> = cafe["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["byday"].as_str().unwrap())
        .collect();
    assert_eq!(
        days,
        ["TU", "SA"],
        "weekday 2 is Tuesday; a name is read too"
    );
    let location = &cafe["service_at_locations"][0]["location"];
    assert_eq!(location["addresses"][0]["postal_code"], "LL55 1AA");
    assert_eq!(location["addresses"][0]["address_type"], "physical");
    assert_eq!(
        location["accessibility"][0]["description"],
        "Step-free entrance; hearing loop"
    );
    assert_eq!(cafe["languages"][0]["code"], "cy");
    assert_eq!(cafe["languages"][1]["name"], "English");
    assert_eq!(cafe["service_areas"][0]["name"], "Gwynedd");
    assert_eq!(cafe["funding"][0]["source"], "Synthetic community grant");
    let terms = Summary::of(cafe).terms;
    assert_eq!(terms[0].1, "Dementia support");
    assert_eq!(terms[1].2.as_deref(), Some("roots-needs"));
    assert_eq!(
        cafe["attributes"][1]["taxonomy_term"]["parent_id"],
        oruk_id("support")
    );
    assert!(cafe.get("holiday_schedules").is_none() && cafe.get("reviews").is_none());
    assert_eq!(docs[1]["id"], oruk_id("2001"), "a number as an id");
    assert_eq!(profile_of(&json!({"eligibilities": []})), Profile::Legacy);
    assert_eq!(profile_of(&json!({"schedules": []})), Profile::V3);
}

#[test]
fn search_reads_terms_languages_cost_ages_and_places() {
    let (docs, _) = normalise_all(&read_feed(&feed("v3_paged.json")).unwrap().records);
    let walks = Summary::of(&docs[0]);
    assert_eq!(walks.organization.as_deref(), Some("Afon Community Hub"));
    assert_eq!(walks.languages, ["cy", "en"]);
    assert_eq!(walks.free, Some(true));
    assert_eq!(walks.postcodes, ["LL57 2PW"]);
    assert_eq!(walks.places, [(53.2274, -4.1293)]);
    let names: Vec<&str> = walks.terms.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(names, ["Physical activity", "Loneliness"]);
    assert!(walks.takes_age(16) && !walks.takes_age(15));
    let debt = Summary::of(&docs[1]);
    assert_eq!(debt.status, "temporarily closed");
    assert_eq!(
        (debt.free, debt.open_on(date(2026, 11, 26), None)),
        (None, None)
    );
    assert_eq!(Summary::of(&docs[2]).free, Some(false));
}

#[test]
fn opening_times_follow_weekly_and_monthly_rules() {
    let (docs, _) = normalise_all(&read_feed(&feed("v3_paged.json")).unwrap().records);
    let walks = Summary::of(&docs[0]);
    let club = Summary::of(&docs[2]);
    let t = |h: i8, m: i8| Some(Time::new(h, m, 0, 0).unwrap());
    // November 2026: Thursday 26th, Friday 27th (the last Friday), Monday
    // 9th (the second Monday), Monday 2nd (the first).
    let cases = [
        (
            "walks, Thursday 11:00",
            &walks,
            date(2026, 11, 26),
            t(11, 0),
            true,
        ),
        (
            "walks, Thursday at closing",
            &walks,
            date(2026, 11, 26),
            t(12, 0),
            false,
        ),
        (
            "walks, Thursday, any time",
            &walks,
            date(2026, 11, 26),
            None,
            true,
        ),
        ("walks, Wednesday", &walks, date(2026, 11, 25), None, false),
        (
            "club, second Monday 19:00",
            &club,
            date(2026, 11, 9),
            t(19, 0),
            true,
        ),
        ("club, first Monday", &club, date(2026, 11, 2), None, false),
        (
            "club, last Friday",
            &club,
            date(2026, 11, 27),
            t(18, 0),
            true,
        ),
        (
            "club, a Friday not the last",
            &club,
            date(2026, 11, 20),
            None,
            false,
        ),
    ];
    for (case, s, day, time, open) in cases {
        assert_eq!(s.open_on(day, time), Some(open), "{case}");
    }
    let mut dated = walks.schedules[0].clone();
    dated.valid_to = Some(date(2026, 11, 1));
    assert!(!dated.open_on(date(2026, 11, 26), None), "no longer valid");
    let mut monthly = walks.schedules[0].clone();
    monthly.days.clear();
    monthly.month_days = vec![15, -1];
    assert!(monthly.open_on(date(2026, 11, 15), None));
    assert!(
        monthly.open_on(date(2026, 11, 30), None),
        "-1 is the last day"
    );
    assert!(!monthly.open_on(date(2026, 11, 29), None));
}
