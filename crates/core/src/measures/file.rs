//! Reading and checking a measures file.
//!
//! Every problem is reported with the file name and line, all at once:
//! TOML syntax, unknown fields, wrong types, missing or empty required
//! fields, duplicate ids, a wrong number of items, answer options that do
//! not cover the range, bands that leave a gap, overlap or run outside the
//! range, alerts that name an unknown item or can never fire, Welsh text
//! given for some questions and not others, item text without a licence
//! (and any text for a measure known to be licensed without `licensed_to`),
//! and a PHQ-9 without its item-9 safety alert.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::*;

/// A problem in a measures file, for the operator: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureFileError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for MeasureFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Words in a measure's id or name that mark it as a licensed instrument
/// whose text must never be shipped without a licence (DOMAIN.md).
pub const KNOWN_LICENSED: &[&str] = &[
    "wemwbs",
    "swemwbs",
    "warwick-edinburgh",
    "warwick edinburgh",
    "eq-5d",
    "eq5d",
    "euroqol",
    "copm",
    "canadian occupational performance",
    "toms",
    "therapy outcome measure",
];

type Value<'i> = Spanned<DeValue<'i>>;

struct Checker<'a> {
    text: &'a str,
    file: &'a str,
    errors: Vec<MeasureFileError>,
}

/// A table's fields by name, each with its value and where its key starts.
struct Fields<'t, 'i> {
    map: HashMap<String, (&'t Value<'i>, usize)>,
    at: usize,
}

pub(super) fn parse(text: &str, file: &str) -> Result<MeasureSet, Vec<MeasureFileError>> {
    let mut c = Checker {
        text,
        file,
        errors: Vec::new(),
    };
    let (doc, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for e in syntax {
            let line = e.span().map_or(1, |s| c.line(s.start));
            c.errors.push(MeasureFileError {
                file: file.to_owned(),
                line,
                message: format!("not valid TOML: {}", e.message().trim()),
            });
        }
        return Err(c.errors);
    }
    let set = c.set(doc.get_ref());
    if c.errors.is_empty() {
        Ok(set)
    } else {
        c.errors.sort_by_key(|e| e.line);
        Err(c.errors)
    }
}

fn id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c))
}

