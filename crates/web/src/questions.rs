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
