use super::*;
use jiff::civil::date;

fn practices() -> Vec<String> {
    vec!["p-afon".into(), "p-bryn".into()]
}

fn complete() -> ReferralInput {
    let s = |v: &str| Some(v.to_owned());
    ReferralInput {
        needs_help_now: s("no"),
        emergency_signs: vec!["none".into()],
        crisis_signs: vec!["none".into()],
        other_concerns: vec!["none".into()],
        given_name: s("Carys"),
        family_name: s("Prydderch"),
        dob_day: s("7"),
        dob_month: s("3"),
        dob_year: s("1985"),
        phone: s("01234 567890"),
        leave_message: s("yes"),
        postcode: s("ll57 2pw"),
        practice: s("p-afon"),
        language: s("cy"),
        interpreter: s("no"),
        story: s("I cannot manage the stairs or the shopping since the winter."),
        difficulties: vec!["home".into(), "getting_out".into()],
        duration: s("3_12_months"),
        matters_most: s("Getting back to the choir."),
        work_status: s("retired"),
        consent: s("yes"),
        ..Default::default()
    }
}

fn ctx(p: &[String]) -> Context<'_> {
    Context {
        today: date(2026, 11, 24),
        practices: p,
        mode: Mode::Public,
    }
}

#[test]
fn a_complete_referral_validates_and_is_normalised() {
    let p = practices();
    let r = complete().validate(&ctx(&p)).expect("valid");
    assert_eq!(r.source, "self");
    assert_eq!(r.postcode.unwrap().as_str(), "LL57 2PW");
    assert_eq!(r.practice_id.as_deref(), Some("p-afon"));
    assert_eq!(r.date_of_birth.date(), date(1985, 3, 7));
    assert!(!r.needs_help_now);
}

