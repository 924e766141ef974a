//! Outcome measures: definitions as data, scoring in code.
//!
//! A measure (PHQ-9, GAD-7, ONS4, the Work Ability Score, or one a service
//! adds) is a [`MeasureDef`] read from a TOML file. The built-in file is
//! `crates/core/measures/default.toml`; a service may add to it or replace
//! it ([`MeasureSet::extend`], [`MeasureSet::parse`]). Every file is checked
//! when it is loaded (`measures/file.rs`), with every problem reported by
//! file and line, and a bad file never replaces a good one. The format is
//! described in `docs/outcome-measures.md`.
//!
//! What is data: the number of items and their range, the bands and their
//! labels, whether a higher score is better, the alert rules, the sources and
//! the licence of any item text. What is code: [`score`] (every item answered
//! and in range, the total or the per-item values, the band, the alerts) and
//! [`change`] (the difference from a baseline and whether it is better or
//! worse). One safety rule is also enforced in code when a file is loaded:
//! a measure with the id `phq9` must keep its item-9 safety alert, so no
//! service file can remove it (hazard H-019).
//!
//! Scoring never guesses: a missing or out-of-range answer is an error, never
//! a zero, because a total made of guesses could hide a deterioration
//! (hazard H-018).

use serde::{Deserialize, Serialize};

use crate::FieldError;

mod file;
#[cfg(test)]
mod tests;

pub use file::MeasureFileError;

/// The measures built into Roots.
pub const DEFAULT_TOML: &str = include_str!("../measures/default.toml");
/// The name the built-in file's problems are reported under.
pub const DEFAULT_FILE: &str = "crates/core/measures/default.toml";
/// The measures file format this version of Roots reads.
pub const FORMAT: i64 = 1;
/// The most items a measure may have.
pub const MAX_ITEMS: usize = 40;

/// Form field names for each item's answer (`item-1` …), so an error can
/// point at the question it is about.
pub const ITEM_FIELDS: [&str; MAX_ITEMS] = [
    "item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7", "item-8", "item-9",
    "item-10", "item-11", "item-12", "item-13", "item-14", "item-15", "item-16", "item-17",
    "item-18", "item-19", "item-20", "item-21", "item-22", "item-23", "item-24", "item-25",
    "item-26", "item-27", "item-28", "item-29", "item-30", "item-31", "item-32", "item-33",
    "item-34", "item-35", "item-36", "item-37", "item-38", "item-39", "item-40",
];

/// How a measure's answers become a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// The items are added up into a total, which has the bands (PHQ-9).
    Sum,
    /// Each item is a score of its own with its own bands, and the items are
    /// never added together (ONS4: ONS publishes no composite).
    Each,
}

/// Whether item text may be shown, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextLicence {
    /// The copyright holder allows anyone to reproduce it (cited in the
    /// licence note).
    Free,
    /// The service holds a licence (`licensed_to` names the holder).
    Licensed,
    /// No item text is shipped: only item names and numbers.
    None,
}

/// How urgent an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Act on it now, before the person leaves (PHQ-9 item 9).
    Safety,
    /// Worth a further look (GAD-7 of 10 or more).
    Review,
}

/// What a score or a change is about: a measure's total, or one of its
/// items (numbered from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Total,
    Item(usize),
}

/// One answer a person can choose, with its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub value: i64,
    pub label_en: String,
    /// Absent when there is no published Welsh version.
    pub label_cy: Option<String>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDef {
    /// From 1.
    pub number: usize,
    /// A short name of our own (never the licensed text), for lists and
    /// charts.
    pub name_en: String,
    pub name_cy: String,
    /// The question's wording, only where its licence allows.
    pub text_en: Option<String>,
    pub text_cy: Option<String>,
    /// For `each` measures, where items may differ (ONS4 anxiety).
    pub higher_is_better: bool,
}

/// A labelled range of scores, inclusive at both ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub id: String,
    /// The items it applies to (`each` measures); empty for the total.
    pub items: Vec<usize>,
    pub from: i64,
    pub to: i64,
    pub label_en: String,
    pub label_cy: String,
}

