//! Who the service reaches and who it misses: referrals, people seen and
//! self-management offered, by deprivation quintile, age band, sex, ethnic
//! group and inclusion-health group, each with the share not stated.
//!
//! Sources:
//! - NHS England, "Statement on information on health inequalities" (under
//!   section 13SA of the NHS Act 2006, 2023): access and outcomes by
//!   deprivation, age, sex, ethnicity and inclusion-health groups, with the
//!   completeness of each.
//! - Deprivation: the ONS Postcode Directory's `imd` column is the rank of
//!   the postcode's small area in its own nation's index, 1 the most
//!   deprived. Quintiles are fifths of the nation's areas: England's IMD
//!   2019 ranks 32,844 LSOAs, Wales's WIMD 2019 1,909 LSOAs, Scotland's
//!   SIMD 2020 6,976 data zones, Northern Ireland's NIMDM 2017 890 super
//!   output areas. Quintile 1 is the most deprived fifth. The nations'
//!   indices are not comparable with each other; a quintile only says
//!   where an area stands within its own nation.
//! - Ethnic group: the NHS Data Dictionary's Ethnic Category codes, by
//!   their five broad groups (A–C White, D–G Mixed, H–L Asian, M–P Black,
//!   R–S Other; Z not stated).
//! - Inclusion-health groups: NHS England's Core20PLUS5 names people
//!   experiencing homelessness, Gypsy, Roma and Traveller communities and
//!   vulnerable migrants among them; the referral also asks about the
//!   armed forces community and unpaid carers, reported the same way.

use std::borrow::Cow;

use super::{Rate, ReferralFacts};
use serde::{Deserialize, Serialize};

/// The monitoring answers of one referral, as given (all optional).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Monitoring<'a> {
    /// Age in whole years on the day of referral.
    pub age: Option<i64>,
    pub sex: Option<Cow<'a, str>>,
    pub ethnic_group: Option<Cow<'a, str>>,
    pub housing: Option<Cow<'a, str>>,
    /// `yes` when the person said they have no fixed address.
    pub no_fixed_address: Option<Cow<'a, str>>,
    pub refugee_asylum: Option<Cow<'a, str>>,
    pub gypsy_roma_traveller: Option<Cow<'a, str>>,
    pub armed_forces: Option<Cow<'a, str>>,
    pub unpaid_carer: Option<Cow<'a, str>>,
    /// The nation (ONS code) and deprivation rank of the postcode's area,
    /// when the postcode directory holds it.
    pub deprivation: Option<(Cow<'a, str>, i64)>,
}

/// The number of ranked areas of each nation's index (see the module
/// documentation).
pub const AREAS: &[(&str, i64, &str)] = &[
    ("E92000001", 32_844, "IMD 2019 (England)"),
    ("W92000004", 1_909, "WIMD 2019 (Wales)"),
    ("S92000003", 6_976, "SIMD 2020 (Scotland)"),
    ("N92000002", 890, "NIMDM 2017 (Northern Ireland)"),
];

/// The deprivation quintile (1 most deprived … 5 least) of an area ranked
/// `rank` in its nation's index; `None` for an unknown nation or a rank
/// outside the index.
pub fn imd_quintile(country: &str, rank: i64) -> Option<u8> {
    let (_, areas, _) = AREAS.iter().find(|(c, _, _)| *c == country)?;
    if !(1..=*areas).contains(&rank) {
        return None;
    }
    // The q-th fifth holds ranks up to q × areas ÷ 5.
    Some(
        (1..=5u8)
            .find(|q| rank * 5 <= i64::from(*q) * areas)
            .unwrap_or(5),
    )
}

/// The age band of an age in years.
pub fn age_band(age: i64) -> &'static str {
    match age {
        ..18 => "under_18",
        18..25 => "18_24",
        25..35 => "25_34",
        35..45 => "35_44",
        45..55 => "45_54",
        55..65 => "55_64",
        65..75 => "65_74",
        _ => "75_plus",
    }
}

/// The broad group of an NHS Ethnic Category code (`None`: not stated).
pub fn ethnic_broad(code: &str) -> Option<&'static str> {
    match code {
        "A" | "B" | "C" => Some("white"),
        "D" | "E" | "F" | "G" => Some("mixed"),
        "H" | "J" | "K" | "L" => Some("asian"),
        "M" | "N" | "P" => Some("black"),
        "R" | "S" => Some("other"),
        _ => None,
    }
}

/// The equity dimensions, in the order they are shown.
pub const DIMENSIONS: &[&str] = &[
    "deprivation",
    "age",
    "sex",
    "ethnic_group",
    "homeless",
    "refugee_asylum",
    "gypsy_roma_traveller",
    "armed_forces",
    "unpaid_carer",
];

