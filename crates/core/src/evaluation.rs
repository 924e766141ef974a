//! The service evaluation's arithmetic, pure and table-tested: the figures
//! of a period from the facts of its referrals ([`figures`]), percentiles
//! of waits, rates with their numerator and denominator, small-number
//! suppression, and the return on investment with its sensitivity range.
//! The figures themselves are counted from the records by the store; this
//! module only turns counts into figures, so every formula is here and the
//! pages can write it out.
//!
//! Sources and choices:
//! - Percentiles by linear interpolation between closest ranks (Hyndman
//!   and Fan's definition 7, the default of R, NumPy and pandas), so an
//!   analyst's spreadsheet or notebook gives the same median and 90th
//!   percentile.
//! - Small-number suppression: a figure is not shown when its denominator
//!   is below the threshold, or its numerator, or the rest of the
//!   denominator, is above zero and below it (so a small count cannot be
//!   worked out from the rate or its complement); the threshold
//!   is configurable, 5 by default (the issue; NHS England publishes with
//!   suppression of small counts to protect confidentiality).
//! - Unit costs from the source article: GP patient contact £184 an hour
//!   and an advanced OT £120 an hour (PSSRU Unit Costs of Health and Social
//!   Care 2020); more than £12,000 a year for each person moved from
//!   unemployment into work, and £2 back for every £1 spent on work-stress
//!   prevention (Public Health England 2017). Values not yet confirmed are
//!   marked so, and the pages say so.

pub mod counts;
pub mod equity;
pub mod report;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use counts::Counts;

use crate::triage::Pathway;

/// The default small-number threshold.
pub const SUPPRESS_BELOW: u64 = 5;

/// The `p`th percentile (0 ≤ p ≤ 1) of `values` by linear interpolation
/// between closest ranks; `None` for no values.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    percentile_sorted(&v, p)
}

/// [`percentile`] of values already sorted in ascending order, all finite
/// (so several percentiles of one list need one sort).
pub fn percentile_sorted(v: &[f64], p: f64) -> Option<f64> {
    if v.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (v.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    Some(v[lo] + (h - lo as f64) * (v[hi] - v[lo]))
}

/// A count out of a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
}

/// A figure as shown: its value, or suppressed, or nothing to show.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "shown")]
pub enum Shown {
    Value {
        value: f64,
    },
    /// Too few to show without identifying people.
    Suppressed,
    /// No denominator.
    None,
}

impl Rate {
    pub fn new(numerator: u64, denominator: u64) -> Rate {
        Rate {
            numerator,
            denominator,
        }
    }

    /// The percentage, unsuppressed (`None` with no denominator).
    pub fn percent(self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 * 100.0 / self.denominator as f64)
    }

    /// Whether it must not be shown at this threshold.
    pub fn suppressed(self, threshold: u64) -> bool {
        let rest = self.denominator.saturating_sub(self.numerator);
        self.denominator < threshold
            || (self.numerator > 0 && self.numerator < threshold)
            || (rest > 0 && rest < threshold)
    }

    /// The percentage as it may be shown.
    pub fn shown(self, threshold: u64) -> Shown {
        if self.denominator == 0 {
            Shown::None
        } else if self.suppressed(threshold) {
            Shown::Suppressed
        } else {
            Shown::Value {
                value: self.percent().unwrap_or(0.0),
            }
        }
    }
}

/// The triage pathways of a referral, as a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Pathways(u16);

impl Pathways {
    /// Bit i for `Pathway::ALL[i]` (the order the variants are declared
    /// in: tested).
    fn bit(p: Pathway) -> u16 {
        1 << (p as u16)
    }

    pub fn insert(&mut self, p: Pathway) {
        self.0 |= Self::bit(p);
    }

    pub fn contains(self, p: Pathway) -> bool {
        self.0 & Self::bit(p) != 0
    }

    /// The pathways in the set, in the order of [`Pathway::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Pathway> {
        Pathway::ALL
            .iter()
            .copied()
            .filter(move |p| self.contains(*p))
    }

    /// The set as a number (bit i for `Pathway::ALL[i]`), and back: a
    /// compact form to keep.
    pub fn bits(self) -> u16 {
        self.0
    }

    /// `None` when a bit names no pathway.
    pub fn from_bits(bits: u16) -> Option<Pathways> {
        (u32::from(bits) >> Pathway::ALL.len() == 0).then_some(Pathways(bits))
    }
}