impl Band {
    pub fn contains(&self, v: i64) -> bool {
        (self.from..=self.to).contains(&v)
    }
}

/// A rule that raises an alert when a score is at or beyond a threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRule {
    pub id: String,
    pub severity: Severity,
    /// The item it looks at; `None` for the total.
    pub item: Option<usize>,
    pub at_least: Option<i64>,
    pub at_most: Option<i64>,
    pub message_en: String,
    pub message_cy: String,
    pub source: String,
}

impl AlertRule {
    pub fn fires(&self, v: i64) -> bool {
        self.at_least.is_none_or(|n| v >= n) && self.at_most.is_none_or(|n| v <= n)
    }

    pub fn scale(&self) -> Scale {
        self.item.map_or(Scale::Total, Scale::Item)
    }
}

/// A checked measure definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureDef {
    pub id: String,
    pub version: String,
    pub name_en: String,
    pub name_cy: String,
    pub item_min: i64,
    pub item_max: i64,
    pub scoring: Scoring,
    /// For the total (`sum`), and the default for each item (`each`).
    pub higher_is_better: bool,
    pub loinc: Option<String>,
    pub source: String,
    pub text_licence: TextLicence,
    pub licensed_to: Option<String>,
    pub licence_note: String,
    /// The words before the questions ("Over the last 2 weeks …").
    pub stem_en: Option<String>,
    pub stem_cy: Option<String>,
    pub options: Vec<AnswerOption>,
    pub items: Vec<ItemDef>,
    pub bands: Vec<Band>,
    pub alerts: Vec<AlertRule>,
    /// Where it was defined.
    pub file: String,
    pub line: usize,
}

impl MeasureDef {
    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// The scales a chart or a change is drawn for: the total for a `sum`
    /// measure, each item for an `each` measure.
    pub fn scales(&self) -> Vec<Scale> {
        match self.scoring {
            Scoring::Sum => vec![Scale::Total],
            Scoring::Each => (1..=self.items.len()).map(Scale::Item).collect(),
        }
    }

    /// The lowest and highest possible value of a scale.
    pub fn range(&self, scale: Scale) -> (i64, i64) {
        match scale {
            Scale::Total => {
                let n = self.items.len() as i64;
                (n * self.item_min, n * self.item_max)
            }
            Scale::Item(_) => (self.item_min, self.item_max),
        }
    }

    /// Whether a higher value of this scale is better.
    pub fn higher_is_better(&self, scale: Scale) -> bool {
        match scale {
            Scale::Total => self.higher_is_better,
            Scale::Item(n) => self
                .items
                .get(n.wrapping_sub(1))
                .map_or(self.higher_is_better, |i| i.higher_is_better),
        }
    }

    /// The bands of a scale, lowest first.
    pub fn bands_for(&self, scale: Scale) -> Vec<&Band> {
        let mut out: Vec<&Band> = self
            .bands
            .iter()
            .filter(|b| match scale {
                Scale::Total => b.items.is_empty(),
                Scale::Item(n) => b.items.contains(&n),
            })
            .collect();
        out.sort_by_key(|b| b.from);
        out
    }

    /// The band a value of a scale falls in.
    pub fn band(&self, scale: Scale, v: i64) -> Option<&Band> {
        self.bands_for(scale).into_iter().find(|b| b.contains(v))
    }

    /// Whether any question's wording is shipped.
    pub fn has_item_text(&self) -> bool {
        self.items.iter().any(|i| i.text_en.is_some())
    }

    /// Whether the wording is there in Welsh too. When it is not, the page
    /// shows the English questions with a notice saying why.
    pub fn has_welsh_item_text(&self) -> bool {
        self.has_item_text()
            && self
                .items
                .iter()
                .all(|i| i.text_en.is_none() || i.text_cy.is_some())
    }
}

/// A checked set of measures, from one file or a built-in file and a
/// service's additions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureSet {
    pub name: String,
    pub version: String,
    /// The file (or files) it was read from.
    pub file: String,
    pub measures: Vec<MeasureDef>,
}

