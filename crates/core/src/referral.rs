//! A referral to the first-contact OT: the questions, their order, and the
//! rules each answer must meet.
//!
//! The answers travel as [`ReferralInput`]: strings exactly as typed, so a
//! page with a mistake can be shown again with everything the person entered.
//! Every text answer follows the one text rule ([`crate::text`]): control
//! characters, invisible formatting and noncharacters are refused with the
//! place they are at, a name needs a letter, and what is kept is trimmed and
//! in Unicode NFC (free text is otherwise stored as typed: it is escaped when
//! shown, never altered).
//! [`ReferralInput::validate`] turns a complete input into a [`Referral`] whose
//! parts are known good. The same shape is the JSON body of
//! `POST /api/v1/referrals`.
//!
//! The questions follow the issue that introduced them (see
//! `docs/self-referral.md`): one thing per page, NHS service manual style.
//! Option codes for ethnic group are the NHS Data Dictionary "Ethnic Category"
//! codes (2001 census categories, A–S, Z not stated).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::dates::{self, DateError, DateOfBirth};
use crate::text::{self as text_rule, Kind};
use crate::{FieldError, NhsNumber, Postcode};

/// Longest name part accepted, in characters.
pub const MAX_NAME: usize = 100;
/// Longest answer to "in your own words, what is happening?".
pub const MAX_STORY: usize = 2000;
/// Longest answer to "what matters most to you?".
pub const MAX_MATTERS: usize = 1000;
/// Longest short free-text answer (a language, an "other" detail).
pub const MAX_SHORT: usize = 200;
/// Longest email address (RFC 5321 path limit).
pub const MAX_EMAIL: usize = 254;
/// How far back "off sick since" may go, in years.
pub const MAX_SICK_YEARS: i16 = 50;

/// Who made the referral.
pub const SOURCES: &[&str] = &["self", "gp", "practice_staff", "other"];
pub const YES_NO: &[&str] = &["yes", "no"];
pub const LANGUAGES: &[&str] = &["en", "cy", "other"];
/// Accessible Information Standard needs (NHS England, DCB1605).
pub const COMMUNICATION_NEEDS: &[&str] = &[
    "large_print",
    "easy_read",
    "bsl",
    "hearing_loop",
    "support_person",
    "other",
    "none",
];
/// "Do you have any of these now?": signs that need 999 or A&E (NHS 999
/// and A&E advice; NICE stroke FAST). `none` is exclusive.
pub const EMERGENCY_SIGNS: &[&str] = &[
    "chest_pain",
    "stroke_signs",
    "breathless",
    "bleeding",
    "overdose",
    "sudden_headache",
    "none",
];
/// "How are you feeling at the moment?": a mental-health crisis (NICE NG225
/// self-harm). `none` is exclusive; `prefer_not_to_say` is a reason for a
/// clinician to ask, so it raises priority and never lowers it.
pub const CRISIS_SIGNS: &[&str] = &[
    "ending_life_thoughts",
    "ending_life_plans",
    "self_harm",
    "none",
    "prefer_not_to_say",
];
/// "Is anything else worrying you?": safeguarding and the red flags an OT in
/// primary care must not miss. `none` is exclusive.
pub const OTHER_CONCERNS: &[&str] = &[
    "unsafe_at_home",
    "someone_at_risk",
    "fall_head_injury",
    "fall_cannot_get_up",
    "back_pain_bladder",
    "weight_loss",
    "new_weakness_confusion",
    "none",
];
/// The three safety questions: (field, options, message when unanswered,
/// message when "none" is ticked with something else).
pub const SAFETY_FIELDS: &[(&str, &[&str], &str, &str)] = &[
    (
        "emergency_signs",
        EMERGENCY_SIGNS,
        "error-emergency-signs-missing",
        "error-emergency-signs-none-and-other",
    ),
    (
        "crisis_signs",
        CRISIS_SIGNS,
        "error-crisis-signs-missing",
        "error-crisis-signs-none-and-other",
    ),
    (
        "other_concerns",
        OTHER_CONCERNS,
        "error-other-concerns-missing",
        "error-other-concerns-none-and-other",
    ),
];
/// The parts of everyday life (occupations) a person can say are hard.
pub const DIFFICULTIES: &[&str] = &[
    "self_care",
    "home",
    "work_study",
    "getting_out",
    "sleep",
    "caring",
    "hobbies",
    "money_paperwork",
    "other",
];
pub const DURATIONS: &[&str] = &["under_1_month", "1_3_months", "3_12_months", "over_1_year"];
pub const WORK_STATUSES: &[&str] = &[
    "working",
    "self_employed",
    "off_sick",
    "unemployed",
    "student",
    "retired",
    "carer",
    "other",
];
pub const FIT_NOTE: &[&str] = &["yes", "no", "not_sure"];
pub const SEX: &[&str] = &["female", "male", "other", "prefer_not_to_say"];
/// NHS Data Dictionary "Ethnic Category" codes, with Z "not stated" offered
/// as "prefer not to say".
pub const ETHNIC_GROUPS: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z",
];
pub const HOUSING: &[&str] = &[
    "own_home",
    "rent_private",
    "rent_social",
    "with_family_friends",
    "temporary",
    "no_fixed_address",
    "other",
    "prefer_not_to_say",
];
pub const YES_NO_PREFER: &[&str] = &["yes", "no", "prefer_not_to_say"];
pub const ARMED_FORCES: &[&str] = &["serving", "veteran", "family", "no", "prefer_not_to_say"];
/// Practice answers that are not a practice of the service.
pub const PRACTICE_OTHER: &[&str] = &["not_listed", "not_registered"];

