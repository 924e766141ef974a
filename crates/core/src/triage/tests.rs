use super::*;
use crate::referral::{CRISIS_SIGNS, EMERGENCY_SIGNS, OTHER_CONCERNS};

fn errors(text: &str) -> Vec<String> {
    match Rulebook::parse(text, "local.toml") {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    }
}

const HEADER: &str = "format = 1\nname = \"Test\"\nversion = \"t1\"\n";

fn rule(body: &str) -> String {
    format!(
        "{HEADER}\n[[rule]]\nid = \"r1\"\npriority = \"soon\"\npathways = [\"gp\"]\nexplanation_en = \"Because.\"\nexplanation_cy = \"Oherwydd.\"\nhazards = [\"H-014\"]\nsource = \"Test\"\n{body}"
    )
}

#[test]
fn the_default_rulebook_is_valid_and_cites_real_hazards() {
    let book = Rulebook::parse(rulebook::DEFAULT_TOML, rulebook::DEFAULT_FILE)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(book.rules.len() >= 30);
    assert!(!book.version.is_empty());
    let log = include_str!("../../../../docs/safety/hazard-log.md");
    for r in &book.rules {
        for h in &r.hazards {
            assert!(
                log.contains(&format!("## {h} ")),
                "{}: {h} is not in the hazard log",
                r.id
            );
        }
        assert_ne!(r.explanation_en, r.explanation_cy, "{}", r.id);
    }
    for f in FLOOR {
        for h in f.hazards {
            assert!(log.contains(&format!("## {h} ")), "{}: {h}", f.id);
        }
    }
    assert_eq!(Rulebook::default(), book);
    assert_eq!(Rulebook::built_in(), &book);
}

#[test]
fn a_good_local_rulebook_parses() {
    let text = rule(
        "[rule.when]\nage_at_least = 18\nphrases = [\"low_mood\"]\n[rule.when.answers]\ndifficulties = [\"sleep\", \"work_study\"]\n[rule.unless.answers]\nwork_status = [\"retired\"]\n",
    );
    let book = Rulebook::parse(&text, "local.toml").unwrap();
    assert_eq!(book.version, "t1");
    assert_eq!(book.rules[0].line, 5);
    assert_eq!(
        book.rules[0].when.answers,
        [(
            "difficulties".to_owned(),
            vec!["sleep".to_owned(), "work_study".to_owned()]
        )]
    );
    assert!(book.summary().contains("1 rules"));
}

