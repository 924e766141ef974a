//! Acting on a safety alert: what a clinician records to say they have seen
//! an alert (a PHQ-9 item-9 answer above 0, see [`crate::measures`]) and
//! what they did about it.
//!
//! The alert stays on the episode until someone records this; afterwards
//! it is listed as acted on, with who, when and what, never hidden.
//!
//! The rules here are Roots' own, drafted for the Clinical Safety Officer
//! (hazard H-019 in `docs/safety/hazard-log.md`) and a service's local
//! procedure for acting on the alert the same day:
//!
//! - The clinician says what they judged the risk to be **now**, having
//!   asked: immediate, or not immediate.
//! - At least one action, from a coded list, and a written account.
//! - **When in doubt, escalate**: a judgement of immediate risk must come
//!   with an urgent action (a same-day GP or duty doctor review, the crisis
//!   team, or emergency services). It cannot be closed by a conversation
//!   alone.

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// The longest written account, in characters.
pub const DETAIL_MAX: usize = 2000;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Asked the person about the thoughts and assessed the risk.
    SpokeToPerson,
    /// Agreed a safety plan with the person.
    SafetyPlan,
    /// Told the person's GP.
    GpInformed,
    /// Arranged a same-day review with the GP or duty doctor.
    GpSameDay,
    /// Referred to the crisis team or the community mental health team
    /// urgently.
    CrisisTeam,
    /// Called 999 or took the person to A&E.
    EmergencyServices,
    /// Something else, described in the account.
    Other,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::SpokeToPerson,
        Action::SafetyPlan,
        Action::GpInformed,
        Action::GpSameDay,
        Action::CrisisTeam,
        Action::EmergencyServices,
        Action::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::SpokeToPerson => "spoke_to_person",
            Action::SafetyPlan => "safety_plan",
            Action::GpInformed => "gp_informed",
            Action::GpSameDay => "gp_same_day",
            Action::CrisisTeam => "crisis_team",
            Action::EmergencyServices => "emergency_services",
            Action::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether this action gets the person urgent help today.
    pub fn is_urgent(self) -> bool {
        matches!(
            self,
            Action::GpSameDay | Action::CrisisTeam | Action::EmergencyServices
        )
    }
}

/// The clinician's judgement of the risk now, having asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    Immediate,
    NotImmediate,
}

impl Risk {
    pub const ALL: [Risk; 2] = [Risk::Immediate, Risk::NotImmediate];

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Immediate => "immediate",
            Risk::NotImmediate => "not_immediate",
        }
    }

    pub fn parse(s: &str) -> Option<Risk> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The form as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AckInput {
    pub risk: Option<String>,
    pub actions: Vec<String>,
    pub detail: Option<String>,
}

/// A checked acknowledgement, as stored (a clinical entry of kind
/// `alert_ack` naming the measure entry that raised the alert).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    /// The measure entry whose alert this acts on.
    pub alert_entry: String,
    pub risk: Risk,
    pub actions: Vec<Action>,
    pub detail: String,
}