/// Each dimension's groups in the order they are shown (by the place of
/// the dimension in [`DIMENSIONS`]).
const GROUPS: [&[&str]; 9] = [
    &["1", "2", "3", "4", "5"],
    &[
        "under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus",
    ],
    &["female", "male", "other"],
    &["white", "mixed", "asian", "black", "other"],
    &["yes", "no"],
    &["yes", "no"],
    &["yes", "no"],
    &["yes", "no"],
    &["yes", "no"],
];

/// Each dimension's groups in the order they are shown.
pub fn groups(dimension: &str) -> &'static [&'static str] {
    DIMENSIONS
        .iter()
        .position(|d| *d == dimension)
        .map_or(&["yes", "no"], |i| GROUPS[i])
}

/// The groups of the `i`th of [`DIMENSIONS`].
pub fn groups_at(i: usize) -> &'static [&'static str] {
    GROUPS.get(i).copied().unwrap_or_default()
}

const YES: Option<usize> = Some(0);
const NO: Option<usize> = Some(1);

fn yes_no(v: &Option<Cow<'_, str>>) -> Option<usize> {
    match v.as_deref() {
        Some("yes") => YES,
        Some("no") => NO,
        _ => None,
    }
}

/// The group of one referral in a dimension; `None` when not stated (or,
/// for deprivation, not known).
pub fn group_of(dimension: &str, m: &Monitoring) -> Option<&'static str> {
    let i = DIMENSIONS.iter().position(|d| *d == dimension)?;
    group_at(i, m).and_then(|g| GROUPS[i].get(g).copied())
}

/// [`group_of`] the `i`th of [`DIMENSIONS`], as the group's place in its
/// [`groups_at`] (what counting a million referrals needs: no names
/// compared).
pub fn group_at(i: usize, m: &Monitoring) -> Option<usize> {
    match i {
        0 => {
            let (country, rank) = m.deprivation.as_ref()?;
            imd_quintile(country, *rank).map(|q| usize::from(q) - 1)
        }
        1 => m.age.map(|a| {
            let band = age_band(a);
            GROUPS[1].iter().position(|g| *g == band).unwrap_or(0)
        }),
        2 => match m.sex.as_deref() {
            Some("female") => Some(0),
            Some("male") => Some(1),
            Some("other") => Some(2),
            _ => None,
        },
        3 => match m.ethnic_group.as_deref().and_then(ethnic_broad) {
            Some("white") => Some(0),
            Some("mixed") => Some(1),
            Some("asian") => Some(2),
            Some("black") => Some(3),
            Some(_) => Some(4),
            None => None,
        },
        4 => {
            if m.no_fixed_address.as_deref() == Some("yes") {
                return YES;
            }
            match m.housing.as_deref() {
                Some("temporary" | "no_fixed_address") => YES,
                None | Some("prefer_not_to_say") => None,
                Some(_) => NO,
            }
        }
        5 => yes_no(&m.refugee_asylum),
        6 => yes_no(&m.gypsy_roma_traveller),
        7 => match m.armed_forces.as_deref() {
            Some("serving" | "veteran" | "family") => YES,
            Some("no") => NO,
            _ => None,
        },
        8 => yes_no(&m.unpaid_carer),
        _ => None,
    }
}

/// One group's reach: its referrals (of all referrals), those of them
/// seen, and self-management offered of those discharged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub group: String,
    pub referrals: Rate,
    pub seen: Rate,
    pub self_management: Rate,
}

/// One dimension's groups, and the referrals whose answer is not stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    pub dimension: String,
    pub groups: Vec<Group>,
    pub not_stated: Rate,
}