/// Each row changes one thing in a complete referral and names the field and
/// message that must result. The message ids are in locales/*/roots.ftl.
#[test]
fn table_of_bad_answers() {
    type Edit = fn(&mut ReferralInput);
    let s = |v: &str| Some(v.to_owned());
    let _ = s;
    let rows: &[(&str, Edit, &str, &str)] = &[
        (
            "no help-now answer",
            |i| i.needs_help_now = None,
            "needs_help_now",
            "error-help-now-missing",
        ),
        (
            "help-now not yes/no",
            |i| i.needs_help_now = Some("maybe".into()),
            "needs_help_now",
            "error-help-now-missing",
        ),
        (
            "no emergency-signs answer",
            |i| i.emergency_signs.clear(),
            "emergency_signs",
            "error-emergency-signs-missing",
        ),
        (
            "emergency sign ticked with none",
            |i| i.emergency_signs = vec!["none".into(), "chest_pain".into()],
            "emergency_signs",
            "error-emergency-signs-none-and-other",
        ),
        (
            "unknown emergency sign",
            |i| i.emergency_signs = vec!["hiccups".into()],
            "emergency_signs",
            "error-choice-invalid",
        ),
        (
            "only blank emergency ticks",
            |i| i.emergency_signs = vec!["  ".into()],
            "emergency_signs",
            "error-emergency-signs-missing",
        ),
        (
            "no crisis answer",
            |i| i.crisis_signs.clear(),
            "crisis_signs",
            "error-crisis-signs-missing",
        ),
        (
            "self-harm ticked with none",
            |i| i.crisis_signs = vec!["self_harm".into(), "none".into()],
            "crisis_signs",
            "error-crisis-signs-none-and-other",
        ),
        (
            "prefer not to say ticked with none",
            |i| i.crisis_signs = vec!["none".into(), "prefer_not_to_say".into()],
            "crisis_signs",
            "error-crisis-signs-none-and-other",
        ),
        (
            "an other-concerns value in the crisis question",
            |i| i.crisis_signs = vec!["weight_loss".into()],
            "crisis_signs",
            "error-choice-invalid",
        ),
        (
            "no other-concerns answer",
            |i| i.other_concerns.clear(),
            "other_concerns",
            "error-other-concerns-missing",
        ),
        (
            "unsafe at home ticked with none",
            |i| i.other_concerns = vec!["unsafe_at_home".into(), "none".into()],
            "other_concerns",
            "error-other-concerns-none-and-other",
        ),
        (
            "unknown other concern",
            |i| i.other_concerns = vec!["chest_pain".into()],
            "other_concerns",
            "error-choice-invalid",
        ),
        (
            "no given name",
            |i| i.given_name = Some("   ".into()),
            "given_name",
            "error-given-name-missing",
        ),
        (
            "family name too long",
            |i| i.family_name = Some("x".repeat(101)),
            "family_name",
            "error-too-long",
        ),
        (
            "31 February",
            |i| {
                i.dob_day = Some("31".into());
                i.dob_month = Some("2".into());
            },
            "dob_day",
            "error-date-not-real",
        ),
        (
            "future birth",
            |i| i.dob_year = Some("2027".into()),
            "dob_day",
            "error-dob-future",
        ),
        (
            "two-digit year",
            |i| i.dob_year = Some("85".into()),
            "dob_year",
            "error-date-year-digits",
        ),
        (
            "no month",
            |i| i.dob_month = None,
            "dob_month",
            "error-date-missing-month",
        ),
        (
            "no date at all",
            |i| {
                i.dob_day = None;
                i.dob_month = None;
                i.dob_year = None;
            },
            "dob_day",
            "error-dob-missing",
        ),
        (
            "born 1890",
            |i| i.dob_year = Some("1890".into()),
            "dob_year",
            "error-dob-too-old",
        ),
        (
            "no way to contact",
            |i| i.phone = None,
            "phone",
            "error-contact-missing",
        ),
        (
            "phone too short",
            |i| i.phone = Some("01234".into()),
            "phone",
            "error-phone-invalid",
        ),
        (
            "phone with letters",
            |i| i.phone = Some("01234 56789O".into()),
            "phone",
            "error-phone-invalid",
        ),
        (
            "bad email",
            |i| i.email = Some("carys@".into()),
            "email",
            "error-email-invalid",
        ),
        (
            "leave message unanswered",
            |i| i.leave_message = None,
            "leave_message",
            "error-leave-message-missing",
        ),
        (
            "no postcode",
            |i| i.postcode = None,
            "postcode",
            "error-postcode-missing",
        ),
        (
            "bad postcode",
            |i| i.postcode = Some("LL57".into()),
            "postcode",
            "error-postcode-invalid",
        ),
        (
            "NHS number check digit",
            |i| i.nhs_number = Some("485 777 3456".into()),
            "nhs_number",
            "error-nhs-number-check",
        ),
        (
            "NHS number length",
            |i| i.nhs_number = Some("48577".into()),
            "nhs_number",
            "error-nhs-number-length",
        ),
        (
            "no practice",
            |i| i.practice = None,
            "practice",
            "error-practice-missing",
        ),
        (
            "another service's practice",
            |i| i.practice = Some("p-elsewhere".into()),
            "practice",
            "error-practice-missing",
        ),
        (
            "other language not named",
            |i| i.language = Some("other".into()),
            "language_other",
            "error-language-other-missing",
        ),
        (
            "interpreter language not named",
            |i| i.interpreter = Some("yes".into()),
            "interpreter_language",
            "error-interpreter-language-missing",
        ),
        (
            "none and large print",
            |i| i.communication_needs = vec!["none".into(), "large_print".into()],
            "communication_needs",
            "error-communication-none-and-other",
        ),
        (
            "other need not described",
            |i| i.communication_needs = vec!["other".into()],
            "communication_other",
            "error-communication-other-missing",
        ),
        (
            "unknown need",
            |i| i.communication_needs = vec!["telepathy".into()],
            "communication_needs",
            "error-choice-invalid",
        ),
        (
            "no story",
            |i| i.story = None,
            "story",
            "error-story-missing",
        ),
        (
            "story over 2000",
            |i| i.story = Some("a".repeat(2001)),
            "story",
            "error-too-long",
        ),
        (
            "no difficulties",
            |i| i.difficulties.clear(),
            "difficulties",
            "error-difficulties-missing",
        ),
        (
            "no duration",
            |i| i.duration = None,
            "duration",
            "error-duration-missing",
        ),
        (
            "no matters most",
            |i| i.matters_most = None,
            "matters_most",
            "error-matters-most-missing",
        ),
        (
            "no work status",
            |i| i.work_status = None,
            "work_status",
            "error-work-status-missing",
        ),
        (
            "off sick, no date",
            |i| {
                i.work_status = Some("off_sick".into());
                i.fit_note = Some("yes".into());
            },
            "off_sick_day",
            "error-off-sick-missing",
        ),
        (
            "off sick from the future",
            |i| {
                i.work_status = Some("off_sick".into());
                i.fit_note = Some("yes".into());
                i.off_sick_day = Some("1".into());
                i.off_sick_month = Some("1".into());
                i.off_sick_year = Some("2027".into());
            },
            "off_sick_day",
            "error-off-sick-future",
        ),
        (
            "working, fit note unanswered",
            |i| i.work_status = Some("working".into()),
            "fit_note",
            "error-fit-note-missing",
        ),
        (
            "ethnic group not a code",
            |i| i.ethnic_group = Some("Q".into()),
            "ethnic_group",
            "error-choice-invalid",
        ),
        (
            "no consent",
            |i| i.consent = None,
            "consent",
            "error-consent-missing",
        ),
        // The text rule (crate::text), at every text answer.
        (
            "a NUL in a name",
            |i| i.given_name = Some("Carys\u{0}".into()),
            "given_name",
            "error-text-control",
        ),
        (
            "a direction override in a name",
            |i| i.family_name = Some("Jones\u{202E}".into()),
            "family_name",
            "error-text-invisible",
        ),
        (
            "a name of zero-width spaces",
            |i| i.family_name = Some("\u{200B}\u{200B}".into()),
            "family_name",
            "error-text-invisible",
        ),
        (
            "a byte order mark before a name",
            |i| i.given_name = Some("\u{FEFF}Carys".into()),
            "given_name",
            "error-text-invisible",
        ),
        (
            "a name with no letter",
            |i| i.given_name = Some("123".into()),
            "given_name",
            "error-text-no-letter",
        ),
        (
            "a NUL in the story",
            |i| i.story = Some("pain\u{0}".into()),
            "story",
            "error-text-control",
        ),
        (
            "ESC in what matters",
            |i| i.matters_most = Some("\u{1b}[2J".into()),
            "matters_most",
            "error-text-control",
        ),
        (
            "a NUL in an email address",
            |i| i.email = Some("carys@example.org\u{0}".into()),
            "email",
            "error-text-control",
        ),
        (
            "an isolate in the other language",
            |i| {
                i.language = Some("other".into());
                i.language_other = Some("Pwyleg\u{2066}".into());
            },
            "language_other",
            "error-text-invisible",
        ),
        (
            "a line break in the interpreter's language",
            |i| {
                i.interpreter = Some("yes".into());
                i.interpreter_language = Some("Polish\nBcc".into());
            },
            "interpreter_language",
            "error-text-line-break",
        ),
    ];
    let p = practices();
    for (name, edit, field, message) in rows {
        let mut input = complete();
        edit(&mut input);
        let errors = input.validate(&ctx(&p)).expect_err(name);
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert_eq!(
            (errors[0].field, errors[0].message),
            (*field, *message),
            "{name}"
        );
    }
}

