//! Tables of cases for outcome-measure scoring and the measures file.
//! Each band boundary is tested on both sides.

use super::*;

fn set() -> &'static MeasureSet {
    MeasureSet::built_in()
}

fn def(id: &str) -> &'static MeasureDef {
    set().get(id).unwrap()
}

/// Answers for a summed measure that add up to `total`, filling the items
/// in order and leaving the last ones at the minimum where it can.
fn answers_for(d: &MeasureDef, total: i64) -> Vec<Option<i64>> {
    let mut left = total - d.item_min * d.items.len() as i64;
    d.items
        .iter()
        .map(|_| {
            let v = left.min(d.item_max - d.item_min);
            left -= v;
            Some(d.item_min + v)
        })
        .collect()
}

fn all(d: &MeasureDef, v: i64) -> Vec<Option<i64>> {
    vec![Some(v); d.items.len()]
}

#[test]
fn the_default_measures_are_valid() {
    let s = MeasureSet::parse(DEFAULT_TOML, DEFAULT_FILE).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let ids: Vec<&str> = s.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["phq9", "gad7", "ons4", "was"]);
    assert_eq!(set(), &s);
    // The facts the issue and DOMAIN.md give, read back from the file.
    // (id, items, min, max, scoring, higher is better, LOINC)
    let cases = [
        ("phq9", 9, 0, 3, Scoring::Sum, false, Some("44261-6")),
        ("gad7", 7, 0, 3, Scoring::Sum, false, Some("70274-6")),
        ("ons4", 4, 0, 10, Scoring::Each, true, None),
        ("was", 1, 0, 10, Scoring::Sum, true, None),
    ];
    for (id, n, lo, hi, scoring, better, loinc) in cases {
        let d = def(id);
        assert_eq!(
            (
                d.items.len(),
                d.item_min,
                d.item_max,
                d.scoring,
                d.higher_is_better,
                d.loinc.as_deref()
            ),
            (n, lo, hi, scoring, better, loinc),
            "{id}"
        );
        assert!(!d.source.is_empty() && !d.licence_note.is_empty(), "{id}");
        assert!(d.items.iter().all(|i| !i.name_cy.is_empty()), "{id}");
    }
    assert_eq!(def("phq9").range(Scale::Total), (0, 27));
    assert_eq!(def("gad7").range(Scale::Total), (0, 21));
    // ONS4 anxiety is the one item where lower is better.
    let ons = def("ons4");
    let better: Vec<bool> = ons
        .scales()
        .into_iter()
        .map(|s| ons.higher_is_better(s))
        .collect();
    assert_eq!(better, [true, true, true, false]);
}

#[test]
fn phq9_total_and_band_at_every_boundary() {
    let d = def("phq9");
    // (total, band) on both sides of 4/5, 9/10, 14/15, 19/20, and the ends.
    // Source: Kroenke, Spitzer & Williams 2001.
    let cases = [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ];
    for (total, band) in cases {
        let s = score(d, &answers_for(d, total)).unwrap();
        assert_eq!(s.total, Some(total));
        assert_eq!(
            s.band.as_ref().map(|b| b.id.as_str()),
            Some(band),
            "PHQ-9 {total}"
        );
        assert!(
            s.item_bands.is_empty(),
            "a summed measure has no item bands"
        );
    }
}

#[test]
fn gad7_total_band_and_further_evaluation_at_every_boundary() {
    let d = def("gad7");
    // (total, band, "warrants further evaluation"). Source: Spitzer 2006.
    let cases = [
        (0, "minimal", false),
        (4, "minimal", false),
        (5, "mild", false),
        (9, "mild", false),
        (10, "moderate", true),
        (14, "moderate", true),
        (15, "severe", true),
        (21, "severe", true),
    ];
    for (total, band, review) in cases {
        let s = score(d, &answers_for(d, total)).unwrap();
        assert_eq!(s.total, Some(total));
        assert_eq!(
            s.band.as_ref().map(|b| b.id.as_str()),
            Some(band),
            "GAD-7 {total}"
        );
        let rules: Vec<&str> = s.alerts.iter().map(|a| a.rule.as_str()).collect();
        let want: &[&str] = if review {
            &["gad7-further-evaluation"]
        } else {
            &[]
        };
        assert_eq!(rules, want, "GAD-7 {total}");
        assert!(
            !s.has_safety_alert(),
            "GAD-7 raises a review, not a safety alert"
        );
    }
}

