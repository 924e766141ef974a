//! The coded list of occupational therapy interventions, and what an
//! intervention entry must contain.
//!
//! The codes are the list (issue 5, "Recording the work"). Each
//! says whether it counts as a **self-management intervention** for the
//! evaluation. The I CAN Primary Care case study (DOMAIN.md) reports
//! "self-management interventions offered" in 76% of OT cases against 5% of
//! GP cases, but does not list what it counted. Our classification, to be
//! agreed with each service's evaluation lead:
//!
//! - **Self-management**: interventions whose aim is the person's own
//!   knowledge, skills and confidence to manage their condition and its
//!   effect on everyday life (education, pacing, fatigue, pain, sleep,
//!   anxiety management, routine and habit building). This follows the
//!   usual meaning of supported self-management (NHS England, Universal
//!   Personalised Care, 2019).
//! - **Not self-management**: help that is done *for* or *around* the person
//!   (equipment and adaptations, falls and home hazard assessment, carer
//!   support), vocational rehabilitation and work advice (which works with
//!   the employer and the fit note as much as with the person), and
//!   signposting (the case study reports linking people into local
//!   resources separately from self-management).
//!
//! The discharge form asks the clinician directly whether self-management
//! was offered ([`crate::discharge`]); [`any_self_management`] suggests the
//! answer from what was recorded.

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// One coded intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intervention {
    SelfManagementEducation,
    GradedActivityPacing,
    FatigueManagement,
    PainManagement,
    Sleep,
    AnxietyManagement,
    RoutineHabitBuilding,
    VocationalRehabWorkAdvice,
    EquipmentAdaptations,
    FallsPreventionHomeHazards,
    CarerSupport,
    Signposting,
}

impl Intervention {
    pub const ALL: [Intervention; 12] = [
        Intervention::SelfManagementEducation,
        Intervention::GradedActivityPacing,
        Intervention::FatigueManagement,
        Intervention::PainManagement,
        Intervention::Sleep,
        Intervention::AnxietyManagement,
        Intervention::RoutineHabitBuilding,
        Intervention::VocationalRehabWorkAdvice,
        Intervention::EquipmentAdaptations,
        Intervention::FallsPreventionHomeHazards,
        Intervention::CarerSupport,
        Intervention::Signposting,
    ];

    /// The stored code (and the `opt-intervention-<code>` label's suffix).
    pub fn as_str(self) -> &'static str {
        match self {
            Intervention::SelfManagementEducation => "self_management_education",
            Intervention::GradedActivityPacing => "graded_activity_pacing",
            Intervention::FatigueManagement => "fatigue_management",
            Intervention::PainManagement => "pain_management",
            Intervention::Sleep => "sleep",
            Intervention::AnxietyManagement => "anxiety_management",
            Intervention::RoutineHabitBuilding => "routine_habit_building",
            Intervention::VocationalRehabWorkAdvice => "vocational_rehab_work_advice",
            Intervention::EquipmentAdaptations => "equipment_adaptations",
            Intervention::FallsPreventionHomeHazards => "falls_prevention_home_hazards",
            Intervention::CarerSupport => "carer_support",
            Intervention::Signposting => "signposting",
        }
    }

    pub fn parse(s: &str) -> Option<Intervention> {
        Self::ALL.into_iter().find(|i| i.as_str() == s)
    }

    /// Whether it counts as a self-management intervention for the
    /// evaluation (see the module documentation for why).
    pub fn is_self_management(self) -> bool {
        use Intervention::*;
        match self {
            SelfManagementEducation
            | GradedActivityPacing
            | FatigueManagement
            | PainManagement
            | Sleep
            | AnxietyManagement
            | RoutineHabitBuilding => true,
            VocationalRehabWorkAdvice
            | EquipmentAdaptations
            | FallsPreventionHomeHazards
            | CarerSupport
            | Signposting => false,
        }
    }
}

/// Shortest and longest time recorded for one intervention, in minutes
/// (480: a working day).
pub const MIN_MINUTES: i64 = 1;
pub const MAX_MINUTES: i64 = 480;
/// Longest note on an intervention.
pub const MAX_NOTE: usize = 2000;

/// An intervention entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterventionInput {
    pub code: Option<String>,
    pub minutes: Option<String>,
    pub note: Option<String>,
}

/// An intervention entry whose parts passed their rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionEntry {
    pub intervention: Intervention,
    pub minutes: i64,
    pub note: Option<String>,
}