impl MeasureSet {
    /// Parses and checks a measures file. Every problem found is returned,
    /// each with `file` and its line, in line order.
    pub fn parse(text: &str, file: &str) -> Result<MeasureSet, Vec<MeasureFileError>> {
        file::parse(text, file)
    }

    /// The built-in measures, parsed once. Their tests guarantee they parse.
    pub fn built_in() -> &'static MeasureSet {
        static BUILT_IN: std::sync::OnceLock<MeasureSet> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(|| match MeasureSet::parse(DEFAULT_TOML, DEFAULT_FILE) {
            Ok(set) => set,
            Err(errors) => {
                // Unreachable while `the_default_measures_are_valid` passes.
                debug_assert!(false, "{errors:?}");
                MeasureSet {
                    name: "none".into(),
                    version: "invalid-default".into(),
                    file: DEFAULT_FILE.into(),
                    measures: Vec::new(),
                }
            }
        })
    }

    /// This set with a service's file added: a measure with a new id is
    /// added, one with an id already here replaces it (the same checks
    /// apply, including the PHQ-9 item-9 rule). On problems nothing is
    /// changed and every problem is returned.
    pub fn extend(&self, text: &str, file: &str) -> Result<MeasureSet, Vec<MeasureFileError>> {
        let extra = MeasureSet::parse(text, file)?;
        let mut out = self.clone();
        for m in extra.measures {
            match out.measures.iter_mut().find(|o| o.id == m.id) {
                Some(slot) => *slot = m,
                None => out.measures.push(m),
            }
        }
        out.file = format!("{} + {}", self.file, extra.file);
        out.version = format!("{} + {} {}", self.version, extra.name, extra.version);
        Ok(out)
    }

    /// Replaces this set with a new file only if the new one is good: a bad
    /// file never replaces a good one.
    pub fn reload(&mut self, text: &str, file: &str) -> Result<&MeasureSet, Vec<MeasureFileError>> {
        *self = MeasureSet::parse(text, file)?;
        Ok(self)
    }

    pub fn get(&self, id: &str) -> Option<&MeasureDef> {
        self.measures.iter().find(|m| m.id == id)
    }
}

/// An alert raised by a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// The rule that fired.
    pub rule: String,
    pub severity: Severity,
    pub scale: Scale,
    /// The value that fired it.
    pub value: i64,
    pub message_en: String,
    pub message_cy: String,
    pub source: String,
}

/// A complete, checked set of answers and what they mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scored {
    pub measure: String,
    /// The definition's version, kept with the record.
    pub version: String,
    pub answers: Vec<i64>,
    /// The total, for a `sum` measure; `None` for `each` (never summed).
    pub total: Option<i64>,
    /// The total's band (`sum` measures with bands).
    pub band: Option<Band>,
    /// Each item's band (`each` measures; empty for `sum`).
    pub item_bands: Vec<Option<Band>>,
    /// Safety alerts first.
    pub alerts: Vec<Alert>,
}

impl Scored {
    /// The value of a scale: the total, or one item's answer.
    pub fn value(&self, scale: Scale) -> Option<i64> {
        match scale {
            Scale::Total => self.total,
            Scale::Item(n) => self.answers.get(n.wrapping_sub(1)).copied(),
        }
    }

    /// The band of a scale.
    pub fn band_of(&self, scale: Scale) -> Option<&Band> {
        match scale {
            Scale::Total => self.band.as_ref(),
            Scale::Item(n) => self.item_bands.get(n.wrapping_sub(1))?.as_ref(),
        }
    }

    pub fn has_safety_alert(&self) -> bool {
        self.alerts.iter().any(|a| a.severity == Severity::Safety)
    }
}