#[test]
fn ons4_items_are_banded_one_by_one_and_never_summed() {
    let d = def("ons4");
    // Life satisfaction, worthwhile and happiness: 0-4 low, 5-6 medium,
    // 7-8 high, 9-10 very high. Anxiety: 0-1 very low, 2-3 low, 4-5 medium,
    // 6-10 high. Source: ONS personal well-being user guidance.
    let positive = [
        (0, "low"),
        (4, "low"),
        (5, "medium"),
        (6, "medium"),
        (7, "high"),
        (8, "high"),
        (9, "very_high"),
        (10, "very_high"),
    ];
    let anxiety = [
        (0, "very_low"),
        (1, "very_low"),
        (2, "low"),
        (3, "low"),
        (4, "medium"),
        (5, "medium"),
        (6, "high"),
        (10, "high"),
    ];
    for item in 1..=3 {
        for (v, band) in positive {
            let mut a = all(d, 5);
            a[item - 1] = Some(v);
            let s = score(d, &a).unwrap();
            assert_eq!(s.total, None, "ONS4 is never summed");
            assert_eq!(
                s.band_of(Scale::Item(item)).map(|b| b.id.as_str()),
                Some(band),
                "item {item} = {v}"
            );
        }
    }
    for (v, band) in anxiety {
        let a = vec![Some(7), Some(7), Some(7), Some(v)];
        let s = score(d, &a).unwrap();
        assert_eq!(
            s.band_of(Scale::Item(4)).map(|b| b.id.as_str()),
            Some(band),
            "anxiety = {v}"
        );
        assert_eq!(s.item_bands.len(), 4);
        assert_eq!(s.band, None);
    }
    // Welsh labels travel with the bands.
    let s = score(d, &[Some(9), Some(0), Some(5), Some(6)]).unwrap();
    let cy: Vec<&str> = s
        .item_bands
        .iter()
        .map(|b| b.as_ref().unwrap().label_cy.as_str())
        .collect();
    assert_eq!(cy, ["Uchel iawn", "Isel", "Canolig", "Uchel"]);
}

#[test]
fn work_ability_score_bands() {
    let d = def("was");
    // Jääskeläinen et al. 2016: poor 0-5, moderate 6-7, good/excellent 8-10.
    let cases = [
        (0, "poor"),
        (5, "poor"),
        (6, "moderate"),
        (7, "moderate"),
        (8, "good"),
        (10, "good"),
    ];
    for (v, band) in cases {
        let s = score(d, &[Some(v)]).unwrap();
        assert_eq!(s.total, Some(v));
        assert_eq!(s.band.unwrap().id, band, "WAS {v}");
    }
}

#[test]
fn phq9_item_9_above_zero_always_raises_a_safety_alert() {
    let d = def("phq9");
    // (answers, alert expected, why)
    let mut cases: Vec<(Vec<Option<i64>>, bool, &str)> = vec![
        (all(d, 0), false, "all zero"),
        (
            vec![
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(3),
                Some(0),
            ],
            false,
            "severe total, item 9 zero: the band says severe, but no item-9 alert",
        ),
    ];
    for v in 1..=3 {
        let mut a = all(d, 0);
        a[8] = Some(v);
        cases.push((a, true, "item 9 alone, total in the minimal band"));
    }
    cases.push((all(d, 3), true, "everything at its worst"));
    for (answers, alert, why) in cases {
        let s = score(d, &answers).unwrap();
        assert_eq!(s.has_safety_alert(), alert, "{why}");
        if alert {
            let a = &s.alerts[0];
            assert_eq!(a.rule, "phq9-item9", "{why}");
            assert_eq!(a.severity, Severity::Safety);
            assert_eq!(a.scale, Scale::Item(9));
            assert_eq!(Some(a.value), answers[8]);
            assert!(a.message_en.contains("Question 9") && a.message_cy.contains("cwestiwn 9"));
        } else {
            assert!(s.alerts.is_empty(), "{why}");
        }
    }
}

