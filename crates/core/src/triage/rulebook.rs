//! The triage rulebook: rules as data, in a versioned TOML file, checked
//! when it is loaded.
//!
//! The default rulebook is `crates/core/rulebook/default.toml`, built into
//! the binary. A service may replace it with its own file; `roots triage
//! --rulebook FILE --check` checks one. The format is described field by
//! field in `docs/triage.md`.
//!
//! [`Rulebook::parse`] reports every problem it finds, each with the file
//! name and line: TOML syntax; unknown fields; wrong types; unknown
//! priorities, pathways, advice, answer fields, answer values, phrase
//! categories and phrase ids; duplicate ids; missing, empty or untranslated
//! explanations; missing hazards or source; and rules that can never fire
//! (an empty list, an age range that is empty, a fit-note condition for
//! people who are never asked about fit notes, an `unless` that always holds
//! when `when` does).
//!
//! Two more refusals keep the engine monotone (adding a red flag never
//! lowers a priority): a condition may not test for the absence of a red
//! flag (`none` ticked, `needs_help_now = ["no"]`), and `unless` may not
//! name a red flag at all. Conditions may not use the optional equality
//! monitoring answers either: the person was told those answers do not
//! change the help they get.
//!
//! A bad rulebook never replaces a good one: [`Rulebook::reload`] leaves the
//! current rulebook as it was and returns the problems.

use std::fmt;

use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::phrases::{Category, PHRASES};
use super::{Advice, Facts, Pathway, Priority};
use crate::referral as r;

/// The rulebook built into Roots.
pub const DEFAULT_TOML: &str = include_str!("../../rulebook/default.toml");
/// The name the built-in rulebook's problems are reported under.
pub const DEFAULT_FILE: &str = "crates/core/rulebook/default.toml";
/// The rulebook format this version of Roots reads.
pub const FORMAT: i64 = 1;

/// A checked rulebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rulebook {
    pub name: String,
    pub version: String,
    /// The file it was read from.
    pub file: String,
    pub rules: Vec<Rule>,
}

/// One rule: when its condition holds, it adds its outcome to the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: String,
    /// Where the rule starts in its file.
    pub line: usize,
    pub when: Condition,
    pub unless: Option<Condition>,
    pub priority: Priority,
    pub pathways: Vec<Pathway>,
    pub advice: Vec<Advice>,
    pub explanation_en: String,
    pub explanation_cy: String,
    pub hazards: Vec<String>,
    pub source: String,
}

/// Every part given must hold; a list holds when any of its values does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// Answer field → values, any of which matches.
    pub answers: Vec<(String, Vec<String>)>,
    /// Any free-text hit in one of these categories.
    pub phrases: Vec<Category>,
    /// Any free-text hit of one of these phrases.
    pub phrase_ids: Vec<String>,
    pub age_at_least: Option<i64>,
    pub age_under: Option<i64>,
    pub off_sick_days_at_least: Option<i64>,
}

impl Condition {
    /// Whether the condition holds for these facts. An unknown age or sick
    /// date never satisfies an age or duration condition.
    pub fn holds(&self, f: &Facts) -> bool {
        let answers = self.answers.iter().all(|(field, values)| {
            let single = f.answers.get(field);
            let many = f.answers.get_many(field);
            values
                .iter()
                .any(|v| single == Some(v.as_str()) || many.iter().any(|m| m == v))
        });
        let phrases = self.phrases.is_empty()
            || f.phrase_hits
                .iter()
                .any(|h| self.phrases.contains(&h.category));
        let ids = self.phrase_ids.is_empty()
            || f.phrase_hits
                .iter()
                .any(|h| self.phrase_ids.contains(&h.phrase_id));
        let age = self
            .age_at_least
            .is_none_or(|n| f.age.is_some_and(|a| a >= n))
            && self.age_under.is_none_or(|n| f.age.is_some_and(|a| a < n));
        let sick = self
            .off_sick_days_at_least
            .is_none_or(|n| f.off_sick_days.is_some_and(|d| d >= n));
        answers && phrases && ids && age && sick
    }
}

impl Rule {
    pub fn fires(&self, f: &Facts) -> bool {
        self.when.holds(f) && !self.unless.as_ref().is_some_and(|u| u.holds(f))
    }
}