/// Scores one completion of a measure. Every item must be answered and in
/// range: errors name the item (`item-N` field, `$item` argument).
pub fn score(def: &MeasureDef, answers: &[Option<i64>]) -> Result<Scored, Vec<FieldError>> {
    let n = def.items.len();
    if answers.len() != n {
        return Err(vec![
            FieldError::new("answers", "error-measure-answer-count").with_arg("expected", n as i64),
        ]);
    }
    let mut e = Vec::new();
    let mut values = Vec::with_capacity(n);
    for (i, a) in answers.iter().enumerate() {
        let field = ITEM_FIELDS[i.min(MAX_ITEMS - 1)];
        let item = i as i64 + 1;
        match a {
            None => {
                e.push(FieldError::new(field, "error-measure-item-missing").with_arg("item", item))
            }
            Some(v) if !(def.item_min..=def.item_max).contains(v) => e.push(
                FieldError::new(field, "error-measure-item-range")
                    .with_arg("item", item)
                    .with_arg("min", def.item_min)
                    .with_arg("max", def.item_max),
            ),
            Some(v) => values.push(*v),
        }
    }
    if !e.is_empty() {
        return Err(e);
    }
    let total = match def.scoring {
        Scoring::Sum => Some(values.iter().sum::<i64>()),
        Scoring::Each => None,
    };
    let band = total.and_then(|t| def.band(Scale::Total, t).cloned());
    let item_bands = match def.scoring {
        Scoring::Sum => Vec::new(),
        Scoring::Each => values
            .iter()
            .enumerate()
            .map(|(i, v)| def.band(Scale::Item(i + 1), *v).cloned())
            .collect(),
    };
    let mut alerts: Vec<Alert> = def
        .alerts
        .iter()
        .filter_map(|rule| {
            let value = match rule.item {
                Some(item) => *values.get(item.wrapping_sub(1))?,
                None => total?,
            };
            rule.fires(value).then(|| Alert {
                rule: rule.id.clone(),
                severity: rule.severity,
                scale: rule.scale(),
                value,
                message_en: rule.message_en.clone(),
                message_cy: rule.message_cy.clone(),
                source: rule.source.clone(),
            })
        })
        .collect();
    alerts.sort_by_key(|a| a.severity);
    Ok(Scored {
        measure: def.id.clone(),
        version: def.version.clone(),
        answers: values,
        total,
        band,
        item_bands,
        alerts,
    })
}

/// Which way a score moved, judged by whether higher is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improved,
    Worse,
    NoChange,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Improved => "improved",
            Direction::Worse => "worse",
            Direction::NoChange => "no_change",
        }
    }

    /// The direction of a move from `baseline` to `latest`.
    pub fn of(baseline: i64, latest: i64, higher_is_better: bool) -> Direction {
        use std::cmp::Ordering::*;
        match (latest.cmp(&baseline), higher_is_better) {
            (Equal, _) => Direction::NoChange,
            (Greater, true) | (Less, false) => Direction::Improved,
            (Greater, false) | (Less, true) => Direction::Worse,
        }
    }
}

/// The change in one scale from the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub scale: Scale,
    pub baseline: i64,
    pub latest: i64,
    /// `latest - baseline`.
    pub difference: i64,
    pub direction: Direction,
    /// Band ids before and after, where the scale has bands.
    pub band_before: Option<String>,
    pub band_after: Option<String>,
}

/// The change from a baseline score to the latest, for each scale of the
/// measure (the total, or each ONS4 item with its own direction: for
/// anxiety, lower is better). Both scores must be of this measure.
pub fn change(
    baseline: &Scored,
    latest: &Scored,
    def: &MeasureDef,
) -> Result<Vec<Change>, Vec<FieldError>> {
    if baseline.measure != def.id || latest.measure != def.id {
        return Err(vec![FieldError::new("measure", "error-measure-mismatch")]);
    }
    let mut out = Vec::new();
    for scale in def.scales() {
        let (Some(b), Some(l)) = (baseline.value(scale), latest.value(scale)) else {
            return Err(vec![FieldError::new("measure", "error-measure-mismatch")]);
        };
        out.push(Change {
            scale,
            baseline: b,
            latest: l,
            difference: l - b,
            direction: Direction::of(b, l, def.higher_is_better(scale)),
            band_before: def.band(scale, b).map(|x| x.id.clone()),
            band_after: def.band(scale, l).map(|x| x.id.clone()),
        });
    }
    Ok(out)
}
