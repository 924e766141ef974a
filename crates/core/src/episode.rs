//! What each kind of clinical entry in an episode holds, and its rules.
//!
//! An entry is a set of named answers (text, or choices from a list). The
//! pages are built from these definitions, so a form, its error messages and
//! the way the entry reads back all come from one place. Labels are Fluent
//! ids: `entry-{kind}-{field}` and `opt-{field}-{value}`.
//!
//! Scored measures, goals, interventions and discharge outcomes have rules
//! of their own in `measures`, `gas` and `discharge`; this module covers the
//! free-text-led entries.

use std::collections::BTreeMap;

use crate::FieldError;
use crate::text as text_rule;

/// How a field is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line.
    Text,
    /// Several lines.
    Textarea,
    /// One of the options.
    Radios(&'static [&'static str]),
    /// Any of the options.
    Checkboxes(&'static [&'static str]),
}

/// One field of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub input: Input,
    pub required: bool,
    /// Longest answer, in characters (text fields).
    pub max: usize,
}

const fn text(name: &'static str, required: bool, max: usize) -> Field {
    Field {
        name,
        input: Input::Textarea,
        required,
        max,
    }
}

/// Risks an OT records at assessment (the structured part the safety and
/// evaluation work needs).
pub const RISKS: &[&str] = &["falls", "self_neglect", "safeguarding", "none"];
/// Where a person was referred on to.
pub const ONWARD: &[&str] = &[
    "gp",
    "cmht",
    "crisis_team",
    "physiotherapy",
    "social_care",
    "falls_service",
    "employment_support",
    "community_hub",
    "housing",
    "other",
];

/// The kinds of entry built from field definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Assessment,
    Note,
    CaseDiscussion,
    Onward,
    WorkAssessment,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Assessment,
        Kind::Note,
        Kind::CaseDiscussion,
        Kind::Onward,
        Kind::WorkAssessment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Assessment => "assessment",
            Kind::Note => "note",
            Kind::CaseDiscussion => "case_discussion",
            Kind::Onward => "onward",
            Kind::WorkAssessment => "work_assessment",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The fields, in the order the form asks them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Assessment => ASSESSMENT,
            Kind::Note => NOTE,
            Kind::CaseDiscussion => CASE_DISCUSSION,
            Kind::Onward => ONWARD_FIELDS,
            Kind::WorkAssessment => WORK_ASSESSMENT,
        }
    }
}

/// Occupational history and routine; occupational performance across
/// self-care, productivity and leisure; environment; what matters; risks and
/// strengths.
const ASSESSMENT: &[Field] = &[
    text("routine", true, 4000),
    text("self_care", false, 4000),
    text("productivity", false, 4000),
    text("leisure", false, 4000),
    text("environment", false, 4000),
    text("matters", true, 2000),
    Field {
        name: "risks",
        input: Input::Checkboxes(RISKS),
        required: true,
        max: 0,
    },
    text("risk_detail", false, 2000),
    text("strengths", false, 2000),
];
const NOTE: &[Field] = &[text("text", true, 4000)];
const CASE_DISCUSSION: &[Field] = &[text("outcome", true, 4000), text("actions", false, 2000)];
const ONWARD_FIELDS: &[Field] = &[
    Field {
        name: "target",
        input: Input::Radios(ONWARD),
        required: true,
        max: 0,
    },
    Field {
        name: "target_other",
        input: Input::Text,
        required: false,
        max: 200,
    },
    text("why", true, 2000),
];

/// Where a person stands with work (`crate::work::WorkStatus`).
pub const WORK_STATUSES: &[&str] = &[
    "in_work",
    "off_sick",
    "phased_return",
    "unemployed_looking",
    "volunteering",
    "in_education",
    "not_seeking",
];
const YES_NO: &[&str] = &["yes", "no"];

