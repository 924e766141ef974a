//! Generated hostile input for every parser in `core` (issue 19): no input
//! makes one panic, and what one accepts is what the rule says. The
//! generators are `roots_core::hostile`'s, run by `hostile::check`: each
//! property's cases (times `ROOTS_PROPERTY_SCALE` for a long run) are
//! printed, and a failure is shrunk to its smallest case.

use jiff::civil::date;
use proptest::prelude::*;
use roots_core::hostile::{check, forbidden_anywhere, hostile_json, hostile_text, strings};
use roots_core::referral::{Context, Mode, ReferralInput, Step};
use serde_json::Value;

/// A complete, valid self-referral as the API takes it.
fn complete() -> Value {
    serde_json::json!({
        "needs_help_now": "no",
        "emergency_signs": ["none"],
        "crisis_signs": ["none"],
        "other_concerns": ["none"],
        "given_name": "Carys",
        "family_name": "Prydderch",
        "dob_day": "7", "dob_month": "3", "dob_year": "1985",
        "phone": "01234 567890",
        "leave_message": "yes",
        "postcode": "ll57 2pw",
        "practice": "p-afon",
        "language": "cy",
        "interpreter": "no",
        "story": "I cannot manage the stairs or the shopping since the winter.",
        "difficulties": ["home", "getting_out"],
        "duration": "3_12_months",
        "matters_most": "Getting back to the choir.",
        "work_status": "retired",
        "consent": "yes"
    })
}

/// Every field of the referral, as the form and the API name it.
fn field_names() -> Vec<String> {
    let all = serde_json::to_value(ReferralInput::default()).unwrap();
    all.as_object().unwrap().keys().cloned().collect()
}

/// A complete referral with one to four fields replaced by hostile text
/// (or, for a list, hostile items).
fn mutated_referral() -> impl Strategy<Value = ReferralInput> {
    let names = field_names();
    prop::collection::vec(
        (
            prop::sample::select(names),
            hostile_text(),
            prop::collection::vec(hostile_text(), 0..4),
        ),
        1..5,
    )
    .prop_map(|changes| {
        let mut v = complete();
        let map = v.as_object_mut().unwrap();
        let defaults = serde_json::to_value(ReferralInput::default()).unwrap();
        for (name, text, list) in changes {
            let is_list = defaults[&name].is_array();
            map.insert(
                name,
                if is_list {
                    Value::from(list)
                } else {
                    Value::from(text)
                },
            );
        }
        serde_json::from_value(v).expect("strings and lists of strings always read")
    })
}

/// The referral's rules, the triage engine and the safety questions'
/// advice never panic on any answers; whatever the answers, the decision is
/// never below the safety floor and carries the floor's immediate advice;
/// answers that pass hold no character that no stored text may hold.
#[test]
fn referral_validation_and_triage_never_panic() {
    check(
        "referral answers",
        64,
        (mutated_referral(), any::<bool>()),
        |(input, staff)| {
            let practices = vec!["p-afon".to_owned()];
            let mode = if staff { Mode::Staff } else { Mode::Public };
            let ctx = Context {
                today: date(2026, 12, 7),
                practices: &practices,
                mode,
            };
            for step in Step::all(mode) {
                for e in input.validate_step(*step, &ctx) {
                    prop_assert!(!e.field.is_empty() && !e.message.is_empty());
                }
            }
            let decision = roots_core::triage::triage(
                &input,
                &roots_core::triage::Rulebook::default(),
                ctx.today,
            );
            let facts = roots_core::triage::Facts::gather(&input, ctx.today);
            for (id, priority, _, advice) in roots_core::triage::floor(&facts) {
                prop_assert!(decision.priority >= priority, "below the floor rule {id}");
                for a in advice {
                    prop_assert!(decision.immediate_advice.contains(a), "{id}: {a:?} missing");
                }
            }
            if input.validate(&ctx).is_ok() {
                for s in strings(&serde_json::to_value(input.normalised(mode)).unwrap()) {
                    prop_assert!(!forbidden_anywhere(&s), "accepted {s:?}");
                }
            }
            Ok(())
        },
    );
}