impl<'a> Checker<'a> {
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
        self.errors.push(MeasureFileError {
            file: self.file.to_owned(),
            line,
            message: message.into(),
        });
    }

    fn fields<'t, 'i>(
        &mut self,
        t: &'t DeTable<'i>,
        at: usize,
        what: &str,
        allowed: &[&str],
    ) -> Fields<'t, 'i> {
        let mut map = HashMap::new();
        for (k, v) in t.iter() {
            let key = k.get_ref().to_string();
            if allowed.contains(&key.as_str()) {
                map.insert(key, (v, k.span().start));
            } else {
                self.err(
                    k.span().start,
                    format!(
                        "unknown field {key:?} in {what} (it may have: {})",
                        allowed.join(", ")
                    ),
                );
            }
        }
        Fields { map, at }
    }

    fn opt_str(&mut self, f: &Fields<'_, '_>, key: &str) -> Option<String> {
        let (v, _) = f.map.get(key)?;
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.err(v.span().start, format!("{key} is empty"));
                None
            }
            DeValue::String(s) => Some(s.trim().to_string()),
            _ => {
                self.err(v.span().start, format!("{key} must be a string"));
                None
            }
        }
    }

    fn req_str(&mut self, f: &Fields<'_, '_>, key: &str, label: &str) -> Option<String> {
        if !f.map.contains_key(key) {
            self.err(f.at, format!("{label} has no {key}"));
            return None;
        }
        self.opt_str(f, key)
    }

    fn opt_int(&mut self, f: &Fields<'_, '_>, key: &str) -> Option<i64> {
        let (v, _) = f.map.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                let n = i64::from_str_radix(
                    digits
                        .trim_start_matches("0x")
                        .trim_start_matches("0o")
                        .trim_start_matches("0b"),
                    i.radix(),
                );
                match n {
                    Ok(n) if n.abs() <= 1_000_000 => Some(n),
                    _ => {
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

    fn req_int(&mut self, f: &Fields<'_, '_>, key: &str, label: &str) -> Option<i64> {
        if !f.map.contains_key(key) {
            self.err(f.at, format!("{label} has no {key}"));
            return None;
        }
        self.opt_int(f, key)
    }

    fn opt_bool(&mut self, f: &Fields<'_, '_>, key: &str) -> Option<bool> {
        let (v, _) = f.map.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.err(v.span().start, format!("{key} must be true or false"));
                None
            }
        }
    }

    fn at(&self, f: &Fields<'_, '_>, key: &str) -> usize {
        f.map.get(key).map_or(f.at, |(v, _)| v.span().start)
    }

    /// The tables of an array of tables (`[[measure.item]]`), with offsets.
    fn tables<'t, 'i>(&mut self, f: &Fields<'t, 'i>, key: &str) -> Vec<(&'t DeTable<'i>, usize)> {
        let Some((v, _)) = f.map.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            let header = if key == "measure" {
                "[[measure]]".to_owned()
            } else {
                format!("[[measure.{key}]]")
            };
            self.err(
                v.span().start,
                format!("{key} must be written as {header} tables, one for each"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span().start)),
                _ => self.err(item.span().start, format!("each {key} must be a table")),
            }
        }
        out
    }

    fn set(&mut self, doc: &DeTable<'_>) -> MeasureSet {
        let f = self.fields(
            doc,
            0,
            "a measures file",
            &["format", "name", "version", "measure"],
        );
        match self.opt_int(&f, "format") {
            Some(FORMAT) => {}
            Some(n) => {
                let at = self.at(&f, "format");
                self.err(
                    at,
                    format!("format {n} is not one this version of Roots reads (it reads format {FORMAT})"),
                )
            }
            None if !f.map.contains_key("format") => {
                self.err(0, format!("format is missing: add `format = {FORMAT}`"))
            }
            None => {}
        }
        let name = self.req_str(&f, "name", "the file").unwrap_or_default();
        let version = self.req_str(&f, "version", "the file").unwrap_or_default();
        let tables = self.tables(&f, "measure");
        if tables.is_empty() && !f.map.contains_key("measure") {
            self.err(0, "the file defines no measures: add [[measure]] tables");
        }
        let mut measures: Vec<MeasureDef> = Vec::new();
        for (t, at) in tables {
            if let Some(m) = self.measure(t, at) {
                if let Some(first) = measures.iter().find(|o| o.id == m.id) {
                    let msg = format!(
                        "duplicate measure id {:?} (first used on line {})",
                        m.id, first.line
                    );
                    self.err(at, msg);
                } else {
                    measures.push(m);
                }
            }
        }
        MeasureSet {
            name,
            version,
            file: self.file.to_owned(),
            measures,
        }
    }

    fn measure(&mut self, t: &DeTable<'_>, at: usize) -> Option<MeasureDef> {
        let before = self.errors.len();
        let line = self.line(at);
        let f = self.fields(
            t,
            at,
            "a measure",
            &[
                "id",
                "version",
                "name_en",
                "name_cy",
                "items",
                "item_min",
                "item_max",
                "scoring",
                "higher_is_better",
                "loinc",
                "source",
                "text_licence",
                "licensed_to",
                "licence_note",
                "stem_en",
                "stem_cy",
                "option",
                "item",
                "band",
                "alert",
            ],
        );
        let id = self.opt_str(&f, "id").filter(|s| {
            let ok = id_ok(s);
            if !ok {
                let at = self.at(&f, "id");
                self.err(
                    at,
                    format!("id {s:?} must be lower-case letters, digits, - or _"),
                );
            }
            ok
        });
        if !f.map.contains_key("id") {
            self.err(at, "this measure has no id");
        }
        let label = id
            .as_ref()
            .map_or("this measure".to_owned(), |i| format!("measure {i:?}"));
        let version = self.req_str(&f, "version", &label);
        let name_en = self.req_str(&f, "name_en", &label);
        let name_cy = self.req_str(&f, "name_cy", &label);
        let count = self.req_int(&f, "items", &label).filter(|n| {
            let ok = (1..=MAX_ITEMS as i64).contains(n);
            if !ok {
                let at = self.at(&f, "items");
                self.err(at, format!("items must be from 1 to {MAX_ITEMS}"));
            }
            ok
        });
        let min = self.req_int(&f, "item_min", &label);
        let max = self.req_int(&f, "item_max", &label);
        let range = match (min, max) {
            (Some(lo), Some(hi)) if lo < hi => Some((lo, hi)),
            (Some(lo), Some(hi)) => {
                let at = self.at(&f, "item_max");
                self.err(
                    at,
                    format!("item_max ({hi}) must be greater than item_min ({lo})"),
                );
                None
            }
            _ => None,
        };
        let scoring = self
            .req_str(&f, "scoring", &label)
            .and_then(|s| match s.as_str() {
                "sum" => Some(Scoring::Sum),
                "each" => Some(Scoring::Each),
                _ => {
                    let at = self.at(&f, "scoring");
                    self.err(
                        at,
                        format!("unknown scoring {s:?} (use \"sum\" or \"each\")"),
                    );
                    None
                }
            });
        let higher_is_better = self.opt_bool(&f, "higher_is_better");
        if !f.map.contains_key("higher_is_better") {
            self.err(
                at,
                format!("{label} has no higher_is_better (true or false)"),
            );
        }
        let loinc = self.opt_str(&f, "loinc").filter(|s| {
            let ok = s.split_once('-').is_some_and(|(a, b)| {
                !a.is_empty()
                    && a.len() <= 7
                    && a.chars().all(|c| c.is_ascii_digit())
                    && b.len() == 1
                    && b.chars().all(|c| c.is_ascii_digit())
            });
            if !ok {
                let at = self.at(&f, "loinc");
                self.err(at, format!("loinc {s:?} must look like \"44261-6\""));
            }
            ok
        });
        let source = self.req_str(&f, "source", &label);
        let text_licence =
            self.req_str(&f, "text_licence", &label)
                .and_then(|s| match s.as_str() {
                    "free" => Some(TextLicence::Free),
                    "licensed" => Some(TextLicence::Licensed),
                    "none" => Some(TextLicence::None),
                    _ => {
                        let at = self.at(&f, "text_licence");
                        self.err(
                        at,
                        format!(
                            "unknown text_licence {s:?} (use \"free\", \"licensed\" or \"none\")"
                        ),
                    );
                        None
                    }
                });
        let licensed_to = self.opt_str(&f, "licensed_to");
        let licence_note = self.req_str(&f, "licence_note", &label);
        let stem_en = self.opt_str(&f, "stem_en");
        let stem_cy = self.opt_str(&f, "stem_cy");

        let options = self.options(&f, range);
        let items = self.items(&f, scoring, higher_is_better.unwrap_or(false));
        if let Some(n) = count
            && items.len() != n as usize
        {
            let msg = format!(
                "{label} says items = {n} but lists {} [[measure.item]] tables",
                items.len()
            );
            self.err(at, msg);
        }
        let bands = self.bands(&f, &label, scoring, range, items.len());
        let alerts = self.alerts(&f, &label, scoring, range, items.len());

        // Item text and its licence.
        let has_text = stem_en.is_some()
            || stem_cy.is_some()
            || items
                .iter()
                .any(|i| i.text_en.is_some() || i.text_cy.is_some())
            || !options.is_empty();
        match text_licence {
            Some(TextLicence::None) if has_text => self.err(
                self.at(&f, "text_licence"),
                format!("{label} has text_licence = \"none\" but ships wording (stem, item text or answer options): remove the wording, or give its licence"),
            ),
            Some(TextLicence::Licensed) if licensed_to.is_none() => self.err(
                self.at(&f, "text_licence"),
                format!("{label} has text_licence = \"licensed\" but no licensed_to naming the licence holder"),
            ),
            _ => {}
        }
        if licensed_to.is_some() && text_licence != Some(TextLicence::Licensed) {
            self.err(
                self.at(&f, "licensed_to"),
                "licensed_to is only for text_licence = \"licensed\"",
            );
        }
        let haystack = format!(
            "{} {}",
            id.clone().unwrap_or_default(),
            name_en.clone().unwrap_or_default().to_lowercase()
        );
        if let Some(word) = KNOWN_LICENSED.iter().find(|w| {
            haystack
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .any(|tok| tok == **w || tok.starts_with(&format!("{w}-")))
                || (w.contains(' ') && haystack.contains(*w))
        }) && text_licence == Some(TextLicence::Free)
        {
            self.err(
                self.at(&f, "text_licence"),
                format!("{label} looks like a licensed instrument ({word}): its text is not free to reproduce; use text_licence = \"licensed\" with licensed_to, or \"none\" and ship no wording"),
            );
        }
        // Welsh wording: all or nothing, so a Welsh page is never half
        // English without the notice.
        let any_cy = stem_cy.is_some()
            || items.iter().any(|i| i.text_cy.is_some())
            || options.iter().any(|o| o.label_cy.is_some());
        if any_cy {
            let missing = (stem_en.is_some() && stem_cy.is_none())
                || items
                    .iter()
                    .any(|i| i.text_en.is_some() != i.text_cy.is_some())
                || options.iter().any(|o| o.label_cy.is_none());
            if missing {
                self.err(
                    at,
                    format!("{label} has Welsh wording for some of its stem, questions or options but not all: give all of it, or none (the page then says the questions are in English only)"),
                );
            }
        }
        if stem_cy.is_some() && stem_en.is_none() {
            self.err(self.at(&f, "stem_cy"), "stem_cy without stem_en");
        }

        // The safety floor: PHQ-9 keeps its item-9 alert (hazard H-019).
        if id.as_deref() == Some("phq9") {
            let shape = count == Some(9) && range == Some((0, 3)) && scoring == Some(Scoring::Sum);
            let item9 = alerts.iter().any(|a| {
                a.severity == Severity::Safety
                    && a.item == Some(9)
                    && a.at_least.is_some_and(|n| n <= 1)
                    && a.at_most.is_none_or(|n| n >= 3)
            });
            if !shape || !item9 {
                self.err(
                    at,
                    "measure \"phq9\" must have 9 items scored 0 to 3 and summed, and keep a safety alert on item 9 that fires on any answer above 0 (severity = \"safety\", item = 9, at_least = 1): no measures file may remove it (hazard H-019)",
                );
            }
        }

        if self.errors.len() > before {
            return None;
        }
        let (item_min, item_max) = range?;
        Some(MeasureDef {
            id: id?,
            version: version?,
            name_en: name_en?,
            name_cy: name_cy?,
            item_min,
            item_max,
            scoring: scoring?,
            higher_is_better: higher_is_better?,
            loinc,
            source: source?,
            text_licence: text_licence?,
            licensed_to,
            licence_note: licence_note?,
            stem_en,
            stem_cy,
            options,
            items,
            bands,
            alerts,
            file: self.file.to_owned(),
            line,
        })
    }

    fn options(&mut self, f: &Fields<'_, '_>, range: Option<(i64, i64)>) -> Vec<AnswerOption> {
        let tables = self.tables(f, "option");
        let mut out: Vec<AnswerOption> = Vec::new();
        for (t, at) in &tables {
            let g = self.fields(t, *at, "an option", &["value", "label_en", "label_cy"]);
            let value = self.req_int(&g, "value", "this option");
            let label_en = self.req_str(&g, "label_en", "this option");
            let label_cy = self.opt_str(&g, "label_cy");
            if let (Some(value), Some(label_en)) = (value, label_en) {
                if out.iter().any(|o| o.value == value) {
                    self.err(*at, format!("option value {value} is listed twice"));
                }
                out.push(AnswerOption {
                    value,
                    label_en,
                    label_cy,
                });
            }
        }
        if let (Some((lo, hi)), false) = (range, tables.is_empty()) {
            let mut values: Vec<i64> = out.iter().map(|o| o.value).collect();
            values.sort();
            values.dedup();
            if values != (lo..=hi).collect::<Vec<_>>() {
                self.err(
                    tables[0].1,
                    format!("the options must give exactly one label for every value from item_min ({lo}) to item_max ({hi})"),
                );
            }
        }
        out.sort_by_key(|o| o.value);
        out
    }

    fn items(
        &mut self,
        f: &Fields<'_, '_>,
        scoring: Option<Scoring>,
        default_better: bool,
    ) -> Vec<ItemDef> {
        let mut out = Vec::new();
        for (n, (t, at)) in self.tables(f, "item").into_iter().enumerate() {
            let label = format!("item {}", n + 1);
            let g = self.fields(
                t,
                at,
                "an item",
                &[
                    "name_en",
                    "name_cy",
                    "text_en",
                    "text_cy",
                    "higher_is_better",
                ],
            );
            let name_en = self.req_str(&g, "name_en", &label);
            let name_cy = self.req_str(&g, "name_cy", &label);
            let text_en = self.opt_str(&g, "text_en");
            let text_cy = self.opt_str(&g, "text_cy");
            if text_cy.is_some() && text_en.is_none() {
                self.err(at, format!("{label} has text_cy without text_en"));
            }
            let better = self.opt_bool(&g, "higher_is_better");
            if better.is_some() && scoring == Some(Scoring::Sum) {
                self.err(
                    self.at(&g, "higher_is_better"),
                    format!("{label}: higher_is_better on an item only means something when scoring = \"each\" (a summed measure has one direction)"),
                );
            }
            out.push(ItemDef {
                number: n + 1,
                name_en: name_en.unwrap_or_default(),
                name_cy: name_cy.unwrap_or_default(),
                text_en,
                text_cy,
                higher_is_better: better.unwrap_or(default_better),
            });
        }
        out
    }

    fn bands(
        &mut self,
        f: &Fields<'_, '_>,
        label: &str,
        scoring: Option<Scoring>,
        range: Option<(i64, i64)>,
        n_items: usize,
    ) -> Vec<Band> {
        let mut out: Vec<(Band, usize)> = Vec::new();
        let tables = self.tables(f, "band");
        for (t, at) in &tables {
            let at = *at;
            let g = self.fields(
                t,
                at,
                "a band",
                &["id", "items", "from", "to", "label_en", "label_cy"],
            );
            let id = self.req_str(&g, "id", "this band").filter(|s| {
                let ok = id_ok(s);
                if !ok {
                    self.err(
                        at,
                        format!("band id {s:?} must be lower-case letters, digits, - or _"),
                    );
                }
                ok
            });
            let from = self.req_int(&g, "from", "this band");
            let to = self.req_int(&g, "to", "this band");
            let label_en = self.req_str(&g, "label_en", "this band");
            let label_cy = self.req_str(&g, "label_cy", "this band");
            if let (Some(a), Some(b)) = (from, to)
                && a > b
            {
                self.err(at, format!("band from ({a}) is greater than to ({b})"));
            }
            let mut items = Vec::new();
            if let Some((v, _)) = g.map.get("items") {
                match v.get_ref() {
                    DeValue::Array(list) if !list.is_empty() => {
                        for x in list.iter() {
                            match x.get_ref() {
                                DeValue::Integer(i) => match i.as_str().parse::<usize>() {
                                    Ok(k) if (1..=n_items).contains(&k) => items.push(k),
                                    _ => self.err(
                                        x.span().start,
                                        format!(
                                            "band items must be item numbers from 1 to {n_items}"
                                        ),
                                    ),
                                },
                                _ => self.err(x.span().start, "band items must be item numbers"),
                            }
                        }
                    }
                    _ => self.err(
                        v.span().start,
                        "band items must be a list of item numbers, like [1, 2, 3]",
                    ),
                }
            }
            match (scoring, g.map.contains_key("items")) {
                (Some(Scoring::Sum), true) => self.err(
                    at,
                    "a band of a summed measure is for the total: remove items (items are for scoring = \"each\")",
                ),
                (Some(Scoring::Each), false) => self.err(
                    at,
                    "a band of an \"each\" measure must say which items it is for (items = [1, 2])",
                ),
                _ => {}
            }
            if let (Some(id), Some(from), Some(to), Some(label_en), Some(label_cy)) =
                (id, from, to, label_en, label_cy)
            {
                out.push((
                    Band {
                        id,
                        items,
                        from,
                        to,
                        label_en,
                        label_cy,
                    },
                    at,
                ));
            }
        }
        if out.is_empty() {
            return Vec::new();
        }
        let first_at = tables.first().map_or(f.at, |t| t.1);
        // The bands of each scale must cover its whole range exactly once.
        let scales: Vec<(String, Option<usize>, (i64, i64))> = match (scoring, range) {
            (Some(Scoring::Sum), Some((lo, hi))) => {
                let n = n_items as i64;
                vec![("the total".into(), None, (n * lo, n * hi))]
            }
            (Some(Scoring::Each), Some(r)) => (1..=n_items)
                .map(|k| (format!("item {k}"), Some(k), r))
                .collect(),
            _ => Vec::new(),
        };
        for (what, item, (lo, hi)) in scales {
            let mut mine: Vec<&(Band, usize)> = out
                .iter()
                .filter(|(b, _)| item.is_none_or(|k| b.items.contains(&k)))
                .collect();
            mine.sort_by_key(|(b, _)| b.from);
            if mine.is_empty() {
                self.err(
                    first_at,
                    format!("{label}: {what} has no bands (give every item bands, or none)"),
                );
                continue;
            }
            let mut next = lo;
            for (b, at) in &mine {
                if b.from > next {
                    self.err(
                        *at,
                        format!("{label}: {what} has no band for {next} to {}", b.from - 1),
                    );
                } else if b.from < next {
                    self.err(
                        *at,
                        format!("{label}: band {:?} of {what} overlaps the band before it, or starts below {lo}", b.id),
                    );
                }
                next = next.max(b.to + 1);
            }
            if next <= hi {
                self.err(
                    mine[mine.len() - 1].1,
                    format!("{label}: {what} has no band for {next} to {hi}"),
                );
            } else if next > hi + 1 {
                self.err(
                    mine[mine.len() - 1].1,
                    format!(
                        "{label}: the bands of {what} go past its highest possible score, {hi}"
                    ),
                );
            }
            let mut seen: Vec<&str> = Vec::new();
            for (b, at) in &mine {
                if seen.contains(&b.id.as_str()) {
                    self.err(
                        *at,
                        format!("{label}: two bands of {what} have the id {:?}", b.id),
                    );
                }
                seen.push(&b.id);
            }
        }
        out.into_iter().map(|(b, _)| b).collect()
    }

    fn alerts(
        &mut self,
        f: &Fields<'_, '_>,
        label: &str,
        scoring: Option<Scoring>,
        range: Option<(i64, i64)>,
        n_items: usize,
    ) -> Vec<AlertRule> {
        let mut out: Vec<AlertRule> = Vec::new();
        for (t, at) in self.tables(f, "alert") {
            let g = self.fields(
                t,
                at,
                "an alert",
                &[
                    "id",
                    "severity",
                    "item",
                    "at_least",
                    "at_most",
                    "message_en",
                    "message_cy",
                    "source",
                ],
            );
            let before = self.errors.len();
            let id = self.req_str(&g, "id", "this alert");
            let alabel = id
                .as_ref()
                .map_or("this alert".to_owned(), |i| format!("alert {i:?}"));
            if let Some(i) = &id
                && !id_ok(i)
            {
                self.err(
                    at,
                    format!("alert id {i:?} must be lower-case letters, digits, - or _"),
                );
            }
            let severity = self
                .req_str(&g, "severity", &alabel)
                .and_then(|s| match s.as_str() {
                    "safety" => Some(Severity::Safety),
                    "review" => Some(Severity::Review),
                    _ => {
                        self.err(
                            self.at(&g, "severity"),
                            format!("unknown severity {s:?} (use \"safety\" or \"review\")"),
                        );
                        None
                    }
                });
            let item = self.opt_int(&g, "item").and_then(|k| {
                if (1..=n_items as i64).contains(&k) {
                    Some(k as usize)
                } else {
                    self.err(
                        self.at(&g, "item"),
                        format!(
                            "{alabel}: item {k} is not one of the measure's items (1 to {n_items})"
                        ),
                    );
                    None
                }
            });
            if !g.map.contains_key("item") && scoring == Some(Scoring::Each) {
                self.err(
                    at,
                    format!(
                        "{alabel}: an \"each\" measure has no total, so the alert must name an item"
                    ),
                );
            }
            let at_least = self.opt_int(&g, "at_least");
            let at_most = self.opt_int(&g, "at_most");
            if !g.map.contains_key("at_least") && !g.map.contains_key("at_most") {
                self.err(at, format!("{alabel} has neither at_least nor at_most"));
            }
            if let Some((lo, hi)) = range {
                // An item's range, or the total's.
                let of_item = g.map.contains_key("item") || scoring == Some(Scoring::Each);
                let (lo, hi) = if of_item {
                    (lo, hi)
                } else {
                    (n_items as i64 * lo, n_items as i64 * hi)
                };
                let from = at_least.unwrap_or(lo).max(lo);
                let to = at_most.unwrap_or(hi).min(hi);
                if from > to {
                    self.err(
                        at,
                        format!("{alabel} can never fire: no possible score ({lo} to {hi}) is in its range"),
                    );
                }
            }
            let message_en = self.req_str(&g, "message_en", &alabel);
            let message_cy = self.req_str(&g, "message_cy", &alabel);
            if message_en.is_some() && message_en == message_cy {
                self.err(
                    self.at(&g, "message_cy"),
                    format!(
                        "{alabel}: message_cy is the same as message_en; translate it into Welsh"
                    ),
                );
            }
            let source = self.req_str(&g, "source", &alabel);
            if let Some(i) = &id
                && out.iter().any(|a| &a.id == i)
            {
                self.err(at, format!("{label}: alert id {i:?} is used twice"));
            }
            if self.errors.len() > before {
                continue;
            }
            if let (Some(id), Some(severity), Some(message_en), Some(message_cy), Some(source)) =
                (id, severity, message_en, message_cy, source)
            {
                out.push(AlertRule {
                    id,
                    severity,
                    item,
                    at_least,
                    at_most,
                    message_en,
                    message_cy,
                    source,
                });
            }
        }
        out
    }
}