impl FromIterator<Pathway> for Pathways {
    fn from_iter<I: IntoIterator<Item = Pathway>>(iter: I) -> Self {
        let mut set = Pathways::default();
        for p in iter {
            set.insert(p);
        }
        set
    }
}

/// The outcome measures whose change the evaluation reports, in order.
pub const MEASURES: &[&str] = &["phq9", "gad7", "gas"];

/// Each reported measure's change from first to last in an episode (PHQ-9,
/// GAD-7: last total − first; GAS: the T-score at follow-up − at
/// baseline), when it was measured twice.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MeasureChanges {
    pub phq9: Option<f64>,
    pub gad7: Option<f64>,
    pub gas: Option<f64>,
}

impl MeasureChanges {
    /// The change of one of [`MEASURES`].
    pub fn get(&self, measure: &str) -> Option<f64> {
        match measure {
            "phq9" => self.phq9,
            "gad7" => self.gad7,
            "gas" => self.gas,
            _ => None,
        }
    }

    /// Sets the change of one of [`MEASURES`]; `false` for another measure
    /// (not reported, so not kept).
    pub fn set(&mut self, measure: &str, change: f64) -> bool {
        let slot = match measure {
            "phq9" => &mut self.phq9,
            "gad7" => &mut self.gad7,
            "gas" => &mut self.gas,
            _ => return false,
        };
        *slot = Some(change);
        true
    }
}

/// What the records say about one referral in the period, for the
/// evaluation (gathered by the store; no names). Text is borrowed where it
/// can be, so a million referrals read at once are not a million
/// allocations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferralFacts<'a> {
    /// An opaque key of the person (to count people, not referrals).
    pub person: Cow<'a, str>,
    /// The day it was received (Europe/London).
    pub received: Option<jiff::civil::Date>,
    /// How it came (self, GP, …) and the pathways of its latest triage.
    pub source: Cow<'a, str>,
    pub pathways: Pathways,
    /// Days from referral to its first triage, and to the first attended
    /// contact.
    pub days_to_triage: Option<f64>,
    pub days_to_first_contact: Option<f64>,
    /// Attended contacts and did-not-attends.
    pub contacts: u64,
    pub did_not_attend: u64,
    /// From the discharge, when discharged: self-management offered, GP
    /// appointments avoided (any), CMHT referral avoided, referred on.
    pub discharged: bool,
    pub self_management_offered: bool,
    pub gp_appointments_avoided: u64,
    pub cmht_referral_avoided: bool,
    pub referred_on: bool,
    /// The work outcome, when one was recorded.
    pub work_outcome: Option<crate::work::WorkOutcome>,
    /// The reported outcome measures' change in the episode.
    pub measure_changes: MeasureChanges,
    /// Who was referred, for the equity figures: age at referral, and the
    /// monitoring answers as given (codes of `referral.rs`).
    pub equity: equity::Monitoring<'a>,
}

/// The evaluation's counts and figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub referrals: u64,
    /// People with at least one attended contact.
    pub people_seen: u64,
    pub contacts: u64,
    pub by_source: Vec<(String, u64)>,
    pub by_pathway: Vec<(String, u64)>,
    pub wait_to_triage_median: Option<f64>,
    pub wait_to_triage_p90: Option<f64>,
    pub wait_to_contact_median: Option<f64>,
    pub wait_to_contact_p90: Option<f64>,
    /// Of those discharged.
    pub self_management: Rate,
    pub gp_avoided: Rate,
    pub cmht_avoided: Rate,
    pub referred_on: Rate,
    pub gp_appointments_avoided: u64,
    /// Did-not-attends of all booked contacts (attended + DNA).
    pub did_not_attend: Rate,
    pub work_outcomes: Vec<(crate::work::WorkOutcome, u64)>,
}

/// Turns the facts of a period's referrals into the evaluation's figures.
pub fn figures(facts: &[ReferralFacts]) -> Figures {
    Counts::of(facts).figures()
}

/// A unit cost or value, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitValue {
    /// Pounds (or minutes, for a length).
    pub value: f64,
    /// The low and high ends for the sensitivity range (default: the value).
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
    pub source: String,
    pub price_year: Option<u16>,
    /// Not yet confirmed: shown as "to confirm".
    #[serde(default)]
    pub to_confirm: bool,
}