#[test]
fn missing_and_out_of_range_answers_are_refused_by_item() {
    let d = def("phq9");
    type Want = Vec<(&'static str, &'static str, Vec<(&'static str, i64)>)>;
    let mut missing_3 = all(d, 1);
    missing_3[2] = None;
    let mut two_bad = all(d, 1);
    two_bad[0] = Some(4);
    two_bad[8] = Some(-1);
    let mut last_missing = all(d, 0);
    last_missing[8] = None;
    let range = |item| vec![("item", item), ("min", 0), ("max", 3)];
    // (answers, errors, why)
    let cases: Vec<(Vec<Option<i64>>, Want, &str)> = vec![
        (
            missing_3,
            vec![("item-3", "error-measure-item-missing", vec![("item", 3)])],
            "an unanswered item is never counted as 0",
        ),
        (
            last_missing,
            vec![("item-9", "error-measure-item-missing", vec![("item", 9)])],
            "an unanswered item 9 is refused, not scored as no risk",
        ),
        (
            two_bad,
            vec![
                ("item-1", "error-measure-item-range", range(1)),
                ("item-9", "error-measure-item-range", range(9)),
            ],
            "every bad item is reported",
        ),
        (
            vec![None; 9],
            (1..=9)
                .map(|i| {
                    (
                        ITEM_FIELDS[i - 1],
                        "error-measure-item-missing",
                        vec![("item", i as i64)],
                    )
                })
                .collect(),
            "nothing answered",
        ),
        (
            all(d, 0)[..8].to_vec(),
            vec![(
                "answers",
                "error-measure-answer-count",
                vec![("expected", 9)],
            )],
            "one answer short",
        ),
        (
            vec![Some(0); 10],
            vec![(
                "answers",
                "error-measure-answer-count",
                vec![("expected", 9)],
            )],
            "one answer too many",
        ),
    ];
    for (answers, want, why) in cases {
        let got: Want = score(d, &answers)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.message, e.args))
            .collect();
        assert_eq!(got, want, "{why}");
    }
    // ONS4's range is 0-10, not 0-3.
    let e = score(def("ons4"), &[Some(11), Some(10), Some(0), Some(-1)]).unwrap_err();
    assert_eq!(
        e.iter()
            .map(|e| (e.field, e.args.clone()))
            .collect::<Vec<_>>(),
        [
            ("item-1", vec![("item", 1), ("min", 0), ("max", 10)]),
            ("item-4", vec![("item", 4), ("min", 0), ("max", 10)]),
        ]
    );
}