impl InterventionInput {
    pub fn validate(&self) -> Result<InterventionEntry, Vec<FieldError>> {
        let mut e = Vec::new();
        let code = self.code.as_deref().map(str::trim).unwrap_or("");
        let intervention = Intervention::parse(code);
        if intervention.is_none() {
            e.push(FieldError::new("code", "error-intervention-code"));
        }
        let minutes = self
            .minutes
            .as_deref()
            .map(str::trim)
            .and_then(|m| m.parse::<i64>().ok())
            .filter(|m| (MIN_MINUTES..=MAX_MINUTES).contains(m));
        if minutes.is_none() {
            e.push(
                FieldError::new("minutes", "error-intervention-minutes")
                    .with_arg("min", MIN_MINUTES)
                    .with_arg("max", MAX_MINUTES),
            );
        }
        let mut note = self.note.clone();
        crate::text::tidy(&mut e, "note", crate::text::Kind::Long, &mut note, MAX_NOTE);
        match (intervention, minutes, e.is_empty()) {
            (Some(intervention), Some(minutes), true) => Ok(InterventionEntry {
                intervention,
                minutes,
                note,
            }),
            _ => Err(e),
        }
    }
}

/// Whether any recorded intervention is a self-management one: the
/// suggested answer to "self-management offered" at discharge.
pub fn any_self_management(entries: &[InterventionEntry]) -> bool {
    entries.iter().any(|e| e.intervention.is_self_management())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_is_classified() {
        for i in Intervention::ALL {
            assert_eq!(Intervention::parse(i.as_str()), Some(i));
        }
        // The classification, as a table a reviewer can read.
        use Intervention::*;
        let cases = [
            (SelfManagementEducation, true),
            (GradedActivityPacing, true),
            (FatigueManagement, true),
            (PainManagement, true),
            (Sleep, true),
            (AnxietyManagement, true),
            (RoutineHabitBuilding, true),
            (VocationalRehabWorkAdvice, false),
            (EquipmentAdaptations, false),
            (FallsPreventionHomeHazards, false),
            (CarerSupport, false),
            (Signposting, false),
        ];
        assert_eq!(cases.len(), Intervention::ALL.len());
        for (i, sm) in cases {
            assert_eq!(i.is_self_management(), sm, "{}", i.as_str());
        }
        assert_eq!(Intervention::parse("SLEEP"), None);
    }

    #[test]
    fn an_entry_needs_a_known_code_and_1_to_480_minutes() {
        let input = |code: &str, minutes: &str| InterventionInput {
            code: Some(code.into()),
            minutes: Some(minutes.into()),
            note: None,
        };
        // (input, expected errors, why)
        let cases: Vec<(InterventionInput, Vec<&str>, &str)> = vec![
            (input("sleep", "30"), vec![], "good"),
            (
                input(" pain_management ", " 1 "),
                vec![],
                "trimmed, shortest",
            ),
            (input("signposting", "480"), vec![], "a whole day"),
            (
                input("sleep", "0"),
                vec!["error-intervention-minutes"],
                "no time",
            ),
            (
                input("sleep", "481"),
                vec!["error-intervention-minutes"],
                "over a day",
            ),
            (
                input("sleep", "-5"),
                vec!["error-intervention-minutes"],
                "negative",
            ),
            (
                input("sleep", "half an hour"),
                vec!["error-intervention-minutes"],
                "words",
            ),
            (
                input("sleep", ""),
                vec!["error-intervention-minutes"],
                "empty",
            ),
            (
                input("aromatherapy", "30"),
                vec!["error-intervention-code"],
                "unknown code",
            ),
            (
                input("", ""),
                vec!["error-intervention-code", "error-intervention-minutes"],
                "nothing",
            ),
        ];
        for (i, want, why) in cases {
            let got: Vec<&str> = i
                .validate()
                .err()
                .unwrap_or_default()
                .iter()
                .map(|e| e.message)
                .collect();
            assert_eq!(got, want, "{why}");
        }
        let e = input("sleep", "0").validate().unwrap_err();
        assert_eq!(e[0].args, vec![("min", 1), ("max", 480)]);
        let mut long = input("sleep", "30");
        long.note = Some("x".repeat(MAX_NOTE + 1));
        assert_eq!(long.validate().unwrap_err()[0].message, "error-too-long");
        let ok = input("anxiety_management", "45").validate().unwrap();
        assert_eq!(
            (ok.intervention, ok.minutes),
            (Intervention::AnxietyManagement, 45)
        );
        assert!(any_self_management(std::slice::from_ref(&ok)));
        let other = input("signposting", "10").validate().unwrap();
        assert!(!any_self_management(std::slice::from_ref(&other)));
        assert!(any_self_management(&[other, ok]));
        assert!(!any_self_management(&[]));
    }

    #[test]
    fn the_note_follows_the_text_rule() {
        let input = |note: &str| InterventionInput {
            code: Some("sleep".into()),
            minutes: Some("30".into()),
            note: Some(note.into()),
        };
        let e = input("Sleep diary\u{1b}").validate().unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("note", "error-text-control"));
        assert_eq!(
            input(" Sleep diary ").validate().unwrap().note.as_deref(),
            Some("Sleep diary")
        );
    }
}