impl UnitValue {
    fn at(&self, end: End) -> f64 {
        match end {
            End::Low => self.low.unwrap_or(self.value),
            End::Central => self.value,
            End::High => self.high.unwrap_or(self.value),
        }
    }
}

/// The unit costs and values the return on investment uses
/// (in `evaluation.toml`, [`report::parse_config`]; the defaults are the
/// article's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCosts {
    /// A GP's patient contact, per hour.
    pub gp_hour: UnitValue,
    /// A GP consultation's length, in minutes.
    pub gp_consultation_minutes: UnitValue,
    /// An advanced OT, per hour.
    pub ot_hour: UnitValue,
    /// One referral to a community mental health team.
    pub cmht_referral: UnitValue,
    /// A year's saving for one person moved from unemployment into work.
    pub unemployment_to_work: UnitValue,
}

impl Default for UnitCosts {
    fn default() -> Self {
        let v = |value: f64, source: &str, year: Option<u16>, to_confirm: bool| UnitValue {
            value,
            low: None,
            high: None,
            source: source.to_owned(),
            price_year: year,
            to_confirm,
        };
        UnitCosts {
            gp_hour: v(
                184.0,
                "PSSRU Unit Costs of Health and Social Care 2020 (as quoted by the RCOT article)",
                Some(2020),
                false,
            ),
            gp_consultation_minutes: UnitValue {
                low: Some(9.0),
                high: Some(15.0),
                ..v(10.0, "a typical GP consultation length", None, true)
            },
            ot_hour: v(
                120.0,
                "PSSRU Unit Costs of Health and Social Care 2020 (advanced OT, as quoted by the RCOT article)",
                Some(2020),
                false,
            ),
            cmht_referral: v(
                0.0,
                "not yet set: a local CMHT referral and assessment cost",
                None,
                true,
            ),
            unemployment_to_work: UnitValue {
                low: Some(12000.0),
                high: Some(12000.0),
                ..v(
                    12000.0,
                    "Public Health England 2017 (more than £12,000 a year)",
                    Some(2017),
                    false,
                )
            },
        }
    }
}

/// Which end of the sensitivity range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Low,
    Central,
    High,
}

/// What the service did in a period, as counted from the records.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Activity {
    pub people_seen: u64,
    pub ot_hours: f64,
    pub gp_appointments_avoided: u64,
    pub cmht_referrals_avoided: u64,
    /// People moved from unemployment into work.
    pub into_work: u64,
}

/// The return on investment at one end of the range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Return {
    /// OT hours × the OT's hourly cost.
    pub cost: f64,
    /// GP appointments avoided × (GP hour × consultation minutes ÷ 60)
    /// + CMHT referrals avoided × their cost + people into work × value.
    pub avoided: f64,
    /// (avoided − cost) ÷ people seen.
    pub net_per_person: Option<f64>,
    /// avoided ÷ cost.
    pub ratio: Option<f64>,
}

