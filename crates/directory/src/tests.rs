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
            Reason::MalformedSchedule(
                "valid_from \"soon\" is not a date like 2026-01-31 (from 1850-01-01 to 2199-12-31)"
                    .into(),
            ),
        ),
        (
            "a date past the calendar Roots keeps",
            json!({"id": "a", "name": "A", "status": "active", "schedules": [{"valid_to": "9999-12-31"}]}),
            Reason::MalformedSchedule(
                "valid_to \"9999-12-31\" is not a date like 2026-01-31 (from 1850-01-01 to 2199-12-31)"
                    .into(),
            ),
        ),
        (
            "a mistyped UUID",
            json!({"id": "0b6c6d1e-3f0a-4c47-9a55-2f3c8e1d7zzz", "name": "A", "status": "active"}),
            Reason::BadId(
                "id \"0b6c6d1e-3f0a-4c47-9a55-2f3c8e1d7zzz\" is shaped like a UUID but is not a valid one"
                    .into(),
            ),
        ),
        (
            "a mistyped UUID deep inside",
            json!({"id": "a", "name": "A", "status": "active",
                   "service_at_locations": [{"location": {"id": "0b6c6d1e3f0a4c479a552f3c8e1d7zzz"}}]}),
            Reason::BadId(
                "service_at_locations[0].location.id \"0b6c6d1e3f0a4c479a552f3c8e1d7zzz\" is shaped like a UUID but is not a valid one"
                    .into(),
            ),
        ),
        (
            "an id that is an object",
            json!({"id": "a", "name": "A", "status": "active", "organization": {"id": {"x": 1}}}),
            Reason::BadId("organization.id is an object, not text or a whole number".into()),
        ),
        (
            "an id with a fraction",
            json!({"id": "a", "name": "A", "status": "active", "organization_id": 1.5}),
            Reason::BadId("organization_id is a number with a fraction, not text or a whole number".into()),
        ),
        (
            "an id with a NUL",
            json!({"id": "a\u{0}b", "name": "A", "status": "active"}),
            Reason::BadId("id has control characters".into()),
        ),
        (
            "a latitude that is a word",
            json!({"id": "a", "name": "A", "status": "active",
                   "service_at_locations": [{"location": {"latitude": "north", "longitude": -4.1}}]}),
            Reason::BadLocation(
                "service_at_locations[0].location.latitude \"north\" is not a number from -90 to 90".into(),
            ),
        ),
        (
            "a longitude off the Earth",
            json!({"id": "a", "name": "A", "status": "active",
                   "service_at_locations": [{"location": {"latitude": 53.2, "longitude": 999}}]}),
            Reason::BadLocation(
                "service_at_locations[0].location.longitude 999 is not a number from -180 to 180".into(),
            ),
        ),
        (
            "a negative age",
            json!({"id": "a", "name": "A", "status": "active", "minimum_age": -5}),
            Reason::BadAge("minimum_age -5".into()),
        ),
        (
            "an astronomical age",
            json!({"id": "a", "name": "A", "status": "active", "maximum_age": 1e308}),
            Reason::BadAge("maximum_age 1e+308".into()),
        ),
        (
            "an older-profile negative eligibility age",
            json!({"id": 7, "name": "A", "status": "active", "eligibilitys": [{"minimum_age": -5}]}),
            Reason::BadAge("eligibilitys minimum_age -5".into()),
        ),
        (
            "an older-profile astronomical eligibility age",
            json!({"id": 7, "name": "A", "status": "active", "eligibilities": [{"maximum_age": 1e308}]}),
            Reason::BadAge("eligibilities maximum_age 1e+308".into()),
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
    // The standard's own full example puts its one location at latitude
    // 100, longitude 101, which is not on the Earth: refused for that, and
    // with the place moved onto the map it imports and stays valid.
    let mut full = reference("examples/service_full.json");
    assert_eq!(
        normalise(&full),
        Err(Reason::BadLocation(
            "service_at_locations[0].location.latitude 100 is not a number from -90 to 90".into()
        ))
    );
    let location = &mut full["service_at_locations"][0]["location"];
    location["latitude"] = json!(53.2274);
    location["longitude"] = json!(-4.1293);
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

mod details {
    use super::*;
    use crate::details::{Details, Problem};

    fn filled() -> Details {
        let mut d = Details::new_resource();
        d.name = "Walking group".into();
        d.organisation = "Bangor Ramblers".into();
        d.description = "Gentle walks on the coast path.".into();
        d.url = "https://example.org/walks".into();
        d.email = "walks@example.org".into();
        d.phone = "01248 000 000".into();
        d.location_name = "Pier car park".into();
        d.address = "Garth Road".into();
        d.town = "Bangor".into();
        d.postcode = "ll57 2sw".into();
        d.areas = "Gwynedd, Anglesey".into();
        d.cost = "paid".into();
        d.amount = "£2.50".into();
        d.cost_note = "each walk".into();
        d.languages = "English, Cymraeg".into();
        d.minimum_age = "16".into();
        d.hours[1] = ("10:00".into(), "12:00".into());
        d.hours[3] = ("10:00".into(), "12:00".into());
        d.hours[5] = ("09:30".into(), "13:00".into());
        d
    }

    fn problems(d: &Details) -> Vec<(String, Problem)> {
        d.check()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect()
    }

    /// Each rule of the form, one change at a time from a good form.
    #[test]
    fn each_field_is_checked_with_its_own_problem() {
        assert_eq!(problems(&filled()), vec![]);
        type Change = fn(&mut Details);
        let cases: Vec<(Change, &str, Problem)> = vec![
            (|d| d.name = "  ".into(), "name", Problem::NameMissing),
            (|d| d.name = "x".repeat(201), "name", Problem::TooLong),
            // The text rule (roots_core::text), on its own.
            (
                |d| d.name = "Walking\u{202E}group".into(),
                "name",
                Problem::Text(roots_core::text::Problem::Invisible { at: 8 }),
            ),
            (
                |d| d.description = "Walks\u{0}".into(),
                "description",
                Problem::Text(roots_core::text::Problem::Control { at: 6 }),
            ),
            (
                |d| d.town = "\u{FEFF}Bangor".into(),
                "town",
                Problem::Text(roots_core::text::Problem::Invisible { at: 1 }),
            ),
            (
                |d| d.organisation = "\u{200B}".into(),
                "organisation",
                Problem::Text(roots_core::text::Problem::Invisible { at: 1 }),
            ),
            (
                |d| d.organisation.clear(),
                "organisation",
                Problem::OrganisationMissing,
            ),
            (
                |d| d.description = "x".repeat(2001),
                "description",
                Problem::DescriptionTooLong,
            ),
            (
                |d| d.status = "open".into(),
                "status",
                Problem::StatusUnknown,
            ),
            (
                |d| d.url = "javascript:alert(1)".into(),
                "url",
                Problem::UrlNotWeb,
            ),
            (
                |d| d.url = "www.example.org".into(),
                "url",
                Problem::UrlNotWeb,
            ),
            (
                |d| d.email = "walks@example".into(),
                "email",
                Problem::EmailNotEmail,
            ),
            (
                |d| d.email = "a b@example.org".into(),
                "email",
                Problem::EmailNotEmail,
            ),
            (
                |d| d.phone = "12345".into(),
                "phone",
                Problem::PhoneNotPhone,
            ),
            (
                |d| d.phone = "01248 abc".into(),
                "phone",
                Problem::PhoneNotPhone,
            ),
            (|d| d.address.clear(), "address", Problem::AddressMissing),
            (|d| d.town.clear(), "town", Problem::TownMissing),
            (|d| d.postcode.clear(), "postcode", Problem::PostcodeMissing),
            (
                |d| d.postcode = "LL57".into(),
                "postcode",
                Problem::PostcodeNotPostcode,
            ),
            (|d| d.cost = "maybe".into(), "cost", Problem::CostMissing),
            (|d| d.amount.clear(), "amount", Problem::AmountMissing),
            (
                |d| d.amount = "two pounds".into(),
                "amount",
                Problem::AmountNotMoney,
            ),
            (
                |d| d.amount = "2.505".into(),
                "amount",
                Problem::AmountNotMoney,
            ),
            (|d| d.amount = "0".into(), "amount", Problem::AmountNotMoney),
            (
                |d| d.minimum_age = "sixteen".into(),
                "minimum_age",
                Problem::AgeNotAge,
            ),
            (
                |d| d.maximum_age = "121".into(),
                "maximum_age",
                Problem::AgeNotAge,
            ),
            (
                |d| d.maximum_age = "15".into(),
                "maximum_age",
                Problem::AgesOutOfOrder,
            ),
            (
                |d| d.hours[0].0 = "09:00".into(),
                "closes_MO",
                Problem::TimeHalf,
            ),
            (
                |d| d.hours[0].1 = "17:00".into(),
                "opens_MO",
                Problem::TimeHalf,
            ),
            (
                |d| d.hours[1].0 = "10am".into(),
                "opens_TU",
                Problem::TimeNotTime,
            ),
            (
                |d| d.hours[1].1 = "25:00".into(),
                "closes_TU",
                Problem::TimeNotTime,
            ),
            (
                |d| d.hours[5].1 = "09:00".into(),
                "closes_SA",
                Problem::TimeClosesFirst,
            ),
        ];
        for (change, field, problem) in cases {
            let mut d = filled();
            change(&mut d);
            assert_eq!(
                problems(&d),
                vec![(field.to_owned(), problem)],
                "{field} {problem:?}"
            );
        }
        // Good forms of what people type.
        let mut d = filled();
        d.phone = "+44 1248 000000".into();
        d.amount = "3".into();
        d.url = "http://example.org".into();
        assert_eq!(problems(&d), vec![]);
        // No place at all is fine (an online or phone service).
        let mut d = filled();
        (d.location_name, d.address, d.town, d.postcode) = Default::default();
        assert_eq!(problems(&d), vec![]);
        // Every problem has a code, all different.
        let mut codes: Vec<&str> = Problem::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Problem::ALL.len());
    }

    #[test]
    fn a_new_resource_is_a_valid_3_0_document_that_reads_back_as_typed() {
        let d = filled();
        let id = "5b0f4c3e-8f0e-4a57-9a11-1b2c3d4e5f60";
        let doc = d.apply(&json!({}), id, "2026-11-25T09:00:00Z").unwrap();
        assert_eq!(schema_errors(&service_schema(), &doc), Vec::<String>::new());
        let back = Details::of(&doc);
        assert_eq!(back.name, "Walking group");
        assert_eq!(back.postcode, "LL57 2SW", "normalised");
        assert_eq!(back.amount, "2.50");
        assert_eq!(back.languages, "English, Cymraeg");
        assert_eq!(back.hours[1], ("10:00".into(), "12:00".into()));
        assert_eq!(back.hours[5], ("09:30".into(), "13:00".into()));
        assert!(back.hours_editable && back.cost_editable);
        // Tuesday and Thursday share hours: one schedule names both days.
        let s = Summary::of(&doc);
        assert_eq!(s.schedules.len(), 2);
        assert_eq!(
            s.schedules[0].days,
            vec![(None, Weekday::Tu), (None, Weekday::Th)]
        );
        assert_eq!(s.languages, vec!["en", "cy"]);
        assert_eq!(s.free, Some(false));
        assert_eq!(s.minimum_age, Some(16));
        assert_eq!(s.organization.as_deref(), Some("Bangor Ramblers"));
        // Applying what was read gives the same document again.
        assert_eq!(back.apply(&doc, id, "2026-11-25T09:00:00Z").unwrap(), doc);
    }

    /// Editing keeps every part the form does not show, and leaves opening
    /// times it cannot show as they were.
    #[test]
    fn an_edit_keeps_what_the_form_does_not_show() {
        let base = normalise(&json!({
            "id": "hub-1", "name": "Hub", "status": "active",
            "organization": {"id": "org-1", "name": "Council", "description": "The council"},
            "contacts": [{"name": "Desk", "phones": [{"number": "01248 111111"}]}],
            "attributes": [{"taxonomy_term": {"id": "t1", "name": "Employment", "description": "Work", "taxonomy": "roots"}}],
            "schedules": [{"freq": "MONTHLY", "byday": "1TU", "opens_at": "14:00", "closes_at": "16:00"}],
            "cost_options": [{"amount": 0}, {"amount": 5, "amount_description": "lunch"}],
            "service_at_locations": [{"location": {
                "location_type": "physical", "latitude": 53.2, "longitude": -4.1,
                "addresses": [{"address_1": "1 High St", "city": "Bangor", "state_province": "",
                               "postal_code": "LL57 1AA", "country": "GB", "address_type": "physical"}],
                "accessibility": [{"description": "Step-free"}]}}]
        }))
        .unwrap();
        let mut d = Details::of(&base);
        assert!(!d.hours_editable, "a monthly schedule");
        assert!(!d.cost_editable, "two cost options");
        assert_eq!(d.organisation, "Council");
        d.name = "Community hub".into();
        d.hours[0] = ("09:00".into(), "10:00".into());
        d.cost = "free".into();
        let doc = d
            .apply(&base, base["id"].as_str().unwrap(), "2026-11-25T09:00:00Z")
            .unwrap();
        assert_eq!(doc["name"], "Community hub");
        for kept in ["contacts", "attributes", "schedules", "cost_options"] {
            assert_eq!(doc[kept], base[kept], "{kept}");
        }
        let loc = &doc["service_at_locations"][0]["location"];
        assert_eq!(
            loc["accessibility"],
            base["service_at_locations"][0]["location"]["accessibility"]
        );
        assert_eq!(loc["latitude"], 53.2, "same postcode, same place");
        assert_eq!(doc["organization"]["description"], "The council");
        assert_eq!(schema_errors(&service_schema(), &doc), Vec::<String>::new());
        // What the form cannot say exactly is kept: a donation, a schedule
        // with a note.
        let noted = normalise(&json!({
            "id": "hub-2", "name": "Hub", "status": "active",
            "organization": {"id": "org-1", "name": "Council", "description": "The council"},
            "schedules": [{"freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00",
                           "description": "Closed on bank holidays"}],
            "cost_options": [{"amount": 0, "amount_description": "Donations welcome"}]
        }))
        .unwrap();
        let mut nd = Details::of(&noted);
        assert!(!nd.hours_editable && !nd.cost_editable);
        nd.name = "Community hub".into();
        let kept = nd
            .apply(
                &noted,
                noted["id"].as_str().unwrap(),
                "2026-11-25T09:00:00Z",
            )
            .unwrap();
        assert_eq!(kept["schedules"], noted["schedules"]);
        assert_eq!(kept["cost_options"], noted["cost_options"]);
        // A new postcode drops the old coordinates.
        let mut moved = Details::of(&doc);
        moved.postcode = "LL57 2SW".into();
        let doc = moved
            .apply(&doc, base["id"].as_str().unwrap(), "2026-11-25T10:00:00Z")
            .unwrap();
        let loc = &doc["service_at_locations"][0]["location"];
        assert!(loc.get("latitude").is_none());
        assert_eq!(loc["addresses"][0]["postal_code"], "LL57 2SW");
        // Blank details remove what they held.
        let mut cleared = Details::of(&doc);
        (
            cleared.address,
            cleared.town,
            cleared.postcode,
            cleared.location_name,
        ) = Default::default();
        cleared.phone.clear();
        cleared.languages.clear();
        let doc = cleared
            .apply(&doc, base["id"].as_str().unwrap(), "2026-11-25T11:00:00Z")
            .unwrap();
        assert!(
            doc["service_at_locations"][0]["location"]
                .get("addresses")
                .is_none()
        );
        assert!(doc.get("languages").is_none());
        assert_eq!(
            doc["contacts"], base["contacts"],
            "the contact's phone is not the form's"
        );
    }
}