/// Each row: a broken rulebook, and the `line: message` start of a problem
/// it must report.
#[test]
fn table_of_bad_rulebooks() {
    let rows: Vec<(&str, String, &str)> = vec![
        (
            "not TOML",
            format!("{HEADER}\n[[rule]\n"),
            "5: not valid TOML",
        ),
        (
            "no format",
            "name = \"x\"\nversion = \"1\"\n".into(),
            "1: format is missing",
        ),
        (
            "future format",
            "format = 2\nname = \"x\"\nversion = \"1\"\n".into(),
            "1: format 2",
        ),
        (
            "no version",
            "format = 1\nname = \"x\"\n".into(),
            "1: version is missing",
        ),
        (
            "unknown top-level field",
            format!("{HEADER}colour = \"red\"\n"),
            "4: unknown field \"colour\"",
        ),
        (
            "unknown rule field",
            rule("severity = 3\n"),
            "13: unknown field \"severity\" in a rule",
        ),
        (
            "unknown priority",
            rule("").replace("\"soon\"", "\"whenever\""),
            "7: unknown priority \"whenever\"",
        ),
        (
            "unknown pathway",
            rule("").replace("[\"gp\"]", "[\"gp\", \"astrology\"]"),
            "8: unknown pathway \"astrology\"",
        ),
        (
            "pathway twice",
            rule("").replace("[\"gp\"]", "[\"gp\", \"gp\"]"),
            "8: pathway \"gp\" is listed twice",
        ),
        (
            "unknown advice",
            rule("advice = [\"pray\"]\n"),
            "13: unknown advice \"pray\"",
        ),
        (
            "unknown answer field",
            rule("[rule.when.answers]\nshoe_size = [\"9\"]\n"),
            "14: unknown answer field \"shoe_size\"",
        ),
        (
            "unknown answer value",
            rule("[rule.when.answers]\nwork_status = [\"astronaut\"]\n"),
            "14: work_status has no answer \"astronaut\"",
        ),
        (
            "empty list",
            rule("[rule.when.answers]\nduration = []\n"),
            "14: duration lists no values",
        ),
        (
            "monitoring answer",
            rule("[rule.when.answers]\nethnic_group = [\"A\"]\n"),
            "14: \"ethnic_group\" is an optional equality monitoring answer",
        ),
        (
            "absence of a red flag",
            rule("[rule.when.answers]\nemergency_signs = [\"none\"]\n"),
            "14: emergency_signs = \"none\" tests for the absence",
        ),
        (
            "help now no",
            rule("[rule.when.answers]\nneeds_help_now = [\"no\"]\n"),
            "14: needs_help_now = \"no\"",
        ),
        (
            "unless names a red flag",
            rule("[rule.unless.answers]\ncrisis_signs = [\"self_harm\"]\n"),
            "14: unless may not name the red-flag answer",
        ),
        (
            "unless names a red-flag phrase",
            rule("[rule.unless]\nphrases = [\"crisis\"]\n"),
            "14: unless may not name the red-flag phrase category",
        ),
        (
            "unknown phrase category",
            rule("[rule.when]\nphrases = [\"gloom\"]\n"),
            "14: unknown phrase category \"gloom\"",
        ),
        (
            "unknown phrase id",
            rule("[rule.when]\nphrase_ids = [\"crisis.nope\"]\n"),
            "14: unknown phrase id \"crisis.nope\"",
        ),
        (
            "unknown condition field",
            rule("[rule.when]\nmoon = \"full\"\n"),
            "14: unknown field \"moon\" in when",
        ),
        (
            "empty age range",
            rule("[rule.when]\nage_at_least = 65\nage_under = 18\n"),
            "5: rule \"r1\" can never fire: age_at_least 65 and age_under 18",
        ),
        (
            "age over 130",
            rule("[rule.when]\nage_at_least = 200\n"),
            "14: age_at_least must be between 0 and 130",
        ),
        (
            "fit note for the retired",
            rule("[rule.when.answers]\nwork_status = [\"retired\"]\nfit_note = [\"yes\"]\n"),
            "5: rule \"r1\" can never fire: fit_note is asked only",
        ),
        (
            "sick days for the working",
            rule(
                "[rule.when]\noff_sick_days_at_least = 7\n[rule.when.answers]\nwork_status = [\"working\"]\n",
            ),
            "5: rule \"r1\" can never fire: off_sick_days_at_least",
        ),
        (
            "unless always holds",
            rule(
                "[rule.when.answers]\nduration = [\"over_1_year\"]\n[rule.unless.answers]\nduration = [\"over_1_year\", \"3_12_months\"]\n",
            ),
            "5: rule \"r1\" can never fire: unless holds whenever when does",
        ),
        (
            "no Welsh",
            rule("").replace("explanation_cy = \"Oherwydd.\"\n", ""),
            "5: rule \"r1\" has no Welsh explanation",
        ),
        (
            "empty English",
            rule("").replace("\"Because.\"", "\"  \""),
            "5: rule \"r1\" has no English explanation",
        ),
        (
            "untranslated",
            rule("").replace("\"Oherwydd.\"", "\"Because.\""),
            "10: rule \"r1\": explanation_cy is the same as explanation_en",
        ),
        (
            "no hazards",
            rule("").replace("hazards = [\"H-014\"]\n", ""),
            "5: rule \"r1\" has no hazards",
        ),
        (
            "bad hazard id",
            rule("").replace("\"H-014\"", "\"hazard 14\""),
            "11: hazard \"hazard 14\" must be a hazard-log id",
        ),
        (
            "no source",
            rule("").replace("source = \"Test\"\n", ""),
            "5: rule \"r1\" has no source",
        ),
        (
            "bad id",
            rule("").replace("\"r1\"", "\"Rule One\""),
            "6: id \"Rule One\" must be lower-case",
        ),
        (
            "wrong type",
            rule("").replace("priority = \"soon\"", "priority = 3"),
            "7: priority must be a string",
        ),
        (
            "duplicate id",
            format!("{}\n{}", rule(""), rule("").replace(HEADER, "")),
            "15: duplicate rule id \"r1\" (first used on line 5)",
        ),
    ];
    for (name, text, expected) in &rows {
        let errs = errors(text);
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&format!("local.toml:{expected}"))),
            "{name}: expected local.toml:{expected}…, got {errs:#?}"
        );
    }
}