/// How a referral reached the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The person filled in the public pages.
    Online,
    /// A receptionist or other staff member entered it.
    Staff,
    /// An integration posted it to the JSON API.
    Api,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Staff => "staff",
            Channel::Api => "api",
        }
    }
}

/// Which set of questions is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Someone referring themselves: the source is always "self".
    Public,
    /// A staff member entering a referral: the first question is its source.
    Staff,
}

/// Everything a referral can say, as typed. Every field is optional here;
/// [`ReferralInput::validate`] says which are required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralInput {
    /// `self`, `gp`, `practice_staff` or `other`. Ignored on the public pages.
    pub source: Option<String>,
    /// Answer to "Do you need help right now?": `yes` or `no`.
    pub needs_help_now: Option<String>,
    /// Emergency signs now ([`EMERGENCY_SIGNS`]); at least one, or `none`.
    pub emergency_signs: Vec<String>,
    /// Mental-health crisis ([`CRISIS_SIGNS`]); at least one, or `none`.
    pub crisis_signs: Vec<String>,
    /// Safeguarding and other red flags ([`OTHER_CONCERNS`]); at least one,
    /// or `none`.
    pub other_concerns: Vec<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub dob_day: Option<String>,
    pub dob_month: Option<String>,
    pub dob_year: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `yes` when the person has no phone or email and asks to be contacted
    /// through their GP practice.
    pub contact_via_practice: Option<String>,
    /// May we leave a message: `yes` or `no`.
    pub leave_message: Option<String>,
    pub postcode: Option<String>,
    /// `yes` when the person has no fixed address.
    pub no_fixed_address: Option<String>,
    pub nhs_number: Option<String>,
    /// A practice id from the service's list, `not_listed` or `not_registered`.
    pub practice: Option<String>,
    /// `en`, `cy` or `other`.
    pub language: Option<String>,
    pub language_other: Option<String>,
    /// Interpreter needed: `yes` or `no`.
    pub interpreter: Option<String>,
    pub interpreter_language: Option<String>,
    pub communication_needs: Vec<String>,
    pub communication_other: Option<String>,
    /// In the person's own words, what is happening.
    pub story: Option<String>,
    pub difficulties: Vec<String>,
    pub duration: Option<String>,
    pub matters_most: Option<String>,
    pub work_status: Option<String>,
    pub off_sick_day: Option<String>,
    pub off_sick_month: Option<String>,
    pub off_sick_year: Option<String>,
    /// Needs a fit note: `yes`, `no` or `not_sure`.
    pub fit_note: Option<String>,
    pub sex: Option<String>,
    pub ethnic_group: Option<String>,
    pub housing: Option<String>,
    pub refugee_asylum: Option<String>,
    pub gypsy_roma_traveller: Option<String>,
    pub armed_forces: Option<String>,
    pub unpaid_carer: Option<String>,
    /// `yes` once the person has agreed to the consent statement.
    pub consent: Option<String>,
}

/// One page of questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Source,
    NeedsHelpNow,
    EmergencySigns,
    CrisisSigns,
    OtherConcerns,
    Name,
    DateOfBirth,
    Contact,
    Postcode,
    NhsNumber,
    Practice,
    Language,
    Communication,
    Story,
    Difficulties,
    Duration,
    MattersMost,
    Work,
    AboutYou,
    Sex,
    EthnicGroup,
    Housing,
    RefugeeAsylum,
    GypsyRomaTraveller,
    ArmedForces,
    UnpaidCarer,
}

