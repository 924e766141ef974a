//! Discharge: why an episode ended, and the structured outcomes the
//! evaluation counts.
//!
//! The outcomes are the ones the I CAN Primary Care case study reported
//! (DOMAIN.md): self-management interventions offered (76% of OT cases), GP
//! appointments avoided (67%), a referral to the community mental health
//! team (CMHT) avoided (26%); with medication avoided, work status at the
//! start and the end (the return-on-investment figures count moving one
//! person into work), and referral on to secondary care (issue 5).
//!
//! "Avoided" is the clinician's judgement, and a CMHT referral avoided is the
//! claim the evaluation leans on most, so it needs a reason. An OT who saw
//! someone instead of the GP has, by definition, avoided at least one GP
//! appointment, and the form refuses the contradiction.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::referral::WORK_STATUSES;
use crate::text::{self, Kind};

/// Why the episode ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    GoalsMet,
    PersonsChoice,
    ReferredOn,
    /// Did not attend, or could not be contacted.
    NoContact,
    MovedAway,
    Died,
    /// With a description.
    Other,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::GoalsMet,
        Reason::PersonsChoice,
        Reason::ReferredOn,
        Reason::NoContact,
        Reason::MovedAway,
        Reason::Died,
        Reason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::GoalsMet => "goals_met",
            Reason::PersonsChoice => "persons_choice",
            Reason::ReferredOn => "referred_on",
            Reason::NoContact => "no_contact",
            Reason::MovedAway => "moved_away",
            Reason::Died => "died",
            Reason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the person's work status at the end may be unknown: the
    /// service lost touch with them, or they died.
    pub fn end_status_may_be_unknown(self) -> bool {
        matches!(self, Reason::NoContact | Reason::MovedAway | Reason::Died)
    }
}

/// Whether medication was avoided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MedicationAvoided {
    Yes,
    No,
    NotApplicable,
}

impl MedicationAvoided {
    pub const ALL: [MedicationAvoided; 3] = [
        MedicationAvoided::Yes,
        MedicationAvoided::No,
        MedicationAvoided::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MedicationAvoided::Yes => "yes",
            MedicationAvoided::No => "no",
            MedicationAvoided::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(s: &str) -> Option<MedicationAvoided> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Most GP appointments one episode can be recorded as avoiding.
pub const MAX_GP_AVOIDED: i64 = 20;
/// Longest free text on the discharge form.
pub const MAX_DISCHARGE_TEXT: usize = 2000;

/// The discharge form as typed. Yes/no answers are `"yes"` or `"no"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DischargeInput {
    pub reason: Option<String>,
    /// Required when the reason is "other".
    pub reason_other: Option<String>,
    pub self_management_offered: Option<String>,
    pub gp_appointments_avoided: Option<String>,
    /// Whether the OT completed an appointment that would otherwise have
    /// been the GP's.
    pub ot_instead_of_gp: Option<String>,
    pub cmht_referral_avoided: Option<String>,
    /// Required when a CMHT referral was avoided.
    pub cmht_reason: Option<String>,
    pub medication_avoided: Option<String>,
    pub work_status_start: Option<String>,
    pub work_status_end: Option<String>,
    pub secondary_care: Option<String>,
    /// Required when referred to secondary care.
    pub secondary_care_where: Option<String>,
    pub note: Option<String>,
}

/// A discharge whose parts passed their rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discharge {
    pub reason: Reason,
    pub reason_other: Option<String>,
    pub self_management_offered: bool,
    pub gp_appointments_avoided: i64,
    pub ot_instead_of_gp: bool,
    pub cmht_referral_avoided: bool,
    pub cmht_reason: Option<String>,
    pub medication_avoided: MedicationAvoided,
    /// One of `referral::WORK_STATUSES`.
    pub work_status_start: String,
    /// `None` only when the reason allows it to be unknown.
    pub work_status_end: Option<String>,
    /// Where they were referred, if they were.
    pub secondary_care: Option<String>,
    pub note: Option<String>,
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn yes_no(
    e: &mut Vec<FieldError>,
    v: &Option<String>,
    field: &'static str,
    message: &'static str,
) -> Option<bool> {
    match trimmed(v).as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => {
            e.push(FieldError::new(field, message));
            None
        }
    }
}

