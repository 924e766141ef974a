//! Signposting a person to a community resource, and finding out later
//! whether they got there.
//!
//! The issue (6, "Signposting") asks for: why, how (information given, a
//! warm handover, a referral sent), the person's consent where their
//! details are shared, and a follow-up at a set interval asking whether the
//! person got there (attended, did not attend, not known) and what came of
//! it. The outcomes are counted in the evaluation.
//!
//! Consent: a warm handover or a referral passes the person's details to
//! the resource, so it needs their consent (UK GDPR Article 6, and the
//! common-law duty of confidentiality); without it only information can be
//! given. This is a rule, not a judgement, so it is enforced here.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::text::Kind;

/// The longest reason or follow-up note, in characters.
pub const TEXT_MAX: usize = 1000;
/// Follow-up interval offered, in weeks, and the default.
pub const FOLLOW_UP_WEEKS: std::ops::RangeInclusive<i64> = 1..=12;
pub const FOLLOW_UP_DEFAULT_WEEKS: i64 = 4;

/// How the person was signposted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Told about it, with its details; nothing shared.
    InformationGiven,
    /// Introduced in person or by phone, sharing their details.
    WarmHandover,
    /// A referral sent, sharing their details.
    ReferralSent,
}

impl How {
    pub const ALL: [How; 3] = [How::InformationGiven, How::WarmHandover, How::ReferralSent];

    pub fn as_str(self) -> &'static str {
        match self {
            How::InformationGiven => "information_given",
            How::WarmHandover => "warm_handover",
            How::ReferralSent => "referral_sent",
        }
    }

    pub fn parse(s: &str) -> Option<How> {
        Self::ALL.into_iter().find(|h| h.as_str() == s)
    }

    /// Whether this passes the person's details to the resource.
    pub fn shares_details(self) -> bool {
        self != How::InformationGiven
    }
}

/// Whether the person got there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Attended,
    DidNotAttend,
    NotKnown,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Attended, Outcome::DidNotAttend, Outcome::NotKnown];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Attended => "attended",
            Outcome::DidNotAttend => "did_not_attend",
            Outcome::NotKnown => "not_known",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// The signposting form as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignpostInput {
    pub resource: Option<String>,
    pub why: Option<String>,
    pub how: Option<String>,
    pub consent: Option<String>,
    pub follow_up_weeks: Option<String>,
}

/// A signposting, as stored (a clinical entry of kind `signpost`; the
/// follow-up is an amendment that adds the outcome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signpost {
    /// The resource's Open Referral UK id, and its name then.
    pub resource_id: String,
    pub resource_name: String,
    pub why: String,
    pub how: How,
    /// Asked when details are shared: always true then.
    pub consent: Option<bool>,
    /// When to ask whether they got there (`YYYY-MM-DD`).
    pub follow_up_due: String,
    pub outcome: Option<Outcome>,
    pub outcome_note: Option<String>,
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or("")
}

impl Signpost {
    /// The follow-up date, when it reads as one.
    pub fn due(&self) -> Option<Date> {
        self.follow_up_due.parse().ok()
    }

    /// Whether the follow-up is due on `today` and not yet done.
    pub fn follow_up_due_on(&self, today: Date) -> bool {
        self.outcome.is_none() && self.due().is_some_and(|d| d <= today)
    }
}

