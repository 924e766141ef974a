//! The whole evaluation of a period as rows, each one figure with its
//! numerator, denominator and value, suppressed where the numbers are small:
//! one shape for the service lead's page, `roots evaluate` (table, JSON,
//! CSV) and the commissioner's report, so they can never disagree.
//!
//! The configuration (`evaluation.toml`): the unit costs and values of
//! [`UnitCosts`], the small-number threshold, and comparison baselines,
//! shown beside the service's figure and marked as configured, not
//! measured. The default baselines are the source article's 5% of GP
//! consultations offering self-management, and Public Health England's
//! (2017) £2 back for every £1 spent on preventing work-related stress.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::equity::Dimension;
use super::{
    Activity, Counts, End, Figures, Rate, ReferralFacts, Return, SUPPRESS_BELOW, UnitCosts,
    UnitValue, roi,
};
use crate::work::WorkOutcome;

/// A figure to compare with, as configured (never measured by Roots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// A percentage for a rate; a ratio for `roi_ratio`.
    pub value: f64,
    pub source: String,
}

/// How the evaluation is done: unit costs, threshold, baselines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub costs: UnitCosts,
    /// Counts from 1 to this − 1 are not shown (see [`Rate::suppressed`]).
    pub suppress_below: u64,
    /// By figure (`self_management`, `gp_avoided`, `cmht_avoided`,
    /// `referred_on`, `did_not_attend`, `roi_ratio`).
    pub baselines: BTreeMap<String, Baseline>,
}

/// The figures a baseline may be set for.
pub const BASELINE_FIGURES: &[&str] = &[
    "self_management",
    "gp_avoided",
    "cmht_avoided",
    "referred_on",
    "did_not_attend",
    "roi_ratio",
];

impl Default for Config {
    fn default() -> Self {
        let mut baselines = BTreeMap::new();
        baselines.insert(
            "self_management".to_owned(),
            Baseline {
                value: 5.0,
                source: "GP consultations offering self-management (RCOT, Roots of recovery, North Wales case study)".to_owned(),
            },
        );
        baselines.insert(
            "roi_ratio".to_owned(),
            Baseline {
                value: 2.0,
                source: "£2 back for every £1 spent on preventing work-related stress (Public Health England 2017)".to_owned(),
            },
        );
        Config {
            costs: UnitCosts::default(),
            suppress_below: SUPPRESS_BELOW,
            baselines,
        }
    }
}