#[test]
fn good_variations() {
    type Edit = fn(&mut ReferralInput);
    let rows: &[(&str, Edit)] = &[
        ("no fixed address instead of postcode", |i| {
            i.postcode = None;
            i.no_fixed_address = Some("yes".into());
        }),
        ("contact through the practice", |i| {
            i.phone = None;
            i.contact_via_practice = Some("yes".into());
        }),
        ("email only", |i| {
            i.phone = None;
            i.email = Some("carys@example.org".into());
        }),
        ("international phone", |i| {
            i.phone = Some("+44 (0)1234 567890".into())
        }),
        ("valid NHS number with spaces", |i| {
            i.nhs_number = Some("485 777 3457".into())
        }),
        ("not registered with a GP", |i| {
            i.practice = Some("not_registered".into())
        }),
        ("off sick with date and fit note", |i| {
            i.work_status = Some("off_sick".into());
            i.off_sick_day = Some("2".into());
            i.off_sick_month = Some("10".into());
            i.off_sick_year = Some("2026".into());
            i.fit_note = Some("yes".into());
        }),
        ("monitoring answered", |i| {
            i.sex = Some("prefer_not_to_say".into());
            i.ethnic_group = Some("A".into());
            i.armed_forces = Some("veteran".into());
        }),
        (
            "Welsh names with diacritics, apostrophes and hyphens",
            |i| {
                i.given_name = Some("Gwenllïan".into());
                i.family_name = Some("O'Neill-Jones".into());
            },
        ),
        ("emoji and line breaks in free text", |i| {
            i.story = Some("My hands hurt 😞\r\nEvery morning".into());
        }),
        ("markup in free text is kept as typed", |i| {
            i.story = Some("<script>alert(1)</script> & more".into())
        }),
        ("every emergency sign ticked", |i| {
            i.emergency_signs = EMERGENCY_SIGNS
                .iter()
                .filter(|v| **v != "none")
                .map(|v| (*v).to_owned())
                .collect()
        }),
        ("crisis thoughts and prefer not to say", |i| {
            i.crisis_signs = vec!["ending_life_thoughts".into(), "prefer_not_to_say".into()]
        }),
        ("prefer not to say alone", |i| {
            i.crisis_signs = vec!["prefer_not_to_say".into()]
        }),
        ("several other concerns, with spaces", |i| {
            i.other_concerns = vec![" fall_cannot_get_up ".into(), "weight_loss".into()]
        }),
        ("2000 characters exactly, multibyte", |i| {
            i.story = Some("ŵ".repeat(2000))
        }),
    ];
    let p = practices();
    for (name, edit) in rows {
        let mut input = complete();
        edit(&mut input);
        let r = input.validate(&ctx(&p));
        assert!(r.is_ok(), "{name}: {r:?}");
    }
}