/// A work assessment (the AHP Health and Work Report's basis): the job and
/// its demands, hours, the employer and occupational health (only with the
/// person's agreement), barriers, functional capacity, what the person
/// wants, and their work status now.
const WORK_ASSESSMENT: &[Field] = &[
    Field {
        name: "status",
        input: Input::Radios(WORK_STATUSES),
        required: true,
        max: 0,
    },
    Field {
        name: "job_title",
        input: Input::Text,
        required: false,
        max: 200,
    },
    text("demands_physical", false, 2000),
    text("demands_cognitive", false, 2000),
    text("demands_social", false, 2000),
    Field {
        name: "hours",
        input: Input::Text,
        required: false,
        max: 200,
    },
    Field {
        name: "contact_consent",
        input: Input::Radios(YES_NO),
        required: true,
        max: 0,
    },
    Field {
        name: "employer",
        input: Input::Text,
        required: false,
        max: 200,
    },
    Field {
        name: "occupational_health",
        input: Input::Text,
        required: false,
        max: 200,
    },
    text("barriers", true, 4000),
    text("capacity", true, 4000),
    text("wants", true, 2000),
];

/// Answers as posted: each field's values (one for text and radios, any
/// number for checkboxes).
pub type Answers = BTreeMap<String, Vec<String>>;

