//! Work and health: the advice of the AHP Health and Work Report and of the
//! fit note, the certifier's HCPC registration, the period covered, and a
//! person's work status over time with the work outcome it shows. Pure and
//! table-tested; the pages turn the message ids into words.
//!
//! Sources:
//! - The AHP Health and Work Report (Allied Health Professions Federation,
//!   2019; formerly the AHP Advisory Fitness for Work Report): "I advise
//!   that" you are not fit for work / you may be fit for work taking account
//!   of the advice; completed by (profession, name, HCPC registration
//!   number, organisation, date of assessment); the period from–to and
//!   whether and when a review is needed; "with your employer's agreement
//!   you may benefit from" a phased return to work, amended duties, altered
//!   hours, a workplace assessment; a table of work-relevant difficulties
//!   with a recommendation or goal for each (`DOMAIN.md`).
//! - The Statement of Fitness for Work (fit note): not fit for work, or may
//!   be fit taking account of the advice (a phased return to work, altered
//!   hours, amended duties, workplace adaptations); the period; whether a
//!   reassessment is needed. Registered OTs may certify since 1 July 2022.
//!   "During the first 6 months of a condition, the maximum period a fit
//!   note can cover is 3 months" (DWP, *Getting the most out of the fit
//!   note: guidance for healthcare professionals*).
//! - HCPC registration numbers: "up to six numbers, and starts with the
//!   letters of the profession code. For example: PH123456" (HCPC, *How to
//!   check the Register*); the codes are those of the Register (OT
//!   occupational therapists, PH physiotherapists, CH chiropodists and
//!   podiatrists, …).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::dates::{DateError, parse_parts};
use crate::text::Kind;

/// The longest free text (a difficulty, a recommendation, comments).
pub const TEXT_MAX: usize = 1000;
/// The longest condition on a fit note.
pub const CONDITION_MAX: usize = 200;
/// The most rows in the table of work-relevant difficulties.
pub const DIFFICULTIES_MAX: usize = 8;
/// The longest a fit note may cover in the first 6 months of a condition
/// (DWP): 3 months.
pub const FIRST_SIX_MONTHS_MAX_MONTHS: i8 = 3;

/// What the report or fit note advises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fitness {
    NotFit,
    MayBeFit,
}

/// What may help, "with your employer's agreement". The AHP report offers
/// a workplace assessment; the fit note offers workplace adaptations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adjustment {
    PhasedReturn,
    AlteredHours,
    AmendedDuties,
    WorkplaceAssessment,
    WorkplaceAdaptations,
}

impl Adjustment {
    /// The AHP Health and Work Report's four, in its order.
    pub const AHP: [Adjustment; 4] = [
        Adjustment::PhasedReturn,
        Adjustment::AmendedDuties,
        Adjustment::AlteredHours,
        Adjustment::WorkplaceAssessment,
    ];
    /// The fit note's four, in its order.
    pub const FIT_NOTE: [Adjustment; 4] = [
        Adjustment::PhasedReturn,
        Adjustment::AlteredHours,
        Adjustment::AmendedDuties,
        Adjustment::WorkplaceAdaptations,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Adjustment::PhasedReturn => "phased_return",
            Adjustment::AlteredHours => "altered_hours",
            Adjustment::AmendedDuties => "amended_duties",
            Adjustment::WorkplaceAssessment => "workplace_assessment",
            Adjustment::WorkplaceAdaptations => "workplace_adaptations",
        }
    }

    pub fn parse(s: &str) -> Option<Adjustment> {
        Self::AHP
            .iter()
            .chain(Self::FIT_NOTE.iter())
            .copied()
            .find(|a| a.as_str() == s)
    }
}

/// Which document: the options and rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    AhpReport,
    FitNote,
}

impl Document {
    pub fn adjustments(self) -> &'static [Adjustment] {
        match self {
            Document::AhpReport => &Adjustment::AHP,
            Document::FitNote => &Adjustment::FIT_NOTE,
        }
    }
}

