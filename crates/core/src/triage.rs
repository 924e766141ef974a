//! Triage: a referral in, a suggested priority and pathways out, with every
//! reason shown.
//!
//! - [`phrases`]: the free-text red-flag scanner (English and Welsh).
//! - [`rulebook`]: the rules as data, a versioned TOML file checked when it
//!   is loaded ([`Rulebook::parse`]); the default is built into the binary
//!   ([`Rulebook::default`], `crates/core/rulebook/default.toml`).
//! - [`triage`]: the engine, a pure function of the referral, the rulebook
//!   and today's date.
//!
//! **The safety floor is in code, not only in data** ([`floor`]): any
//! emergency sign or emergency phrase (or back pain with loss of bladder or
//! bowel control) gives at least `emergency`; any crisis sign or crisis
//! phrase at least `crisis`; a safeguarding answer or phrase adds the
//! `safeguarding` pathway and at least `urgent`; "prefer not to say" to the
//! crisis question and "I need help now" give at least `urgent`. A rulebook
//! can raise a priority above the floor, never lower it: rules only add.
//!
//! **Monotone:** adding a red flag never lowers the priority. Rules only add
//! to a decision, and the rulebook check refuses the two things that could
//! break this: a condition on the *absence* of a red flag (`none`, `no`) and
//! an `unless` that names a red flag (see [`rulebook`]).
//!
//! The decision is a suggestion for a clinician, who confirms or changes it.

pub mod phrases;
pub mod rulebook;

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::referral::{Mode, ReferralInput};
pub use phrases::{Category, PhraseHit, scan, scan_referral};
pub use rulebook::{Condition, Rule, Rulebook, RulebookError};

/// How soon a clinician should act. Ordered: `Routine < Soon < Urgent <
/// Crisis < Emergency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Priority {
    Routine,
    Soon,
    Urgent,
    Crisis,
    Emergency,
}

impl Priority {
    pub const ALL: &'static [Priority] = &[
        Priority::Routine,
        Priority::Soon,
        Priority::Urgent,
        Priority::Crisis,
        Priority::Emergency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Routine => "routine",
            Priority::Soon => "soon",
            Priority::Urgent => "urgent",
            Priority::Crisis => "crisis",
            Priority::Emergency => "emergency",
        }
    }

    pub fn parse(s: &str) -> Option<Priority> {
        Self::ALL.iter().copied().find(|p| p.as_str() == s)
    }
}

/// Where a referral could go. Declared most urgent first, which is the order
/// a decision lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Pathway {
    EmergencyServices,
    Crisis,
    Safeguarding,
    Gp,
    MentalHealth,
    FrailtyFalls,
    WorkFitnote,
    HousingAdvice,
    CommunityHub,
    OtAssessment,
    Other,
}

impl Pathway {
    pub const ALL: &'static [Pathway] = &[
        Pathway::EmergencyServices,
        Pathway::Crisis,
        Pathway::Safeguarding,
        Pathway::Gp,
        Pathway::MentalHealth,
        Pathway::FrailtyFalls,
        Pathway::WorkFitnote,
        Pathway::HousingAdvice,
        Pathway::CommunityHub,
        Pathway::OtAssessment,
        Pathway::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Pathway::EmergencyServices => "emergency_services",
            Pathway::Crisis => "crisis",
            Pathway::Safeguarding => "safeguarding",
            Pathway::Gp => "gp",
            Pathway::MentalHealth => "mental_health",
            Pathway::FrailtyFalls => "frailty_falls",
            Pathway::WorkFitnote => "work_fitnote",
            Pathway::HousingAdvice => "housing_advice",
            Pathway::CommunityHub => "community_hub",
            Pathway::OtAssessment => "ot_assessment",
            Pathway::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Pathway> {
        Self::ALL.iter().copied().find(|p| p.as_str() == s)
    }
}