const PUBLIC_STEPS: &[Step] = &[
    Step::NeedsHelpNow,
    Step::EmergencySigns,
    Step::CrisisSigns,
    Step::OtherConcerns,
    Step::Name,
    Step::DateOfBirth,
    Step::Contact,
    Step::Postcode,
    Step::NhsNumber,
    Step::Practice,
    Step::Language,
    Step::Communication,
    Step::Story,
    Step::Difficulties,
    Step::Duration,
    Step::MattersMost,
    Step::Work,
    Step::AboutYou,
    Step::Sex,
    Step::EthnicGroup,
    Step::Housing,
    Step::RefugeeAsylum,
    Step::GypsyRomaTraveller,
    Step::ArmedForces,
    Step::UnpaidCarer,
];

const STAFF_STEPS: &[Step] = &[
    Step::Source,
    Step::NeedsHelpNow,
    Step::EmergencySigns,
    Step::CrisisSigns,
    Step::OtherConcerns,
    Step::Name,
    Step::DateOfBirth,
    Step::Contact,
    Step::Postcode,
    Step::NhsNumber,
    Step::Practice,
    Step::Language,
    Step::Communication,
    Step::Story,
    Step::Difficulties,
    Step::Duration,
    Step::MattersMost,
    Step::Work,
    Step::AboutYou,
    Step::Sex,
    Step::EthnicGroup,
    Step::Housing,
    Step::RefugeeAsylum,
    Step::GypsyRomaTraveller,
    Step::ArmedForces,
    Step::UnpaidCarer,
];

impl Step {
    /// The pages in order for a mode.
    pub fn all(mode: Mode) -> &'static [Step] {
        match mode {
            Mode::Public => PUBLIC_STEPS,
            Mode::Staff => STAFF_STEPS,
        }
    }

    /// The page after this one, or `None` when the next page is "check your
    /// answers".
    pub fn next(self, mode: Mode) -> Option<Step> {
        let steps = Self::all(mode);
        let i = steps.iter().position(|s| *s == self)?;
        steps.get(i + 1).copied()
    }

    pub fn previous(self, mode: Mode) -> Option<Step> {
        let steps = Self::all(mode);
        let i = steps.iter().position(|s| *s == self)?;
        i.checked_sub(1).map(|j| steps[j])
    }

    /// The optional monitoring questions, which a person may skip as a group.
    pub fn is_monitoring(self) -> bool {
        matches!(
            self,
            Step::AboutYou
                | Step::Sex
                | Step::EthnicGroup
                | Step::Housing
                | Step::RefugeeAsylum
                | Step::GypsyRomaTraveller
                | Step::ArmedForces
                | Step::UnpaidCarer
        )
    }

    /// The part of the address that names the page (`/refer/date-of-birth`).
    pub fn slug(self) -> &'static str {
        match self {
            Step::Source => "source",
            Step::NeedsHelpNow => "help-now",
            // Neutral slugs: an address must not reveal an answer.
            Step::EmergencySigns => "symptoms-now",
            Step::CrisisSigns => "how-you-are-feeling",
            Step::OtherConcerns => "other-concerns",
            Step::Name => "name",
            Step::DateOfBirth => "date-of-birth",
            Step::Contact => "contact",
            Step::Postcode => "postcode",
            Step::NhsNumber => "nhs-number",
            Step::Practice => "gp-practice",
            Step::Language => "language",
            Step::Communication => "communication",
            Step::Story => "your-words",
            Step::Difficulties => "difficulties",
            Step::Duration => "how-long",
            Step::MattersMost => "matters-most",
            Step::Work => "work",
            Step::AboutYou => "about-you",
            Step::Sex => "sex",
            Step::EthnicGroup => "ethnic-group",
            Step::Housing => "housing",
            Step::RefugeeAsylum => "refugee-asylum",
            Step::GypsyRomaTraveller => "gypsy-roma-traveller",
            Step::ArmedForces => "armed-forces",
            Step::UnpaidCarer => "unpaid-carer",
        }
    }

    pub fn from_slug(slug: &str, mode: Mode) -> Option<Step> {
        Self::all(mode).iter().copied().find(|s| s.slug() == slug)
    }

    /// The form fields this page sets. A field not posted is cleared, which
    /// is how an unticked checkbox is recorded.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Source => &["source"],
            Step::NeedsHelpNow => &["needs_help_now"],
            Step::EmergencySigns => &["emergency_signs"],
            Step::CrisisSigns => &["crisis_signs"],
            Step::OtherConcerns => &["other_concerns"],
            Step::Name => &["given_name", "family_name"],
            Step::DateOfBirth => &["dob_day", "dob_month", "dob_year"],
            Step::Contact => &["phone", "email", "contact_via_practice", "leave_message"],
            Step::Postcode => &["postcode", "no_fixed_address"],
            Step::NhsNumber => &["nhs_number"],
            Step::Practice => &["practice"],
            Step::Language => &[
                "language",
                "language_other",
                "interpreter",
                "interpreter_language",
            ],
            Step::Communication => &["communication_needs", "communication_other"],
            Step::Story => &["story"],
            Step::Difficulties => &["difficulties"],
            Step::Duration => &["duration"],
            Step::MattersMost => &["matters_most"],
            Step::Work => &[
                "work_status",
                "off_sick_day",
                "off_sick_month",
                "off_sick_year",
                "fit_note",
            ],
            Step::AboutYou => &[],
            Step::Sex => &["sex"],
            Step::EthnicGroup => &["ethnic_group"],
            Step::Housing => &["housing"],
            Step::RefugeeAsylum => &["refugee_asylum"],
            Step::GypsyRomaTraveller => &["gypsy_roma_traveller"],
            Step::ArmedForces => &["armed_forces"],
            Step::UnpaidCarer => &["unpaid_carer"],
        }
    }
}