/// The return on investment for `activity` at one end of the range. Low
/// uses the low avoided values and the high OT cost; high the opposite;
/// so the range is the widest honest one.
pub fn roi(activity: &Activity, costs: &UnitCosts, end: End) -> Return {
    let (save, spend) = match end {
        End::Low => (End::Low, End::High),
        End::Central => (End::Central, End::Central),
        End::High => (End::High, End::Low),
    };
    let gp_appointment = costs.gp_hour.at(save) * costs.gp_consultation_minutes.at(save) / 60.0;
    let cost = activity.ot_hours * costs.ot_hour.at(spend);
    let avoided = activity.gp_appointments_avoided as f64 * gp_appointment
        + activity.cmht_referrals_avoided as f64 * costs.cmht_referral.at(save)
        + activity.into_work as f64 * costs.unemployment_to_work.at(save);
    Return {
        cost,
        avoided,
        net_per_person: (activity.people_seen > 0)
            .then(|| (avoided - cost) / activity.people_seen as f64),
        ratio: (cost > 0.0).then(|| avoided / cost),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pathway_sets_keep_each_pathway_in_its_own_bit() {
        for (i, p) in Pathway::ALL.iter().enumerate() {
            assert_eq!(Pathways::bit(*p), 1 << i, "{p:?}");
        }
        let set: Pathways = [Pathway::Gp, Pathway::Other].into_iter().collect();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Pathway::Gp, Pathway::Other]
        );
        assert_eq!(Pathways::from_bits(set.bits()), Some(set));
        assert!(set.contains(Pathway::Gp) && !set.contains(Pathway::Crisis));
        assert_eq!(Pathways::from_bits(1 << Pathway::ALL.len()), None);
        assert_eq!(Pathways::from_bits(0), Some(Pathways::default()));
    }

    /// Against values computed by hand (and by numpy.percentile's default).
    #[test]
    fn percentiles_interpolate_between_ranks() {
        let table: &[(&[f64], f64, Option<f64>)] = &[
            (&[], 0.5, None),
            (&[7.0], 0.5, Some(7.0)),
            (&[7.0], 0.9, Some(7.0)),
            (&[1.0, 2.0, 3.0, 4.0], 0.5, Some(2.5)),
            // h = 3 × 0.9 = 2.7: 3 + 0.7 × (4 − 3)
            (&[1.0, 2.0, 3.0, 4.0], 0.9, Some(3.7)),
            (&[4.0, 1.0, 3.0, 2.0], 0.9, Some(3.7)),
            (
                &[2.0, 4.0, 4.0, 5.0, 7.0, 9.0, 10.0, 14.0, 21.0, 30.0],
                0.5,
                Some(8.0),
            ),
            // h = 9 × 0.9 = 8.1: 21 + 0.1 × (30 − 21)
            (
                &[2.0, 4.0, 4.0, 5.0, 7.0, 9.0, 10.0, 14.0, 21.0, 30.0],
                0.9,
                Some(21.9),
            ),
            (&[5.0, 1.0], 0.0, Some(1.0)),
            (&[5.0, 1.0], 1.0, Some(5.0)),
            (&[1.0, 2.0], 1.5, None),
        ];
        for (values, p, expected) in table {
            let got = percentile(values, *p);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{values:?} p{p}: {g} not {e}"),
                _ => assert_eq!(got, *expected, "{values:?} p{p}"),
            }
        }
    }

    #[test]
    fn rates_show_their_parts_and_small_numbers_are_suppressed() {
        let table: &[(u64, u64, Shown)] = &[
            (0, 0, Shown::None),
            (
                293,
                386,
                Shown::Value {
                    value: 293.0 * 100.0 / 386.0,
                },
            ),
            (0, 10, Shown::Value { value: 0.0 }),
            (10, 10, Shown::Value { value: 100.0 }),
            (3, 10, Shown::Suppressed),
            // 7 of 10 would show that 3 were not.
            (7, 10, Shown::Suppressed),
            (
                6,
                11,
                Shown::Value {
                    value: 6.0 * 100.0 / 11.0,
                },
            ),
            (4, 4, Shown::Suppressed),
            (5, 5, Shown::Value { value: 100.0 }),
            (0, 4, Shown::Suppressed),
        ];
        for (n, d, expected) in table {
            assert_eq!(
                Rate::new(*n, *d).shown(SUPPRESS_BELOW),
                *expected,
                "{n}/{d}"
            );
        }
        // The North Wales figures: 76%, 67%, 26% of 386.
        let pct = |n| Rate::new(n, 386).percent().unwrap().round();
        assert_eq!((pct(293), pct(259), pct(100)), (76.0, 67.0, 26.0));
        // A lower threshold shows more.
        assert_eq!(Rate::new(3, 10).shown(3), Shown::Value { value: 30.0 });
        assert_eq!(Rate::new(8, 10).shown(3), Shown::Suppressed, "2 not");
    }

    #[test]
    fn the_return_on_investment_by_hand() {
        let costs = UnitCosts::default();
        let a = Activity {
            people_seen: 100,
            ot_hours: 150.0,
            gp_appointments_avoided: 120,
            cmht_referrals_avoided: 20,
            into_work: 2,
        };
        let central = roi(&a, &costs, End::Central);
        // Cost: 150 h × £120 = £18,000.
        assert!((central.cost - 18_000.0).abs() < 1e-6);
        // Avoided: 120 × (£184 × 10 / 60 = £30.67) = £3,680; CMHT £0 (not
        // yet set); 2 × £12,000 = £24,000: £27,680.
        assert!(
            (central.avoided - 27_680.0).abs() < 1e-6,
            "{}",
            central.avoided
        );
        assert!((central.net_per_person.unwrap() - 96.8).abs() < 1e-9);
        assert!((central.ratio.unwrap() - 27_680.0 / 18_000.0).abs() < 1e-12);
        // The range: consultation 9 to 15 minutes.
        let low = roi(&a, &costs, End::Low);
        let high = roi(&a, &costs, End::High);
        assert!((low.avoided - (120.0 * 184.0 * 9.0 / 60.0 + 24_000.0)).abs() < 1e-6);
        assert!((high.avoided - (120.0 * 184.0 * 15.0 / 60.0 + 24_000.0)).abs() < 1e-6);
        assert!(low.net_per_person < central.net_per_person);
        assert!(central.net_per_person < high.net_per_person);
        // Nobody seen, no hours: no per-person figure, no ratio.
        let none = roi(&Activity::default(), &costs, End::Central);
        assert_eq!((none.net_per_person, none.ratio), (None, None));
    }

    /// Five referrals, counted by hand.
    #[test]
    fn figures_from_the_facts_of_a_period() {
        use crate::work::WorkOutcome;
        let f = |source: &'static str,
                 triage: Option<f64>,
                 contact: Option<f64>,
                 contacts: u64,
                 dna: u64,
                 discharge: Option<(bool, u64, bool)>| ReferralFacts {
            source: source.into(),
            pathways: [Pathway::OtAssessment].into_iter().collect(),
            days_to_triage: triage,
            days_to_first_contact: contact,
            contacts,
            did_not_attend: dna,
            discharged: discharge.is_some(),
            self_management_offered: discharge.is_some_and(|d| d.0),
            gp_appointments_avoided: discharge.map_or(0, |d| d.1),
            cmht_referral_avoided: discharge.is_some_and(|d| d.2),
            referred_on: false,
            ..ReferralFacts::default()
        };
        let mut facts = vec![
            f("self", Some(1.0), Some(7.0), 3, 0, Some((true, 2, false))),
            f("self", Some(2.0), Some(10.0), 2, 1, Some((true, 0, true))),
            f("gp", Some(0.0), Some(5.0), 1, 0, Some((false, 1, false))),
            f("self", Some(4.0), None, 0, 2, None),
            f("gp", None, None, 0, 0, None),
        ];
        facts[0].work_outcome = Some(WorkOutcome::ReturnedToWork);
        facts[1].pathways.insert(Pathway::WorkFitnote);
        let g = figures(&facts);
        assert_eq!((g.referrals, g.people_seen, g.contacts), (5, 3, 6));
        // Two referrals of one person seen: one person seen.
        let mut twice = facts.clone();
        twice[0].person = "p1".into();
        twice[1].person = "p1".into();
        assert_eq!(figures(&twice).people_seen, 2);
        assert_eq!(g.by_source, [("gp".to_owned(), 2), ("self".to_owned(), 3)]);
        assert_eq!(
            g.by_pathway,
            [
                ("ot_assessment".to_owned(), 5),
                ("work_fitnote".to_owned(), 1)
            ]
        );
        // Waits to triage 0, 1, 2, 4: median 1.5; p90 h = 2.7: 2 + 0.7 × 2.
        assert_eq!(g.wait_to_triage_median, Some(1.5));
        assert!((g.wait_to_triage_p90.unwrap() - 3.4).abs() < 1e-9);
        // Waits to contact 5, 7, 10: median 7; p90 h = 1.8: 7 + 0.8 × 3.
        assert_eq!(g.wait_to_contact_median, Some(7.0));
        assert!((g.wait_to_contact_p90.unwrap() - 9.4).abs() < 1e-9);
        // Of the 3 discharged: self-management 2, GP avoided 2 (3
        // appointments), CMHT avoided 1.
        assert_eq!(g.self_management, Rate::new(2, 3));
        assert_eq!(g.gp_avoided, Rate::new(2, 3));
        assert_eq!(g.gp_appointments_avoided, 3);
        assert_eq!(g.cmht_avoided, Rate::new(1, 3));
        // Did not attend: 3 of 9 booked.
        assert_eq!(g.did_not_attend, Rate::new(3, 9));
        assert_eq!(g.work_outcomes, [(WorkOutcome::ReturnedToWork, 1)]);
        // Nothing at all.
        let none = figures(&[]);
        assert_eq!((none.referrals, none.wait_to_triage_median), (0, None));
        assert_eq!(none.self_management.shown(SUPPRESS_BELOW), Shown::None);
    }
}