impl SignpostInput {
    /// Checks the form against the resources that can be chosen (id, name)
    /// and today's date.
    pub fn validate(
        &self,
        resources: &[(String, String)],
        today: Date,
    ) -> Result<Signpost, Vec<FieldError>> {
        let mut errors = Vec::new();
        let resource = resources.iter().find(|(id, _)| id == text(&self.resource));
        if resource.is_none() {
            errors.push(FieldError::new("resource", "error-signpost-resource"));
        }
        let why = match crate::text::field("why", Kind::Long, text(&self.why), TEXT_MAX) {
            Ok(why) if why.is_empty() => {
                errors.push(FieldError::new("why", "error-signpost-why"));
                why
            }
            Ok(why) => why,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        let how = How::parse(text(&self.how));
        if how.is_none() {
            errors.push(FieldError::new("how", "error-signpost-how"));
        }
        let consent = match text(&self.consent) {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        if how.is_some_and(How::shares_details) {
            match consent {
                None => errors.push(FieldError::new("consent", "error-signpost-consent")),
                Some(false) => errors.push(FieldError::new("consent", "error-signpost-no-consent")),
                Some(true) => {}
            }
        }
        let weeks = match text(&self.follow_up_weeks) {
            "" => Some(FOLLOW_UP_DEFAULT_WEEKS),
            w => w
                .parse::<i64>()
                .ok()
                .filter(|w| FOLLOW_UP_WEEKS.contains(w)),
        };
        if weeks.is_none() {
            errors.push(FieldError {
                field: "follow_up_weeks",
                message: "error-signpost-weeks",
                args: vec![
                    ("min", *FOLLOW_UP_WEEKS.start()),
                    ("max", *FOLLOW_UP_WEEKS.end()),
                ],
            });
        }
        match (resource, how, weeks, errors.is_empty()) {
            (Some((id, name)), Some(how), Some(weeks), true) => Ok(Signpost {
                resource_id: id.clone(),
                resource_name: name.clone(),
                why,
                how,
                consent: how.shares_details().then_some(true),
                follow_up_due: today
                    .checked_add(jiff::Span::new().weeks(weeks))
                    .unwrap_or(today)
                    .to_string(),
                outcome: None,
                outcome_note: None,
            }),
            _ => Err(errors),
        }
    }
}

/// The follow-up form as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpInput {
    pub outcome: Option<String>,
    pub note: Option<String>,
}

impl FollowUpInput {
    /// The signposting with its outcome added.
    pub fn apply(&self, s: &Signpost) -> Result<Signpost, Vec<FieldError>> {
        let mut errors = Vec::new();
        let outcome = Outcome::parse(text(&self.outcome));
        if outcome.is_none() {
            errors.push(FieldError::new("outcome", "error-signpost-outcome"));
        }
        let note = crate::text::field("note", Kind::Long, text(&self.note), TEXT_MAX)
            .unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Signpost {
            outcome,
            outcome_note: (!note.is_empty()).then_some(note),
            ..s.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn input(resource: &str, why: &str, how: &str, consent: &str, weeks: &str) -> SignpostInput {
        let o = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        SignpostInput {
            resource: o(resource),
            why: o(why),
            how: o(how),
            consent: o(consent),
            follow_up_weeks: o(weeks),
        }
    }

    /// (case, input, errors expected)
    type Row<'a> = (&'a str, SignpostInput, &'a [&'a str]);