#[test]
fn change_from_baseline_follows_higher_is_better() {
    let total = |id: &str, t: i64| {
        let d = def(id);
        score(d, &answers_for(d, t)).unwrap()
    };
    // (measure, baseline, latest, difference, direction, band before, after)
    let cases = [
        (
            "phq9",
            16,
            8,
            -8,
            Direction::Improved,
            "moderately_severe",
            "mild",
        ),
        (
            "phq9",
            8,
            16,
            8,
            Direction::Worse,
            "mild",
            "moderately_severe",
        ),
        (
            "phq9",
            12,
            12,
            0,
            Direction::NoChange,
            "moderate",
            "moderate",
        ),
        ("phq9", 9, 10, 1, Direction::Worse, "mild", "moderate"),
        (
            "gad7",
            15,
            14,
            -1,
            Direction::Improved,
            "severe",
            "moderate",
        ),
        ("was", 3, 7, 4, Direction::Improved, "poor", "moderate"),
        ("was", 8, 5, -3, Direction::Worse, "good", "poor"),
    ];
    for (id, b, l, diff, dir, before, after) in cases {
        let c = change(&total(id, b), &total(id, l), def(id)).unwrap();
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!(
            (c.scale, c.baseline, c.latest, c.difference, c.direction),
            (Scale::Total, b, l, diff, dir),
            "{id} {b} -> {l}"
        );
        assert_eq!(c.band_before.as_deref(), Some(before));
        assert_eq!(c.band_after.as_deref(), Some(after));
    }
    // ONS4: each item has its own change, and anxiety falling is better.
    let d = def("ons4");
    let b = score(d, &[Some(3), Some(6), Some(5), Some(7)]).unwrap();
    let l = score(d, &[Some(6), Some(6), Some(4), Some(3)]).unwrap();
    let dirs: Vec<(Scale, i64, Direction)> = change(&b, &l, d)
        .unwrap()
        .into_iter()
        .map(|c| (c.scale, c.difference, c.direction))
        .collect();
    assert_eq!(
        dirs,
        [
            (Scale::Item(1), 3, Direction::Improved),
            (Scale::Item(2), 0, Direction::NoChange),
            (Scale::Item(3), -1, Direction::Worse),
            (Scale::Item(4), -4, Direction::Improved),
        ]
    );
    // Scores of another measure are refused.
    let e = change(&total("gad7", 3), &total("phq9", 3), def("phq9")).unwrap_err();
    assert_eq!(e[0].message, "error-measure-mismatch");
}

// ---------------------------------------------------------------------------
// The measures file.

const GOOD: &str = r#"format = 1
name = "Test measures"
version = "1"

[[measure]]
id = "test"
version = "1"
name_en = "Test"
name_cy = "Prawf"
items = 2
item_min = 0
item_max = 3
scoring = "sum"
higher_is_better = false
source = "A cited source"
text_licence = "none"
licence_note = "No wording shipped"

[[measure.item]]
name_en = "One"
name_cy = "Un"

[[measure.item]]
name_en = "Two"
name_cy = "Dau"

[[measure.band]]
id = "low"
from = 0
to = 2
label_en = "Low"
label_cy = "Isel"

[[measure.band]]
id = "high"
from = 3
to = 6
label_en = "High"
label_cy = "Uchel"

[[measure.alert]]
id = "item-two-high"
severity = "review"
item = 2
at_least = 3
message_en = "Item two is high"
message_cy = "Mae eitem dau yn uchel"
source = "A cited source"
"#;

fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    text[..at].matches('\n').count() + 1
}

#[test]
fn a_good_file_parses() {
    let s = MeasureSet::parse(GOOD, "test.toml").unwrap();
    let m = &s.measures[0];
    assert_eq!(
        (m.id.as_str(), m.items.len(), m.bands.len(), m.alerts.len()),
        ("test", 2, 2, 1)
    );
    assert_eq!(m.line, line_of(GOOD, "[[measure]]"));
    assert!(!m.has_item_text() && !m.has_welsh_item_text());
}