#[test]
fn every_problem_is_reported_at_once_in_line_order() {
    let text = rule(
        "advice = [\"pray\"]\n[rule.when.answers]\nwork_status = [\"astronaut\"]\nshoe_size = [\"9\"]\n",
    )
    .replace("\"soon\"", "\"whenever\"");
    let errs = Rulebook::parse(&text, "local.toml").unwrap_err();
    assert!(errs.len() >= 4, "{errs:#?}");
    assert!(errs.windows(2).all(|w| w[0].line <= w[1].line));
    assert!(errs.iter().all(|e| e.file == "local.toml" && e.line > 0));
}

#[test]
fn a_bad_rulebook_never_replaces_a_good_one() {
    let mut current = Rulebook::default();
    let before = current.clone();
    let bad = rule("[rule.when.answers]\nwork_status = [\"astronaut\"]\n");
    let errs = current.reload(&bad, "local.toml").unwrap_err();
    assert!(!errs.is_empty());
    assert_eq!(current, before, "the good rulebook is kept");
    let good = rule("").replace("\"t1\"", "\"t2\"");
    let now = current.reload(&good, "local.toml").unwrap();
    assert_eq!(now.version, "t2");
    assert_eq!(current.rules.len(), 1);
}

#[test]
fn priorities_are_ordered_and_names_round_trip() {
    assert!(Priority::Routine < Priority::Soon);
    assert!(Priority::Soon < Priority::Urgent);
    assert!(Priority::Urgent < Priority::Crisis);
    assert!(Priority::Crisis < Priority::Emergency);
    for p in Priority::ALL {
        assert_eq!(Priority::parse(p.as_str()), Some(*p));
        assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
    }
    for p in Pathway::ALL {
        assert_eq!(Pathway::parse(p.as_str()), Some(*p));
        assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
    }
    for a in Advice::ALL {
        assert_eq!(Advice::parse(a.as_str()), Some(*a));
        assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
    }
}

/// A rulebook that tries to lower everything: it can only add.
#[test]
fn a_rulebook_cannot_lower_the_safety_floor() {
    let text = format!(
        "{HEADER}\n[[rule]]\nid = \"everything-routine\"\npriority = \"routine\"\npathways = [\"other\"]\nexplanation_en = \"Routine.\"\nexplanation_cy = \"Arferol.\"\nhazards = [\"H-015\"]\nsource = \"Test\"\n[rule.when.answers]\ncrisis_signs = [\"self_harm\"]\n"
    );
    let book = Rulebook::parse(&text, "local.toml").unwrap();
    let input = ReferralInput {
        crisis_signs: vec!["self_harm".into()],
        ..Default::default()
    };
    let d = triage(&input, &book, jiff::civil::date(2026, 11, 24));
    assert_eq!(d.priority, Priority::Crisis);
    assert!(d.pathways.contains(&Pathway::Crisis));
    assert!(d.pathways.contains(&Pathway::Other));
    assert_eq!(d.reasons[0].rule_id, "floor.crisis");
    assert_eq!(d.immediate_advice, [Advice::Crisis]);
    // With no rules at all, the floor still holds.
    let empty = Rulebook::parse(HEADER, "empty.toml").unwrap();
    let d = triage(&input, &empty, jiff::civil::date(2026, 11, 24));
    assert_eq!(d.priority, Priority::Crisis);
    assert_eq!(d.rulebook_version, "t1");
}

#[test]
fn the_decision_serialises_with_the_documented_fields() {
    let input = ReferralInput {
        emergency_signs: vec!["chest_pain".into()],
        story: Some("I am not suicidal".into()),
        ..Default::default()
    };
    let d = triage(
        &input,
        &Rulebook::default(),
        jiff::civil::date(2026, 11, 24),
    );
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["priority"], "emergency");
    assert_eq!(v["pathways"][0], "emergency_services");
    assert_eq!(
        v["immediate_advice"],
        serde_json::json!(["emergency", "crisis"])
    );
    assert_eq!(v["reasons"][0]["rule_id"], "floor.emergency");
    assert!(
        v["reasons"][0]["explanation_cy"]
            .as_str()
            .unwrap()
            .contains("argyfwng")
    );
    assert_eq!(v["phrase_hits"][0]["matched"], "suicidal");
    assert_eq!(v["phrase_hits"][0]["possibly_negated"], true);
    assert!(v["rulebook_version"].as_str().unwrap().starts_with("2026"));
    let back: Decision = serde_json::from_value(v).unwrap();
    assert_eq!(back, d);
}