/// What validation needs to know about the world, passed in so the rules
/// stay pure.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Today in Europe/London.
    pub today: Date,
    /// Ids of the practices this service covers.
    pub practices: &'a [String],
    pub mode: Mode,
}

/// A referral whose answers all passed their rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub source: String,
    pub needs_help_now: bool,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: DateOfBirth,
    pub nhs_number: Option<NhsNumber>,
    pub postcode: Option<Postcode>,
    /// `None` when the person is not registered or their practice is not
    /// on the list.
    pub practice_id: Option<String>,
    /// The answers as typed and normalised (trimmed; unticked follow-ups
    /// cleared), kept whole for the record.
    pub answers: ReferralInput,
}

fn text(v: &Option<String>) -> &str {
    v.as_deref().map(str::trim).unwrap_or("")
}

fn one_of(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &Option<String>,
    allowed: &[&str],
    missing: &'static str,
    required: bool,
) {
    let v = text(value);
    if v.is_empty() {
        if required {
            errors.push(FieldError::new(field, missing));
        }
    } else if !allowed.contains(&v) {
        errors.push(FieldError::new(field, missing));
    }
}

/// A safety question: at least one tick, every tick an option, and "none"
/// alone.
fn safety_question(errors: &mut Vec<FieldError>, field: &str, values: &[String]) {
    let Some((field, options, missing, none_and_other)) =
        SAFETY_FIELDS.iter().find(|(f, ..)| *f == field)
    else {
        return;
    };
    let values: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        errors.push(FieldError::new(field, missing));
    } else if values.iter().any(|v| !options.contains(v)) {
        errors.push(FieldError::new(field, "error-choice-invalid"));
    } else if values.contains(&"none") && values.len() > 1 {
        errors.push(FieldError::new(field, none_and_other));
    }
}

/// The answers typed as text: their kind and longest length, for the text
/// rule ([`crate::text`]).
pub const TEXT_FIELDS: &[(&str, Kind, usize)] = &[
    ("given_name", Kind::Name, MAX_NAME),
    ("family_name", Kind::Name, MAX_NAME),
    ("email", Kind::Token, MAX_EMAIL),
    ("language_other", Kind::Line, MAX_SHORT),
    ("interpreter_language", Kind::Line, MAX_SHORT),
    ("communication_other", Kind::Line, MAX_SHORT),
    ("story", Kind::Long, MAX_STORY),
    ("matters_most", Kind::Long, MAX_MATTERS),
];

/// A text answer: the text rule, then whether it is required.
fn free_text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &Option<String>,
    kind: Kind,
    max: usize,
    missing: Option<&'static str>,
) {
    match text_rule::clean(kind, value.as_deref().unwrap_or(""), max) {
        Ok(v) if v.is_empty() => {
            if let Some(m) = missing {
                errors.push(FieldError::new(field, m));
            }
        }
        Ok(_) => {}
        Err(problem) => errors.push(problem.on(field)),
    }
}

fn date_error(field: &'static str, prefix: &'static str, e: DateError) -> FieldError {
    let (field, suffix) = match e {
        DateError::Missing => (field, "missing"),
        DateError::MissingDay => (field, "missing-day"),
        DateError::MissingMonth => (month_field(field), "missing-month"),
        DateError::MissingYear => (year_field(field), "missing-year"),
        DateError::YearFourDigits => (year_field(field), "year-digits"),
        DateError::NotReal => (field, "not-real"),
        DateError::InFuture => (field, "future"),
        DateError::TooLongAgo => (year_field(field), "too-long-ago"),
        // `parse_past` turns an out-of-range year into one of the two above.
        DateError::OutOfRange => (year_field(field), "too-long-ago"),
    };
    let message = match (prefix, suffix) {
        ("dob", "missing") => "error-dob-missing",
        ("dob", "missing-day") => "error-date-missing-day",
        ("dob", "missing-month") => "error-date-missing-month",
        ("dob", "missing-year") => "error-date-missing-year",
        ("dob", "year-digits") => "error-date-year-digits",
        ("dob", "not-real") => "error-date-not-real",
        ("dob", "future") => "error-dob-future",
        ("dob", "too-long-ago") => "error-dob-too-old",
        (_, "missing") => "error-off-sick-missing",
        (_, "missing-day") => "error-date-missing-day",
        (_, "missing-month") => "error-date-missing-month",
        (_, "missing-year") => "error-date-missing-year",
        (_, "year-digits") => "error-date-year-digits",
        (_, "future") => "error-off-sick-future",
        (_, "too-long-ago") => "error-off-sick-too-old",
        _ => "error-date-not-real",
    };
    FieldError::new(field, message)
}