#[test]
fn table_of_bad_measure_files() {
    // (replace this, with this, the message contains, on the line of)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "format = 1",
            "format = 2",
            "format 2 is not one",
            "format = 2",
        ),
        ("format = 1\n", "", "format is missing", "name ="),
        (
            "id = \"test\"",
            "id = \"Test Measure\"",
            "must be lower-case",
            "id = \"Test",
        ),
        (
            "items = 2",
            "items = 3",
            "says items = 3 but lists 2",
            "[[measure]]",
        ),
        (
            "items = 2",
            "items = 0",
            "items must be from 1 to 40",
            "items = 0",
        ),
        (
            "item_max = 3",
            "item_max = 0",
            "must be greater than item_min",
            "item_max = 0",
        ),
        (
            "scoring = \"sum\"",
            "scoring = \"mean\"",
            "unknown scoring \"mean\"",
            "scoring =",
        ),
        (
            "higher_is_better = false\n",
            "",
            "has no higher_is_better",
            "[[measure]]",
        ),
        (
            "higher_is_better = false",
            "higher_is_better = \"no\"",
            "must be true or false",
            "higher_is_better =",
        ),
        (
            "source = \"A cited source\"\ntext",
            "text",
            "has no source",
            "[[measure]]",
        ),
        (
            "licence_note = \"No wording shipped\"",
            "licence_note = \"  \"",
            "licence_note is empty",
            "licence_note =",
        ),
        (
            "name_cy = \"Prawf\"",
            "name_cy = \"\"",
            "name_cy is empty",
            "name_cy = \"\"",
        ),
        (
            "name_cy = \"Dau\"",
            "colour = \"red\"",
            "unknown field \"colour\"",
            "colour =",
        ),
        (
            "to = 2",
            "to = 1",
            "has no band for 2 to 2",
            "[[measure.band]]\nid = \"high\"",
        ),
        (
            "from = 3",
            "from = 2",
            "overlaps the band before it",
            "[[measure.band]]\nid = \"high\"",
        ),
        (
            "to = 6",
            "to = 5",
            "has no band for 6 to 6",
            "[[measure.band]]\nid = \"high\"",
        ),
        (
            "to = 6",
            "to = 7",
            "go past its highest possible score, 6",
            "[[measure.band]]\nid = \"high\"",
        ),
        (
            "id = \"high\"",
            "id = \"low\"",
            "two bands of the total have the id \"low\"",
            "[[measure.band]]\nid = \"low\"\nfrom = 3",
        ),
        (
            "id = \"high\"\nfrom",
            "id = \"high\"\nitems = [1]\nfrom",
            "remove items",
            "[[measure.band]]\nid = \"high\"",
        ),
        (
            "label_cy = \"Uchel\"",
            "label_cy = 3",
            "label_cy must be a string",
            "label_cy = 3",
        ),
        (
            "item = 2",
            "item = 3",
            "item 3 is not one of the measure's items",
            "item = 3",
        ),
        (
            "at_least = 3",
            "at_least = 4",
            "can never fire",
            "[[measure.alert]]",
        ),
        (
            "at_least = 3",
            "at_most = -1",
            "can never fire",
            "[[measure.alert]]",
        ),
        (
            "at_least = 3\n",
            "",
            "neither at_least nor at_most",
            "[[measure.alert]]",
        ),
        (
            "severity = \"review\"",
            "severity = \"urgent\"",
            "unknown severity",
            "severity =",
        ),
        (
            "message_cy = \"Mae eitem dau yn uchel\"",
            "message_cy = \"Item two is high\"",
            "translate it into Welsh",
            "message_cy =",
        ),
        (
            "name_cy = \"Un\"",
            "name_cy = \"Un\"\ntext_en = \"How are you?\"",
            "ships wording",
            "text_licence =",
        ),
        (
            "text_licence = \"none\"",
            "text_licence = \"licensed\"",
            "no licensed_to",
            "text_licence =",
        ),
        (
            "text_licence = \"none\"",
            "text_licence = \"open\"",
            "unknown text_licence",
            "text_licence =",
        ),
        (
            "name_cy = \"Un\"",
            "name_cy = \"Un\"\nhigher_is_better = true",
            "only means something when scoring = \"each\"",
            "higher_is_better = true",
        ),
        (
            "version = \"1\"\nname_en",
            "version = \"1\"\nloinc = \"12345\"\nname_en",
            "must look like \"44261-6\"",
            "loinc =",
        ),
        (
            "[[measure.item]]\nname_en = \"Two\"",
            "[[measure.item]]\nname_en = \"Two\"\n[[measure.option]]\nvalue = 0\nlabel_en = \"No\"",
            "ships wording",
            "text_licence =",
        ),
        (
            "name = \"Test measures\"",
            "name = \"Test measures\"\n[oops",
            "not valid TOML",
            "[oops",
        ),
    ];
    let mut cases = cases.to_vec();
    cases.push((
        "[[measure.alert]]",
        "[measure.alert]",
        "alert must be written as [[measure.alert]] tables",
        "[measure.alert]",
    ));
    for (from, to, want, line_needle) in cases {
        assert!(GOOD.contains(from), "{from:?} is not in GOOD");
        let text = GOOD.replacen(from, to, 1);
        let errors = MeasureSet::parse(&text, "svc.toml").expect_err(want);
        let hit = errors.iter().find(|e| e.message.contains(want));
        let Some(hit) = hit else {
            panic!("wanted {want:?}, got {errors:#?}");
        };
        assert_eq!(hit.file, "svc.toml");
        assert_eq!(hit.line, line_of(&text, line_needle), "{want}: {errors:#?}");
    }
}