/// Reads `evaluation.toml`: any of the five unit values (each a table with
/// `value`, `source` and optionally `low`, `high`, `price_year`,
/// `to_confirm`), `suppress_below` (2 to 100), and `[baseline.FIGURE]`
/// tables with `value` and `source`. What is not given keeps its default;
/// every problem is reported.
pub fn parse_config(text: &str) -> Result<Config, Vec<String>> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        gp_hour: Option<UnitValue>,
        gp_consultation_minutes: Option<UnitValue>,
        ot_hour: Option<UnitValue>,
        cmht_referral: Option<UnitValue>,
        unemployment_to_work: Option<UnitValue>,
        suppress_below: Option<u64>,
        #[serde(default)]
        baseline: BTreeMap<String, Baseline>,
    }
    let f: File = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
    let mut c = Config::default();
    let mut problems = Vec::new();
    for (name, given, slot) in [
        ("gp_hour", f.gp_hour, &mut c.costs.gp_hour),
        (
            "gp_consultation_minutes",
            f.gp_consultation_minutes,
            &mut c.costs.gp_consultation_minutes,
        ),
        ("ot_hour", f.ot_hour, &mut c.costs.ot_hour),
        ("cmht_referral", f.cmht_referral, &mut c.costs.cmht_referral),
        (
            "unemployment_to_work",
            f.unemployment_to_work,
            &mut c.costs.unemployment_to_work,
        ),
    ] {
        let Some(v) = given else { continue };
        let all = [Some(v.value), v.low, v.high];
        if all.iter().flatten().any(|x| !x.is_finite() || *x < 0.0) {
            problems.push(format!("{name}: values must be numbers of 0 or more"));
        } else if v.low.is_some_and(|l| l > v.value) || v.high.is_some_and(|h| h < v.value) {
            problems.push(format!(
                "{name}: low must not be above value, nor high below it"
            ));
        } else if v.source.trim().is_empty() {
            problems.push(format!("{name}: say where the value comes from (source)"));
        } else {
            *slot = v;
        }
    }
    match f.suppress_below {
        Some(n) if !(2..=100).contains(&n) => {
            problems.push(format!("suppress_below must be from 2 to 100 (it is {n})"));
        }
        Some(n) => c.suppress_below = n,
        None => {}
    }
    for (figure, b) in f.baseline {
        if !BASELINE_FIGURES.contains(&figure.as_str()) {
            problems.push(format!(
                "baseline.{figure}: no such figure (one of {})",
                BASELINE_FIGURES.join(", ")
            ));
        } else if !b.value.is_finite() || b.value < 0.0 {
            problems.push(format!(
                "baseline.{figure}: value must be a number of 0 or more"
            ));
        } else if b.source.trim().is_empty() {
            problems.push(format!(
                "baseline.{figure}: say where the value comes from (source)"
            ));
        } else {
            c.baselines.insert(figure, b);
        }
    }
    if problems.is_empty() {
        Ok(c)
    } else {
        Err(problems)
    }
}

/// The clinic time worked in the period, from the OTs' clinic sessions.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Sessions {
    /// Distinct (OT, day) pairs with a clinic session.
    pub ot_days: u64,
    pub ot_hours: f64,
}

/// The kind of value a row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Percent,
    Days,
    Hours,
    Points,
    Pounds,
    Ratio,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Days => "days",
            Unit::Hours => "hours",
            Unit::Points => "points",
            Unit::Pounds => "pounds",
            Unit::Ratio => "ratio",
        }
    }
}

/// One figure as it may be shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The part of the report: activity, referrals, waits, outcomes,
    /// measures, work, return, equity.
    pub section: String,
    pub figure: String,
    /// The equity dimension, for equity rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// The group within the figure (a source, a pathway, a week, a measure,
    /// an end of the range, an equity group).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// `None` when suppressed (or not a count).
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    /// `None` when suppressed or when there is nothing to count.
    pub value: Option<f64>,
    pub unit: Unit,
    pub suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
}

/// The evaluation of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub suppress_below: u64,
    pub activity: Activity,
    pub sessions: Sessions,
    /// Low, central, high.
    pub returns: [Return; 3],
    pub costs: UnitCosts,
    pub rows: Vec<Row>,
}

impl Evaluation {
    /// The rows of one section (and figure, if given).
    pub fn rows_of<'a>(
        &'a self,
        section: &'a str,
        figure: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows
            .iter()
            .filter(move |r| r.section == section && figure.is_none_or(|f| r.figure == f))
    }

    /// The one row of a figure without groups.
    pub fn row(&self, figure: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.figure == figure && r.group.is_none())
    }
}

struct Rows {
    threshold: u64,
    section: &'static str,
    rows: Vec<Row>,
}

impl Rows {
    fn push(&mut self, figure: &str, group: Option<&str>, row: Row) {
        self.rows.push(Row {
            section: self.section.to_owned(),
            figure: figure.to_owned(),
            group: group.map(str::to_owned),
            ..row
        });
    }

    /// A count: suppressed from 1 to threshold − 1 (see also
    /// [`at_least_two`]).
    fn count(&mut self, figure: &str, group: Option<&str>, n: u64) {
        let suppressed = n > 0 && n < self.threshold;
        self.push(
            figure,
            group,
            Row {
                numerator: (!suppressed).then_some(n),
                value: (!suppressed).then_some(n as f64),
                suppressed,
                ..blank(Unit::Count)
            },
        );
    }