impl AckInput {
    /// Checks the form. Errors name the field (`risk`, `actions`, `detail`).
    pub fn validate(&self, alert_entry: &str) -> Result<Acknowledgement, Vec<FieldError>> {
        let mut errors = Vec::new();
        let risk = match self.risk.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push(FieldError::new("risk", "error-ack-risk-missing"));
                None
            }
            Some(r) => match Risk::parse(r) {
                Some(r) => Some(r),
                None => {
                    errors.push(FieldError::new("risk", "error-ack-risk-missing"));
                    None
                }
            },
        };
        let mut actions = Vec::new();
        for a in self
            .actions
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
        {
            match Action::parse(a) {
                Some(a) if !actions.contains(&a) => actions.push(a),
                Some(_) => {}
                None => {
                    errors.push(FieldError::new("actions", "error-ack-actions-unknown"));
                    break;
                }
            }
        }
        if self.actions.iter().all(|a| a.trim().is_empty()) {
            errors.push(FieldError::new("actions", "error-ack-actions-missing"));
        } else if risk == Some(Risk::Immediate) && !actions.iter().any(|a| a.is_urgent()) {
            errors.push(FieldError::new(
                "actions",
                "error-ack-immediate-needs-urgent",
            ));
        }
        let detail = self.detail.as_deref().unwrap_or("");
        let detail = match crate::text::field("detail", crate::text::Kind::Long, detail, DETAIL_MAX)
        {
            Ok(d) if d.is_empty() => {
                errors.push(FieldError::new("detail", "error-ack-detail-missing"));
                d
            }
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        match (risk, errors.is_empty()) {
            (Some(risk), true) => Ok(Acknowledgement {
                alert_entry: alert_entry.to_owned(),
                risk,
                actions,
                detail,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(risk: &str, actions: &[&str], detail: &str) -> AckInput {
        AckInput {
            risk: (!risk.is_empty()).then(|| risk.to_owned()),
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            detail: (!detail.is_empty()).then(|| detail.to_owned()),
        }
    }

    /// (case, risk, actions, detail, the error messages expected)
    type Row<'a> = (&'a str, &'a str, &'a [&'a str], &'a str, &'a [&'a str]);

    #[test]
    fn acknowledgements_follow_their_rules() {
        let long = "x".repeat(DETAIL_MAX + 1);
        let table: &[Row] = &[
            (
                "not immediate, spoke to them",
                "not_immediate",
                &["spoke_to_person", "safety_plan"],
                "Passive thoughts, no plan; safety plan agreed",
                &[],
            ),
            (
                "immediate with a same-day GP review",
                "immediate",
                &["spoke_to_person", "gp_same_day"],
                "Plan disclosed; duty doctor seeing them at 3pm",
                &[],
            ),
            (
                "immediate with the crisis team",
                "immediate",
                &["crisis_team"],
                "Crisis team accepted",
                &[],
            ),
            (
                "immediate with 999",
                "immediate",
                &["emergency_services"],
                "Ambulance called",
                &[],
            ),
            (
                "immediate but only a conversation: escalate",
                "immediate",
                &["spoke_to_person", "safety_plan", "gp_informed"],
                "Talked it through",
                &["error-ack-immediate-needs-urgent"],
            ),
            (
                "immediate with only other: escalate",
                "immediate",
                &["other"],
                "Asked a friend to stay",
                &["error-ack-immediate-needs-urgent"],
            ),
            (
                "no judgement of risk",
                "",
                &["spoke_to_person"],
                "Talked",
                &["error-ack-risk-missing"],
            ),
            (
                "an unknown judgement",
                "fine",
                &["spoke_to_person"],
                "Talked",
                &["error-ack-risk-missing"],
            ),
            (
                "nothing done",
                "not_immediate",
                &[],
                "Talked",
                &["error-ack-actions-missing"],
            ),
            (
                "an unknown action",
                "not_immediate",
                &["ignored_it"],
                "Talked",
                &["error-ack-actions-unknown"],
            ),
            (
                "no account",
                "not_immediate",
                &["spoke_to_person"],
                "   ",
                &["error-ack-detail-missing"],
            ),
            (
                "an account too long",
                "not_immediate",
                &["spoke_to_person"],
                &long,
                &["error-too-long"],
            ),
            (
                "everything missing",
                "",
                &[],
                "",
                &[
                    "error-ack-risk-missing",
                    "error-ack-actions-missing",
                    "error-ack-detail-missing",
                ],
            ),
        ];
        for (case, risk, actions, detail, expected) in table {
            let got = input(risk, actions, detail).validate("m1");
            let messages: Vec<&str> = match &got {
                Ok(_) => Vec::new(),
                Err(e) => e.iter().map(|e| e.message).collect(),
            };
            assert_eq!(&messages, expected, "{case}");
        }
    }

    #[test]
    fn a_valid_acknowledgement_keeps_what_was_recorded_once() {
        let ack = input(
            "not_immediate",
            &["spoke_to_person", "spoke_to_person", "gp_informed"],
            "  Passive thoughts; GP told by task  ",
        )
        .validate("m1")
        .unwrap();
        assert_eq!(ack.alert_entry, "m1");
        assert_eq!(ack.risk, Risk::NotImmediate);
        assert_eq!(ack.actions, [Action::SpokeToPerson, Action::GpInformed]);
        assert_eq!(ack.detail, "Passive thoughts; GP told by task");
    }

    #[test]
    fn only_same_day_gp_crisis_team_and_999_count_as_urgent() {
        let urgent: Vec<&str> = Action::ALL
            .into_iter()
            .filter(|a| a.is_urgent())
            .map(Action::as_str)
            .collect();
        assert_eq!(urgent, ["gp_same_day", "crisis_team", "emergency_services"]);
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn the_account_follows_the_text_rule() {
        let e = input("not_immediate", &["spoke_to_person"], "Spoke\u{0}")
            .validate("e1")
            .unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("detail", "error-text-control"));
        let e = input("not_immediate", &["spoke_to_person"], "\u{200B}")
            .validate("e1")
            .unwrap_err();
        assert_eq!(
            (e[0].field, e[0].message),
            ("detail", "error-text-invisible")
        );
    }
}