#[test]
fn every_problem_is_reported_at_once_in_line_order() {
    let text = GOOD
        .replace("item_max = 3", "item_max = 0")
        .replace("severity = \"review\"", "severity = \"soon\"")
        .replace("name_en = \"Two\"", "name_en = \"Two\"\nshape = 1");
    let errors = MeasureSet::parse(&text, "svc.toml").unwrap_err();
    assert!(errors.len() >= 3, "{errors:#?}");
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    let shown = errors[0].to_string();
    assert!(shown.starts_with("svc.toml:"), "{shown}");
}

#[test]
fn duplicate_measure_ids_are_refused() {
    let second = &GOOD[GOOD.find("[[measure]]").unwrap()..];
    let text = format!("{GOOD}\n{second}");
    let errors = MeasureSet::parse(&text, "svc.toml").unwrap_err();
    assert!(
        errors.iter().any(|e| e
            .message
            .contains("duplicate measure id \"test\" (first used on line 5)")),
        "{errors:#?}"
    );
}

#[test]
fn each_measures_need_bands_for_every_item_and_alerts_on_an_item() {
    let each = GOOD
        .replace("scoring = \"sum\"", "scoring = \"each\"")
        .replace("id = \"low\"\nfrom", "id = \"low\"\nitems = [1, 2]\nfrom")
        .replace("to = 6", "to = 3")
        .replace("id = \"high\"\nfrom", "id = \"high\"\nitems = [1, 2]\nfrom");
    let ok = MeasureSet::parse(&each, "each.toml").unwrap();
    let m = &ok.measures[0];
    assert_eq!(m.bands_for(Scale::Item(2)).len(), 2);
    let s = score(m, &[Some(0), Some(3)]).unwrap();
    assert_eq!(s.total, None);
    assert_eq!(s.alerts.len(), 1, "the item-2 alert fires");

    let cases = [
        (
            each.replacen("items = [1, 2]", "items = [1]", 1),
            "item 2 has no band for 0 to 2",
        ),
        (
            each.replacen("items = [1, 2]\n", "", 1),
            "must say which items it is for",
        ),
        (
            each.replacen("items = [1, 2]", "items = [1, 5]", 1),
            "band items must be item numbers from 1 to 2",
        ),
        (
            each.replace("item = 2\n", ""),
            "has no total, so the alert must name an item",
        ),
    ];
    for (text, want) in cases {
        let errors = MeasureSet::parse(&text, "each.toml").unwrap_err();
        assert!(
            errors.iter().any(|e| e.message.contains(want)),
            "{want}: {errors:#?}"
        );
    }
}