/// Advice the person should see at once, most urgent first. The web pages
/// turn each kind into words in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Advice {
    /// Call 999 or go to A&E now.
    Emergency,
    /// NHS 111 and its mental health option (option 2 in Wales),
    /// Samaritans 116 123, 999 in immediate danger.
    Crisis,
    /// Domestic abuse helplines (Live Fear Free in Wales, the National
    /// Domestic Abuse Helpline in England), 999 in an emergency.
    Safeguarding,
    /// NHS 111 for urgent advice that is not an emergency.
    #[serde(rename = "nhs_111")]
    Nhs111,
    /// Ask the GP practice for an appointment today.
    GpToday,
}

impl Advice {
    pub const ALL: &'static [Advice] = &[
        Advice::Emergency,
        Advice::Crisis,
        Advice::Safeguarding,
        Advice::Nhs111,
        Advice::GpToday,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Advice::Emergency => "emergency",
            Advice::Crisis => "crisis",
            Advice::Safeguarding => "safeguarding",
            Advice::Nhs111 => "nhs_111",
            Advice::GpToday => "gp_today",
        }
    }

    pub fn parse(s: &str) -> Option<Advice> {
        Self::ALL.iter().copied().find(|p| p.as_str() == s)
    }
}

/// Why a decision says what it says: one per rule (or floor) that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    /// The rule's id, or `floor.*` for the safety floor in code.
    pub rule_id: String,
    pub priority: Priority,
    pub pathways: Vec<Pathway>,
    pub explanation_en: String,
    pub explanation_cy: String,
    /// Hazard-log ids this rule controls (`docs/safety/hazard-log.md`).
    pub hazards: Vec<String>,
    /// The guidance the rule rests on.
    pub source: String,
}

/// The suggested triage of one referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub priority: Priority,
    pub pathways: Vec<Pathway>,
    pub immediate_advice: Vec<Advice>,
    /// The safety floor first, then rules in rulebook order.
    pub reasons: Vec<Reason>,
    pub phrase_hits: Vec<PhraseHit>,
    pub rulebook_version: String,
}

/// What the rules look at, gathered from a referral.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The answers, trimmed and normalised.
    pub answers: ReferralInput,
    /// Whole years, from the date of birth and today, when both are known.
    pub age: Option<i64>,
    /// Days since the person went off sick, when they are off sick.
    pub off_sick_days: Option<i64>,
    pub phrase_hits: Vec<PhraseHit>,
}

impl Facts {
    /// Reads a referral as the rules see it. `today` is passed in (core
    /// reads no clock).
    pub fn gather(input: &ReferralInput, today: Date) -> Facts {
        let answers = input.normalised(Mode::Staff);
        let parts = |d: &Option<String>, m: &Option<String>, y: &Option<String>| {
            crate::dates::parse_parts(
                d.as_deref().unwrap_or(""),
                m.as_deref().unwrap_or(""),
                y.as_deref().unwrap_or(""),
            )
            .ok()
            .filter(|date| *date <= today)
        };
        let age = parts(&answers.dob_day, &answers.dob_month, &answers.dob_year).map(|dob| {
            let mut years = i64::from(today.year() - dob.year());
            if (today.month(), today.day()) < (dob.month(), dob.day()) {
                years -= 1;
            }
            years
        });
        let off_sick_days = if answers.work_status.as_deref() == Some("off_sick") {
            parts(
                &answers.off_sick_day,
                &answers.off_sick_month,
                &answers.off_sick_year,
            )
            .map(|since| i64::from((today - since).get_days()))
        } else {
            None
        };
        let phrase_hits = scan_referral(&answers);
        Facts {
            answers,
            age,
            off_sick_days,
            phrase_hits,
        }
    }

    /// The categories of the phrases found.
    pub fn categories(&self) -> BTreeSet<Category> {
        self.phrase_hits.iter().map(|h| h.category).collect()
    }

