//! Goal Attainment Scaling (GAS): goals agreed with the person, each with
//! five levels described in advance, and the GAS T-score.
//!
//! Method: Kiresuk TJ, Sherman RE. Goal attainment scaling: a general method
//! for evaluating comprehensive community mental health programs. Community
//! Ment Health J 1968;4(6):443-453. Weights and the practical rules here:
//! Turner-Stokes L. Goal attainment scaling (GAS) in rehabilitation: a
//! practical guide. Clin Rehabil 2009;23(4):362-370.
//!
//! - Each goal is rated on five levels: −2 much less than expected, −1
//!   somewhat less (usually the baseline), 0 the expected outcome, +1
//!   somewhat more, +2 much more than expected. All five are described when
//!   the goal is set, so the rating at follow-up is a match against words
//!   written beforehand, not a judgement made afterwards.
//! - The baseline is −1, or −2 when the person is as badly off as they could
//!   be in that respect (Turner-Stokes 2009).
//! - Importance and difficulty are each rated 0 (not at all) to 3 (very);
//!   the weight is importance × difficulty (Turner-Stokes 2009).
//! - T = 50 + 10·Σ(wᵢxᵢ) / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²) with ρ = 0.3, the assumed
//!   correlation between goal scales (Kiresuk & Sherman 1968). A T-score of
//!   50 means the goals were met as expected on average; the standard
//!   deviation is about 10.
//!
//! **A weight of 0** (a goal rated "not at all" important or difficult) is
//! allowed and recorded, and the formula itself gives such a goal no part in
//! the T-score: it adds 0 to Σwx, Σw² and Σw. It is not an error, because the
//! goal still matters to the record. If *every* goal weighs 0 there is no
//! T-score (the denominator is 0), and [`t_score`] says so
//! (`error-gas-no-weight`) rather than inventing one.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::text::Kind;

/// The assumed inter-goal correlation (Kiresuk & Sherman 1968).
pub const RHO: f64 = 0.3;
/// Most goals in one GAS set.
pub const MAX_GOALS: usize = 10;
/// Longest goal or level description.
pub const MAX_GOAL_TEXT: usize = 1000;

/// The form fields of the five levels, from −2 to +2.
pub const LEVEL_FIELDS: [&str; 5] = [
    "level_minus_2",
    "level_minus_1",
    "level_0",
    "level_plus_1",
    "level_plus_2",
];

/// One goal as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalInput {
    pub text: Option<String>,
    pub level_minus_2: Option<String>,
    pub level_minus_1: Option<String>,
    pub level_0: Option<String>,
    pub level_plus_1: Option<String>,
    pub level_plus_2: Option<String>,
    pub importance: Option<String>,
    pub difficulty: Option<String>,
    pub baseline: Option<String>,
    /// Empty until the goal is reviewed.
    pub followup: Option<String>,
}

/// A goal whose parts passed their rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub text: String,
    /// The descriptions of levels −2, −1, 0, +1 and +2, in that order.
    pub levels: [String; 5],
    /// 0 (not at all) to 3 (very).
    pub importance: i64,
    /// 0 (not at all) to 3 (very).
    pub difficulty: i64,
    /// −2 or −1.
    pub baseline: i64,
    /// −2 to +2, once reviewed.
    pub followup: Option<i64>,
}

impl Goal {
    /// Importance × difficulty (Turner-Stokes 2009): 0 to 9.
    pub fn weight(&self) -> i64 {
        self.importance * self.difficulty
    }

    /// The description of a rating's level.
    pub fn level(&self, rating: i64) -> Option<&str> {
        usize::try_from(rating + 2)
            .ok()
            .and_then(|i| self.levels.get(i))
            .map(String::as_str)
    }
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn number(
    e: &mut Vec<FieldError>,
    v: &Option<String>,
    field: &'static str,
    range: std::ops::RangeInclusive<i64>,
    missing: &'static str,
    bad: &'static str,
) -> Option<i64> {
    let Some(s) = trimmed(v) else {
        e.push(FieldError::new(field, missing));
        return None;
    };
    // A typed "+1" is +1; the Unicode minus sign is a minus.
    let s = s.replace('\u{2212}', "-");
    match s.strip_prefix('+').unwrap_or(&s).parse::<i64>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            e.push(
                FieldError::new(field, bad)
                    .with_arg("min", *range.start())
                    .with_arg("max", *range.end()),
            );
            None
        }
    }
}