/// A problem in a rulebook, for the operator: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RulebookError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RulebookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The answer fields a rule may test, with their values.
pub fn answer_fields() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("source", r::SOURCES),
        ("needs_help_now", r::YES_NO),
        ("emergency_signs", r::EMERGENCY_SIGNS),
        ("crisis_signs", r::CRISIS_SIGNS),
        ("other_concerns", r::OTHER_CONCERNS),
        ("contact_via_practice", &["yes"]),
        ("no_fixed_address", &["yes"]),
        ("practice", r::PRACTICE_OTHER),
        ("language", r::LANGUAGES),
        ("interpreter", r::YES_NO),
        ("communication_needs", r::COMMUNICATION_NEEDS),
        ("difficulties", r::DIFFICULTIES),
        ("duration", r::DURATIONS),
        ("work_status", r::WORK_STATUSES),
        ("fit_note", r::FIT_NOTE),
    ]
}

/// The optional equality monitoring answers: never used for triage.
const MONITORING: &[&str] = &[
    "sex",
    "ethnic_group",
    "housing",
    "refugee_asylum",
    "gypsy_roma_traveller",
    "armed_forces",
    "unpaid_carer",
];

/// Fields whose answers are red flags.
const RED_FLAG_FIELDS: &[&str] = &[
    "needs_help_now",
    "emergency_signs",
    "crisis_signs",
    "other_concerns",
];

/// Whether a value of a field is a red flag (its absence must not be tested).
fn absence(field: &str, value: &str) -> bool {
    match field {
        "needs_help_now" => value != "yes",
        "emergency_signs" | "crisis_signs" | "other_concerns" => value == "none",
        _ => false,
    }
}

impl Default for Rulebook {
    /// The built-in rulebook. Its tests guarantee it parses.
    fn default() -> Self {
        match Rulebook::parse(DEFAULT_TOML, DEFAULT_FILE) {
            Ok(book) => book,
            Err(errors) => {
                // Unreachable while `the_default_rulebook_is_valid` passes;
                // fall back to the floor alone rather than stop.
                debug_assert!(false, "{errors:?}");
                Rulebook {
                    name: "floor only".into(),
                    version: "invalid-default".into(),
                    file: DEFAULT_FILE.into(),
                    rules: Vec::new(),
                }
            }
        }
    }
}

impl Rulebook {
    /// The built-in rulebook, parsed once and shared (what
    /// [`Rulebook::default`] returns, without parsing it again).
    pub fn built_in() -> &'static Rulebook {
        static BUILT_IN: std::sync::OnceLock<Rulebook> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(Rulebook::default)
    }

    /// Parses and checks a rulebook. Every problem found is returned, each
    /// with `file` and its line.
    pub fn parse(text: &str, file: &str) -> Result<Rulebook, Vec<RulebookError>> {
        let mut c = Checker {
            text,
            file,
            errors: Vec::new(),
        };
        let (doc, syntax) = DeTable::parse_recoverable(text);
        if !syntax.is_empty() {
            for e in syntax {
                let line = e.span().map_or(1, |s| c.line(s.start));
                c.errors.push(RulebookError {
                    file: file.to_owned(),
                    line,
                    message: format!("not valid TOML: {}", e.message().trim()),
                });
            }
            return Err(c.errors);
        }
        let book = c.book(doc.get_ref());
        if c.errors.is_empty() {
            Ok(book)
        } else {
            c.errors.sort_by_key(|e| e.line);
            Err(c.errors)
        }
    }

    /// Replaces this rulebook with a new one only if the new one is good.
    /// On problems, `self` is left exactly as it was and the problems are
    /// returned: a bad rulebook never replaces a good one.
    pub fn reload(&mut self, text: &str, file: &str) -> Result<&Rulebook, Vec<RulebookError>> {
        *self = Rulebook::parse(text, file)?;
        Ok(self)
    }

    /// "name version: N rules", for a one-line summary.
    pub fn summary(&self) -> String {
        format!(
            "{} {} ({}): {} rules",
            self.name,
            self.version,
            self.file,
            self.rules.len()
        )
    }
}

struct Checker<'a> {
    text: &'a str,
    file: &'a str,
    errors: Vec<RulebookError>,
}