fn month_field(day_field: &'static str) -> &'static str {
    match day_field {
        "dob_day" => "dob_month",
        _ => "off_sick_month",
    }
}

fn year_field(day_field: &'static str) -> &'static str {
    match day_field {
        "dob_day" => "dob_year",
        _ => "off_sick_year",
    }
}

fn phone_ok(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (10..=15).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'))
}

fn email_ok(s: &str) -> bool {
    crate::identifiers::email_ok(s)
}

impl ReferralInput {
    /// Sets one field by its form name. Returns false for a name that is not
    /// a field (it is ignored).
    pub fn set(&mut self, field: &str, values: Vec<String>) -> bool {
        let one = || values.iter().find(|v| !v.trim().is_empty()).cloned();
        let slot = match field {
            "communication_needs" => {
                self.communication_needs = values;
                return true;
            }
            "difficulties" => {
                self.difficulties = values;
                return true;
            }
            "emergency_signs" | "crisis_signs" | "other_concerns" => {
                if let Some(slot) = self.many_mut(field) {
                    *slot = values;
                }
                return true;
            }
            _ => match self.slot_mut(field) {
                Some(slot) => slot,
                None => return false,
            },
        };
        *slot = one();
        true
    }

    fn slot_mut(&mut self, field: &str) -> Option<&mut Option<String>> {
        Some(match field {
            "source" => &mut self.source,
            "needs_help_now" => &mut self.needs_help_now,
            "given_name" => &mut self.given_name,
            "family_name" => &mut self.family_name,
            "dob_day" => &mut self.dob_day,
            "dob_month" => &mut self.dob_month,
            "dob_year" => &mut self.dob_year,
            "phone" => &mut self.phone,
            "email" => &mut self.email,
            "contact_via_practice" => &mut self.contact_via_practice,
            "leave_message" => &mut self.leave_message,
            "postcode" => &mut self.postcode,
            "no_fixed_address" => &mut self.no_fixed_address,
            "nhs_number" => &mut self.nhs_number,
            "practice" => &mut self.practice,
            "language" => &mut self.language,
            "language_other" => &mut self.language_other,
            "interpreter" => &mut self.interpreter,
            "interpreter_language" => &mut self.interpreter_language,
            "communication_other" => &mut self.communication_other,
            "story" => &mut self.story,
            "duration" => &mut self.duration,
            "matters_most" => &mut self.matters_most,
            "work_status" => &mut self.work_status,
            "off_sick_day" => &mut self.off_sick_day,
            "off_sick_month" => &mut self.off_sick_month,
            "off_sick_year" => &mut self.off_sick_year,
            "fit_note" => &mut self.fit_note,
            "sex" => &mut self.sex,
            "ethnic_group" => &mut self.ethnic_group,
            "housing" => &mut self.housing,
            "refugee_asylum" => &mut self.refugee_asylum,
            "gypsy_roma_traveller" => &mut self.gypsy_roma_traveller,
            "armed_forces" => &mut self.armed_forces,
            "unpaid_carer" => &mut self.unpaid_carer,
            "consent" => &mut self.consent,
            _ => return None,
        })
    }

    /// The single value of a field, as typed (for re-displaying a form).
    pub fn get(&self, field: &str) -> Option<&str> {
        let v = match field {
            "source" => &self.source,
            "needs_help_now" => &self.needs_help_now,
            "given_name" => &self.given_name,
            "family_name" => &self.family_name,
            "dob_day" => &self.dob_day,
            "dob_month" => &self.dob_month,
            "dob_year" => &self.dob_year,
            "phone" => &self.phone,
            "email" => &self.email,
            "contact_via_practice" => &self.contact_via_practice,
            "leave_message" => &self.leave_message,
            "postcode" => &self.postcode,
            "no_fixed_address" => &self.no_fixed_address,
            "nhs_number" => &self.nhs_number,
            "practice" => &self.practice,
            "language" => &self.language,
            "language_other" => &self.language_other,
            "interpreter" => &self.interpreter,
            "interpreter_language" => &self.interpreter_language,
            "communication_other" => &self.communication_other,
            "story" => &self.story,
            "duration" => &self.duration,
            "matters_most" => &self.matters_most,
            "work_status" => &self.work_status,
            "off_sick_day" => &self.off_sick_day,
            "off_sick_month" => &self.off_sick_month,
            "off_sick_year" => &self.off_sick_year,
            "fit_note" => &self.fit_note,
            "sex" => &self.sex,
            "ethnic_group" => &self.ethnic_group,
            "housing" => &self.housing,
            "refugee_asylum" => &self.refugee_asylum,
            "gypsy_roma_traveller" => &self.gypsy_roma_traveller,
            "armed_forces" => &self.armed_forces,
            "unpaid_carer" => &self.unpaid_carer,
            "consent" => &self.consent,
            _ => return None,
        };
        v.as_deref()
    }

    /// The values of a multi-choice field.
    pub fn get_many(&self, field: &str) -> &[String] {
        match field {
            "communication_needs" => &self.communication_needs,
            "difficulties" => &self.difficulties,
            "emergency_signs" => &self.emergency_signs,
            "crisis_signs" => &self.crisis_signs,
            "other_concerns" => &self.other_concerns,
            _ => &[],
        }
    }

    fn many_mut(&mut self, field: &str) -> Option<&mut Vec<String>> {
        Some(match field {
            "communication_needs" => &mut self.communication_needs,
            "difficulties" => &mut self.difficulties,
            "emergency_signs" => &mut self.emergency_signs,
            "crisis_signs" => &mut self.crisis_signs,
            "other_concerns" => &mut self.other_concerns,
            _ => return None,
        })
    }

    /// Checks one page's answers. An empty list means the page is complete.
    pub fn validate_step(&self, step: Step, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut e = Vec::new();
        match step {
            Step::Source => one_of(
                &mut e,
                "source",
                &self.source,
                SOURCES,
                "error-source-missing",
                true,
            ),
            Step::NeedsHelpNow => one_of(
                &mut e,
                "needs_help_now",
                &self.needs_help_now,
                YES_NO,
                "error-help-now-missing",
                true,
            ),
            Step::EmergencySigns | Step::CrisisSigns | Step::OtherConcerns => {
                let field = step.fields()[0];
                safety_question(&mut e, field, self.get_many(field));
            }
            Step::Name => {
                free_text(
                    &mut e,
                    "given_name",
                    &self.given_name,
                    Kind::Name,
                    MAX_NAME,
                    Some("error-given-name-missing"),
                );
                free_text(
                    &mut e,
                    "family_name",
                    &self.family_name,
                    Kind::Name,
                    MAX_NAME,
                    Some("error-family-name-missing"),
                );
            }
            Step::DateOfBirth => {
                if let Err(err) = DateOfBirth::parse(
                    text(&self.dob_day),
                    text(&self.dob_month),
                    text(&self.dob_year),
                    ctx.today,
                ) {
                    e.push(date_error("dob_day", "dob", err));
                }
            }
            Step::Contact => {
                let phone = text(&self.phone);
                let email = text(&self.email);
                let via_practice = text(&self.contact_via_practice) == "yes";
                if phone.is_empty() && email.is_empty() && !via_practice {
                    e.push(FieldError::new("phone", "error-contact-missing"));
                }
                if !phone.is_empty() && !phone_ok(phone) {
                    e.push(FieldError::new("phone", "error-phone-invalid"));
                }
                if !email.is_empty() {
                    match text_rule::clean(Kind::Token, email, MAX_EMAIL) {
                        Err(problem) => e.push(problem.on("email")),
                        Ok(email) if !email_ok(&email) => {
                            e.push(FieldError::new("email", "error-email-invalid"))
                        }
                        Ok(_) => {}
                    }
                }
                one_of(
                    &mut e,
                    "leave_message",
                    &self.leave_message,
                    YES_NO,
                    "error-leave-message-missing",
                    true,
                );
            }
            Step::Postcode => {
                let nfa = text(&self.no_fixed_address) == "yes";
                let pc = text(&self.postcode);
                if !nfa {
                    if pc.is_empty() {
                        e.push(FieldError::new("postcode", "error-postcode-missing"));
                    } else if Postcode::parse(pc).is_err() {
                        e.push(FieldError::new("postcode", "error-postcode-invalid"));
                    }
                }
            }
            Step::NhsNumber => {
                let n = text(&self.nhs_number);
                if !n.is_empty() {
                    match NhsNumber::parse(n) {
                        Ok(_) => {}
                        Err(crate::nhs_number::NhsNumberError::CheckDigit) => {
                            e.push(FieldError::new("nhs_number", "error-nhs-number-check"))
                        }
                        Err(_) => e.push(FieldError::new("nhs_number", "error-nhs-number-length")),
                    }
                }
            }
            Step::Practice => {
                let p = text(&self.practice);
                let known = PRACTICE_OTHER.contains(&p) || ctx.practices.iter().any(|k| k == p);
                if !known {
                    e.push(FieldError::new("practice", "error-practice-missing"));
                }
            }
            Step::Language => {
                one_of(
                    &mut e,
                    "language",
                    &self.language,
                    LANGUAGES,
                    "error-language-missing",
                    true,
                );
                if text(&self.language) == "other" {
                    free_text(
                        &mut e,
                        "language_other",
                        &self.language_other,
                        Kind::Line,
                        MAX_SHORT,
                        Some("error-language-other-missing"),
                    );
                }
                one_of(
                    &mut e,
                    "interpreter",
                    &self.interpreter,
                    YES_NO,
                    "error-interpreter-missing",
                    true,
                );
                if text(&self.interpreter) == "yes" {
                    free_text(
                        &mut e,
                        "interpreter_language",
                        &self.interpreter_language,
                        Kind::Line,
                        MAX_SHORT,
                        Some("error-interpreter-language-missing"),
                    );
                }
            }
            Step::Communication => {
                let needs = &self.communication_needs;
                if needs
                    .iter()
                    .any(|n| !COMMUNICATION_NEEDS.contains(&n.as_str()))
                {
                    e.push(FieldError::new(
                        "communication_needs",
                        "error-choice-invalid",
                    ));
                } else if needs.iter().any(|n| n == "none") && needs.len() > 1 {
                    e.push(FieldError::new(
                        "communication_needs",
                        "error-communication-none-and-other",
                    ));
                }
                if needs.iter().any(|n| n == "other") {
                    free_text(
                        &mut e,
                        "communication_other",
                        &self.communication_other,
                        Kind::Line,
                        MAX_SHORT,
                        Some("error-communication-other-missing"),
                    );
                }
            }
            Step::Story => free_text(
                &mut e,
                "story",
                &self.story,
                Kind::Long,
                MAX_STORY,
                Some("error-story-missing"),
            ),
            Step::Difficulties => {
                if self.difficulties.is_empty() {
                    e.push(FieldError::new(
                        "difficulties",
                        "error-difficulties-missing",
                    ));
                } else if self
                    .difficulties
                    .iter()
                    .any(|d| !DIFFICULTIES.contains(&d.as_str()))
                {
                    e.push(FieldError::new("difficulties", "error-choice-invalid"));
                }
            }
            Step::Duration => one_of(
                &mut e,
                "duration",
                &self.duration,
                DURATIONS,
                "error-duration-missing",
                true,
            ),
            Step::MattersMost => free_text(
                &mut e,
                "matters_most",
                &self.matters_most,
                Kind::Long,
                MAX_MATTERS,
                Some("error-matters-most-missing"),
            ),
            Step::Work => {
                one_of(
                    &mut e,
                    "work_status",
                    &self.work_status,
                    WORK_STATUSES,
                    "error-work-status-missing",
                    true,
                );
                let status = text(&self.work_status);
                if status == "off_sick"
                    && let Err(err) = dates::parse_past(
                        text(&self.off_sick_day),
                        text(&self.off_sick_month),
                        text(&self.off_sick_year),
                        ctx.today,
                        MAX_SICK_YEARS,
                    )
                {
                    e.push(date_error("off_sick_day", "off_sick", err));
                }
                if matches!(status, "working" | "self_employed" | "off_sick") {
                    one_of(
                        &mut e,
                        "fit_note",
                        &self.fit_note,
                        FIT_NOTE,
                        "error-fit-note-missing",
                        true,
                    );
                }
            }
            Step::AboutYou => {}
            Step::Sex => one_of(&mut e, "sex", &self.sex, SEX, "error-choice-invalid", false),
            Step::EthnicGroup => one_of(
                &mut e,
                "ethnic_group",
                &self.ethnic_group,
                ETHNIC_GROUPS,
                "error-choice-invalid",
                false,
            ),
            Step::Housing => one_of(
                &mut e,
                "housing",
                &self.housing,
                HOUSING,
                "error-choice-invalid",
                false,
            ),
            Step::RefugeeAsylum => one_of(
                &mut e,
                "refugee_asylum",
                &self.refugee_asylum,
                YES_NO_PREFER,
                "error-choice-invalid",
                false,
            ),
            Step::GypsyRomaTraveller => one_of(
                &mut e,
                "gypsy_roma_traveller",
                &self.gypsy_roma_traveller,
                YES_NO_PREFER,
                "error-choice-invalid",
                false,
            ),
            Step::ArmedForces => one_of(
                &mut e,
                "armed_forces",
                &self.armed_forces,
                ARMED_FORCES,
                "error-choice-invalid",
                false,
            ),
            Step::UnpaidCarer => one_of(
                &mut e,
                "unpaid_carer",
                &self.unpaid_carer,
                YES_NO_PREFER,
                "error-choice-invalid",
                false,
            ),
        }
        e
    }

    /// The first page, in order, that is not complete, if any.
    pub fn first_incomplete(&self, ctx: &Context<'_>) -> Option<Step> {
        Step::all(ctx.mode)
            .iter()
            .copied()
            .find(|s| !self.validate_step(*s, ctx).is_empty())
    }

    /// Trims every answer and clears follow-up answers whose question no
    /// longer applies (a language typed before "Welsh" was chosen, a sick
    /// date for someone now working).
    pub fn normalised(&self, mode: Mode) -> ReferralInput {
        let mut n = self.clone();
        let trim = |v: &mut Option<String>| {
            *v = v
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned);
        };
        for field in Step::all(mode).iter().flat_map(|s| s.fields()) {
            if let Some(slot) = n.slot_mut(field) {
                trim(slot);
            }
        }
        trim(&mut n.consent);
        // Text answers as the text rule keeps them (NFC, one kind of line
        // break); one it refuses stays as typed for the page to show.
        for (field, kind, max) in TEXT_FIELDS {
            if let Some(slot) = n.slot_mut(field)
                && let Some(v) = slot.as_deref()
                && let Ok(clean) = text_rule::clean(*kind, v, *max)
            {
                *slot = (!clean.is_empty()).then_some(clean);
            }
        }
        for field in ["emergency_signs", "crisis_signs", "other_concerns"] {
            if let Some(values) = n.many_mut(field) {
                let mut kept: Vec<String> = Vec::new();
                for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                    if !kept.iter().any(|k| k == v) {
                        kept.push(v.to_owned());
                    }
                }
                *values = kept;
            }
        }
        if mode == Mode::Public {
            n.source = Some("self".into());
        }
        if n.no_fixed_address.as_deref() == Some("yes") {
            n.postcode = None;
        } else {
            n.no_fixed_address = None;
        }
        // A box that means "yes" when ticked keeps nothing else (whatever a
        // post put in it, a NUL say, is not an answer).
        if n.contact_via_practice.as_deref() != Some("yes") {
            n.contact_via_practice = None;
        }
        if let Some(pc) = n.postcode.as_deref().and_then(|p| Postcode::parse(p).ok()) {
            n.postcode = Some(pc.to_string());
        }
        if let Some(nhs) = n
            .nhs_number
            .as_deref()
            .and_then(|p| NhsNumber::parse(p).ok())
        {
            n.nhs_number = Some(nhs.digits());
        }
        if n.language.as_deref() != Some("other") {
            n.language_other = None;
        }
        if n.interpreter.as_deref() != Some("yes") {
            n.interpreter_language = None;
        }
        if !n.communication_needs.iter().any(|c| c == "other") {
            n.communication_other = None;
        }
        if n.work_status.as_deref() != Some("off_sick") {
            n.off_sick_day = None;
            n.off_sick_month = None;
            n.off_sick_year = None;
        }
        if !matches!(
            n.work_status.as_deref(),
            Some("working" | "self_employed" | "off_sick")
        ) {
            n.fit_note = None;
        }
        n
    }

    /// Checks every page and the consent, and returns the referral.
    pub fn validate(&self, ctx: &Context<'_>) -> Result<Referral, Vec<FieldError>> {
        let input = self.normalised(ctx.mode);
        let mut errors: Vec<FieldError> = Step::all(ctx.mode)
            .iter()
            .flat_map(|s| input.validate_step(*s, ctx))
            .collect();
        if input.consent.as_deref() != Some("yes") {
            errors.push(FieldError::new("consent", "error-consent-missing"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Every part below was checked by validate_step above.
        let dob = DateOfBirth::parse(
            text(&input.dob_day),
            text(&input.dob_month),
            text(&input.dob_year),
            ctx.today,
        )
        .map_err(|e| vec![date_error("dob_day", "dob", e)])?;
        let practice = text(&input.practice);
        Ok(Referral {
            source: text(&input.source).to_owned(),
            needs_help_now: text(&input.needs_help_now) == "yes",
            given_name: text(&input.given_name).to_owned(),
            family_name: text(&input.family_name).to_owned(),
            date_of_birth: dob,
            nhs_number: input
                .nhs_number
                .as_deref()
                .and_then(|n| NhsNumber::parse(n).ok()),
            postcode: input
                .postcode
                .as_deref()
                .and_then(|p| Postcode::parse(p).ok()),
            practice_id: (!PRACTICE_OTHER.contains(&practice)).then(|| practice.to_owned()),
            answers: input,
        })
    }
}

#[cfg(test)]
mod tests;