    /// A rate: its parts and percentage unless suppressed, and then
    /// neither part (a denominator beside another figure could give the
    /// hidden numerator by difference, e.g. bookings − contacts).
    fn rate(&mut self, figure: &str, group: Option<&str>, r: Rate) {
        let suppressed = r.denominator > 0 && r.suppressed(self.threshold);
        self.push(
            figure,
            group,
            Row {
                numerator: (!suppressed).then_some(r.numerator),
                denominator: (!suppressed).then_some(r.denominator),
                value: if suppressed { None } else { r.percent() },
                suppressed,
                ..blank(Unit::Percent)
            },
        );
    }

    /// A statistic of `n` values (a wait, a mean change): not shown for
    /// fewer than the threshold.
    fn statistic(&mut self, figure: &str, group: Option<&str>, n: u64, v: Option<f64>, u: Unit) {
        let suppressed = n > 0 && n < self.threshold;
        self.push(
            figure,
            group,
            Row {
                denominator: (!suppressed).then_some(n),
                value: if suppressed { None } else { v },
                suppressed,
                ..blank(u)
            },
        );
    }

    /// A value computed from the whole period (hours, money, ratios).
    fn value(&mut self, figure: &str, group: Option<&str>, v: Option<f64>, u: Unit) {
        self.push(
            figure,
            group,
            Row {
                value: v,
                ..blank(u)
            },
        );
    }
}

/// Suppresses a row: no value, no parts.
fn hide(row: &mut Row) {
    row.numerator = None;
    row.denominator = None;
    row.value = None;
    row.suppressed = true;
}

/// Secondary suppression: in a set of cells that add up to a total shown
/// elsewhere, one hidden cell could be worked out from the others, so when
/// exactly one is hidden the smallest other cell above zero is hidden too.
fn at_least_two(rows: &mut [Row], set: &[usize]) {
    let hidden = set.iter().filter(|&&i| rows[i].suppressed).count();
    if hidden != 1 {
        return;
    }
    let next = set
        .iter()
        .copied()
        .filter(|&i| !rows[i].suppressed && rows[i].numerator.unwrap_or(0) > 0)
        .min_by_key(|&i| rows[i].numerator.unwrap_or(0));
    if let Some(i) = next {
        hide(&mut rows[i]);
    }
}

fn blank(unit: Unit) -> Row {
    Row {
        section: String::new(),
        figure: String::new(),
        dimension: None,
        group: None,
        numerator: None,
        denominator: None,
        value: None,
        unit,
        suppressed: false,
        baseline: None,
    }
}

/// The Monday of the week of `d`.
fn week_of(d: jiff::civil::Date) -> jiff::civil::Date {
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
}

/// The evaluation of a period's referrals with the clinic time worked.
pub fn evaluate(facts: &[ReferralFacts], sessions: Sessions, config: &Config) -> Evaluation {
    evaluate_counts(Counts::of(facts), sessions, config)
}