    #[test]
    fn signposting_follows_its_rules() {
        let resources = [("r1".to_owned(), "Walking group".to_owned())];
        let today = date(2026, 11, 25);
        let long = "x".repeat(TEXT_MAX + 1);
        let table: Vec<Row> = vec![
            (
                "information, no consent asked",
                input("r1", "Lonely", "information_given", "", ""),
                &[],
            ),
            (
                "a handover with consent",
                input("r1", "Lonely", "warm_handover", "yes", "2"),
                &[],
            ),
            (
                "a referral with consent",
                input("r1", "Lonely", "referral_sent", "yes", "12"),
                &[],
            ),
            (
                "a referral without consent",
                input("r1", "Lonely", "referral_sent", "no", ""),
                &["error-signpost-no-consent"],
            ),
            (
                "a handover, consent not asked",
                input("r1", "Lonely", "warm_handover", "", ""),
                &["error-signpost-consent"],
            ),
            (
                "no resource",
                input("", "Lonely", "information_given", "", ""),
                &["error-signpost-resource"],
            ),
            (
                "a resource not in the directory",
                input("r9", "Lonely", "information_given", "", ""),
                &["error-signpost-resource"],
            ),
            (
                "no reason",
                input("r1", "  ", "information_given", "", ""),
                &["error-signpost-why"],
            ),
            (
                "a reason too long",
                input("r1", &long, "information_given", "", ""),
                &["error-too-long"],
            ),
            (
                "no how",
                input("r1", "Lonely", "", "", ""),
                &["error-signpost-how"],
            ),
            (
                "an unknown how",
                input("r1", "Lonely", "carrier_pigeon", "", ""),
                &["error-signpost-how"],
            ),
            (
                "no weeks",
                input("r1", "Lonely", "information_given", "", "0"),
                &["error-signpost-weeks"],
            ),
            (
                "too many weeks",
                input("r1", "Lonely", "information_given", "", "13"),
                &["error-signpost-weeks"],
            ),
            (
                "weeks not a number",
                input("r1", "Lonely", "information_given", "", "soon"),
                &["error-signpost-weeks"],
            ),
        ];
        for (case, input, expected) in table {
            let got: Vec<&str> = match input.validate(&resources, today) {
                Ok(_) => Vec::new(),
                Err(e) => e.iter().map(|e| e.message).collect(),
            };
            assert_eq!(got, expected, "{case}");
        }
        let s = input("r1", " Lonely since moving ", "warm_handover", "yes", "")
            .validate(&resources, today)
            .unwrap();
        assert_eq!(s.due(), Some(date(2026, 12, 23)), "four weeks by default");
        assert!(!s.follow_up_due_on(date(2026, 12, 22)));
        assert!(s.follow_up_due_on(date(2026, 12, 23)));
        assert_eq!(
            (s.consent, s.why.as_str()),
            (Some(true), "Lonely since moving")
        );
        assert_eq!(s.resource_name, "Walking group");
        let info = input("r1", "x", "information_given", "yes", "1")
            .validate(&resources, today)
            .unwrap();
        assert_eq!(info.consent, None, "nothing shared: no consent recorded");
    }

    #[test]
    fn a_follow_up_adds_the_outcome_and_keeps_the_rest() {
        let s = input("r1", "Lonely", "information_given", "", "")
            .validate(&[("r1".into(), "Walks".into())], date(2026, 1, 1))
            .unwrap();
        let done = FollowUpInput {
            outcome: Some("attended".into()),
            note: Some(" Goes every Thursday now ".into()),
        }
        .apply(&s)
        .unwrap();
        assert_eq!(done.outcome, Some(Outcome::Attended));
        assert!(
            !done.follow_up_due_on(date(2027, 1, 1)),
            "done: no longer due"
        );
        assert_eq!(
            done.outcome_note.as_deref(),
            Some("Goes every Thursday now")
        );
        assert_eq!(
            (done.why, done.follow_up_due),
            (s.why.clone(), s.follow_up_due.clone())
        );
        let missing = FollowUpInput::default().apply(&s).unwrap_err();
        assert_eq!(missing[0].message, "error-signpost-outcome");
        let long = FollowUpInput {
            outcome: Some("not_known".into()),
            note: Some("x".repeat(TEXT_MAX + 1)),
        };
        assert_eq!(long.apply(&s).unwrap_err()[0].message, "error-too-long");
    }

    #[test]
    fn signposting_texts_follow_the_text_rule() {
        let resources = [("r1".to_owned(), "Walking group".to_owned())];
        let today = date(2026, 11, 25);
        let e = input("r1", "Lonely\u{0}", "information_given", "", "")
            .validate(&resources, today)
            .unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("why", "error-text-control"));
        let e = input("r1", "\u{FEFF}", "information_given", "", "")
            .validate(&resources, today)
            .unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("why", "error-text-invisible"));
        let s = input("r1", "Lonely", "information_given", "", "")
            .validate(&resources, today)
            .unwrap();
        let follow_up = FollowUpInput {
            outcome: Some("attended".into()),
            note: Some("Went twice \u{2066}".into()),
        };
        let e = follow_up.apply(&s).unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("note", "error-text-invisible"));
    }
}