/// The certifier's profession, as the AHP report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profession {
    OccupationalTherapist,
    Physiotherapist,
    Podiatrist,
    Other,
}

/// The profession codes of the HCPC Register.
pub const HCPC_CODES: [&str; 15] = [
    "AS", "BS", "CH", "CS", "DT", "HAD", "ODP", "OR", "OT", "PA", "PH", "PO", "PYL", "RA", "SL",
];

impl Profession {
    pub const ALL: [Profession; 4] = [
        Profession::OccupationalTherapist,
        Profession::Physiotherapist,
        Profession::Podiatrist,
        Profession::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Profession::OccupationalTherapist => "occupational_therapist",
            Profession::Physiotherapist => "physiotherapist",
            Profession::Podiatrist => "podiatrist",
            Profession::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Profession> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether it may certify fit notes: of the HCPC professions, registered
    /// occupational therapists and physiotherapists (since 1 July 2022, with
    /// nurses and pharmacists, who are not on the HCPC Register).
    pub fn certifies_fit_notes(self) -> bool {
        matches!(
            self,
            Profession::OccupationalTherapist | Profession::Physiotherapist
        )
    }

    /// Its code on the HCPC Register (any code for "other").
    pub fn hcpc_code(self) -> Option<&'static str> {
        match self {
            Profession::OccupationalTherapist => Some("OT"),
            Profession::Physiotherapist => Some("PH"),
            Profession::Podiatrist => Some("CH"),
            Profession::Other => None,
        }
    }
}

/// Why an HCPC registration number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HcpcError {
    Missing,
    /// Not letters of a profession code followed by up to six digits.
    Shape,
    /// A valid number of another profession than the one chosen.
    OtherProfession,
}

/// Reads an HCPC registration number: spaces ignored, letters upper-cased;
/// the letters must be a Register profession code (the chosen
/// profession's), then one to six digits.
pub fn parse_hcpc(input: &str, profession: Profession) -> Result<String, HcpcError> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.is_empty() {
        return Err(HcpcError::Missing);
    }
    let letters: String = compact
        .chars()
        .take_while(char::is_ascii_uppercase)
        .collect();
    let digits = &compact[letters.len()..];
    if !HCPC_CODES.contains(&letters.as_str())
        || digits.is_empty()
        || digits.len() > 6
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(HcpcError::Shape);
    }
    match profession.hcpc_code() {
        Some(code) if code != letters => Err(HcpcError::OtherProfession),
        _ => Ok(compact),
    }
}

/// Typed date parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    fn read(&self) -> Result<Date, DateError> {
        parse_parts(&self.day, &self.month, &self.year)
    }
}

fn date_error(field: &'static str, e: DateError) -> FieldError {
    FieldError::new(
        field,
        match e {
            DateError::Missing => "error-work-date-missing",
            DateError::MissingDay => "error-date-missing-day",
            DateError::MissingMonth => "error-date-missing-month",
            DateError::MissingYear => "error-date-missing-year",
            DateError::YearFourDigits => "error-date-year-digits",
            DateError::OutOfRange => "error-date-out-of-range",
            _ => "error-date-not-real",
        },
    )
}

/// The advice as typed, for either document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdviceInput {
    /// `not_fit` or `may_be_fit`.
    pub fitness: Option<String>,
    pub adjustments: Vec<String>,
    /// On the functional effects of the condition.
    pub comments: Option<String>,
    pub from: DateParts,
    pub to: DateParts,
    /// `yes` / `no`: a review (AHP) or reassessment (fit note) needed.
    pub review: Option<String>,
    /// When (the AHP report).
    pub review_on: DateParts,
    /// `yes` / `no`: has the condition lasted more than 6 months? (the fit
    /// note's longest period depends on it)
    pub over_six_months: Option<String>,
    pub assessed_on: DateParts,
    /// The condition(s) the fit note is because of (the fit note only).
    pub condition: Option<String>,
    /// The table of work-relevant difficulties: (difficulty, recommendation
    /// or goal).
    pub difficulties: Vec<(String, String)>,
}