    /// True when any of these phrases was found.
    fn hit(&self, ids: &[&str]) -> bool {
        self.phrase_hits
            .iter()
            .any(|h| ids.contains(&h.phrase_id.as_str()))
    }

    fn ticked(&self, field: &str, value: &str) -> bool {
        self.answers.get_many(field).iter().any(|v| v == value)
    }
}

/// Emergency signs and their floor.
const EMERGENCY_SIGN_VALUES: &[&str] = &[
    "chest_pain",
    "stroke_signs",
    "breathless",
    "bleeding",
    "overdose",
    "sudden_headache",
];
const CRISIS_SIGN_VALUES: &[&str] = &["ending_life_thoughts", "ending_life_plans", "self_harm"];
const SAFEGUARDING_VALUES: &[&str] = &["unsafe_at_home", "someone_at_risk"];

/// One part of the safety floor: what it needs and what it gives.
struct FloorRule {
    id: &'static str,
    priority: Priority,
    pathways: &'static [Pathway],
    advice: &'static [Advice],
    explanation_en: &'static str,
    explanation_cy: &'static str,
    hazards: &'static [&'static str],
    source: &'static str,
    applies: fn(&Facts) -> bool,
}

const FLOOR: &[FloorRule] = &[
    FloorRule {
        id: "floor.emergency",
        priority: Priority::Emergency,
        pathways: &[Pathway::EmergencyServices],
        advice: &[Advice::Emergency],
        explanation_en: "An emergency sign was ticked or described (chest pain, stroke signs, severe breathlessness, heavy bleeding, an overdose or poisoning, a sudden severe headache). Check that they called 999 or went to A&E.",
        explanation_cy: "Ticiwyd neu disgrifiwyd arwydd argyfwng (poen yn y frest, arwyddion strôc, diffyg anadl difrifol, gwaedu trwm, gorddos neu wenwyn, cur pen sydyn a difrifol). Gwiriwch eu bod wedi ffonio 999 neu wedi mynd i'r adran achosion brys.",
        hazards: &["H-001", "H-011", "H-012"],
        source: "NHS website: when to call 999 and when to go to A&E; NICE NG128 (stroke and TIA: FAST)",
        applies: |f| {
            EMERGENCY_SIGN_VALUES
                .iter()
                .any(|v| f.ticked("emergency_signs", v))
                || f.categories().contains(&Category::Emergency)
        },
    },
    FloorRule {
        id: "floor.cauda_equina",
        priority: Priority::Emergency,
        pathways: &[Pathway::EmergencyServices, Pathway::Gp],
        advice: &[Advice::Emergency],
        explanation_en: "Back pain with loss of bladder or bowel control, or numbness around the bottom or genitals, was ticked: suspected cauda equina syndrome needs same-day emergency assessment.",
        explanation_cy: "Ticiwyd poen cefn gyda cholli rheolaeth ar y bledren neu'r coluddyn, neu fferdod o gwmpas y pen-ôl neu'r organau rhywiol: mae angen asesiad brys ar yr un diwrnod ar gyfer syndrom cauda equina posibl.",
        hazards: &["H-011"],
        source: "GIRFT National Suspected Cauda Equina Syndrome Pathway (NHS England, 2023)",
        applies: |f| f.ticked("other_concerns", "back_pain_bladder"),
    },
    FloorRule {
        id: "floor.crisis",
        priority: Priority::Crisis,
        pathways: &[Pathway::Crisis, Pathway::MentalHealth],
        advice: &[Advice::Crisis],
        explanation_en: "Thoughts or plans of ending their life, or recent self-harm, were ticked or described (a phrase that may be negated is still raised). Contact them today and assess risk.",
        explanation_cy: "Ticiwyd neu disgrifiwyd meddyliau neu gynlluniau i ddod â'u bywyd i ben, neu hunan-niweidio diweddar (codir ymadrodd a allai fod yn negyddol hefyd). Cysylltwch â nhw heddiw ac aseswch y risg.",
        hazards: &["H-001", "H-011", "H-012"],
        source: "NICE NG225 Self-harm: assessment, management and preventing recurrence (2022)",
        applies: |f| {
            CRISIS_SIGN_VALUES
                .iter()
                .any(|v| f.ticked("crisis_signs", v))
                || f.categories().contains(&Category::Crisis)
        },
    },
    FloorRule {
        id: "floor.crisis_not_said",
        priority: Priority::Urgent,
        pathways: &[Pathway::MentalHealth],
        advice: &[],
        explanation_en: "They preferred not to say how they are feeling: ask them about thoughts of ending their life or self-harm when you contact them.",
        explanation_cy: "Roedd yn well ganddynt beidio â dweud sut maen nhw'n teimlo: gofynnwch iddyn nhw am feddyliau am ddod â'u bywyd i ben neu hunan-niweidio pan fyddwch chi'n cysylltu.",
        hazards: &["H-011"],
        source: "NICE NG225 Self-harm (2022): ask directly about self-harm and suicidal thoughts",
        applies: |f| f.ticked("crisis_signs", "prefer_not_to_say"),
    },
    FloorRule {
        id: "floor.safeguarding",
        priority: Priority::Urgent,
        pathways: &[Pathway::Safeguarding],
        advice: &[Advice::Safeguarding],
        explanation_en: "They feel unsafe at home, or a child or adult may be at risk (ticked or described). Follow the safeguarding procedure; contact them safely.",
        explanation_cy: "Dydyn nhw ddim yn teimlo'n ddiogel gartref, neu gall plentyn neu oedolyn fod mewn perygl (wedi'i dicio neu ei ddisgrifio). Dilynwch y drefn diogelu; cysylltwch â nhw'n ddiogel.",
        hazards: &["H-011", "H-012"],
        source: "Social Services and Well-being (Wales) Act 2014 ss. 128 and 130, and the Wales Safeguarding Procedures; Care Act 2014 s. 42 and Children Act 1989 (England); NICE PH50 domestic violence and abuse",
        applies: |f| {
            SAFEGUARDING_VALUES
                .iter()
                .any(|v| f.ticked("other_concerns", v))
                || f.categories().contains(&Category::Safeguarding)
        },
    },
    FloorRule {
        id: "floor.help_now",
        priority: Priority::Urgent,
        pathways: &[],
        advice: &[],
        explanation_en: "They answered that they need help right now, and were shown where to get it. Contact them today.",
        explanation_cy: "Atebon nhw fod angen help arnyn nhw nawr, a chawson nhw weld ble i'w gael. Cysylltwch â nhw heddiw.",
        hazards: &["H-001"],
        source: "Roots hazard log H-001 (to be confirmed by the clinical safety officer)",
        applies: |f| f.answers.needs_help_now.as_deref() == Some("yes"),
    },
    FloorRule {
        id: "floor.head_injury",
        priority: Priority::Urgent,
        pathways: &[Pathway::FrailtyFalls, Pathway::Gp],
        advice: &[Advice::Nhs111],
        explanation_en: "A fall with a head injury was ticked or described. Contact them today; check for signs that need A&E.",
        explanation_cy: "Ticiwyd neu disgrifiwyd cwymp gydag anaf i'r pen. Cysylltwch â nhw heddiw; gwiriwch am arwyddion sydd angen yr adran achosion brys.",
        hazards: &["H-011", "H-012"],
        source: "NICE NG232 Head injury: assessment and early management (2023)",
        applies: |f| {
            f.ticked("other_concerns", "fall_head_injury")
                || f.hit(&[
                    "falls.head_injury",
                    "falls.head_injury_2",
                    "falls.head_injury-cy",
                ])
        },
    },
    FloorRule {
        id: "floor.long_lie",
        priority: Priority::Soon,
        pathways: &[Pathway::FrailtyFalls],
        advice: &[],
        explanation_en: "Being unable to get up after a fall (a long lie) was ticked or described: a falls assessment is needed.",
        explanation_cy: "Ticiwyd neu disgrifiwyd methu codi ar ôl cwympo (gorwedd yn hir): mae angen asesiad cwympiadau.",
        hazards: &["H-011", "H-012"],
        source: "NICE NG249 Falls: assessment and prevention in older people and in people 50 and over at higher risk (2025)",
        applies: |f| {
            f.ticked("other_concerns", "fall_cannot_get_up")
                || f.hit(&[
                    "falls.cant_get_up",
                    "falls.on_the_floor",
                    "falls.cant_get_up-cy",
                    "falls.on_floor-cy",
                ])
        },
    },
    FloorRule {
        id: "floor.new_weakness_confusion",
        priority: Priority::Urgent,
        pathways: &[Pathway::Gp],
        // Sudden weakness or confusion can be a stroke: 999 comes first.
        advice: &[Advice::Emergency, Advice::Nhs111],
        explanation_en: "New weakness, numbness or confusion was ticked or described. If it was sudden it may be a stroke: check they called 999. Otherwise contact them today.",
        explanation_cy: "Ticiwyd neu disgrifiwyd gwendid, fferdod neu ddryswch newydd. Os oedd yn sydyn gall fod yn strôc: gwiriwch eu bod wedi ffonio 999. Fel arall cysylltwch â nhw heddiw.",
        hazards: &["H-011", "H-012"],
        source: "NICE NG128 Stroke and TIA (FAST); NICE CG103 Delirium",
        applies: |f| {
            f.ticked("other_concerns", "new_weakness_confusion")
                || f.categories().contains(&Category::Neuro)
        },
    },
    FloorRule {
        id: "floor.weight_loss",
        priority: Priority::Soon,
        pathways: &[Pathway::Gp],
        advice: &[],
        explanation_en: "Losing weight without trying was ticked or described: the GP should see them (suspected cancer pathways).",
        explanation_cy: "Ticiwyd neu disgrifiwyd colli pwysau heb geisio: dylai'r meddyg teulu eu gweld (llwybrau canser posibl).",
        hazards: &["H-011", "H-012"],
        source: "NICE NG12 Suspected cancer: recognition and referral",
        applies: |f| {
            f.ticked("other_concerns", "weight_loss")
                || f.categories().contains(&Category::WeightLoss)
        },
    },
    FloorRule {
        id: "floor.cauda_equina_in_own_words",
        priority: Priority::Emergency,
        pathways: &[Pathway::EmergencyServices, Pathway::Gp],
        advice: &[Advice::Emergency],
        explanation_en: "Loss of bladder or bowel control or numbness around the bottom was described in their own words: possible cauda equina syndrome needs same-day emergency assessment.",
        explanation_cy: "Disgrifiwyd colli rheolaeth ar y bledren neu'r coluddyn neu fferdod o gwmpas y pen-ôl yn eu geiriau eu hunain: mae angen asesiad brys ar yr un diwrnod ar gyfer syndrom cauda equina posibl.",
        hazards: &["H-012"],
        source: "GIRFT National Suspected Cauda Equina Syndrome Pathway (NHS England, 2023)",
        applies: |f| {
            f.hit(&[
                "cauda_equina.saddle",
                "cauda_equina.numb_bottom",
                "cauda_equina.bladder_control",
                "cauda_equina.cant_feel_wee",
                "cauda_equina.back_and_bladder",
                "cauda_equina.numb_bottom-cy",
                "cauda_equina.bladder-cy",
                "cauda_equina.back_and_bladder-cy",
            ])
        },
    },
    FloorRule {
        id: "floor.both_legs",
        priority: Priority::Urgent,
        pathways: &[Pathway::Gp],
        advice: &[],
        explanation_en: "Sciatica or numbness in both legs was described: an urgent assessment is needed for possible cauda equina syndrome.",
        explanation_cy: "Disgrifiwyd clunwst neu fferdod yn y ddwy goes: mae angen asesiad brys ar gyfer syndrom cauda equina posibl.",
        hazards: &["H-012"],
        source: "GIRFT National Suspected Cauda Equina Syndrome Pathway (NHS England, 2023)",
        applies: |f| f.hit(&["cauda_equina.both_legs"]),
    },
];