/// The text rule at the importer: a record with a NUL, an override or a
/// 5 MB name is refused on its own, saying where; the others are kept,
/// their texts trimmed and composed (NFC).
#[test]
fn texts_the_rule_refuses_cost_only_their_record() {
    let huge = "a".repeat(5 * 1024 * 1024);
    let record = |id: &str, name: &str, description: &str| json!({"id": id, "name": name, "status": "active", "description": description});
    let records = vec![
        record("good", " Cerdded Sia\u{302}n ", "Walks\r\nby the sea"),
        record("nul", "Walks", "pain\u{0}"),
        record("huge", &huge, "x"),
        record("rlo", "Walks\u{202E}", "x"),
        json!({"id": "deep", "name": "Walks", "status": "active",
               "locations": [{"name": "Pier", "description": "a\u{1b}[2J"}]}),
    ];
    let (good, errors) = normalise_all(&records);
    assert_eq!(good.len(), 1);
    assert_eq!(good[0]["name"], "Cerdded Siân");
    assert_eq!(good[0]["description"], "Walks\nby the sea");
    let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        [
            "record 2 (id nul): description has a control character at character 5",
            "record 3 (id huge): name has more than 500 characters",
            "record 4 (id rlo): name has an invisible formatting character at character 6",
            "record 5 (id deep): locations/0/description has a control character at character 2",
        ]
    );
}