/// Checks an entry's answers, and returns them trimmed, with only the
/// kind's fields kept.
pub fn validate(kind: Kind, answers: &Answers) -> Result<Answers, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Answers::new();
    for f in kind.fields() {
        let mut values: Vec<String> = answers
            .get(f.name)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if values.is_empty() {
            if f.required {
                errors.push(FieldError::new(f.name, "error-entry-required"));
            }
            continue;
        }
        match f.input {
            Input::Text | Input::Textarea => {
                // One answer, through the text rule (crate::text).
                let kind = if f.input == Input::Text {
                    text_rule::Kind::Line
                } else {
                    text_rule::Kind::Long
                };
                match text_rule::field(f.name, kind, &values[0], f.max) {
                    Ok(v) => values = vec![v],
                    Err(e) => errors.push(e),
                }
            }
            Input::Radios(options) => {
                if values.len() != 1 || !options.contains(&values[0].as_str()) {
                    errors.push(FieldError::new(f.name, "error-choice-invalid"));
                }
            }
            Input::Checkboxes(options) => {
                if values.iter().any(|v| !options.contains(&v.as_str())) {
                    errors.push(FieldError::new(f.name, "error-choice-invalid"));
                } else if values.iter().any(|v| v == "none") && values.len() > 1 {
                    errors.push(FieldError::new(f.name, "error-entry-none-and-other"));
                }
            }
        }
        out.insert(f.name.to_owned(), values);
    }
    // An "other" target needs saying which.
    if kind == Kind::Onward
        && out.get("target").is_some_and(|t| t[0] == "other")
        && !out.contains_key("target_other")
    {
        errors.push(FieldError::new("target_other", "error-entry-required"));
    }
    // The employer and occupational health are recorded only with the
    // person's agreement (they are who the report and letter go to).
    if kind == Kind::WorkAssessment && out.get("contact_consent").is_some_and(|c| c[0] == "no") {
        for f in ["employer", "occupational_health"] {
            if out.contains_key(f) {
                errors.push(FieldError::new(f, "error-work-contact-without-consent"));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &[&str])]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
            .collect()
    }

    fn ids(r: Result<Answers, Vec<FieldError>>) -> Vec<(&'static str, &'static str)> {
        r.err()
            .unwrap_or_default()
            .iter()
            .map(|e| (e.field, e.message))
            .collect()
    }

    #[test]
    fn entries_follow_their_rules() {
        let long = "x".repeat(4001);
        // (kind, answers, expected errors, why)
        // (kind, answers, expected errors as (field, message), why)
        type Case<'a> = (Kind, Answers, Vec<(&'a str, &'a str)>, &'a str);
        let cases: Vec<Case> = vec![
            (
                Kind::Note,
                answers(&[("text", &["Phoned: settled"])]),
                vec![],
                "a note",
            ),
            (
                Kind::Note,
                answers(&[("text", &["   "])]),
                vec![("text", "error-entry-required")],
                "blank is empty",
            ),
            (
                Kind::Note,
                answers(&[("text", &[long.as_str()])]),
                vec![("text", "error-too-long")],
                "too long",
            ),
            (
                Kind::Note,
                answers(&[("text", &["Phoned\u{0}"])]),
                vec![("text", "error-text-control")],
                "NUL in a note",
            ),
            (
                Kind::Note,
                answers(&[("text", &["Phoned \u{202E}deliver"])]),
                vec![("text", "error-text-invisible")],
                "a direction override in a note",
            ),
            (
                Kind::Onward,
                answers(&[
                    ("target", &["other"]),
                    ("target_other", &["Wheelchair\nservice"]),
                    ("why", &["Needs an assessment"]),
                ]),
                vec![("target_other", "error-text-line-break")],
                "a one-line answer on one line",
            ),
            (
                Kind::Assessment,
                answers(&[
                    ("routine", &["Up at 7"]),
                    ("matters", &["Cooking"]),
                    ("risks", &["falls", "safeguarding"]),
                ]),
                vec![],
                "the required parts of an assessment",
            ),
            (
                Kind::WorkAssessment,
                answers(&[
                    ("status", &["off_sick"]),
                    ("job_title", &["Shop assistant"]),
                    ("contact_consent", &["yes"]),
                    ("employer", &["Siop y Gornel, 01248 000000"]),
                    ("barriers", &["Standing all shift"]),
                    ("capacity", &["Stands for 30 minutes"]),
                    ("wants", &["Back to work, fewer hours at first"]),
                ]),
                vec![],
                "a work assessment with the employer, agreed",
            ),
            (
                Kind::WorkAssessment,
                answers(&[
                    ("status", &["off_sick"]),
                    ("contact_consent", &["no"]),
                    ("employer", &["Siop y Gornel"]),
                    ("occupational_health", &["OH nurse"]),
                    ("barriers", &["b"]),
                    ("capacity", &["c"]),
                    ("wants", &["w"]),
                ]),
                vec![
                    ("employer", "error-work-contact-without-consent"),
                    ("occupational_health", "error-work-contact-without-consent"),
                ],
                "no contacts without their agreement",
            ),
            (
                Kind::WorkAssessment,
                answers(&[("status", &["retired"]), ("contact_consent", &["no"])]),
                vec![
                    ("status", "error-choice-invalid"),
                    ("barriers", "error-entry-required"),
                    ("capacity", "error-entry-required"),
                    ("wants", "error-entry-required"),
                ],
                "a status not on the list, and what is required",
            ),
            (
                Kind::Assessment,
                answers(&[("routine", &["Up at 7"]), ("matters", &["Cooking"])]),
                vec![("risks", "error-entry-required")],
                "risks must be answered, if only with none",
            ),
            (
                Kind::Assessment,
                answers(&[
                    ("routine", &["x"]),
                    ("matters", &["y"]),
                    ("risks", &["none", "falls"]),
                ]),
                vec![("risks", "error-entry-none-and-other")],
                "none is alone",
            ),
            (
                Kind::Assessment,
                answers(&[
                    ("routine", &["x"]),
                    ("matters", &["y"]),
                    ("risks", &["wolves"]),
                ]),
                vec![("risks", "error-choice-invalid")],
                "unknown risk",
            ),
            (
                Kind::Onward,
                answers(&[
                    ("target", &["other"]),
                    ("why", &["Needs a wheelchair assessment"]),
                ]),
                vec![("target_other", "error-entry-required")],
                "other says which",
            ),
            (
                Kind::Onward,
                answers(&[("target", &["cmht", "gp"]), ("why", &["x"])]),
                vec![("target", "error-choice-invalid")],
                "one target",
            ),
            (
                Kind::CaseDiscussion,
                answers(&[("actions", &["GP to review meds"])]),
                vec![("outcome", "error-entry-required")],
                "a discussion records its outcome",
            ),
        ];
        for (kind, a, want, why) in cases {
            assert_eq!(ids(validate(kind, &a)), want, "{why}");
        }
    }

    #[test]
    fn answers_are_trimmed_and_only_the_kinds_fields_kept() {
        let a = answers(&[("text", &["  hello  "]), ("smuggled", &["x"])]);
        let out = validate(Kind::Note, &a).unwrap();
        assert_eq!(out.get("text"), Some(&vec!["hello".to_owned()]));
        // Composed (NFC), with one kind of line break, and one answer kept.
        let a = answers(&[("text", &["Sia\u{302}n\r\nphoned", "\u{0}"])]);
        let out = validate(Kind::Note, &a).unwrap();
        assert_eq!(out.get("text"), Some(&vec!["Siân\nphoned".to_owned()]));
        assert!(!out.contains_key("smuggled"));
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
    }
}