/// The advice, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub document: Document,
    pub fitness: Fitness,
    pub adjustments: Vec<Adjustment>,
    pub comments: Option<String>,
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub review: bool,
    pub review_on: Option<String>,
    pub assessed_on: String,
    /// The fit note's condition(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    pub difficulties: Vec<(String, String)>,
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or("")
}

impl AdviceInput {
    /// Checks the advice for `document`, with `today` for the date of
    /// assessment (not in the future).
    pub fn validate(&self, document: Document, today: Date) -> Result<Advice, Vec<FieldError>> {
        let mut errors = Vec::new();
        let fitness = match text(&self.fitness) {
            "not_fit" => Some(Fitness::NotFit),
            "may_be_fit" => Some(Fitness::MayBeFit),
            _ => {
                errors.push(FieldError::new("fitness", "error-work-fitness"));
                None
            }
        };
        let offered = document.adjustments();
        let mut adjustments = Vec::new();
        for a in &self.adjustments {
            match Adjustment::parse(a.trim()) {
                Some(a) if offered.contains(&a) && !adjustments.contains(&a) => adjustments.push(a),
                Some(a) if adjustments.contains(&a) => {}
                _ => errors.push(FieldError::new(
                    "adjustments",
                    "error-work-adjustment-unknown",
                )),
            }
        }
        let comments = crate::text::field("comments", Kind::Long, text(&self.comments), TEXT_MAX)
            .unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            });
        match fitness {
            Some(Fitness::MayBeFit) if adjustments.is_empty() && comments.is_empty() => {
                errors.push(FieldError::new(
                    "adjustments",
                    "error-work-may-be-fit-no-advice",
                ));
            }
            Some(Fitness::NotFit) if !adjustments.is_empty() => {
                errors.push(FieldError::new(
                    "adjustments",
                    "error-work-not-fit-with-advice",
                ));
            }
            _ => {}
        }
        let from = self.from.read().map_err(|e| date_error("from", e));
        let to = self.to.read().map_err(|e| date_error("to", e));
        if let Err(e) = &from {
            errors.push(e.clone());
        }
        if let Err(e) = &to {
            errors.push(e.clone());
        }
        if let (Ok(f), Ok(t)) = (&from, &to) {
            if t < f {
                errors.push(FieldError::new("to", "error-work-end-before-start"));
            } else if document == Document::FitNote {
                match text(&self.over_six_months) {
                    "yes" => {}
                    "no" => {
                        let limit = f
                            .checked_add(jiff::Span::new().months(FIRST_SIX_MONTHS_MAX_MONTHS))
                            .unwrap_or(*f);
                        if *t > limit {
                            errors.push(FieldError {
                                field: "to",
                                message: "error-work-period-too-long",
                                args: vec![("months", i64::from(FIRST_SIX_MONTHS_MAX_MONTHS))],
                            });
                        }
                    }
                    _ => errors.push(FieldError::new(
                        "over_six_months",
                        "error-work-over-six-months",
                    )),
                }
            }
        }
        let review = match text(&self.review) {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                errors.push(FieldError::new("review", "error-work-review"));
                None
            }
        };
        let mut review_on = None;
        if review == Some(true) && document == Document::AhpReport {
            match self.review_on.read() {
                Err(e) => errors.push(date_error("review_on", e)),
                Ok(r) => {
                    if from.as_ref().is_ok_and(|f| r < *f) {
                        errors.push(FieldError::new(
                            "review_on",
                            "error-work-review-before-start",
                        ));
                    }
                    review_on = Some(r);
                }
            }
        }
        let assessed_on = match self.assessed_on.read() {
            Err(e) => {
                errors.push(date_error("assessed_on", e));
                None
            }
            Ok(d) if d > today => {
                errors.push(FieldError::new("assessed_on", "error-work-assessed-future"));
                None
            }
            Ok(d) => Some(d),
        };
        let mut condition = text(&self.condition).to_owned();
        if document == Document::FitNote {
            match crate::text::field("condition", Kind::Long, &condition, CONDITION_MAX) {
                Ok(c) if c.is_empty() => {
                    errors.push(FieldError::new("condition", "error-work-condition"))
                }
                Ok(c) => condition = c,
                Err(e) => errors.push(e),
            }
        }
        let mut difficulties = Vec::new();
        for (d, r) in &self.difficulties {
            let (d, r) = (d.trim(), r.trim());
            if d.is_empty() && r.is_empty() {
                continue;
            }
            if d.is_empty() {
                errors.push(FieldError::new(
                    "difficulties",
                    "error-work-recommendation-alone",
                ));
            } else {
                match (
                    crate::text::field("difficulties", Kind::Long, d, TEXT_MAX),
                    crate::text::field("difficulties", Kind::Long, r, TEXT_MAX),
                ) {
                    (Ok(d), Ok(r)) => difficulties.push((d, r)),
                    (Err(e), _) | (_, Err(e)) => errors.push(e),
                }
            }
        }
        if difficulties.len() > DIFFICULTIES_MAX {
            errors.push(FieldError {
                field: "difficulties",
                message: "error-work-difficulties-max",
                args: vec![("max", DIFFICULTIES_MAX as i64)],
            });
        }
        match (fitness, from, to, review, assessed_on, errors.is_empty()) {
            (Some(fitness), Ok(from), Ok(to), Some(review), Some(assessed_on), true) => {
                Ok(Advice {
                    document,
                    fitness,
                    adjustments,
                    comments: (!comments.is_empty()).then_some(comments),
                    from: from.to_string(),
                    to: to.to_string(),
                    review,
                    review_on: review_on.map(|d| d.to_string()),
                    assessed_on: assessed_on.to_string(),
                    condition: (document == Document::FitNote).then_some(condition),
                    difficulties,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Where a person stands with work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkStatus {
    InWork,
    OffSick,
    PhasedReturn,
    UnemployedLooking,
    Volunteering,
    InEducation,
    NotSeeking,
}

impl WorkStatus {
    pub const ALL: [WorkStatus; 7] = [
        WorkStatus::InWork,
        WorkStatus::OffSick,
        WorkStatus::PhasedReturn,
        WorkStatus::UnemployedLooking,
        WorkStatus::Volunteering,
        WorkStatus::InEducation,
        WorkStatus::NotSeeking,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkStatus::InWork => "in_work",
            WorkStatus::OffSick => "off_sick",
            WorkStatus::PhasedReturn => "phased_return",
            WorkStatus::UnemployedLooking => "unemployed_looking",
            WorkStatus::Volunteering => "volunteering",
            WorkStatus::InEducation => "in_education",
            WorkStatus::NotSeeking => "not_seeking",
        }
    }

    pub fn parse(s: &str) -> Option<WorkStatus> {
        Self::ALL.into_iter().find(|w| w.as_str() == s)
    }

    /// At work, fully or on a phased return.
    pub fn working(self) -> bool {
        matches!(self, WorkStatus::InWork | WorkStatus::PhasedReturn)
    }
}

/// A change of work status as typed: the status and the date it began.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusInput {
    pub status: Option<String>,
    pub since: DateParts,
}

impl StatusInput {
    /// The status and its date (not after `today`).
    pub fn validate(&self, today: Date) -> Result<(WorkStatus, Date), Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = WorkStatus::parse(text(&self.status));
        if status.is_none() {
            errors.push(FieldError::new("status", "error-work-status"));
        }
        let since = match self.since.read() {
            Err(e) => {
                errors.push(date_error("since", e));
                None
            }
            Ok(d) if d > today => {
                errors.push(FieldError::new("since", "error-work-since-future"));
                None
            }
            Ok(d) => Some(d),
        };
        match (status, since) {
            (Some(s), Some(d)) if errors.is_empty() => Ok((s, d)),
            _ => Err(errors),
        }
    }
}

/// A `work_status` entry: where the person stands with work, from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: WorkStatus,
    /// `YYYY-MM-DD`.
    pub since: String,
}