/// The parts of the safety floor that apply: `(id, priority, pathways,
/// advice)`. The floor is in code so that no rulebook can remove it.
pub fn floor(
    facts: &Facts,
) -> Vec<(
    &'static str,
    Priority,
    &'static [Pathway],
    &'static [Advice],
)> {
    FLOOR
        .iter()
        .filter(|r| (r.applies)(facts))
        .map(|r| (r.id, r.priority, r.pathways, r.advice))
        .collect()
}

/// The advice a person must see at once, from the safety floor alone (no
/// rulebook needed): what the referral pages use to decide whether to show
/// the urgent-help page and what to put first on it.
pub fn immediate_advice(input: &ReferralInput) -> Vec<Advice> {
    let answers = input.normalised(Mode::Staff);
    let facts = Facts {
        phrase_hits: scan_referral(&answers),
        answers,
        ..Facts::default()
    };
    let advice: BTreeSet<Advice> = floor(&facts)
        .into_iter()
        .flat_map(|(_, _, _, a)| a.iter().copied())
        .collect();
    advice.into_iter().collect()
}

/// The advice a person must see at once from the floor and the rulebook's
/// rules together (a rule can add advice, never remove the floor's).
pub fn advice_with(input: &ReferralInput, rulebook: &Rulebook, today: Date) -> Vec<Advice> {
    triage(input, rulebook, today).immediate_advice
}