#[test]
fn immediate_advice_comes_from_the_floor_most_urgent_first() {
    let mut input = ReferralInput {
        other_concerns: vec!["unsafe_at_home".into()],
        ..Default::default()
    };
    assert_eq!(immediate_advice(&input), [Advice::Safeguarding]);
    input.story = Some("I want to kill myself".into());
    assert_eq!(
        immediate_advice(&input),
        [Advice::Crisis, Advice::Safeguarding]
    );
    input.emergency_signs = vec!["bleeding".into()];
    assert_eq!(
        immediate_advice(&input),
        [Advice::Emergency, Advice::Crisis, Advice::Safeguarding]
    );
    let calm = ReferralInput {
        emergency_signs: vec!["none".into()],
        crisis_signs: vec!["none".into()],
        other_concerns: vec!["weight_loss".into()],
        ..Default::default()
    };
    assert!(immediate_advice(&calm).is_empty());
}

#[test]
fn age_and_sick_days_come_from_the_dates_and_today() {
    let s = |v: &str| Some(v.to_owned());
    let input = ReferralInput {
        dob_day: s("25"),
        dob_month: s("11"),
        dob_year: s("1960"),
        work_status: s("off_sick"),
        off_sick_day: s("27"),
        off_sick_month: s("10"),
        off_sick_year: s("2026"),
        ..Default::default()
    };
    let f = Facts::gather(&input, jiff::civil::date(2026, 11, 24));
    assert_eq!(f.age, Some(65), "the day before the 66th birthday");
    assert_eq!(f.off_sick_days, Some(28));
    let f = Facts::gather(&input, jiff::civil::date(2026, 11, 25));
    assert_eq!(f.age, Some(66));
    let unknown = Facts::gather(&ReferralInput::default(), jiff::civil::date(2026, 11, 24));
    assert_eq!((unknown.age, unknown.off_sick_days), (None, None));
}

// ---------------------------------------------------------------------------
// Monotonicity: adding a red flag never lowers the priority.
//
// Why an enumeration and not `proptest`: the property ranges over a small,
// known set of red flags (16 safety answers, "help now" and 7 red-flag
// phrase categories), so a deterministic walk covers every single flag and
// every pair exhaustively, and a seeded sample covers larger sets, with no
// new dependency to compile and no random failures to chase.

#[derive(Clone, Copy, Debug)]
enum Flag {
    Answer(&'static str, &'static str),
    HelpNow,
    Phrase(Category),
}

fn red_flags() -> Vec<Flag> {
    let mut flags = Vec::new();
    for (field, values) in [
        ("emergency_signs", EMERGENCY_SIGNS),
        ("crisis_signs", CRISIS_SIGNS),
        ("other_concerns", OTHER_CONCERNS),
    ] {
        for v in values.iter().filter(|v| **v != "none") {
            flags.push(Flag::Answer(field, v));
        }
    }
    flags.push(Flag::HelpNow);
    for c in Category::ALL.iter().filter(|c| c.is_red_flag()) {
        flags.push(Flag::Phrase(*c));
    }
    flags
}