/// The evaluation from the counts of a period's referrals (see
/// [`Counts`]: a large period is counted in parts).
pub fn evaluate_counts(mut counts: Counts, sessions: Sessions, config: &Config) -> Evaluation {
    let g: Figures = counts.figures();
    let threshold = config.suppress_below;
    let mut r = Rows {
        threshold,
        section: "activity",
        rows: Vec::new(),
    };
    r.count("referrals", None, g.referrals);
    r.count("people_seen", None, g.people_seen);
    r.count("contacts", None, g.contacts);
    r.value("ot_days", None, Some(sessions.ot_days as f64), Unit::Count);
    r.value("ot_hours", None, Some(sessions.ot_hours), Unit::Hours);
    r.value(
        "people_per_ot_day",
        None,
        (sessions.ot_days > 0).then(|| g.people_seen as f64 / sessions.ot_days as f64),
        Unit::Ratio,
    );

    if r.rows
        .iter()
        .any(|x| x.figure == "people_seen" && x.suppressed)
    {
        let last = r.rows.len() - 1;
        hide(&mut r.rows[last]);
    }

    r.section = "referrals";
    for (source, n) in &g.by_source {
        r.count("by_source", Some(source), *n);
    }
    for (pathway, n) in &g.by_pathway {
        r.count("by_pathway", Some(pathway), *n);
    }
    // By day, then by week: a period has few days and many referrals.
    let mut weeks: BTreeMap<jiff::civil::Date, u64> = BTreeMap::new();
    for (d, n) in counts.per_day() {
        *weeks.entry(week_of(d)).or_default() += n;
    }
    for (w, n) in &weeks {
        r.count("per_week", Some(&w.to_string()), *n);
    }

    // Sources and weeks each add up to all referrals.
    for figure in ["by_source", "per_week"] {
        let set: Vec<usize> = (0..r.rows.len())
            .filter(|&i| r.rows[i].figure == figure)
            .collect();
        at_least_two(&mut r.rows, &set);
    }

    r.section = "waits";
    let (triage, contact) = counts.waits();
    let (n_triage, n_contact) = (triage.len() as u64, contact.len() as u64);
    r.statistic(
        "wait_to_triage_median",
        None,
        n_triage,
        g.wait_to_triage_median,
        Unit::Days,
    );
    r.statistic(
        "wait_to_triage_p90",
        None,
        n_triage,
        g.wait_to_triage_p90,
        Unit::Days,
    );
    r.statistic(
        "wait_to_contact_median",
        None,
        n_contact,
        g.wait_to_contact_median,
        Unit::Days,
    );
    r.statistic(
        "wait_to_contact_p90",
        None,
        n_contact,
        g.wait_to_contact_p90,
        Unit::Days,
    );

    r.section = "outcomes";
    r.count("discharged", None, g.self_management.denominator);
    r.rate("self_management", None, g.self_management);
    r.rate("gp_avoided", None, g.gp_avoided);
    r.count("gp_appointments_avoided", None, g.gp_appointments_avoided);
    r.rate("cmht_avoided", None, g.cmht_avoided);
    r.rate("referred_on", None, g.referred_on);
    r.rate("did_not_attend", None, g.did_not_attend);

    r.section = "measures";
    for (m, n, mean) in counts.mean_changes() {
        r.statistic("mean_change", Some(m), n, mean, Unit::Points);
    }

    r.section = "work";
    for o in [
        WorkOutcome::ReturnedToWork,
        WorkOutcome::KeptInWork,
        WorkOutcome::IntoWork,
        WorkOutcome::IntoVolunteering,
    ] {
        let n = g
            .work_outcomes
            .iter()
            .find(|(x, _)| *x == o)
            .map_or(0, |(_, n)| *n);
        r.count("work_outcome", Some(o.as_str()), n);
    }

    let activity = Activity {
        people_seen: g.people_seen,
        ot_hours: sessions.ot_hours,
        gp_appointments_avoided: g.gp_appointments_avoided,
        cmht_referrals_avoided: g.cmht_avoided.numerator,
        into_work: g
            .work_outcomes
            .iter()
            .find(|(o, _)| *o == WorkOutcome::IntoWork)
            .map_or(0, |(_, n)| *n),
    };
    let returns = [End::Low, End::Central, End::High].map(|e| roi(&activity, &config.costs, e));
    // Money worked out from a count too small to show would give the count
    // back (avoided ÷ unit value), and a figure per person the people seen.
    let small = |n: u64| n > 0 && n < threshold;
    let hide_avoided = small(activity.gp_appointments_avoided)
        || small(activity.cmht_referrals_avoided)
        || small(activity.into_work)
        || small(g.people_seen);
    r.section = "return";
    for (end, ret) in ["low", "central", "high"].iter().zip(&returns) {
        r.value("cost", Some(end), Some(ret.cost), Unit::Pounds);
        for (figure, v, unit) in [
            ("avoided", Some(ret.avoided), Unit::Pounds),
            ("net_per_person", ret.net_per_person, Unit::Pounds),
            ("roi_ratio", ret.ratio, Unit::Ratio),
        ] {
            if hide_avoided {
                r.push(
                    figure,
                    Some(end),
                    Row {
                        suppressed: true,
                        ..blank(unit)
                    },
                );
            } else {
                r.value(figure, Some(end), v, unit);
            }
        }
    }

    r.section = "equity";
    for Dimension {
        dimension,
        groups,
        not_stated,
    } in counts.breakdown()
    {
        let start = r.rows.len();
        for gr in &groups {
            r.rate("share_of_referrals", Some(&gr.group), gr.referrals);
            r.rate("seen", Some(&gr.group), gr.seen);
            r.rate("self_management", Some(&gr.group), gr.self_management);
        }
        r.rate("not_stated", None, not_stated);
        for row in &mut r.rows[start..] {
            row.dimension = Some(dimension.clone());
        }
        // The shares and "not stated" add up to all referrals: hide at
        // least two when any is hidden. A group whose share is hidden hides
        // what is counted of it (its size is their denominator). The seen
        // and self-management counts nearly add up to totals shown: the
        // same rule for each.
        let per_group = |offset: usize| -> Vec<usize> {
            (start + offset..start + 3 * groups.len())
                .step_by(3)
                .collect()
        };
        let mut shares = per_group(0);
        shares.push(r.rows.len() - 1);
        at_least_two(&mut r.rows, &shares);
        for i in per_group(0) {
            if r.rows[i].suppressed {
                for row in &mut r.rows[i + 1..i + 3] {
                    hide(row);
                }
            }
        }
        at_least_two(&mut r.rows, &per_group(1));
        at_least_two(&mut r.rows, &per_group(2));
    }

    for row in &mut r.rows {
        let is_central = row.group.as_deref().is_none_or(|g| g == "central");
        if row.section != "equity"
            && is_central
            && let Some(b) = config.baselines.get(&row.figure)
        {
            row.baseline = Some(b.clone());
        }
    }
    Evaluation {
        suppress_below: threshold,
        activity,
        sessions,
        returns,
        costs: config.costs.clone(),
        rows: r.rows,
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Numbers as written in the CSV and table: up to 2 decimals, no
/// trailing zeros.
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// An amount in pounds with thousands separated and pence: £12,345.67,
/// −£1,800.00.
pub fn pounds(v: f64) -> String {
    let text = format!("{:.2}", v.abs());
    let (whole, pence) = text.split_once('.').unwrap_or((&text, "00"));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if v < 0.0 && text != "0.00" { "−" } else { "" };
    format!("{sign}£{out}.{pence}")
}

/// The rows as CSV (RFC 4180), one figure a line, with a header; the
/// same rows, suppressed the same way, as the page and JSON.
pub fn csv(e: &Evaluation) -> String {
    let mut out = String::from(
        "section,figure,dimension,group,numerator,denominator,value,unit,suppressed,baseline,baseline_source\r\n",
    );
    let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    for row in &e.rows {
        let fields = [
            row.section.clone(),
            row.figure.clone(),
            row.dimension.clone().unwrap_or_default(),
            row.group.clone().unwrap_or_default(),
            opt(row.numerator),
            opt(row.denominator),
            row.value.map(number).unwrap_or_default(),
            row.unit.as_str().to_owned(),
            row.suppressed.to_string(),
            row.baseline
                .as_ref()
                .map(|b| number(b.value))
                .unwrap_or_default(),
            row.baseline
                .as_ref()
                .map(|b| b.source.clone())
                .unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests;
