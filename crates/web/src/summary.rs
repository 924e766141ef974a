//! A referral's answers as summary-list rows, for "check your answers" and
//! for staff reading a referral.

use roots_core::NhsNumber;
use roots_core::referral::{Mode, ReferralInput, Step};
use roots_store::Practice;

use crate::i18n::Tr;
use crate::questions::label_key;

#[derive(Debug, Clone)]
pub struct Row {
    pub key: String,
    pub lines: Vec<String>,
    /// Free text: shown with its line breaks.
    pub free_text: bool,
    pub change_href: Option<String>,
    pub optional: bool,
}

impl Row {
    /// A row of a key and one line of text, with no change link.
    pub fn plain(key: String, value: String) -> Row {
        Row {
            key,
            lines: vec![value],
            free_text: true,
            change_href: None,
            optional: false,
        }
    }
}

/// "7 March 1985", or the parts as typed when they are not a date.
pub fn date_words(tr: &Tr, day: Option<&str>, month: Option<&str>, year: Option<&str>) -> String {
    let (d, m, y) = (day.unwrap_or(""), month.unwrap_or(""), year.unwrap_or(""));
    match roots_core::dates::parse_parts(d, m, y) {
        Ok(date) => format!(
            "{} {} {}",
            date.day(),
            tr.t(&format!("month-{}", date.month())),
            date.year()
        ),
        Err(_) => format!("{d} {m} {y}").trim().to_owned(),
    }
}

/// Rows for every page of the journey but the "about you" introduction.
/// With `change_base`, each row links to its page to change the answer.
pub fn summary_rows(
    tr: &Tr,
    mode: Mode,
    a: &ReferralInput,
    practices: &[Practice],
    change_base: Option<&str>,
) -> Vec<Row> {
    Step::all(mode)
        .iter()
        .filter_map(|step| {
            step_row(tr, a, practices, *step).map(|mut row| {
                row.change_href = change_base.map(|b| format!("{b}/{}?change=1", step.slug()));
                row
            })
        })
        .collect()
}

/// The row of one page's answers, with no change link; none for the "about
/// you" introduction, which asks nothing.
pub fn step_row(tr: &Tr, a: &ReferralInput, practices: &[Practice], step: Step) -> Option<Row> {
    let opt = |field: &str, v: Option<&str>| -> Vec<String> {
        v.map(|v| vec![tr.t(&format!("opt-{}-{v}", label_key(field)))])
            .unwrap_or_default()
    };
    let text = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
    {
        let (lines, free_text): (Vec<String>, bool) = match step {
            Step::AboutYou => return None,
            Step::Source => (opt("source", a.source.as_deref()), false),
            Step::NeedsHelpNow => (opt("needs_help_now", a.needs_help_now.as_deref()), false),
            Step::EmergencySigns | Step::CrisisSigns | Step::OtherConcerns => {
                let field = step.fields()[0];
                (
                    a.get_many(field)
                        .iter()
                        .map(|v| tr.t(&format!("opt-{field}-{v}")))
                        .collect(),
                    false,
                )
            }
            Step::Name => (
                vec![
                    format!(
                        "{} {}",
                        a.given_name.as_deref().unwrap_or(""),
                        a.family_name.as_deref().unwrap_or("")
                    )
                    .trim()
                    .to_owned(),
                ],
                false,
            ),
            Step::DateOfBirth => (
                vec![date_words(
                    tr,
                    a.dob_day.as_deref(),
                    a.dob_month.as_deref(),
                    a.dob_year.as_deref(),
                )],
                false,
            ),
            Step::Contact => {
                let mut l = Vec::new();
                if let Some(p) = &a.phone {
                    l.push(tr.t1("sum-phone", "value", p));
                }
                if let Some(e) = &a.email {
                    l.push(tr.t1("sum-email", "value", e));
                }
                if a.contact_via_practice.as_deref() == Some("yes") {
                    l.push(tr.t("sum-via-practice"));
                }
                match a.leave_message.as_deref() {
                    Some("yes") => l.push(tr.t("sum-leave-message-yes")),
                    Some("no") => l.push(tr.t("sum-leave-message-no")),
                    _ => {}
                }
                (l, false)
            }
            Step::Postcode => (
                if a.no_fixed_address.as_deref() == Some("yes") {
                    vec![tr.t("sum-no-fixed-address")]
                } else {
                    text(&a.postcode)
                },
                false,
            ),
            Step::NhsNumber => (
                a.nhs_number
                    .as_deref()
                    .map(|n| NhsNumber::parse(n).map_or_else(|_| n.to_owned(), |n| n.to_string()))
                    .into_iter()
                    .collect(),
                false,
            ),
            Step::Practice => (
                a.practice
                    .as_deref()
                    .map(|p| {
                        practices
                            .iter()
                            .find(|x| x.id == p)
                            .map(|x| x.name.clone())
                            .unwrap_or_else(|| tr.t(&format!("opt-practice-{p}")))
                    })
                    .into_iter()
                    .collect(),
                false,
            ),
            Step::Language => {
                let mut l = match a.language.as_deref() {
                    Some("other") => text(&a.language_other),
                    v => opt("language", v),
                };
                match a.interpreter.as_deref() {
                    Some("yes") => l.push(tr.t1(
                        "sum-interpreter",
                        "value",
                        a.interpreter_language.as_deref().unwrap_or(""),
                    )),
                    Some("no") => l.push(tr.t("sum-no-interpreter")),
                    _ => {}
                }
                (l, false)
            }
            Step::Communication => {
                let mut l: Vec<String> = a
                    .communication_needs
                    .iter()
                    .filter(|n| *n != "other")
                    .map(|n| tr.t(&format!("opt-communication_needs-{n}")))
                    .collect();
                l.extend(text(&a.communication_other));
                (l, false)
            }
            Step::Story => (text(&a.story), true),
            Step::Difficulties => (
                a.difficulties
                    .iter()
                    .map(|d| tr.t(&format!("opt-difficulties-{d}")))
                    .collect(),
                false,
            ),
            Step::Duration => (opt("duration", a.duration.as_deref()), false),
            Step::MattersMost => (text(&a.matters_most), true),
            Step::Work => {
                let mut l = opt("work_status", a.work_status.as_deref());
                if a.work_status.as_deref() == Some("off_sick") {
                    let since = date_words(
                        tr,
                        a.off_sick_day.as_deref(),
                        a.off_sick_month.as_deref(),
                        a.off_sick_year.as_deref(),
                    );
                    l.push(tr.t1("sum-off-sick-since", "value", since));
                }
                if let Some(f) = a.fit_note.as_deref() {
                    l.push(tr.t1("sum-fit-note", "value", tr.t(&format!("opt-fit_note-{f}"))));
                }
                (l, false)
            }
            s => {
                let field = s.fields()[0];
                (opt(field, a.get(field)), false)
            }
        };
        let lines = if lines.is_empty() || lines.iter().all(String::is_empty) {
            vec![tr.t("not-answered")]
        } else {
            lines
        };
        Some(Row {
            key: tr.t(&format!("sum-{}", step.slug())),
            lines,
            free_text,
            change_href: None,
            optional: step.is_monitoring(),
        })
    }
}
