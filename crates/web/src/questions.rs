//! What each question page shows: its widgets, in the NHS design system's
//! patterns. The rules for the answers are in `roots_core::referral`.

use roots_core::FieldError;
use roots_core::referral::{self as r, ReferralInput, Step};
use roots_store::Practice;

use crate::forms::{Builder, Widget, small};
use crate::i18n::Tr;

/// Pages whose one question is the page heading.
fn single(step: Step) -> bool {
    !matches!(
        step,
        Step::Name | Step::Contact | Step::Postcode | Step::Language | Step::Work
    )
}

fn not_heading(mut w: Widget) -> Widget {
    match &mut w {
        Widget::Text { heading, .. }
        | Widget::Textarea { heading, .. }
        | Widget::Date { heading, .. }
        | Widget::Choices { heading, .. } => *heading = false,
    }
    w
}

/// The option-label key of a field (three questions share yes/no/prefer).
pub fn label_key(field: &str) -> &str {
    match field {
        "refugee_asylum" | "gypsy_roma_traveller" | "unpaid_carer" => "yes_no_prefer",
        other => other,
    }
}

/// The widgets of a page, and whether its one question is the heading.
pub fn widgets(
    step: Step,
    tr: &Tr,
    input: &ReferralInput,
    errors: &[FieldError],
    practices: &[Practice],
) -> (bool, Vec<Widget>) {
    let single = single(step);
    let b = Builder {
        tr,
        input,
        errors,
        single,
    };
    let slug = step.slug();
    let title = || tr.t(&format!("q-{slug}-title"));
    let hint = || {
        let id = format!("q-{slug}-hint");
        tr.has(&id).then(|| tr.t(&id))
    };
    let field_label = |f: &str| tr.t(&format!("f-{f}"));
    let field_hint = |f: &str| {
        let id = format!("f-{f}-hint");
        tr.has(&id).then(|| tr.t(&id))
    };
    let radios = |field: &str, options: &[&str]| {
        b.choices(
            field,
            "radio",
            title(),
            hint(),
            options,
            label_key(field),
            &[],
        )
    };
    let w = match step {
        Step::Source => vec![radios("source", r::SOURCES)],
        Step::NeedsHelpNow => vec![radios("needs_help_now", r::YES_NO)],
        Step::EmergencySigns | Step::CrisisSigns | Step::OtherConcerns => {
            let field = step.fields()[0];
            let options = r::SAFETY_FIELDS
                .iter()
                .find(|(f, ..)| *f == field)
                .map_or(&[][..], |(_, options, ..)| *options);
            vec![b.choices(
                field,
                "checkbox",
                title(),
                hint(),
                options,
                field,
                &["none"],
            )]
        }
        Step::Name => vec![
            b.text(
                "given_name",
                "given-name",
                "text",
                "nhsuk-u-width-two-thirds",
            ),
            b.text(
                "family_name",
                "family-name",
                "text",
                "nhsuk-u-width-two-thirds",
            ),
        ],
        Step::DateOfBirth => vec![b.date("dob", title(), true)],
        Step::Contact => vec![
            b.text("phone", "tel", "tel", "nhsuk-input--width-20"),
            b.text("email", "email", "email", "nhsuk-u-width-two-thirds"),
            small(b.choices(
                "contact_via_practice",
                "checkbox",
                field_label("contact_via_practice"),
                None,
                &["yes"],
                "contact_via_practice",
                &[],
            )),
            b.choices(
                "leave_message",
                "radio",
                field_label("leave_message"),
                field_hint("leave_message"),
                r::YES_NO,
                "leave_message",
                &[],
            ),
        ],
        Step::Postcode => vec![
            b.text("postcode", "postal-code", "text", "nhsuk-input--width-10"),
            small(b.choices(
                "no_fixed_address",
                "checkbox",
                field_label("no_fixed_address"),
                None,
                &["yes"],
                "no_fixed_address",
                &[],
            )),
        ],
        Step::NhsNumber => {
            vec![b.text_as_question("nhs_number", slug, "off", "nhsuk-input--width-10")]
        }
        Step::Practice => {
            let mut options: Vec<(String, String, bool)> = practices
                .iter()
                .map(|p| (p.id.clone(), p.name.clone(), false))
                .collect();
            for other in r::PRACTICE_OTHER {
                options.push((
                    (*other).to_owned(),
                    tr.t(&format!("opt-practice-{other}")),
                    true,
                ));
            }
            vec![b.choices_labelled("practice", title(), hint(), options)]
        }
        Step::Language => {
            let mut w = vec![
                b.choices(
                    "language",
                    "radio",
                    field_label("language"),
                    None,
                    r::LANGUAGES,
                    "language",
                    &[],
                ),
                b.text("language_other", "", "text", "nhsuk-u-width-one-half"),
                b.choices(
                    "interpreter",
                    "radio",
                    field_label("interpreter"),
                    None,
                    r::YES_NO,
                    "interpreter",
                    &[],
                ),
                b.text("interpreter_language", "", "text", "nhsuk-u-width-one-half"),
            ];
            w.iter_mut().for_each(|x| *x = not_heading(x.clone()));
            w
        }
        Step::Communication => vec![
            b.choices(
                "communication_needs",
                "checkbox",
                title(),
                hint(),
                r::COMMUNICATION_NEEDS,
                "communication_needs",
                &["none"],
            ),
            not_heading(b.text(
                "communication_other",
                "",
                "text",
                "nhsuk-u-width-two-thirds",
            )),
        ],
        Step::Story => vec![b.textarea("story", slug, r::MAX_STORY)],
        Step::Difficulties => vec![b.choices(
            "difficulties",
            "checkbox",
            title(),
            hint(),
            r::DIFFICULTIES,
            "difficulties",
            &[],
        )],
        Step::Duration => vec![radios("duration", r::DURATIONS)],
        Step::MattersMost => vec![b.textarea("matters_most", slug, r::MAX_MATTERS)],
        Step::Work => vec![
            b.choices(
                "work_status",
                "radio",
                field_label("work_status"),
                None,
                r::WORK_STATUSES,
                "work_status",
                &[],
            ),
            b.date("off_sick", field_label("off_sick"), false),
            b.choices(
                "fit_note",
                "radio",
                field_label("fit_note"),
                field_hint("fit_note"),
                r::FIT_NOTE,
                "fit_note",
                &[],
            ),
        ],
        Step::AboutYou => Vec::new(),
        Step::Sex => vec![radios("sex", r::SEX)],
        Step::EthnicGroup => vec![b.choices(
            "ethnic_group",
            "radio",
            title(),
            hint(),
            r::ETHNIC_GROUPS,
            "ethnic_group",
            &["Z"],
        )],
        Step::Housing => vec![radios("housing", r::HOUSING)],
        Step::RefugeeAsylum => vec![radios("refugee_asylum", r::YES_NO_PREFER)],
        Step::GypsyRomaTraveller => vec![radios("gypsy_roma_traveller", r::YES_NO_PREFER)],
        Step::ArmedForces => vec![radios("armed_forces", r::ARMED_FORCES)],
        Step::UnpaidCarer => vec![radios("unpaid_carer", r::YES_NO_PREFER)],
    };
    (single, w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Locales};
    use crate::summary::summary_rows;
    use roots_core::referral::Mode;

    fn texts(w: &Widget) -> Vec<String> {
        match w {
            Widget::Text { label, hint, .. } | Widget::Textarea { label, hint, .. } => {
                std::iter::once(label.clone()).chain(hint.clone()).collect()
            }
            Widget::Date { legend, hint, .. } => vec![legend.clone(), hint.clone()],
            Widget::Choices {
                legend,
                hint,
                choices,
                ..
            } => std::iter::once(legend.clone())
                .chain(hint.clone())
                .chain(choices.iter().map(|c| c.label.clone()))
                .collect(),
        }
    }

    /// A message id shown instead of words means a translation is missing.
    fn looks_like_an_id(s: &str) -> bool {
        ["q-", "f-", "opt-", "error-", "sum-", "page-", "staff-"]
            .iter()
            .any(|p| s.starts_with(p))
    }

    #[test]
    fn every_question_option_and_summary_key_has_words_in_both_languages() {
        let locales = Locales::load().unwrap();
        let practices = vec![Practice {
            id: "p1".into(),
            service_id: "s".into(),
            name: "Afon".into(),
            ods_code: None,
            postcode: None,
        }];
        // Every option ticked, so every option label is rendered somewhere.
        let full = ReferralInput {
            communication_needs: r::COMMUNICATION_NEEDS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            difficulties: r::DIFFICULTIES.iter().map(|s| (*s).to_owned()).collect(),
            emergency_signs: r::EMERGENCY_SIGNS.iter().map(|s| (*s).to_owned()).collect(),
            crisis_signs: r::CRISIS_SIGNS.iter().map(|s| (*s).to_owned()).collect(),
            other_concerns: r::OTHER_CONCERNS.iter().map(|s| (*s).to_owned()).collect(),
            ..Default::default()
        };
        for lang in [Lang::En, Lang::Cy] {
            let tr = locales.get(lang);
            for step in Step::all(Mode::Staff) {
                let title = tr.t(&format!("q-{}-title", step.slug()));
                assert!(!looks_like_an_id(&title), "{lang:?} {step:?} title");
                let (_, widgets) = widgets(*step, &tr, &full, &[], &practices);
                for w in &widgets {
                    for t in texts(w) {
                        assert!(!looks_like_an_id(&t), "{lang:?} {step:?}: {t}");
                    }
                }
            }
            // The safety questions' summary rows list every option ticked.
            for row in summary_rows(&tr, Mode::Staff, &full, &practices, None) {
                for line in &row.lines {
                    assert!(!looks_like_an_id(line), "{lang:?} {}: {line}", row.key);
                }
            }
            for field in [
                "source",
                "needs_help_now",
                "duration",
                "work_status",
                "sex",
                "ethnic_group",
                "housing",
                "armed_forces",
            ] {
                let options: &[&str] = match field {
                    "source" => r::SOURCES,
                    "needs_help_now" => r::YES_NO,
                    "duration" => r::DURATIONS,
                    "work_status" => r::WORK_STATUSES,
                    "sex" => r::SEX,
                    "ethnic_group" => r::ETHNIC_GROUPS,
                    "housing" => r::HOUSING,
                    _ => r::ARMED_FORCES,
                };
                for o in options {
                    let mut input = full.clone();
                    input.set(field, vec![(*o).to_owned()]);
                    for row in summary_rows(&tr, Mode::Staff, &input, &practices, None) {
                        assert!(!looks_like_an_id(&row.key), "{lang:?} {}", row.key);
                        for line in row.lines {
                            assert!(!looks_like_an_id(&line), "{lang:?} {field}={o}: {line}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_safety_questions_are_checkboxes_with_an_exclusive_none() {
        let locales = Locales::load().unwrap();
        let tr = locales.get(Lang::Cy);
        for step in [Step::EmergencySigns, Step::CrisisSigns, Step::OtherConcerns] {
            let (single, w) = widgets(step, &tr, &ReferralInput::default(), &[], &[]);
            assert!(single);
            let Widget::Choices { kind, choices, .. } = &w[0] else {
                panic!("{step:?}")
            };
            assert_eq!(*kind, "checkbox");
            let none = choices.iter().find(|c| c.value == "none").unwrap();
            assert!(none.divider && none.exclusive, "{step:?}");
            assert_eq!(choices.iter().filter(|c| c.exclusive).count(), 1);
            assert_eq!(choices.iter().filter(|c| c.divider).count(), 1);
        }
    }

    #[test]
    fn every_error_message_the_rules_can_give_exists_in_both_languages() {
        let sources = [
            include_str!("../../core/src/referral.rs"),
            include_str!("../../core/src/dates.rs"),
        ];
        let mut ids: Vec<&str> = sources
            .iter()
            .flat_map(|src| {
                src.split('"')
                    .filter(|s| s.starts_with("error-") && !s.contains(' '))
            })
            .collect();
        ids.sort();
        ids.dedup();
        assert!(ids.len() > 30, "found {} ids", ids.len());
        let locales = Locales::load().unwrap();
        for lang in [Lang::En, Lang::Cy] {
            let tr = locales.get(lang);
            for id in &ids {
                assert!(tr.has(id), "{id} missing in {lang:?}");
            }
        }
    }
}
