//! The triage queue's rules: when each referral should be triaged by (its
//! response target), and what a clinician's triage must contain.
//!
//! Targets count working days, Monday to Friday, in the service's local
//! time (bank holidays are not known here and count as working days; see
//! the hazard log, H-013). Emergency and crisis targets are clock hours: a
//! person in crisis does not wait for Monday.

use jiff::civil::{DateTime, Weekday};
use jiff::{SignedDuration, ToSpan};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::text::{self, Kind};
use crate::triage::{Pathway, Priority};

/// How soon each priority should be triaged. Configurable per service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Targets {
    /// Clock hours (0: at once).
    pub emergency_hours: i64,
    /// Clock hours.
    pub crisis_hours: i64,
    /// Working days.
    pub urgent_working_days: i64,
    pub soon_working_days: i64,
    pub routine_working_days: i64,
}

impl Default for Targets {
    /// Emergency at once, crisis within 4 hours, urgent 1 working day, soon
    /// 5, routine 15 (the example; a service sets its own).
    fn default() -> Self {
        Targets {
            emergency_hours: 0,
            crisis_hours: 4,
            urgent_working_days: 1,
            soon_working_days: 5,
            routine_working_days: 15,
        }
    }
}

impl Targets {
    /// The longest target in clock hours (emergency and crisis).
    pub const MAX_HOURS: i64 = 72;
    /// The longest target in working days (urgent, soon, routine): about
    /// three months.
    pub const MAX_WORKING_DAYS: i64 = 65;