#[test]
fn normalising_clears_answers_that_no_longer_apply() {
    let mut input = complete();
    input.language_other = Some("Polish".into());
    input.off_sick_day = Some("3".into());
    input.postcode = Some("LL57 2PW".into());
    input.no_fixed_address = Some("yes".into());
    input.source = Some("gp".into());
    let n = input.normalised(Mode::Public);
    assert_eq!(n.language_other, None);
    assert_eq!(n.off_sick_day, None);
    assert_eq!(n.postcode, None);
    assert_eq!(
        n.source.as_deref(),
        Some("self"),
        "the public form is always a self-referral"
    );
    let story = "<b>kept</b>".to_owned();
    input.story = Some(format!("  {story}  "));
    assert_eq!(input.normalised(Mode::Public).story, Some(story));
}

#[test]
fn safety_answers_are_kept_trimmed_and_once() {
    let mut input = complete();
    input.other_concerns = vec![
        " weight_loss".into(),
        "weight_loss".into(),
        "".into(),
        "fall_head_injury".into(),
    ];
    input.crisis_signs = vec!["prefer_not_to_say".into()];
    let n = input.normalised(Mode::Public);
    assert_eq!(n.other_concerns, ["weight_loss", "fall_head_injury"]);
    assert_eq!(n.crisis_signs, ["prefer_not_to_say"]);
    assert_eq!(n.emergency_signs, ["none"]);
    let p = practices();
    let r = input.validate(&ctx(&p)).expect("valid");
    assert_eq!(
        r.answers.other_concerns,
        ["weight_loss", "fall_head_injury"]
    );
}

/// Found by the property suite: a box that means "yes" kept whatever was
/// posted in it (a NUL) when the referral was otherwise complete.
#[test]
fn a_yes_box_keeps_only_yes() {
    let p = practices();
    for (posted, kept) in [
        ("yes", Some("yes")),
        ("\u{0}", None),
        ("no", None),
        ("YES\u{1b}", None),
    ] {
        let mut input = complete();
        input.contact_via_practice = Some(posted.into());
        assert_eq!(
            input
                .normalised(Mode::Public)
                .contact_via_practice
                .as_deref(),
            kept,
            "{posted:?}"
        );
        if let Ok(r) = input.validate(&ctx(&p)) {
            assert_eq!(
                r.answers.contact_via_practice.as_deref(),
                kept,
                "{posted:?}"
            );
        }
    }
}