/// The equity breakdown of a period's referrals.
pub fn breakdown(facts: &[ReferralFacts]) -> Vec<Dimension> {
    super::Counts::of(facts).breakdown()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_are_fifths_of_each_nation() {
        let table: &[(&str, i64, Option<u8>)] = &[
            // Wales: 1,909 areas; the first fifth ends at 381.8.
            ("W92000004", 1, Some(1)),
            ("W92000004", 381, Some(1)),
            ("W92000004", 382, Some(2)),
            ("W92000004", 1_909, Some(5)),
            ("W92000004", 1_910, None),
            ("W92000004", 0, None),
            // England: 32,844 areas; fifths of 6,568.8.
            ("E92000001", 6_568, Some(1)),
            ("E92000001", 6_569, Some(2)),
            // 3 × 32,844 ÷ 5 = 19,706.4
            ("E92000001", 19_706, Some(3)),
            ("E92000001", 19_707, Some(4)),
            ("E92000001", 26_275, Some(4)),
            ("E92000001", 26_276, Some(5)),
            ("N92000002", 178, Some(1)),
            ("N92000002", 179, Some(2)),
            ("S92000003", 6_976, Some(5)),
            ("L93000001", 5, None),
        ];
        for (country, rank, q) in table {
            assert_eq!(imd_quintile(country, *rank), *q, "{country} {rank}");
        }
    }

    #[test]
    fn groups_of_the_monitoring_answers() {
        let m = |f: &dyn Fn(&mut Monitoring)| {
            let mut m = Monitoring::default();
            f(&mut m);
            m
        };
        type Case<'a> = (&'a str, Monitoring<'a>, Option<&'a str>);
        let table: Vec<Case> = vec![
            ("age", m(&|m| m.age = Some(17)), Some("under_18")),
            ("age", m(&|m| m.age = Some(18)), Some("18_24")),
            ("age", m(&|m| m.age = Some(64)), Some("55_64")),
            ("age", m(&|m| m.age = Some(75)), Some("75_plus")),
            ("age", m(&|_| {}), None),
            ("sex", m(&|m| m.sex = Some("female".into())), Some("female")),
            (
                "sex",
                m(&|m| m.sex = Some("prefer_not_to_say".into())),
                None,
            ),
            (
                "ethnic_group",
                m(&|m| m.ethnic_group = Some("A".into())),
                Some("white"),
            ),
            (
                "ethnic_group",
                m(&|m| m.ethnic_group = Some("G".into())),
                Some("mixed"),
            ),
            (
                "ethnic_group",
                m(&|m| m.ethnic_group = Some("L".into())),
                Some("asian"),
            ),
            (
                "ethnic_group",
                m(&|m| m.ethnic_group = Some("N".into())),
                Some("black"),
            ),
            (
                "ethnic_group",
                m(&|m| m.ethnic_group = Some("S".into())),
                Some("other"),
            ),
            (
                "ethnic_group",
                m(&|m| m.ethnic_group = Some("Z".into())),
                None,
            ),
            (
                "homeless",
                m(&|m| m.housing = Some("temporary".into())),
                Some("yes"),
            ),
            (
                "homeless",
                m(&|m| m.housing = Some("own_home".into())),
                Some("no"),
            ),
            (
                "homeless",
                m(&|m| m.no_fixed_address = Some("yes".into())),
                Some("yes"),
            ),
            (
                "homeless",
                m(&|m| m.housing = Some("prefer_not_to_say".into())),
                None,
            ),
            (
                "armed_forces",
                m(&|m| m.armed_forces = Some("veteran".into())),
                Some("yes"),
            ),
            (
                "armed_forces",
                m(&|m| m.armed_forces = Some("no".into())),
                Some("no"),
            ),
            (
                "unpaid_carer",
                m(&|m| m.unpaid_carer = Some("prefer_not_to_say".into())),
                None,
            ),
            (
                "refugee_asylum",
                m(&|m| m.refugee_asylum = Some("yes".into())),
                Some("yes"),
            ),
            (
                "deprivation",
                m(&|m| m.deprivation = Some(("W92000004".into(), 1_000))),
                Some("3"),
            ),
            (
                "deprivation",
                m(&|m| m.deprivation = Some(("X".into(), 1))),
                None,
            ),
        ];
        for (d, mon, expected) in table {
            assert_eq!(group_of(d, &mon), expected, "{d} {mon:?}");
        }
    }

    /// Four referrals counted by hand.
    #[test]
    fn the_breakdown_counts_each_group_and_the_not_stated() {
        let f =
            |sex: Option<&'static str>, contacts: u64, discharged: bool, sm: bool| ReferralFacts {
                contacts,
                discharged,
                self_management_offered: sm,
                equity: Monitoring {
                    sex: sex.map(Cow::Borrowed),
                    ..Monitoring::default()
                },
                ..ReferralFacts::default()
            };
        let facts = [
            f(Some("female"), 2, true, true),
            f(Some("female"), 0, false, false),
            f(Some("male"), 1, true, false),
            f(None, 1, true, true),
        ];
        let b = breakdown(&facts);
        assert_eq!(b.len(), DIMENSIONS.len());
        let sex = b.iter().find(|d| d.dimension == "sex").unwrap();
        assert_eq!(sex.not_stated, Rate::new(1, 4));
        let female = &sex.groups[0];
        assert_eq!(female.group, "female");
        assert_eq!(female.referrals, Rate::new(2, 4));
        assert_eq!(female.seen, Rate::new(1, 2));
        assert_eq!(female.self_management, Rate::new(1, 1));
        let male = &sex.groups[1];
        assert_eq!(
            (male.seen, male.self_management),
            (Rate::new(1, 1), Rate::new(0, 1))
        );
        // Nobody gave a postcode the directory knows: all not known.
        let dep = b.iter().find(|d| d.dimension == "deprivation").unwrap();
        assert_eq!(dep.not_stated, Rate::new(4, 4));
    }
}