    /// Refuses targets that cannot be right: outside 0 to [`Self::MAX_HOURS`]
    /// clock hours or 0 to [`Self::MAX_WORKING_DAYS`] working days, or a
    /// more urgent priority given longer than a less urgent one (a
    /// configuration that would let a crisis wait longer than an urgent
    /// referral is a hazard, H-016). Each problem is one sentence naming
    /// the setting.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let hours = [
            ("emergency_hours", self.emergency_hours),
            ("crisis_hours", self.crisis_hours),
        ];
        let days = [
            ("urgent_working_days", self.urgent_working_days),
            ("soon_working_days", self.soon_working_days),
            ("routine_working_days", self.routine_working_days),
        ];
        for (name, v) in hours {
            if !(0..=Self::MAX_HOURS).contains(&v) {
                problems.push(format!(
                    "response_targets.{name} must be from 0 to {} clock hours (it is {v})",
                    Self::MAX_HOURS
                ));
            }
        }
        for (name, v) in days {
            if !(0..=Self::MAX_WORKING_DAYS).contains(&v) {
                problems.push(format!(
                    "response_targets.{name} must be from 0 to {} working days (it is {v})",
                    Self::MAX_WORKING_DAYS
                ));
            }
        }
        for pair in hours.windows(2).chain(days.windows(2)) {
            let ((a, x), (b, y)) = (pair[0], pair[1]);
            if x > y {
                problems.push(format!(
                    "response_targets.{a} ({x}) must not be longer than {b} ({y}): a more urgent referral cannot wait longer"
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

fn is_weekend(d: jiff::civil::Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// `days` working days after `from`, at the same time of day. Something
/// received at a weekend is counted from the start of Monday.
pub fn add_working_days(from: DateTime, days: i64) -> DateTime {
    let mut at = from;
    if is_weekend(at.date()) {
        while is_weekend(at.date()) {
            at = at.saturating_add(1.day());
        }
        at = at.date().at(9, 0, 0, 0);
    }
    let mut left = days;
    while left > 0 {
        at = at.saturating_add(1.day());
        if !is_weekend(at.date()) {
            left -= 1;
        }
    }
    at
}

/// When a referral of `priority` received at `received` (local time) should
/// have been triaged.
pub fn due(received: DateTime, priority: Priority, t: &Targets) -> DateTime {
    match priority {
        Priority::Emergency => received.saturating_add(t.emergency_hours.hours()),
        Priority::Crisis => received.saturating_add(t.crisis_hours.hours()),
        Priority::Urgent => add_working_days(received, t.urgent_working_days),
        Priority::Soon => add_working_days(received, t.soon_working_days),
        Priority::Routine => add_working_days(received, t.routine_working_days),
    }
}

/// Time left before the target: negative when it is breached.
pub fn time_left(due: DateTime, now: DateTime) -> SignedDuration {
    now.duration_until(due)
}

/// What the clinician decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Accepted for an OT assessment.
    AcceptOt,
    /// Sent to another service, with a printable summary.
    Redirect,
    /// Pointed to a community resource.
    Signpost,
    /// Advice given, and closed.
    AdviceClosed,
    /// Could not be reached, after the attempts recorded.
    UnableToContact,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::AcceptOt,
        Outcome::Redirect,
        Outcome::Signpost,
        Outcome::AdviceClosed,
        Outcome::UnableToContact,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::AcceptOt => "accept_ot",
            Outcome::Redirect => "redirect",
            Outcome::Signpost => "signpost",
            Outcome::AdviceClosed => "advice_closed",
            Outcome::UnableToContact => "unable_to_contact",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The referral's status after this outcome.
    pub fn status(self) -> &'static str {
        match self {
            Outcome::AcceptOt => "accepted",
            Outcome::Redirect => "redirected",
            Outcome::Signpost => "signposted",
            Outcome::AdviceClosed => "closed",
            Outcome::UnableToContact => "unable_to_contact",
        }
    }
}

/// Longest free text on the triage form.
pub const MAX_TRIAGE_TEXT: usize = 2000;
/// Most contact attempts recorded at once.
pub const MAX_ATTEMPTS: i64 = 20;

/// The triage form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageInput {
    pub priority: Option<String>,
    pub pathways: Vec<String>,
    pub outcome: Option<String>,
    /// Why the clinician changed the suggestion (required when they did).
    pub change_reason: Option<String>,
    /// The service redirected to, or the resource signposted to.
    pub target: Option<String>,
    pub attempts: Option<String>,
    pub note: Option<String>,
}

/// A clinician's triage whose parts passed their rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageEntry {
    pub priority: Priority,
    pub pathways: Vec<Pathway>,
    pub outcome: Outcome,
    /// True when priority or pathways differ from the suggestion.
    pub changed: bool,
    pub change_reason: Option<String>,
    pub target: Option<String>,
    pub attempts: Option<i64>,
    pub note: Option<String>,
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl TriageInput {
    /// Checks the form against the suggestion it confirms or changes.
    pub fn validate(
        &self,
        suggested: Priority,
        suggested_pathways: &[Pathway],
    ) -> Result<TriageEntry, Vec<FieldError>> {
        let mut e = Vec::new();
        let priority = trimmed(&self.priority).and_then(|p| Priority::parse(&p));
        if priority.is_none() {
            e.push(FieldError::new("priority", "error-triage-priority"));
        }
        let mut pathways: Vec<Pathway> = Vec::new();
        for p in &self.pathways {
            match Pathway::parse(p.trim()) {
                Some(p) if !pathways.contains(&p) => pathways.push(p),
                Some(_) => {}
                None => e.push(FieldError::new("pathways", "error-choice-invalid")),
            }
        }
        pathways.sort();
        if pathways.is_empty() {
            e.push(FieldError::new("pathways", "error-triage-pathways"));
        }
        let outcome = trimmed(&self.outcome).and_then(|o| Outcome::parse(&o));
        if outcome.is_none() {
            e.push(FieldError::new("outcome", "error-triage-outcome"));
        }
        let mut suggested_sorted = suggested_pathways.to_vec();
        suggested_sorted.sort();
        let changed = priority.is_some_and(|p| p != suggested) || pathways != suggested_sorted;
        let change_reason = trimmed(&self.change_reason);
        if changed && change_reason.is_none() && priority.is_some() && !pathways.is_empty() {
            e.push(FieldError::new(
                "change_reason",
                "error-triage-change-reason",
            ));
        }
        let target = trimmed(&self.target);
        if matches!(outcome, Some(Outcome::Redirect | Outcome::Signpost)) && target.is_none() {
            e.push(FieldError::new("target", "error-triage-target"));
        }
        let attempts = match (outcome, trimmed(&self.attempts)) {
            (Some(Outcome::UnableToContact), None) => {
                e.push(FieldError::new("attempts", "error-triage-attempts"));
                None
            }
            (Some(Outcome::UnableToContact), Some(a)) => match a.parse::<i64>() {
                Ok(n) if (1..=MAX_ATTEMPTS).contains(&n) => Some(n),
                _ => {
                    e.push(
                        FieldError::new("attempts", "error-triage-attempts-range")
                            .with_arg("max", MAX_ATTEMPTS),
                    );
                    None
                }
            },
            _ => None,
        };
        // The text rule (crate::text): refused characters, NFC, lengths.
        let (mut change_reason, mut target, mut note) =
            (change_reason, target, trimmed(&self.note));
        text::tidy(
            &mut e,
            "change_reason",
            Kind::Long,
            &mut change_reason,
            MAX_TRIAGE_TEXT,
        );
        text::tidy(&mut e, "target", Kind::Line, &mut target, MAX_TRIAGE_TEXT);
        text::tidy(&mut e, "note", Kind::Long, &mut note, MAX_TRIAGE_TEXT);
        // Lowering a red-flag priority is allowed (the clinician decides),
        // but only with a reason, which the rule above already demands.
        match (priority, outcome, e.is_empty()) {
            (Some(priority), Some(outcome), true) => Ok(TriageEntry {
                priority,
                pathways,
                outcome,
                changed,
                change_reason: if changed { change_reason } else { None },
                target: if matches!(outcome, Outcome::Redirect | Outcome::Signpost) {
                    target
                } else {
                    None
                },
                attempts,
                note,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn targets_out_of_range_or_out_of_order_are_refused() {
        let ok = Targets::default();
        assert_eq!(ok.check(), Ok(()));
        let with = |f: fn(&mut Targets)| {
            let mut t = Targets::default();
            f(&mut t);
            t.check().map_err(|p| p.join("; "))
        };
        type Case = (fn(&mut Targets), Option<&'static str>);
        let cases: &[Case] = &[
            (
                |t| t.emergency_hours = -1,
                Some("emergency_hours must be from 0 to 72"),
            ),
            (
                |t| t.crisis_hours = i64::MAX,
                Some("crisis_hours must be from 0 to 72"),
            ),
            (
                |t| t.routine_working_days = 66,
                Some("routine_working_days must be from 0 to 65"),
            ),
            (
                |t| t.urgent_working_days = -3,
                Some("urgent_working_days must be from 0"),
            ),
            (
                |t| t.routine_working_days = i64::MAX,
                Some("routine_working_days must be"),
            ),
            (
                |t| t.emergency_hours = 5,
                Some("emergency_hours (5) must not be longer than crisis_hours (4)"),
            ),
            (
                |t| t.urgent_working_days = 6,
                Some("urgent_working_days (6) must not be longer than soon_working_days (5)"),
            ),
            (
                |t| t.soon_working_days = 16,
                Some("soon_working_days (16) must not be longer than routine_working_days (15)"),
            ),
            (
                |t| {
                    t.emergency_hours = 0;
                    t.crisis_hours = 0;
                    t.urgent_working_days = 0;
                    t.soon_working_days = 0;
                    t.routine_working_days = 0;
                },
                None,
            ),
            (
                |t| {
                    t.emergency_hours = 72;
                    t.crisis_hours = 72;
                    t.urgent_working_days = 65;
                    t.soon_working_days = 65;
                    t.routine_working_days = 65;
                },
                None,
            ),
        ];
        for (i, (change, want)) in cases.iter().enumerate() {
            match (with(*change), want) {
                (Ok(()), None) => {}
                (Err(got), Some(w)) => assert!(got.contains(w), "case {i}: {got}"),
                (got, want) => panic!("case {i}: got {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn targets_count_working_days_and_clock_hours() {
        let t = Targets::default();
        // Wednesday 25 November 2026, 10:30.
        let wed = date(2026, 11, 25).at(10, 30, 0, 0);
        let fri = date(2026, 11, 27).at(16, 0, 0, 0);
        let sat = date(2026, 11, 28).at(11, 0, 0, 0);
        // (received, priority, due, why)
        let cases = [
            (wed, Priority::Emergency, wed, "emergency: at once"),
            (
                wed,
                Priority::Crisis,
                date(2026, 11, 25).at(14, 30, 0, 0),
                "crisis: 4 clock hours",
            ),
            (
                sat,
                Priority::Crisis,
                date(2026, 11, 28).at(15, 0, 0, 0),
                "crisis does not wait for Monday",
            ),
            (
                wed,
                Priority::Urgent,
                date(2026, 11, 26).at(10, 30, 0, 0),
                "urgent: next working day",
            ),
            (
                fri,
                Priority::Urgent,
                date(2026, 11, 30).at(16, 0, 0, 0),
                "Friday + 1 working day is Monday",
            ),
            (
                sat,
                Priority::Urgent,
                date(2026, 12, 1).at(9, 0, 0, 0),
                "weekend: counted from Monday 09:00",
            ),
            (
                wed,
                Priority::Soon,
                date(2026, 12, 2).at(10, 30, 0, 0),
                "soon: 5 working days, a week",
            ),
            (
                wed,
                Priority::Routine,
                date(2026, 12, 16).at(10, 30, 0, 0),
                "routine: 15 working days, three weeks",
            ),
        ];
        for (received, priority, want, why) in cases {
            assert_eq!(due(received, priority, &t), want, "{why}");
        }
        let late = date(2026, 11, 26).at(11, 30, 0, 0);
        assert_eq!(
            time_left(due(wed, Priority::Urgent, &t), late),
            SignedDuration::from_hours(-1),
            "an hour over target"
        );
    }

    fn input(priority: &str, pathways: &[&str], outcome: &str) -> TriageInput {
        TriageInput {
            priority: Some(priority.into()),
            pathways: pathways.iter().map(|s| (*s).to_owned()).collect(),
            outcome: Some(outcome.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_triage_confirms_or_changes_with_a_reason() {
        use Pathway::*;
        let suggested = (Priority::Urgent, vec![MentalHealth, OtAssessment]);
        let check = |i: TriageInput| i.validate(suggested.0, &suggested.1);
        let ids = |r: Result<TriageEntry, Vec<FieldError>>| -> Vec<&'static str> {
            r.err()
                .unwrap_or_default()
                .iter()
                .map(|e| e.message)
                .collect()
        };

        // Confirmed as suggested: no reason needed, in any order.
        let ok = check(input(
            "urgent",
            &["ot_assessment", "mental_health"],
            "accept_ot",
        ))
        .unwrap();
        assert!(!ok.changed);
        assert_eq!(ok.pathways, vec![MentalHealth, OtAssessment]);

        // (form, expected errors, why)
        let mut lowered = input("routine", &["mental_health", "ot_assessment"], "accept_ot");
        let cases: Vec<(TriageInput, Vec<&str>, &str)> = vec![
            (
                lowered.clone(),
                vec!["error-triage-change-reason"],
                "lowering needs a reason",
            ),
            (
                input("urgent", &["gp"], "accept_ot"),
                vec!["error-triage-change-reason"],
                "other pathways need a reason",
            ),
            (
                input("", &[], ""),
                vec![
                    "error-triage-priority",
                    "error-triage-pathways",
                    "error-triage-outcome",
                ],
                "nothing chosen",
            ),
            (
                input("extreme", &["mental_health", "ot_assessment"], "accept_ot"),
                vec!["error-triage-priority"],
                "unknown priority",
            ),
            (
                input("urgent", &["spa_day"], "accept_ot"),
                vec!["error-choice-invalid", "error-triage-pathways"],
                "unknown pathway",
            ),
            (
                input("urgent", &["mental_health", "ot_assessment"], "redirect"),
                vec!["error-triage-target"],
                "a redirect names the service",
            ),
            (
                input("urgent", &["mental_health", "ot_assessment"], "signpost"),
                vec!["error-triage-target"],
                "a signpost names the resource",
            ),
            (
                input(
                    "urgent",
                    &["mental_health", "ot_assessment"],
                    "unable_to_contact",
                ),
                vec!["error-triage-attempts"],
                "attempts are recorded",
            ),
        ];
        for (form, want, why) in cases {
            assert_eq!(ids(check(form)), want, "{why}");
        }
        let mut bad_attempts = input(
            "urgent",
            &["mental_health", "ot_assessment"],
            "unable_to_contact",
        );
        for a in ["0", "21", "three"] {
            bad_attempts.attempts = Some(a.into());
            assert_eq!(
                ids(check(bad_attempts.clone())),
                vec!["error-triage-attempts-range"],
                "{a}"
            );
        }
        bad_attempts.attempts = Some(" 3 ".into());
        assert_eq!(check(bad_attempts).unwrap().attempts, Some(3));

        lowered.change_reason = Some("Spoke to them: settled, no risk today".into());
        let entry = check(lowered).unwrap();
        assert!(entry.changed);
        assert_eq!(entry.priority, Priority::Routine);
        assert!(entry.change_reason.is_some());

        let mut long = input(
            "urgent",
            &["mental_health", "ot_assessment"],
            "advice_closed",
        );
        long.note = Some("x".repeat(MAX_TRIAGE_TEXT + 1));
        assert_eq!(ids(check(long)), vec!["error-too-long"]);
        // A target typed before choosing "accept" is not kept.
        let mut stray = input("urgent", &["mental_health", "ot_assessment"], "accept_ot");
        stray.target = Some("CMHT".into());
        assert_eq!(check(stray).unwrap().target, None);
    }

    #[test]
    fn every_outcome_has_a_status_and_round_trips() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
            assert!(!o.status().is_empty());
        }
    }

    #[test]
    fn triage_texts_follow_the_text_rule() {
        let suggested = (Priority::Urgent, vec![Pathway::MentalHealth]);
        let mut i = input("urgent", &["mental_health"], "accept_ot");
        i.note = Some("Spoke to GP\u{1b}[2J".into());
        let e = i.validate(suggested.0, &suggested.1).unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("note", "error-text-control"));
        let mut i = input("routine", &["mental_health"], "accept_ot");
        i.change_reason = Some("Settled \u{202E}today".into());
        let e = i.validate(suggested.0, &suggested.1).unwrap_err();
        assert_eq!(
            (e[0].field, e[0].message),
            ("change_reason", "error-text-invisible")
        );
        let mut i = input("urgent", &["mental_health"], "accept_ot");
        i.note = Some(" Sia\u{302}n phoned\r\nagain ".into());
        let t = i.validate(suggested.0, &suggested.1).unwrap();
        assert_eq!(t.note.as_deref(), Some("Siân phoned\nagain"));
    }
}