impl GoalInput {
    pub fn validate(&self) -> Result<Goal, Vec<FieldError>> {
        let mut e = Vec::new();
        let text = trimmed(&self.text);
        if text.is_none() {
            e.push(FieldError::new("text", "error-gas-text-missing"));
        }
        let raw = [
            &self.level_minus_2,
            &self.level_minus_1,
            &self.level_0,
            &self.level_plus_1,
            &self.level_plus_2,
        ];
        let mut levels: [String; 5] = Default::default();
        for (i, v) in raw.into_iter().enumerate() {
            match trimmed(v) {
                Some(s) => levels[i] = s,
                None => e.push(
                    FieldError::new(LEVEL_FIELDS[i], "error-gas-level-missing")
                        .with_arg("level", i as i64 - 2),
                ),
            }
        }
        // The text rule (crate::text): refused characters, NFC, lengths.
        let mut text = text;
        crate::text::tidy(&mut e, "text", Kind::Long, &mut text, MAX_GOAL_TEXT);
        for (field, level) in LEVEL_FIELDS.iter().zip(levels.iter_mut()) {
            if !level.is_empty() {
                match crate::text::field(field, Kind::Long, level, MAX_GOAL_TEXT) {
                    Ok(l) => *level = l,
                    Err(err) => e.push(err),
                }
            }
        }
        let importance = number(
            &mut e,
            &self.importance,
            "importance",
            0..=3,
            "error-gas-importance",
            "error-gas-importance",
        );
        let difficulty = number(
            &mut e,
            &self.difficulty,
            "difficulty",
            0..=3,
            "error-gas-difficulty",
            "error-gas-difficulty",
        );
        let baseline = number(
            &mut e,
            &self.baseline,
            "baseline",
            -2..=-1,
            "error-gas-baseline-missing",
            "error-gas-baseline-range",
        );
        let followup = match trimmed(&self.followup) {
            None => None,
            Some(_) => number(
                &mut e,
                &self.followup,
                "followup",
                -2..=2,
                "error-gas-rating-range",
                "error-gas-rating-range",
            ),
        };
        match (text, importance, difficulty, baseline, e.is_empty()) {
            (Some(text), Some(importance), Some(difficulty), Some(baseline), true) => Ok(Goal {
                text,
                levels,
                importance,
                difficulty,
                baseline,
                followup,
            }),
            _ => Err(e),
        }
    }
}

/// Which ratings a T-score is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Baseline,
    FollowUp,
}

/// The formula alone, on (weight, rating) pairs. `None` when no weight is
/// above 0 (the denominator would be 0).
pub fn formula(pairs: &[(i64, i64)]) -> Option<f64> {
    let sum_wx: f64 = pairs.iter().map(|(w, x)| (w * x) as f64).sum();
    let sum_w2: f64 = pairs.iter().map(|(w, _)| (w * w) as f64).sum();
    let sum_w: f64 = pairs.iter().map(|(w, _)| *w as f64).sum();
    let denominator = ((1.0 - RHO) * sum_w2 + RHO * sum_w * sum_w).sqrt();
    (denominator > 0.0).then(|| 50.0 + 10.0 * sum_wx / denominator)
}

/// The GAS T-score of a set of goals at baseline or at follow-up.
pub fn t_score(goals: &[Goal], when: When) -> Result<f64, Vec<FieldError>> {
    if goals.is_empty() {
        return Err(vec![FieldError::new("goals", "error-gas-no-goals")]);
    }
    if goals.len() > MAX_GOALS {
        return Err(vec![
            FieldError::new("goals", "error-gas-too-many").with_arg("max", MAX_GOALS as i64),
        ]);
    }
    let mut e = Vec::new();
    let mut pairs = Vec::with_capacity(goals.len());
    for (i, g) in goals.iter().enumerate() {
        let rating = match when {
            When::Baseline => Some(g.baseline),
            When::FollowUp => g.followup,
        };
        match rating {
            Some(x) => pairs.push((g.weight(), x)),
            None => e.push(
                FieldError::new("goals", "error-gas-followup-missing")
                    .with_arg("goal", i as i64 + 1),
            ),
        }
    }
    if !e.is_empty() {
        return Err(e);
    }
    formula(&pairs).ok_or_else(|| vec![FieldError::new("goals", "error-gas-no-weight")])
}