/// Some context that is not a red flag, chosen by `seed`.
fn context(seed: u64) -> Facts {
    let pick = |n: u64, options: &[&str]| options[(n % options.len() as u64) as usize].to_owned();
    let s = |v: String| Some(v);
    let answers = ReferralInput {
        needs_help_now: Some("no".into()),
        emergency_signs: vec!["none".into()],
        crisis_signs: vec!["none".into()],
        other_concerns: vec!["none".into()],
        work_status: s(pick(seed, crate::referral::WORK_STATUSES)),
        fit_note: s(pick(seed >> 3, crate::referral::FIT_NOTE)),
        duration: s(pick(seed >> 5, crate::referral::DURATIONS)),
        difficulties: vec![pick(seed >> 7, crate::referral::DIFFICULTIES)],
        no_fixed_address: (seed >> 11 & 1 == 1).then(|| "yes".into()),
        ..Default::default()
    };
    let routing = [
        Category::LowMood,
        Category::Work,
        Category::Housing,
        Category::Isolation,
    ];
    let phrase_hits = routing
        .iter()
        .enumerate()
        .filter(|(i, _)| seed >> (13 + i) & 1 == 1)
        .map(|(_, c)| hit(*c))
        .collect();
    Facts {
        answers,
        age: Some((seed >> 17) as i64 % 100),
        off_sick_days: Some((seed >> 24) as i64 % 120),
        phrase_hits,
    }
}

fn hit(c: Category) -> PhraseHit {
    let id = phrases::PHRASES
        .iter()
        .find(|p| p.category == c)
        .map_or("none", |p| p.id);
    PhraseHit {
        category: c,
        phrase_id: id.to_owned(),
        phrase: String::new(),
        field: "story".into(),
        start: 0,
        end: 0,
        matched: String::new(),
        possibly_negated: false,
    }
}

fn add(f: &mut Facts, flag: Flag) {
    match flag {
        Flag::Answer(field, value) => {
            let mut values: Vec<String> = f
                .answers
                .get_many(field)
                .iter()
                .filter(|v| *v != "none")
                .cloned()
                .collect();
            if !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
            f.answers.set(field, values);
        }
        Flag::HelpNow => f.answers.needs_help_now = Some("yes".into()),
        Flag::Phrase(c) => {
            // Every phrase of the category, so rules on phrase ids see it.
            for p in phrases::PHRASES.iter().filter(|p| p.category == c) {
                let mut h = hit(c);
                h.phrase_id = p.id.to_owned();
                f.phrase_hits.push(h);
            }
        }
    }
}

fn check_monotone(book: &Rulebook, base: &Facts, flags: &[Flag], checked: &mut usize) {
    let before = decide(base, book);
    for flag in flags {
        let mut more = base.clone();
        add(&mut more, *flag);
        let after = decide(&more, book);
        *checked += 1;
        assert!(
            after.priority >= before.priority,
            "adding {flag:?} lowered {:?} to {:?} ({:?})",
            before.priority,
            after.priority,
            base.answers
        );
        for a in &before.immediate_advice {
            assert!(
                after.immediate_advice.contains(a),
                "adding {flag:?} removed {a:?}"
            );
        }
        for p in before
            .pathways
            .iter()
            .filter(|p| **p != Pathway::OtAssessment)
        {
            assert!(after.pathways.contains(p), "adding {flag:?} removed {p:?}");
        }
    }
}

#[test]
fn adding_a_red_flag_never_lowers_the_priority() {
    let flags = red_flags();
    assert_eq!(flags.len(), 6 + 4 + 7 + 1 + 7);
    // A deliberately lopsided rulebook as well as the default one.
    let lopsided = format!(
        "{HEADER}\n[[rule]]\nid = \"work-urgent\"\npriority = \"urgent\"\npathways = [\"work_fitnote\"]\nexplanation_en = \"W.\"\nexplanation_cy = \"G.\"\nhazards = [\"H-014\"]\nsource = \"Test\"\n[rule.when.answers]\nfit_note = [\"yes\"]\n[rule.unless]\nage_at_least = 60\n"
    );
    let books = [
        Rulebook::default(),
        Rulebook::parse(&lopsided, "lopsided.toml").unwrap(),
    ];
    let mut checked = 0;
    for book in &books {
        // Every single flag, and every pair, on a range of contexts.
        for seed in 0..64u64 {
            let base = context(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            check_monotone(book, &base, &flags, &mut checked);
            for first in &flags {
                let mut one = base.clone();
                add(&mut one, *first);
                check_monotone(book, &one, &flags, &mut checked);
            }
        }
        // Larger sets from a seeded generator (xorshift), reproducible.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..400 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut base = context(x);
            for (i, flag) in flags.iter().enumerate() {
                if x.rotate_left(i as u32) & 0b111 == 0 {
                    add(&mut base, *flag);
                }
            }
            check_monotone(book, &base, &flags, &mut checked);
        }
    }
    assert!(checked > 90_000, "{checked} checks");
}