#[test]
fn welsh_wording_is_all_or_nothing() {
    let free = GOOD
        .replace("text_licence = \"none\"", "text_licence = \"free\"")
        .replace(
            "name_cy = \"Un\"",
            "name_cy = \"Un\"\ntext_en = \"First?\"\ntext_cy = \"Cyntaf?\"",
        )
        .replace(
            "name_cy = \"Dau\"",
            "name_cy = \"Dau\"\ntext_en = \"Second?\"",
        );
    let errors = MeasureSet::parse(&free, "cy.toml").unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("Welsh wording for some")),
        "{errors:#?}"
    );
    let both = free.replace(
        "text_en = \"Second?\"",
        "text_en = \"Second?\"\ntext_cy = \"Ail?\"",
    );
    let m = &MeasureSet::parse(&both, "cy.toml").unwrap().measures[0];
    assert!(m.has_item_text() && m.has_welsh_item_text());
    // The built-in questionnaires are English-only, and say so.
    for id in ["phq9", "gad7", "ons4"] {
        let d = def(id);
        assert!(d.has_item_text() && !d.has_welsh_item_text(), "{id}");
        assert!(d.licence_note.contains("English item text only"), "{id}");
    }
}

#[test]
fn licensed_text_is_never_shipped_without_a_licence() {
    // The built-in file ships wording only under a free licence, and no
    // known licensed instrument at all.
    for m in &set().measures {
        if m.has_item_text() || !m.options.is_empty() || m.stem_en.is_some() {
            assert_eq!(m.text_licence, TextLicence::Free, "{}", m.id);
        }
        let words = format!("{} {}", m.id, m.name_en).to_lowercase();
        for w in file::KNOWN_LICENSED {
            assert!(!words.contains(w), "{} looks like {w}", m.id);
        }
    }
    // (The file's comments name them, to say they are never shipped.)
    let data: String = DEFAULT_TOML
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    for w in ["wemwbs", "warwick-edinburgh", "eq-5d", "euroqol", "copm"] {
        assert!(
            !data.contains(w),
            "default.toml has {w} outside its comments"
        );
    }
    // A service file that calls a licensed measure's wording free is refused…
    let swemwbs = GOOD
        .replace("id = \"test\"", "id = \"swemwbs\"")
        .replace("text_licence = \"none\"", "text_licence = \"free\"");
    let errors = MeasureSet::parse(&swemwbs, "svc.toml").unwrap_err();
    assert!(
        errors.iter().any(|e| e
            .message
            .contains("looks like a licensed instrument (swemwbs)")),
        "{errors:#?}"
    );
    let named = GOOD
        .replace("name_en = \"Test\"", "name_en = \"EQ-5D-5L\"")
        .replace("text_licence = \"none\"", "text_licence = \"free\"");
    let errors = MeasureSet::parse(&named, "svc.toml").unwrap_err();
    assert!(
        errors.iter().any(|e| e.message.contains("(eq-5d")),
        "{errors:#?}"
    );
    // …and one with the licence holder named, or with no wording, is accepted.
    let licensed = swemwbs
        .replace(
            "text_licence = \"free\"",
            "text_licence = \"licensed\"\nlicensed_to = \"Afon Health Board, licence 2026-114\"",
        )
        .replace(
            "name_cy = \"Un\"",
            "name_cy = \"Un\"\ntext_en = \"(licensed wording)\"",
        );
    let m = &MeasureSet::parse(&licensed, "svc.toml").unwrap().measures[0];
    assert_eq!(
        m.licensed_to.as_deref(),
        Some("Afon Health Board, licence 2026-114")
    );
    let without = GOOD.replace("id = \"test\"", "id = \"swemwbs\"");
    assert!(MeasureSet::parse(&without, "svc.toml").is_ok());
}

/// The PHQ-9 part of the built-in file, for service files that copy it.
fn phq9_toml() -> String {
    let start = DEFAULT_TOML.find("[[measure]]\nid = \"phq9\"").unwrap();
    let end = DEFAULT_TOML[start + 1..].find("[[measure]]").unwrap() + start + 1;
    format!(
        "format = 1\nname = \"Service\"\nversion = \"7\"\n\n{}",
        &DEFAULT_TOML[start..end]
    )
}