/// Any JSON at all, read as a referral (the API's body): read or refused,
/// never a panic.
#[test]
fn any_json_is_read_or_refused_as_a_referral() {
    check("any JSON as a referral", 256, hostile_json(4), |v| {
        if let Ok(input) = serde_json::from_value::<ReferralInput>(v) {
            let practices: Vec<String> = Vec::new();
            let ctx = Context {
                today: date(2026, 12, 7),
                practices: &practices,
                mode: Mode::Public,
            };
            let _ = input.validate(&ctx);
        }
        Ok(())
    });
}

/// Dates: any text is a date in Roots' range or refused; an accepted ISO
/// date reads back as itself.
#[test]
fn dates_are_in_range_or_refused() {
    use roots_core::dates::{DateOfBirth, EARLIEST, LATEST, parse_iso, parse_parts};
    let text = || prop_oneof![hostile_text(), "[0-9]{1,5}", "[0-9]{4}-[0-9]{2}-[0-9]{2}"];
    check(
        "dates",
        512,
        (text(), text(), text(), text()),
        |(s, d, m, y)| {
            if let Ok(day) = parse_iso(&s) {
                prop_assert!((EARLIEST..=LATEST).contains(&day));
                prop_assert_eq!(day.to_string(), s.trim());
            }
            if let Ok(day) = parse_parts(&d, &m, &y) {
                prop_assert!((EARLIEST..=LATEST).contains(&day));
            }
            if let Ok(dob) = DateOfBirth::parse(&d, &m, &y, date(2026, 12, 7)) {
                prop_assert!(dob.date() <= date(2026, 12, 7));
            }
            Ok(())
        },
    );
}

/// Identifiers: an accepted email, slug or ODS code has the shape its rule
/// promises.
#[test]
fn identifiers_have_their_shape_or_are_refused() {
    use roots_core::identifiers::{MAX_EMAIL, email_ok, ods_code, slug_ok};
    let text = prop_oneof![hostile_text(), "[a-z.]{1,8}@[a-z]{1,8}\\.[a-z]{2,3}"];
    check("identifiers", 512, text, |s| {
        if email_ok(&s) {
            prop_assert!(s.chars().count() <= MAX_EMAIL);
            prop_assert!(!forbidden_anywhere(&s) && !s.chars().any(char::is_whitespace));
            prop_assert_eq!(s.matches('@').count(), 1);
        }
        if slug_ok(&s) {
            prop_assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
        if let Some(code) = ods_code(&s) {
            prop_assert!(
                code.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            );
        }
        Ok(())
    });
}

/// Postcodes and NHS numbers: accepted ones are in their standard form.
#[test]
fn postcodes_and_nhs_numbers_are_standard_or_refused() {
    check("postcodes and NHS numbers", 512, hostile_text(), |s| {
        if let Ok(p) = roots_core::postcode::Postcode::parse(&s) {
            prop_assert!(
                p.as_str()
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
            );
        }
        if let Ok(n) = roots_core::nhs_number::NhsNumber::parse(&s) {
            prop_assert!(n.digits().len() == 10 && n.digits().bytes().all(|b| b.is_ascii_digit()));
        }
        Ok(())
    });
}

/// A rulebook or measures file of any text is read or refused with its
/// problems, never a panic.
#[test]
fn rulebooks_and_measure_files_never_panic() {
    check(
        "rulebook and measures files",
        128,
        (hostile_text(), hostile_text()),
        |(text, tail)| {
            let toml = format!(
                "version = 1\n[[rule]]\nid = \"{}\"\n{}",
                text.replace('"', ""),
                tail
            );
            for t in [&text, &toml] {
                if let Err(problems) = roots_core::triage::Rulebook::parse(t, "fuzz.toml") {
                    prop_assert!(!problems.is_empty());
                }
                if let Err(problems) =
                    roots_core::measures::MeasureSet::built_in().extend(t, "fuzz.toml")
                {
                    prop_assert!(!problems.is_empty());
                }
            }
            Ok(())
        },
    );
}