/// Triage one referral. Pure: the same referral, rulebook and date give the
/// same decision.
pub fn triage(input: &ReferralInput, rulebook: &Rulebook, today: Date) -> Decision {
    decide(&Facts::gather(input, today), rulebook)
}

/// The engine on facts already gathered (the property test varies facts
/// directly).
pub fn decide(facts: &Facts, rulebook: &Rulebook) -> Decision {
    let mut priority: Option<Priority> = None;
    let mut pathways = BTreeSet::new();
    let mut advice = BTreeSet::new();
    let mut reasons = Vec::new();
    for r in FLOOR.iter().filter(|r| (r.applies)(facts)) {
        priority = priority.max(Some(r.priority));
        pathways.extend(r.pathways.iter().copied());
        advice.extend(r.advice.iter().copied());
        reasons.push(Reason {
            rule_id: r.id.to_owned(),
            priority: r.priority,
            pathways: r.pathways.to_vec(),
            explanation_en: r.explanation_en.to_owned(),
            explanation_cy: r.explanation_cy.to_owned(),
            hazards: r.hazards.iter().map(|h| (*h).to_owned()).collect(),
            source: r.source.to_owned(),
        });
    }
    for rule in rulebook.rules.iter().filter(|r| r.fires(facts)) {
        priority = priority.max(Some(rule.priority));
        pathways.extend(rule.pathways.iter().copied());
        advice.extend(rule.advice.iter().copied());
        reasons.push(Reason {
            rule_id: rule.id.clone(),
            priority: rule.priority,
            pathways: rule.pathways.clone(),
            explanation_en: rule.explanation_en.clone(),
            explanation_cy: rule.explanation_cy.clone(),
            hazards: rule.hazards.clone(),
            source: rule.source.clone(),
        });
    }
    if pathways.is_empty() {
        pathways.insert(Pathway::OtAssessment);
    }
    Decision {
        priority: priority.unwrap_or(Priority::Routine),
        pathways: pathways.into_iter().collect(),
        immediate_advice: advice.into_iter().collect(),
        reasons,
        phrase_hits: facts.phrase_hits.clone(),
        rulebook_version: rulebook.version.clone(),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod vignettes;