fn work_status(
    e: &mut Vec<FieldError>,
    v: &Option<String>,
    field: &'static str,
    message: &'static str,
    may_be_unknown: bool,
) -> Option<Option<String>> {
    match trimmed(v) {
        Some(s) if WORK_STATUSES.contains(&s.as_str()) => Some(Some(s)),
        None if may_be_unknown => Some(None),
        _ => {
            e.push(FieldError::new(field, message));
            None
        }
    }
}

impl DischargeInput {
    pub fn validate(&self) -> Result<Discharge, Vec<FieldError>> {
        let mut e = Vec::new();
        let reason = trimmed(&self.reason).and_then(|r| Reason::parse(&r));
        if reason.is_none() {
            e.push(FieldError::new("reason", "error-discharge-reason"));
        }
        let reason_other = trimmed(&self.reason_other);
        if reason == Some(Reason::Other) && reason_other.is_none() {
            e.push(FieldError::new(
                "reason_other",
                "error-discharge-reason-other",
            ));
        }
        let self_management = yes_no(
            &mut e,
            &self.self_management_offered,
            "self_management_offered",
            "error-discharge-self-management",
        );
        let gp_avoided = trimmed(&self.gp_appointments_avoided)
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| (0..=MAX_GP_AVOIDED).contains(n));
        if gp_avoided.is_none() {
            e.push(
                FieldError::new("gp_appointments_avoided", "error-discharge-gp-avoided")
                    .with_arg("max", MAX_GP_AVOIDED),
            );
        }
        let instead = yes_no(
            &mut e,
            &self.ot_instead_of_gp,
            "ot_instead_of_gp",
            "error-discharge-ot-instead-of-gp",
        );
        if instead == Some(true) && gp_avoided == Some(0) {
            e.push(FieldError::new(
                "gp_appointments_avoided",
                "error-discharge-gp-avoided-none",
            ));
        }
        let cmht = yes_no(
            &mut e,
            &self.cmht_referral_avoided,
            "cmht_referral_avoided",
            "error-discharge-cmht",
        );
        let cmht_reason = trimmed(&self.cmht_reason);
        if cmht == Some(true) && cmht_reason.is_none() {
            e.push(FieldError::new(
                "cmht_reason",
                "error-discharge-cmht-reason",
            ));
        }
        let medication =
            trimmed(&self.medication_avoided).and_then(|m| MedicationAvoided::parse(&m));
        if medication.is_none() {
            e.push(FieldError::new(
                "medication_avoided",
                "error-discharge-medication",
            ));
        }
        let start = work_status(
            &mut e,
            &self.work_status_start,
            "work_status_start",
            "error-discharge-work-start",
            false,
        );
        let end = work_status(
            &mut e,
            &self.work_status_end,
            "work_status_end",
            "error-discharge-work-end",
            reason.is_some_and(Reason::end_status_may_be_unknown),
        );
        let secondary = yes_no(
            &mut e,
            &self.secondary_care,
            "secondary_care",
            "error-discharge-secondary",
        );
        let secondary_where = trimmed(&self.secondary_care_where);
        if secondary == Some(true) && secondary_where.is_none() {
            e.push(FieldError::new(
                "secondary_care_where",
                "error-discharge-secondary-where",
            ));
        }
        // The text rule (crate::text): refused characters, NFC, lengths.
        let mut note = trimmed(&self.note);
        let (mut reason_other, mut cmht_reason, mut secondary_where) =
            (reason_other, cmht_reason, secondary_where);
        for (field, kind, v) in [
            ("reason_other", Kind::Long, &mut reason_other),
            ("cmht_reason", Kind::Long, &mut cmht_reason),
            ("secondary_care_where", Kind::Line, &mut secondary_where),
            ("note", Kind::Long, &mut note),
        ] {
            text::tidy(&mut e, field, kind, v, MAX_DISCHARGE_TEXT);
        }
        if !e.is_empty() {
            return Err(e);
        }
        // Every part is `Some` when there are no errors; text that no longer
        // applies (a CMHT reason when none was avoided) is not kept.
        match (
            reason,
            self_management,
            gp_avoided,
            instead,
            cmht,
            medication,
            start,
            end,
            secondary,
        ) {
            (
                Some(reason),
                Some(self_management_offered),
                Some(gp_appointments_avoided),
                Some(ot_instead_of_gp),
                Some(cmht_referral_avoided),
                Some(medication_avoided),
                Some(Some(work_status_start)),
                Some(work_status_end),
                Some(secondary),
            ) => Ok(Discharge {
                reason,
                reason_other: if reason == Reason::Other {
                    reason_other
                } else {
                    None
                },
                self_management_offered,
                gp_appointments_avoided,
                ot_instead_of_gp,
                cmht_referral_avoided,
                cmht_reason: if cmht_referral_avoided {
                    cmht_reason
                } else {
                    None
                },
                medication_avoided,
                work_status_start,
                work_status_end,
                secondary_care: if secondary { secondary_where } else { None },
                note,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> DischargeInput {
        DischargeInput {
            reason: Some("goals_met".into()),
            reason_other: None,
            self_management_offered: Some("yes".into()),
            gp_appointments_avoided: Some("2".into()),
            ot_instead_of_gp: Some("yes".into()),
            cmht_referral_avoided: Some("no".into()),
            cmht_reason: None,
            medication_avoided: Some("not_applicable".into()),
            work_status_start: Some("off_sick".into()),
            work_status_end: Some("working".into()),
            secondary_care: Some("no".into()),
            secondary_care_where: None,
            note: None,
        }
    }

    #[test]
    fn a_complete_discharge_is_accepted() {
        let d = good().validate().unwrap();
        assert_eq!(d.reason, Reason::GoalsMet);
        assert!(d.self_management_offered && d.ot_instead_of_gp && !d.cmht_referral_avoided);
        assert_eq!(d.gp_appointments_avoided, 2);
        assert_eq!(d.medication_avoided, MedicationAvoided::NotApplicable);
        assert_eq!(
            (d.work_status_start.as_str(), d.work_status_end.as_deref()),
            ("off_sick", Some("working"))
        );
        assert_eq!(d.secondary_care, None);
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
        }
        for m in MedicationAvoided::ALL {
            assert_eq!(MedicationAvoided::parse(m.as_str()), Some(m));
        }
    }

    #[test]
    fn table_of_discharge_rules() {
        type Case = (
            fn(&mut DischargeInput),
            Vec<(&'static str, &'static str)>,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (
                |d| d.reason = None,
                vec![("reason", "error-discharge-reason")],
                "a reason",
            ),
            (
                |d| d.reason = Some("bored".into()),
                vec![("reason", "error-discharge-reason")],
                "a known reason",
            ),
            (
                |d| d.reason = Some("other".into()),
                vec![("reason_other", "error-discharge-reason-other")],
                "other needs a description",
            ),
            (
                |d| d.self_management_offered = Some("maybe".into()),
                vec![("self_management_offered", "error-discharge-self-management")],
                "self-management yes or no",
            ),
            (
                |d| d.gp_appointments_avoided = None,
                vec![("gp_appointments_avoided", "error-discharge-gp-avoided")],
                "a count",
            ),
            (
                |d| d.gp_appointments_avoided = Some("21".into()),
                vec![("gp_appointments_avoided", "error-discharge-gp-avoided")],
                "at most 20",
            ),
            (
                |d| d.gp_appointments_avoided = Some("-1".into()),
                vec![("gp_appointments_avoided", "error-discharge-gp-avoided")],
                "not negative",
            ),
            (
                |d| d.gp_appointments_avoided = Some("0".into()),
                vec![("gp_appointments_avoided", "error-discharge-gp-avoided-none")],
                "seeing them instead of the GP avoided at least one GP appointment",
            ),
            (
                |d| d.ot_instead_of_gp = None,
                vec![("ot_instead_of_gp", "error-discharge-ot-instead-of-gp")],
                "instead of the GP: yes or no",
            ),
            (
                |d| d.cmht_referral_avoided = Some("yes".into()),
                vec![("cmht_reason", "error-discharge-cmht-reason")],
                "a CMHT referral avoided needs the reason",
            ),
            (
                |d| d.cmht_referral_avoided = None,
                vec![("cmht_referral_avoided", "error-discharge-cmht")],
                "CMHT: yes or no",
            ),
            (
                |d| d.medication_avoided = Some("n/a".into()),
                vec![("medication_avoided", "error-discharge-medication")],
                "medication: yes, no or not applicable",
            ),
            (
                |d| d.work_status_start = Some("astronaut".into()),
                vec![("work_status_start", "error-discharge-work-start")],
                "a referral work status",
            ),
            (
                |d| d.work_status_start = None,
                vec![("work_status_start", "error-discharge-work-start")],
                "work status at the start is always known",
            ),
            (
                |d| d.work_status_end = None,
                vec![("work_status_end", "error-discharge-work-end")],
                "work status at the end, when the person was seen to the end",
            ),
            (
                |d| d.secondary_care = Some("yes".into()),
                vec![("secondary_care_where", "error-discharge-secondary-where")],
                "secondary care: where",
            ),
            (
                |d| d.secondary_care = None,
                vec![("secondary_care", "error-discharge-secondary")],
                "secondary care: yes or no",
            ),
            (
                |d| d.note = Some("x".repeat(MAX_DISCHARGE_TEXT + 1)),
                vec![("note", "error-too-long")],
                "long note",
            ),
        ];
        for (change, want, why) in cases {
            let mut d = good();
            change(&mut d);
            let got: Vec<(&str, &str)> = d
                .validate()
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect();
            assert_eq!(got, want, "{why}");
        }
        let e = DischargeInput::default().validate().unwrap_err();
        assert_eq!(
            e.len(),
            9,
            "an empty form: every required answer, once: {e:#?}"
        );
    }

    #[test]
    fn conditional_answers_are_kept_only_where_they_apply() {
        // Work status at the end may be unknown when contact was lost.
        for reason in ["no_contact", "moved_away", "died"] {
            let mut d = good();
            d.reason = Some(reason.into());
            d.work_status_end = None;
            assert_eq!(d.validate().unwrap().work_status_end, None, "{reason}");
        }
        let mut d = good();
        d.reason = Some("other".into());
        d.reason_other = Some("Admitted to a care home".into());
        d.cmht_referral_avoided = Some("yes".into());
        d.cmht_reason = Some("Anxiety managed with graded exposure; crisis plan in place".into());
        d.secondary_care = Some("yes".into());
        d.secondary_care_where = Some("Rheumatology".into());
        let ok = d.clone().validate().unwrap();
        assert_eq!(ok.reason_other.as_deref(), Some("Admitted to a care home"));
        assert!(ok.cmht_reason.is_some());
        assert_eq!(ok.secondary_care.as_deref(), Some("Rheumatology"));
        // Text left over from an earlier answer is not kept.
        d.reason = Some("goals_met".into());
        d.cmht_referral_avoided = Some("no".into());
        d.secondary_care = Some("no".into());
        let ok = d.validate().unwrap();
        assert_eq!(
            (ok.reason_other, ok.cmht_reason, ok.secondary_care),
            (None, None, None)
        );
        // Zero GP appointments avoided is fine when the OT did not stand in.
        let mut d = good();
        d.ot_instead_of_gp = Some("no".into());
        d.gp_appointments_avoided = Some("0".into());
        assert_eq!(d.validate().unwrap().gp_appointments_avoided, 0);
    }

    #[test]
    fn discharge_texts_follow_the_text_rule() {
        let mut d = good();
        d.note = Some("Back at work\u{0}".into());
        let e = d.validate().unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("note", "error-text-control"));
        let mut d = good();
        d.secondary_care = Some("yes".into());
        d.secondary_care_where = Some("Pain clinic\nYsbyty Gwynedd".into());
        let e = d.validate().unwrap_err();
        assert_eq!(
            (e[0].field, e[0].message),
            ("secondary_care_where", "error-text-line-break")
        );
        let mut d = good();
        d.note = Some("Gwenlli\u{308}an".into());
        assert_eq!(d.validate().unwrap().note.as_deref(), Some("Gwenllïan"));
    }
}