#[test]
fn no_measures_file_can_remove_the_phq9_item_9_alert() {
    let copy = phq9_toml();
    assert!(MeasureSet::parse(&copy, "svc.toml").is_ok());
    let alert = copy.find("[[measure.alert]]").unwrap();
    let cases = [
        (copy[..alert].to_string(), "alert removed"),
        (
            copy.replace("severity = \"safety\"", "severity = \"review\""),
            "demoted to review",
        ),
        (
            copy.replace("item = 9\nat_least = 1", "item = 9\nat_least = 2"),
            "only from 2",
        ),
        (
            copy.replace("item = 9\nat_least = 1", "item = 8\nat_least = 1"),
            "moved to item 8",
        ),
        (
            copy.replace(
                "item = 9\nat_least = 1",
                "item = 9\nat_least = 1\nat_most = 1",
            ),
            "only at exactly 1",
        ),
    ];
    for (text, why) in cases {
        let errors = MeasureSet::parse(&text, "svc.toml").unwrap_err();
        assert!(
            errors.iter().any(|e| e.message.contains("hazard H-019")),
            "{why}: {errors:#?}"
        );
        // And extending the built-in set with it changes nothing.
        assert!(set().extend(&text, "svc.toml").is_err(), "{why}");
    }
}

#[test]
fn a_service_adds_and_replaces_measures_and_a_bad_file_changes_nothing() {
    // Adds a measure of its own, and replaces GAD-7 with a new version.
    let gad_start = DEFAULT_TOML.find("[[measure]]\nid = \"gad7\"").unwrap();
    let gad_end = DEFAULT_TOML[gad_start + 1..].find("[[measure]]").unwrap() + gad_start + 1;
    let gad2 = DEFAULT_TOML[gad_start..gad_end].replacen("version = \"1\"", "version = \"2\"", 1);
    let svc = format!("{GOOD}\n{gad2}");
    let s = set().extend(&svc, "svc.toml").unwrap();
    let ids: Vec<&str> = s.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["phq9", "gad7", "ons4", "was", "test"]);
    assert_eq!(s.get("gad7").unwrap().version, "2");
    assert_eq!(s.get("gad7").unwrap().file, "svc.toml");
    assert_eq!(s.get("phq9").unwrap().file, DEFAULT_FILE);
    assert!(s.file.contains("svc.toml"));

    // A bad file never replaces a good one.
    let mut current = set().clone();
    let bad = GOOD.replace("to = 6", "to = 9");
    assert!(current.reload(&bad, "svc.toml").is_err());
    assert_eq!(&current, set());
    assert!(current.reload(GOOD, "svc.toml").is_ok());
    assert_eq!(current.measures.len(), 1);
}

/// Every Fluent id the episode rules can give is in both languages.
#[test]
fn every_error_id_is_in_both_locale_files() {
    let sources = [
        include_str!("../measures.rs"),
        include_str!("../gas.rs"),
        include_str!("../interventions.rs"),
        include_str!("../discharge.rs"),
    ];
    let mut ids: Vec<&str> = sources
        .iter()
        .flat_map(|s| {
            s.split('"')
                .filter(|s| s.starts_with("error-") && !s.contains(' '))
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert!(ids.len() >= 20, "found only {ids:?}");
    for (lang, ftl) in [
        ("en", include_str!("../../../../locales/en/roots.ftl")),
        ("cy", include_str!("../../../../locales/cy/roots.ftl")),
    ] {
        for id in &ids {
            assert!(
                ftl.lines().any(|l| l.starts_with(&format!("{id} ="))),
                "{id} missing in {lang}"
            );
        }
    }
}

#[test]
fn a_score_and_its_changes_round_trip_through_json_for_the_store() {
    let d = def("ons4");
    let b = score(d, &[Some(2), Some(3), Some(4), Some(8)]).unwrap();
    let l = score(d, &[Some(6), Some(6), Some(7), Some(3)]).unwrap();
    let json = serde_json::to_string(&b).unwrap();
    let back: Scored = serde_json::from_str(&json).unwrap();
    assert_eq!(back, b);
    let changes = change(&b, &l, d).unwrap();
    let back: Vec<Change> =
        serde_json::from_str(&serde_json::to_string(&changes).unwrap()).unwrap();
    assert_eq!(back, changes);
}