/// What changed for a person's work over an episode, for the evaluation
/// to count and value (e.g. PHE's "more than £12,000 a year" for each
/// person moved from unemployment into work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkOutcome {
    /// Off sick, then back at work (on the date of the first change).
    ReturnedToWork,
    /// Unemployed and looking, then in work.
    IntoWork,
    /// Unemployed and looking, then volunteering.
    IntoVolunteering,
    /// In work throughout: never off sick.
    KeptInWork,
}

impl WorkOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkOutcome::ReturnedToWork => "returned_to_work",
            WorkOutcome::IntoWork => "into_work",
            WorkOutcome::IntoVolunteering => "into_volunteering",
            WorkOutcome::KeptInWork => "kept_in_work",
        }
    }
}

/// The work outcome of a history of statuses (each with the date it
/// began), and the date it happened: the first status against the last.
/// `None` when nothing countable changed (or the history is empty).
pub fn work_outcome(history: &[(WorkStatus, Date)]) -> Option<(WorkOutcome, Date)> {
    let mut sorted = history.to_vec();
    sorted.sort_by_key(|(_, d)| *d);
    let (first, start) = *sorted.first()?;
    let (last, _) = *sorted.last()?;
    // When the change to the final state first happened.
    let changed_on = |pred: &dyn Fn(WorkStatus) -> bool| {
        let mut when = None;
        for (s, d) in &sorted {
            if pred(*s) {
                when.get_or_insert(*d);
            } else {
                when = None;
            }
        }
        when
    };
    match (first, last) {
        (WorkStatus::OffSick, l) if l.working() => {
            changed_on(&WorkStatus::working).map(|d| (WorkOutcome::ReturnedToWork, d))
        }
        (WorkStatus::UnemployedLooking, l) if l.working() => {
            changed_on(&WorkStatus::working).map(|d| (WorkOutcome::IntoWork, d))
        }
        (WorkStatus::UnemployedLooking, WorkStatus::Volunteering) => {
            changed_on(&|s| s == WorkStatus::Volunteering)
                .map(|d| (WorkOutcome::IntoVolunteering, d))
        }
        (f, _) if f.working() && sorted.iter().all(|(s, _)| s.working()) => {
            Some((WorkOutcome::KeptInWork, start))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn hcpc_numbers_follow_the_register() {
        use Profession::*;
        let table: &[(&str, Profession, Result<&str, HcpcError>)] = &[
            ("OT123456", OccupationalTherapist, Ok("OT123456")),
            ("ot 12345", OccupationalTherapist, Ok("OT12345")),
            ("OT12345", OccupationalTherapist, Ok("OT12345")),
            ("PH123456", Physiotherapist, Ok("PH123456")),
            ("CH01234", Podiatrist, Ok("CH01234")),
            ("PYL123456", Other, Ok("PYL123456")),
            ("", OccupationalTherapist, Err(HcpcError::Missing)),
            ("   ", OccupationalTherapist, Err(HcpcError::Missing)),
            ("OT1234567", OccupationalTherapist, Err(HcpcError::Shape)),
            ("0T12345", OccupationalTherapist, Err(HcpcError::Shape)),
            ("12345", OccupationalTherapist, Err(HcpcError::Shape)),
            ("OT", OccupationalTherapist, Err(HcpcError::Shape)),
            ("OT12A45", OccupationalTherapist, Err(HcpcError::Shape)),
            ("XY12345", Other, Err(HcpcError::Shape)),
            ("OT-12345", OccupationalTherapist, Err(HcpcError::Shape)),
            ("OT12345", Physiotherapist, Err(HcpcError::OtherProfession)),
            (
                "PH123456",
                OccupationalTherapist,
                Err(HcpcError::OtherProfession),
            ),
        ];
        for (input, profession, expected) in table {
            assert_eq!(
                parse_hcpc(input, *profession),
                expected.map(str::to_owned),
                "{input:?} for {profession:?}"
            );
        }
    }

    fn d(day: &str, month: &str, year: &str) -> DateParts {
        DateParts {
            day: day.into(),
            month: month.into(),
            year: year.into(),
        }
    }

    fn good() -> AdviceInput {
        AdviceInput {
            fitness: Some("may_be_fit".into()),
            adjustments: vec!["phased_return".into(), "altered_hours".into()],
            comments: Some("Fatigue after two hours of standing".into()),
            from: d("2", "11", "2026"),
            to: d("30", "11", "2026"),
            review: Some("yes".into()),
            review_on: d("27", "11", "2026"),
            over_six_months: Some("no".into()),
            assessed_on: d("2", "11", "2026"),
            condition: Some("Low back pain".into()),
            difficulties: vec![
                (
                    "Standing at the till".into(),
                    "A stool; breaks every hour".into(),
                ),
                (String::new(), String::new()),
            ],
        }
    }

    fn errors(input: &AdviceInput, document: Document) -> Vec<(&'static str, &'static str)> {
        match input.validate(document, date(2026, 11, 25)) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(|e| (e.field, e.message)).collect(),
        }
    }

    #[test]
    fn good_advice_is_kept_as_typed() {
        let a = good()
            .validate(Document::AhpReport, date(2026, 11, 25))
            .unwrap();
        assert_eq!(a.fitness, Fitness::MayBeFit);
        assert_eq!(
            a.adjustments,
            [Adjustment::PhasedReturn, Adjustment::AlteredHours]
        );
        assert_eq!(
            (a.from.as_str(), a.to.as_str()),
            ("2026-11-02", "2026-11-30")
        );
        assert_eq!(a.review_on.as_deref(), Some("2026-11-27"));
        assert_eq!(a.difficulties.len(), 1, "the empty row is dropped");
        let f = good()
            .validate(Document::FitNote, date(2026, 11, 25))
            .unwrap();
        assert_eq!(f.review_on, None, "a fit note says only whether");
    }

    /// Each rule, one change at a time from good advice.
    #[test]
    fn table_of_bad_advice() {
        type Change = fn(&mut AdviceInput);
        let cases: Vec<(Document, Change, &str, &str)> = vec![
            (
                Document::AhpReport,
                |a| a.fitness = None,
                "fitness",
                "error-work-fitness",
            ),
            (
                Document::AhpReport,
                |a| {
                    a.adjustments.clear();
                    a.comments = None;
                },
                "adjustments",
                "error-work-may-be-fit-no-advice",
            ),
            (
                Document::AhpReport,
                |a| a.fitness = Some("not_fit".into()),
                "adjustments",
                "error-work-not-fit-with-advice",
            ),
            (
                Document::AhpReport,
                |a| a.adjustments = vec!["workplace_adaptations".into()],
                "adjustments",
                "error-work-adjustment-unknown",
            ),
            (
                Document::FitNote,
                |a| a.adjustments = vec!["workplace_assessment".into()],
                "adjustments",
                "error-work-adjustment-unknown",
            ),
            (
                Document::AhpReport,
                |a| a.to = d("1", "11", "2026"),
                "to",
                "error-work-end-before-start",
            ),
            (
                Document::AhpReport,
                |a| a.from = d("31", "2", "2026"),
                "from",
                "error-date-not-real",
            ),
            (
                Document::AhpReport,
                |a| a.to = DateParts::default(),
                "to",
                "error-work-date-missing",
            ),
            (
                Document::AhpReport,
                |a| a.review_on = d("1", "11", "2026"),
                "review_on",
                "error-work-review-before-start",
            ),
            (
                Document::AhpReport,
                |a| a.review_on = d("", "11", "2026"),
                "review_on",
                "error-date-missing-day",
            ),
            (
                Document::AhpReport,
                |a| a.review = None,
                "review",
                "error-work-review",
            ),
            (
                Document::FitNote,
                |a| a.to = d("3", "2", "2027"),
                "to",
                "error-work-period-too-long",
            ),
            (
                Document::FitNote,
                |a| a.over_six_months = None,
                "over_six_months",
                "error-work-over-six-months",
            ),
            (
                Document::FitNote,
                |a| a.condition = Some("  ".into()),
                "condition",
                "error-work-condition",
            ),
            (
                Document::AhpReport,
                |a| a.assessed_on = d("26", "11", "2026"),
                "assessed_on",
                "error-work-assessed-future",
            ),
            (
                Document::AhpReport,
                |a| a.difficulties = vec![(String::new(), "Rest breaks".into())],
                "difficulties",
                "error-work-recommendation-alone",
            ),
            (
                Document::AhpReport,
                |a| a.comments = Some("x".repeat(TEXT_MAX + 1)),
                "comments",
                "error-too-long",
            ),
            (
                Document::AhpReport,
                |a| a.difficulties = vec![("d".into(), "r".into()); DIFFICULTIES_MAX + 1],
                "difficulties",
                "error-work-difficulties-max",
            ),
        ];
        for (document, change, field, message) in cases {
            let mut a = good();
            change(&mut a);
            assert_eq!(
                errors(&a, document),
                vec![(field, message)],
                "{field} {message}"
            );
        }
        // The fit note's longest period: 3 months to the day is allowed;
        // after 6 months of the condition, longer is too.
        let mut a = good();
        a.to = d("2", "2", "2027");
        assert_eq!(errors(&a, Document::FitNote), vec![]);
        a.to = d("1", "6", "2027");
        a.over_six_months = Some("yes".into());
        assert_eq!(errors(&a, Document::FitNote), vec![]);
        // "May be fit" with comments only is advice enough.
        let mut a = good();
        a.adjustments.clear();
        assert_eq!(errors(&a, Document::AhpReport), vec![]);
    }

    #[test]
    fn work_outcomes_from_the_first_and_last_status() {
        use WorkOutcome::*;
        use WorkStatus::*;
        let on = |m: i8, dd: i8| date(2026, m, dd);
        type Case<'a> = (&'a [(WorkStatus, Date)], Option<(WorkOutcome, Date)>);
        let table: &[Case] = &[
            (&[], None),
            (
                &[
                    (OffSick, on(3, 1)),
                    (PhasedReturn, on(4, 1)),
                    (InWork, on(5, 1)),
                ],
                Some((ReturnedToWork, on(4, 1))),
            ),
            // Back, off again, back again: the last return counts.
            (
                &[
                    (OffSick, on(3, 1)),
                    (InWork, on(4, 1)),
                    (OffSick, on(4, 15)),
                    (InWork, on(5, 20)),
                ],
                Some((ReturnedToWork, on(5, 20))),
            ),
            (&[(OffSick, on(3, 1)), (OffSick, on(4, 1))], None),
            (
                &[(UnemployedLooking, on(3, 1)), (InWork, on(6, 1))],
                Some((IntoWork, on(6, 1))),
            ),
            (
                &[(UnemployedLooking, on(3, 1)), (Volunteering, on(5, 1))],
                Some((IntoVolunteering, on(5, 1))),
            ),
            (
                &[(InWork, on(3, 1)), (InWork, on(6, 1))],
                Some((KeptInWork, on(3, 1))),
            ),
            (&[(InWork, on(3, 1))], Some((KeptInWork, on(3, 1)))),
            (&[(InWork, on(3, 1)), (OffSick, on(4, 1))], None),
            (&[(InEducation, on(3, 1)), (InWork, on(6, 1))], None),
            (&[(NotSeeking, on(3, 1))], None),
            // Given out of order: sorted by date first.
            (
                &[(InWork, on(6, 1)), (OffSick, on(3, 1))],
                Some((ReturnedToWork, on(6, 1))),
            ),
        ];
        for (history, expected) in table {
            assert_eq!(work_outcome(history), *expected, "{history:?}");
        }
    }

    #[test]
    fn a_status_change_has_a_status_and_a_date_not_in_the_future() {
        let today = date(2026, 11, 25);
        let ok = StatusInput {
            status: Some("phased_return".into()),
            since: d("3", "11", "2026"),
        };
        assert_eq!(
            ok.validate(today),
            Ok((WorkStatus::PhasedReturn, date(2026, 11, 3)))
        );
        type Case<'a> = (Option<&'a str>, DateParts, &'a [(&'a str, &'a str)]);
        let table: &[Case] = &[
            (
                None,
                d("3", "11", "2026"),
                &[("status", "error-work-status")],
            ),
            (
                Some("retired"),
                d("3", "11", "2026"),
                &[("status", "error-work-status")],
            ),
            (
                Some("in_work"),
                d("26", "11", "2026"),
                &[("since", "error-work-since-future")],
            ),
            (
                Some("in_work"),
                d("", "11", "2026"),
                &[("since", "error-date-missing-day")],
            ),
            (
                Some("in_work"),
                DateParts::default(),
                &[("since", "error-work-date-missing")],
            ),
        ];
        for (status, since, expected) in table {
            let got: Vec<(&str, &str)> = StatusInput {
                status: status.map(str::to_owned),
                since: since.clone(),
            }
            .validate(today)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| (e.field, e.message))
            .collect();
            assert_eq!(got, *expected, "{status:?} {since:?}");
        }
    }

    #[test]
    fn names_round_trip() {
        for s in WorkStatus::ALL {
            assert_eq!(WorkStatus::parse(s.as_str()), Some(s));
        }
        let listed: Vec<&str> = WorkStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            listed,
            crate::episode::WORK_STATUSES,
            "the work assessment's options"
        );
        for p in Profession::ALL {
            assert_eq!(Profession::parse(p.as_str()), Some(p));
        }
        let fit: Vec<bool> = Profession::ALL
            .iter()
            .map(|p| p.certifies_fit_notes())
            .collect();
        assert_eq!(fit, [true, true, false, false], "OTs and physiotherapists");
        for o in [
            WorkOutcome::ReturnedToWork,
            WorkOutcome::IntoWork,
            WorkOutcome::IntoVolunteering,
            WorkOutcome::KeptInWork,
        ] {
            assert_eq!(
                serde_json::to_value(o).unwrap(),
                o.as_str(),
                "stored as named"
            );
        }
        for a in Adjustment::AHP.iter().chain(Adjustment::FIT_NOTE.iter()) {
            assert_eq!(Adjustment::parse(a.as_str()), Some(*a));
        }
    }

    #[test]
    fn advice_texts_follow_the_text_rule() {
        let mut a = good();
        a.comments = Some("Fatigue\u{0}".into());
        assert_eq!(
            errors(&a, Document::AhpReport),
            [("comments", "error-text-control")]
        );
        let mut a = good();
        a.condition = Some("Low back pain\u{202E}".into());
        assert_eq!(
            errors(&a, Document::FitNote),
            [("condition", "error-text-invisible")]
        );
        let mut a = good();
        a.difficulties[0].1 = "A stool\u{7f}".into();
        assert_eq!(
            errors(&a, Document::AhpReport),
            [("difficulties", "error-text-control")]
        );
    }
}