/// The T-scores of a goal set, for the episode and the evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GasSummary {
    pub baseline: f64,
    /// Once every goal has a follow-up rating.
    pub followup: Option<f64>,
    /// `followup - baseline`.
    pub change: Option<f64>,
    /// Goals that weigh 0 and so do not move the T-score.
    pub unweighted_goals: usize,
}

pub fn summary(goals: &[Goal]) -> Result<GasSummary, Vec<FieldError>> {
    let baseline = t_score(goals, When::Baseline)?;
    let followup = if goals.iter().all(|g| g.followup.is_some()) {
        Some(t_score(goals, When::FollowUp)?)
    } else {
        None
    };
    Ok(GasSummary {
        baseline,
        followup,
        change: followup.map(|f| f - baseline),
        unweighted_goals: goals.iter().filter(|g| g.weight() == 0).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(importance: i64, difficulty: i64, baseline: i64, followup: Option<i64>) -> Goal {
        Goal {
            text: "Walk to the shop".into(),
            levels: ["a", "b", "c", "d", "e"].map(String::from),
            importance,
            difficulty,
            baseline,
            followup,
        }
    }

    /// Goals with these weights (as importance × 1… or a×b) and ratings at
    /// follow-up.
    fn weighted(ws: &[(i64, i64)], ratings: &[i64]) -> Vec<Goal> {
        ws.iter()
            .zip(ratings)
            .map(|((i, d), x)| goal(*i, *d, -1, Some(*x)))
            .collect()
    }

    fn close(got: f64, want: f64, why: &str) {
        assert!((got - want).abs() < 0.001, "{why}: got {got}, want {want}");
    }

    #[test]
    fn t_scores_match_worked_examples_by_hand() {
        // (importance × difficulty per goal, follow-up ratings, T, working)
        type Case<'a> = (&'a [(i64, i64)], &'a [i64], f64, &'a str);
        let cases: &[Case] = &[
            (
                &[(1, 2), (2, 3)],
                &[0, 1],
                // w = 2, 6; Σwx = 0 + 6 = 6; Σw² = 4 + 36 = 40; Σw = 8, (Σw)² = 64;
                // 0.7·40 + 0.3·64 = 28 + 19.2 = 47.2; √47.2 = 6.87023;
                // 10·6 / 6.87023 = 8.73334; T = 58.733
                58.733,
                "two goals, weights 2 and 6, ratings 0 and +1",
            ),
            (
                &[(1, 2), (2, 3)],
                &[0, 0],
                // Σwx = 0, so T = 50 + 0 = 50 exactly, whatever the weights
                50.0,
                "all goals met as expected",
            ),
            (
                &[(2, 2), (3, 1), (1, 1), (3, 3)],
                &[0, 0, 0, 0],
                // Σwx = 0 → 50 exactly
                50.0,
                "four goals, unequal weights, all at 0",
            ),
            (
                &[(1, 1), (1, 1), (1, 1)],
                &[-1, -1, -1],
                // w = 1, 1, 1; Σwx = -3; Σw² = 3; (Σw)² = 9;
                // 0.7·3 + 0.3·9 = 2.1 + 2.7 = 4.8; √4.8 = 2.19089;
                // 10·(-3) / 2.19089 = -13.6931; T = 36.307
                36.307,
                "three goals, equal weights, all at -1",
            ),
            (
                &[(2, 2), (2, 2)],
                &[-2, -2],
                // w = 4, 4; Σwx = -16; Σw² = 32; (Σw)² = 64;
                // 0.7·32 + 0.3·64 = 22.4 + 19.2 = 41.6; √41.6 = 6.44981;
                // 10·(-16) / 6.44981 = -24.8069; T = 25.193
                25.193,
                "two goals, equal weights, all at -2",
            ),
            (
                &[(3, 2)],
                &[2],
                // One goal: denominator = √(0.7w² + 0.3w²) = w = 6;
                // 10·12 / 6 = 20; T = 70 exactly (one goal: T = 50 + 10x)
                70.0,
                "a single goal at +2",
            ),
            (
                &[(1, 1)],
                &[-1],
                // 50 + 10·(-1) = 40 exactly
                40.0,
                "a single goal at -1",
            ),
            (
                &[(3, 3), (1, 1), (2, 2)],
                &[2, -1, 0],
                // w = 9, 1, 4; Σwx = 18 - 1 + 0 = 17; Σw² = 81 + 1 + 16 = 98;
                // Σw = 14, (Σw)² = 196; 0.7·98 + 0.3·196 = 68.6 + 58.8 = 127.4;
                // √127.4 = 11.28716; 10·17 / 11.28716 = 15.0614; T = 65.061
                65.061,
                "unequal weights 9, 1, 4 with ratings +2, -1, 0",
            ),
            (
                &[(1, 2), (2, 3), (0, 3)],
                &[0, 1, -2],
                // The third goal weighs 0 × 3 = 0: it adds 0 to Σwx, Σw² and Σw,
                // so T is the first example's, 58.733
                58.733,
                "a goal of weight 0 does not move the T-score",
            ),
        ];
        for (ws, xs, want, why) in cases {
            let goals = weighted(ws, xs);
            close(t_score(&goals, When::FollowUp).unwrap(), *want, why);
        }
    }

    #[test]
    fn a_summary_gives_baseline_follow_up_and_change() {
        // Baselines -1 and -1, weights 2 and 6: Σwx = -2 - 6 = -8;
        // √47.2 = 6.87023; 10·(-8) / 6.87023 = -11.6445; T = 38.356.
        // Follow-up 0 and +1: 58.733 (first worked example). Change 20.378.
        let goals = vec![goal(1, 2, -1, Some(0)), goal(2, 3, -1, Some(1))];
        let s = summary(&goals).unwrap();
        close(s.baseline, 38.356, "baseline");
        close(s.followup.unwrap(), 58.733, "follow-up");
        close(s.change.unwrap(), 20.378, "change");
        assert_eq!(s.unweighted_goals, 0);
        // Not yet reviewed: a baseline only.
        let pending = vec![goal(1, 2, -1, Some(0)), goal(2, 3, -2, None)];
        let s = summary(&pending).unwrap();
        assert_eq!((s.followup, s.change), (None, None));
    }

    #[test]
    fn t_scores_that_cannot_be_computed_say_why() {
        let ids = |r: Result<f64, Vec<FieldError>>| -> Vec<(&str, Vec<(&str, i64)>)> {
            r.unwrap_err()
                .into_iter()
                .map(|e| (e.message, e.args))
                .collect()
        };
        assert_eq!(
            ids(t_score(&[], When::Baseline)),
            [("error-gas-no-goals", vec![])]
        );
        let zero = vec![goal(0, 3, -1, Some(2)), goal(2, 0, -1, Some(1))];
        assert_eq!(
            ids(t_score(&zero, When::FollowUp)),
            [("error-gas-no-weight", vec![])],
            "every goal weighs 0: no T-score rather than an invented one"
        );
        let half = vec![
            goal(1, 1, -1, Some(0)),
            goal(1, 1, -1, None),
            goal(1, 1, -1, None),
        ];
        assert_eq!(
            ids(t_score(&half, When::FollowUp)),
            [
                ("error-gas-followup-missing", vec![("goal", 2)]),
                ("error-gas-followup-missing", vec![("goal", 3)])
            ]
        );
        assert!(t_score(&half, When::Baseline).is_ok());
        let many = vec![goal(1, 1, -1, None); MAX_GOALS + 1];
        assert_eq!(
            ids(t_score(&many, When::Baseline)),
            [("error-gas-too-many", vec![("max", MAX_GOALS as i64)])]
        );
    }

    fn input() -> GoalInput {
        GoalInput {
            text: Some("Make my own lunch".into()),
            level_minus_2: Some("Cannot make a drink".into()),
            level_minus_1: Some("Makes a drink with help".into()),
            level_0: Some("Makes a sandwich alone".into()),
            level_plus_1: Some("Makes a hot meal alone twice a week".into()),
            level_plus_2: Some("Makes a hot meal alone every day".into()),
            importance: Some("3".into()),
            difficulty: Some("2".into()),
            baseline: Some("-1".into()),
            followup: None,
        }
    }

    #[test]
    fn a_goal_form_is_checked_field_by_field() {
        let g = input().validate().unwrap();
        assert_eq!(g.weight(), 6);
        assert_eq!(g.level(0), Some("Makes a sandwich alone"));
        assert_eq!(g.level(-2), Some("Cannot make a drink"));
        assert_eq!(g.level(3), None);

        type Case = (
            fn(&mut GoalInput),
            Vec<(&'static str, &'static str)>,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (
                |i| i.text = Some("  ".into()),
                vec![("text", "error-gas-text-missing")],
                "no goal",
            ),
            (
                |i| i.level_0 = None,
                vec![("level_0", "error-gas-level-missing")],
                "expected level",
            ),
            (
                |i| {
                    i.level_minus_2 = None;
                    i.level_plus_2 = Some(String::new());
                },
                vec![
                    ("level_minus_2", "error-gas-level-missing"),
                    ("level_plus_2", "error-gas-level-missing"),
                ],
                "every level is described in advance",
            ),
            (
                |i| i.importance = Some("4".into()),
                vec![("importance", "error-gas-importance")],
                "importance 0-3",
            ),
            (
                |i| i.importance = None,
                vec![("importance", "error-gas-importance")],
                "importance given",
            ),
            (
                |i| i.difficulty = Some("-1".into()),
                vec![("difficulty", "error-gas-difficulty")],
                "difficulty 0-3",
            ),
            (
                |i| i.difficulty = Some("very".into()),
                vec![("difficulty", "error-gas-difficulty")],
                "a number",
            ),
            (
                |i| i.baseline = None,
                vec![("baseline", "error-gas-baseline-missing")],
                "baseline given",
            ),
            (
                |i| i.baseline = Some("0".into()),
                vec![("baseline", "error-gas-baseline-range")],
                "baseline 0 is the goal met",
            ),
            (
                |i| i.followup = Some("3".into()),
                vec![("followup", "error-gas-rating-range")],
                "follow-up -2..+2",
            ),
            (
                |i| i.text = Some("x".repeat(MAX_GOAL_TEXT + 1)),
                vec![("text", "error-too-long")],
                "long text",
            ),
        ];
        for (change, want, why) in cases {
            let mut i = input();
            change(&mut i);
            let got: Vec<(&str, &str)> = i
                .validate()
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect();
            assert_eq!(got, want, "{why}");
        }
        // Signs as people type them.
        for (typed, want) in [("+2", 2), ("−1", -1), (" 0 ", 0), ("-2", -2)] {
            let mut i = input();
            i.followup = Some(typed.into());
            assert_eq!(i.validate().unwrap().followup, Some(want), "{typed}");
        }
        let mut zero = input();
        zero.importance = Some("0".into());
        assert_eq!(zero.validate().unwrap().weight(), 0, "weight 0 is allowed");
        let mut worst = input();
        worst.baseline = Some("-2".into());
        assert_eq!(worst.validate().unwrap().baseline, -2);
    }

    #[test]
    fn goal_texts_follow_the_text_rule() {
        let mut g = input();
        g.text = Some("Make my own lunch\u{0}".into());
        let e = g.validate().unwrap_err();
        assert_eq!((e[0].field, e[0].message), ("text", "error-text-control"));
        let mut g = input();
        g.level_plus_2 = Some("Every day\u{202E}".into());
        let e = g.validate().unwrap_err();
        assert_eq!(e[0].message, "error-text-invisible");
        let mut g = input();
        g.level_0 = Some("Makes a sandwich\r\nalone".into());
        assert_eq!(
            g.validate().unwrap().level(0),
            Some("Makes a sandwich\nalone")
        );
    }
}