#[test]
fn the_safety_questions_follow_help_now_in_both_journeys() {
    for mode in [Mode::Public, Mode::Staff] {
        let steps = Step::all(mode);
        let i = steps.iter().position(|s| *s == Step::NeedsHelpNow).unwrap();
        assert_eq!(
            &steps[i..i + 4],
            &[
                Step::NeedsHelpNow,
                Step::EmergencySigns,
                Step::CrisisSigns,
                Step::OtherConcerns
            ]
        );
    }
    // The addresses say nothing about the answers.
    for s in [Step::EmergencySigns, Step::CrisisSigns, Step::OtherConcerns] {
        for word in ["emergency", "crisis", "suicid", "harm", "abuse", "safe"] {
            assert!(!s.slug().contains(word), "{}", s.slug());
        }
    }
}

#[test]
fn a_draft_saved_before_the_safety_questions_still_parses_and_asks_them() {
    let old = r#"{"needs_help_now":"no","given_name":"Carys"}"#;
    let input: ReferralInput = serde_json::from_str(old).unwrap();
    assert!(input.emergency_signs.is_empty());
    let p = practices();
    assert_eq!(input.first_incomplete(&ctx(&p)), Some(Step::EmergencySigns));
}

#[test]
fn staff_mode_asks_for_the_source_first() {
    assert_eq!(Step::all(Mode::Staff)[0], Step::Source);
    assert!(!Step::all(Mode::Public).contains(&Step::Source));
    let p = practices();
    let mut c = ctx(&p);
    c.mode = Mode::Staff;
    let mut input = complete();
    let errors = input.validate(&c).expect_err("source missing");
    assert_eq!(errors[0].field, "source");
    input.source = Some("gp".into());
    assert_eq!(input.validate(&c).unwrap().source, "gp");
}

#[test]
fn steps_chain_and_slugs_round_trip() {
    for mode in [Mode::Public, Mode::Staff] {
        let steps = Step::all(mode);
        assert_eq!(steps[0].previous(mode), None);
        assert_eq!(steps.last().unwrap().next(mode), None);
        for w in steps.windows(2) {
            assert_eq!(w[0].next(mode), Some(w[1]));
            assert_eq!(w[1].previous(mode), Some(w[0]));
        }
        for s in steps {
            assert_eq!(Step::from_slug(s.slug(), mode), Some(*s));
        }
    }
}

#[test]
fn set_and_get_cover_every_field_of_every_step() {
    for step in Step::all(Mode::Staff) {
        for field in step.fields() {
            let mut input = ReferralInput::default();
            assert!(input.set(field, vec!["x".into()]), "{field}");
            let read = input
                .get(field)
                .map(str::to_owned)
                .or_else(|| input.get_many(field).first().cloned());
            assert_eq!(read.as_deref(), Some("x"), "{field}");
        }
    }
    let mut input = ReferralInput::default();
    assert!(!input.set("not_a_field", vec!["x".into()]));
}

#[test]
fn first_incomplete_walks_in_order() {
    let p = practices();
    let c = ctx(&p);
    assert_eq!(
        ReferralInput::default().first_incomplete(&c),
        Some(Step::NeedsHelpNow)
    );
    let mut input = complete();
    assert_eq!(input.first_incomplete(&c), None);
    input.duration = None;
    assert_eq!(input.first_incomplete(&c), Some(Step::Duration));
}

#[test]
fn api_json_rejects_unknown_fields() {
    let err =
        serde_json::from_str::<ReferralInput>(r#"{"given_name":"A","shoe_size":"9"}"#).unwrap_err();
    assert!(err.to_string().contains("shoe_size"));
}

#[test]
fn text_answers_are_kept_composed_with_one_kind_of_line_break() {
    let p = practices();
    let mut input = complete();
    input.given_name = Some(" Sia\u{302}n ".into());
    input.story = Some("one\r\ntwo\rthree".into());
    let r = input.validate(&ctx(&p)).unwrap();
    assert_eq!(r.given_name, "Siân");
    assert_eq!(r.answers.given_name.as_deref(), Some("Siân"));
    assert_eq!(r.answers.story.as_deref(), Some("one\ntwo\nthree"));
}