type Table<'i> = DeTable<'i>;
type Value<'i> = Spanned<DeValue<'i>>;

impl Checker<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn err(&mut self, offset: usize, message: impl Into<String>) {
        let line = self.line(offset);
        self.errors.push(RulebookError {
            file: self.file.to_owned(),
            line,
            message: message.into(),
        });
    }

    fn string(&mut self, key: &str, v: &Value<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.err(v.span().start, format!("{key} must be a string"));
                None
            }
        }
    }

    fn int(&mut self, key: &str, v: &Value<'_>) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                match i64::from_str_radix(
                    digits
                        .trim_start_matches("0x")
                        .trim_start_matches("0o")
                        .trim_start_matches("0b"),
                    i.radix(),
                ) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.err(v.span().start, format!("{key} is too large"));
                        None
                    }
                }
            }
            _ => {
                self.err(v.span().start, format!("{key} must be a whole number"));
                None
            }
        }
    }

    /// A list of strings, each with its offset.
    fn strings(&mut self, key: &str, v: &Value<'_>) -> Option<Vec<(String, usize)>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.err(
                v.span().start,
                format!("{key} must be a list of strings, like [\"a\", \"b\"]"),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), item.span().start)),
                _ => self.err(item.span().start, format!("{key} must list strings")),
            }
        }
        Some(out)
    }

    fn book(&mut self, doc: &Table<'_>) -> Rulebook {
        let mut name = None;
        let mut version = None;
        let mut format = None;
        let mut rules = Vec::new();
        let mut rule_values = None;
        for (k, v) in doc.iter() {
            let at = k.span().start;
            match k.get_ref().as_ref() {
                "format" => format = self.int("format", v).map(|n| (n, v.span().start)),
                "name" => name = self.string("name", v),
                "version" => version = self.string("version", v),
                "rule" => rule_values = Some(v),
                other => self.err(
                    at,
                    format!(
                        "unknown field {other:?} (a rulebook has format, name, version and [[rule]] tables)"
                    ),
                ),
            }
        }
        match format {
            Some((FORMAT, _)) => {}
            Some((n, at)) => self.err(
                at,
                format!(
                    "format {n} is not one this version of Roots reads (it reads format {FORMAT})"
                ),
            ),
            None => self.err(0, format!("format is missing: add `format = {FORMAT}`")),
        }
        let name = name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| {
            self.err(0, "name is missing or empty");
            String::new()
        });
        let version = version.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| {
            self.err(
                0,
                "version is missing or empty: every rulebook names its version",
            );
            String::new()
        });
        if let Some(v) = rule_values {
            match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::Table(t) => {
                                if let Some(rule) = self.rule(t, item.span().start) {
                                    rules.push(rule);
                                }
                            }
                            _ => self.err(item.span().start, "each rule must be a [[rule]] table"),
                        }
                    }
                }
                _ => self.err(v.span().start, "rule must be written as [[rule]] tables"),
            }
        }
        let mut seen: Vec<(String, usize)> = Vec::new();
        for rule in &rules {
            if let Some((_, first)) = seen.iter().find(|(id, _)| *id == rule.id) {
                let message = format!(
                    "duplicate rule id {:?} (first used on line {first})",
                    rule.id
                );
                self.errors.push(RulebookError {
                    file: self.file.to_owned(),
                    line: rule.line,
                    message,
                });
            } else {
                seen.push((rule.id.clone(), rule.line));
            }
        }
        Rulebook {
            name,
            version,
            file: self.file.to_owned(),
            rules,
        }
    }

    fn rule(&mut self, t: &Table<'_>, at: usize) -> Option<Rule> {
        let line = self.line(at);
        let errors_before = self.errors.len();
        let mut id = None;
        let mut priority = None;
        let mut pathways = Vec::new();
        let mut advice = Vec::new();
        let mut when = None;
        let mut unless = None;
        let mut en = None;
        let mut cy = None;
        let mut hazards = Vec::new();
        let mut source = None;
        let mut seen_pathways = false;
        let mut seen_hazards = false;
        for (k, v) in t.iter() {
            let key_at = k.span().start;
            match k.get_ref().as_ref() {
                "id" => {
                    id = self.string("id", v).and_then(|s| {
                        let ok = !s.is_empty()
                            && s.chars().all(|c| {
                                c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c)
                            });
                        if !ok {
                            self.err(
                                v.span().start,
                                format!("id {s:?} must be lower-case letters, digits, -, _ or ."),
                            );
                        }
                        ok.then_some(s)
                    })
                }
                "priority" => {
                    priority = self.string("priority", v).and_then(|s| {
                        let p = Priority::parse(&s);
                        if p.is_none() {
                            self.err(
                                v.span().start,
                                format!(
                                    "unknown priority {s:?} (use emergency, crisis, urgent, soon or routine)"
                                ),
                            );
                        }
                        p
                    })
                }
                "pathways" => {
                    seen_pathways = true;
                    for (s, o) in self.strings("pathways", v).unwrap_or_default() {
                        match Pathway::parse(&s) {
                            Some(p) if pathways.contains(&p) => {
                                self.err(o, format!("pathway {s:?} is listed twice"))
                            }
                            Some(p) => pathways.push(p),
                            None => self.err(
                                o,
                                format!(
                                    "unknown pathway {s:?} (use one of: {})",
                                    names(Pathway::ALL.iter().map(|p| p.as_str()))
                                ),
                            ),
                        }
                    }
                    if pathways.is_empty() && self.errors.len() == errors_before {
                        self.err(v.span().start, "pathways must name at least one pathway");
                    }
                }
                "advice" => {
                    for (s, o) in self.strings("advice", v).unwrap_or_default() {
                        match Advice::parse(&s) {
                            Some(a) => advice.push(a),
                            None => self.err(
                                o,
                                format!(
                                    "unknown advice {s:?} (use one of: {})",
                                    names(Advice::ALL.iter().map(|a| a.as_str()))
                                ),
                            ),
                        }
                    }
                }
                "when" => when = self.condition("when", v),
                "unless" => unless = self.condition("unless", v),
                "explanation_en" => en = self.string("explanation_en", v).map(|s| (s, key_at)),
                "explanation_cy" => cy = self.string("explanation_cy", v).map(|s| (s, key_at)),
                "hazards" => {
                    seen_hazards = true;
                    for (s, o) in self.strings("hazards", v).unwrap_or_default() {
                        let ok = s.len() == 5
                            && s.starts_with("H-")
                            && s[2..].chars().all(|c| c.is_ascii_digit());
                        if ok {
                            hazards.push(s);
                        } else {
                            self.err(o, format!("hazard {s:?} must be a hazard-log id like \"H-011\""));
                        }
                    }
                }
                "source" => source = self.string("source", v),
                other => self.err(
                    key_at,
                    format!(
                        "unknown field {other:?} in a rule (a rule has id, when, unless, priority, pathways, advice, explanation_en, explanation_cy, hazards and source)"
                    ),
                ),
            }
        }
        let label = id
            .clone()
            .map_or("this rule".to_owned(), |i| format!("rule {i:?}"));
        let missing = |c: &mut Checker<'_>, what: &str| {
            c.errors.push(RulebookError {
                file: c.file.to_owned(),
                line,
                message: format!("{label} has no {what}"),
            })
        };
        if id.is_none()
            && !self.errors[errors_before..]
                .iter()
                .any(|e| e.message.starts_with("id "))
        {
            missing(self, "id");
        }
        if priority.is_none() && !self.has_error_since(errors_before, "priority") {
            missing(self, "priority");
        }
        if !seen_pathways {
            missing(self, "pathways");
        }
        if !seen_hazards || (hazards.is_empty() && !self.has_error_since(errors_before, "hazard")) {
            missing(self, "hazards (the hazard-log ids it controls)");
        }
        match &source {
            Some(s) if !s.trim().is_empty() => {}
            _ => missing(self, "source (the guidance it rests on)"),
        }
        if en.as_ref().is_none_or(|(s, _)| s.trim().is_empty()) {
            missing(self, "English explanation (explanation_en)");
        }
        match &cy {
            None => missing(self, "Welsh explanation (explanation_cy)"),
            Some((w, _)) if w.trim().is_empty() => {
                missing(self, "Welsh explanation (explanation_cy)")
            }
            Some((w, at)) if en.as_ref().is_some_and(|(e, _)| e.trim() == w.trim()) => {
                let at = *at;
                self.err(
                    at,
                    format!(
                        "{label}: explanation_cy is the same as explanation_en; translate it into Welsh"
                    ),
                )
            }
            _ => {}
        }
        let when = when.unwrap_or_default();
        self.never_fires(&label, line, &when, unless.as_ref());
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Rule {
            id: id?,
            line,
            when,
            unless,
            priority: priority?,
            pathways,
            advice,
            explanation_en: en?.0,
            explanation_cy: cy?.0,
            hazards,
            source: source?,
        })
    }

    fn has_error_since(&self, since: usize, word: &str) -> bool {
        self.errors[since..]
            .iter()
            .any(|e| e.message.contains(word))
    }

    fn condition(&mut self, key: &str, v: &Value<'_>) -> Option<Condition> {
        let DeValue::Table(t) = v.get_ref() else {
            self.err(
                v.span().start,
                format!("{key} must be a table, like [rule.{key}]"),
            );
            return None;
        };
        let negative = key == "unless";
        let mut c = Condition::default();
        for (k, v) in t.iter() {
            let at = k.span().start;
            match k.get_ref().as_ref() {
                "answers" => {
                    let DeValue::Table(fields) = v.get_ref() else {
                        self.err(v.span().start, format!("{key}.answers must be a table of answer fields"));
                        continue;
                    };
                    for (fk, fv) in fields.iter() {
                        let field = fk.get_ref().to_string();
                        let fat = fk.span().start;
                        if MONITORING.contains(&field.as_str()) {
                            self.err(fat, format!("{field:?} is an optional equality monitoring answer: people are told it does not change the help they get, so rules may not use it"));
                            continue;
                        }
                        let Some((_, allowed)) =
                            answer_fields().into_iter().find(|(f, _)| *f == field)
                        else {
                            self.err(
                                fat,
                                format!(
                                    "unknown answer field {field:?} (use one of: {})",
                                    names(answer_fields().iter().map(|(f, _)| *f))
                                ),
                            );
                            continue;
                        };
                        if negative && RED_FLAG_FIELDS.contains(&field.as_str()) {
                            self.err(fat, format!("unless may not name the red-flag answer {field:?}: a red flag must never stop a rule from firing"));
                            continue;
                        }
                        let Some(values) = self.strings(&field, fv) else {
                            continue;
                        };
                        if values.is_empty() {
                            self.err(fv.span().start, format!("{field} lists no values, so the rule can never fire"));
                            continue;
                        }
                        let mut kept = Vec::new();
                        for (value, o) in values {
                            if !allowed.contains(&value.as_str()) {
                                self.err(
                                    o,
                                    format!(
                                        "{field} has no answer {value:?}, so this can never match (its answers are: {})",
                                        names(allowed.iter().copied())
                                    ),
                                );
                            } else if absence(&field, &value) {
                                self.err(o, format!("{field} = {value:?} tests for the absence of a red flag, which could lower a priority when a red flag is added; rules may only test for red flags being present"));
                            } else {
                                kept.push(value);
                            }
                        }
                        c.answers.push((field, kept));
                    }
                }
                "phrases" => {
                    let values = self.strings("phrases", v).unwrap_or_default();
                    if values.is_empty() {
                        self.err(v.span().start, "phrases lists no categories, so the rule can never fire");
                    }
                    for (s, o) in values {
                        match Category::parse(&s) {
                            Some(cat) if negative && cat.is_red_flag() => self.err(o, format!("unless may not name the red-flag phrase category {s:?}: a red flag must never stop a rule from firing")),
                            Some(cat) => c.phrases.push(cat),
                            None => self.err(
                                o,
                                format!(
                                    "unknown phrase category {s:?} (use one of: {})",
                                    names(Category::ALL.iter().map(|c| c.as_str()))
                                ),
                            ),
                        }
                    }
                }
                "phrase_ids" => {
                    let values = self.strings("phrase_ids", v).unwrap_or_default();
                    if values.is_empty() {
                        self.err(v.span().start, "phrase_ids lists no phrases, so the rule can never fire");
                    }
                    for (s, o) in values {
                        match PHRASES.iter().find(|p| p.id == s) {
                            Some(p) if negative && p.category.is_red_flag() => self.err(o, format!("unless may not name the red-flag phrase {s:?}: a red flag must never stop a rule from firing")),
                            Some(_) => c.phrase_ids.push(s),
                            None => self.err(o, format!("unknown phrase id {s:?}, so this can never match (the phrases are listed in crates/core/src/triage/phrases.rs)")),
                        }
                    }
                }
                "age_at_least" => c.age_at_least = self.age(v, "age_at_least"),
                "age_under" => c.age_under = self.age(v, "age_under"),
                "off_sick_days_at_least" => {
                    c.off_sick_days_at_least = self.int("off_sick_days_at_least", v).filter(|n| {
                        let ok = (0..=365 * 50).contains(n);
                        if !ok {
                            self.err(v.span().start, "off_sick_days_at_least must be between 0 and 18250, so the rule can fire");
                        }
                        ok
                    })
                }
                other => self.err(
                    at,
                    format!(
                        "unknown field {other:?} in {key} (use answers, phrases, phrase_ids, age_at_least, age_under or off_sick_days_at_least)"
                    ),
                ),
            }
        }
        Some(c)
    }

    fn age(&mut self, v: &Value<'_>, key: &str) -> Option<i64> {
        self.int(key, v).filter(|n| {
            let ok = (0..=130).contains(n);
            if !ok {
                self.err(
                    v.span().start,
                    format!("{key} must be between 0 and 130, so the rule can fire"),
                );
            }
            ok
        })
    }

    /// Conditions that contradict each other, so the rule can never fire.
    fn never_fires(
        &mut self,
        label: &str,
        line: usize,
        when: &Condition,
        unless: Option<&Condition>,
    ) {
        let mut problems = Vec::new();
        if let (Some(lo), Some(hi)) = (when.age_at_least, when.age_under)
            && lo >= hi
        {
            problems.push(format!("age_at_least {lo} and age_under {hi} leave no age"));
        }
        let values = |c: &Condition, f: &str| {
            c.answers
                .iter()
                .find(|(k, _)| k == f)
                .map(|(_, v)| v.clone())
        };
        let asked_fit_note = ["working", "self_employed", "off_sick"];
        if values(when, "fit_note").is_some()
            && let Some(ws) = values(when, "work_status")
            && !ws.iter().any(|w| asked_fit_note.contains(&w.as_str()))
        {
            problems.push(
                "fit_note is asked only of people working, self-employed or off sick, and work_status names none of them"
                    .to_owned(),
            );
        }
        if when.off_sick_days_at_least.is_some()
            && let Some(ws) = values(when, "work_status")
            && !ws.iter().any(|w| w == "off_sick")
        {
            problems.push(
                "off_sick_days_at_least needs work_status off_sick, which it does not include"
                    .to_owned(),
            );
        }
        if let Some(u) = unless
            && u != &Condition::default()
            && covers(u, when)
        {
            problems.push("unless holds whenever when does".to_owned());
        }
        for p in problems {
            self.errors.push(RulebookError {
                file: self.file.to_owned(),
                line,
                message: format!("{label} can never fire: {p}"),
            });
        }
    }
}

/// Whether `u` holds whenever `w` does (checked on the answer lists and
/// phrase categories, which is where it happens in practice).
fn covers(u: &Condition, w: &Condition) -> bool {
    let answers = u.answers.iter().all(|(f, uv)| {
        w.answers
            .iter()
            .find(|(k, _)| k == f)
            .is_some_and(|(_, wv)| wv.iter().all(|v| uv.contains(v)))
    });
    let phrases = u.phrases.is_empty()
        || (!w.phrases.is_empty() && w.phrases.iter().all(|c| u.phrases.contains(c)));
    let ids = u.phrase_ids.is_empty()
        || (!w.phrase_ids.is_empty() && w.phrase_ids.iter().all(|i| u.phrase_ids.contains(i)));
    let age = u
        .age_at_least
        .is_none_or(|n| w.age_at_least.is_some_and(|m| m >= n))
        && u.age_under
            .is_none_or(|n| w.age_under.is_some_and(|m| m <= n));
    let sick = u
        .off_sick_days_at_least
        .is_none_or(|n| w.off_sick_days_at_least.is_some_and(|m| m >= n));
    answers && phrases && ids && age && sick
}

fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
