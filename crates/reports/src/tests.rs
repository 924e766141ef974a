//! Structure tests for the SVG chart: what a screen reader and a reader who
//! cannot tell colours apart rely on.

use super::*;
use roots_core::measures::{MeasureSet, score};

/// Checks that every element is closed in order (a small well-formedness
/// check), and returns the element names in document order.
fn elements(svg: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "a '<' inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "badly nested </{name}>");
        } else {
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            names.push(name.clone());
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        // Text between tags must not hold a raw '&' that is not an entity.
        let text_end = rest[end..].find('<').map_or(rest.len(), |i| i + end);
        let text = &rest[end + 1..text_end.max(end + 1)];
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "raw & in text: {text}"
            );
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    names
}

fn count(svg: &str, needle: &str) -> usize {
    svg.matches(needle).count()
}

fn phq9_chart() -> Chart {
    let def = MeasureSet::built_in().get("phq9").unwrap();
    Chart {
        id: "phq9-ep1".into(),
        title: "PHQ-9 over this episode".into(),
        desc: "PHQ-9: 16 on 3 Nov (baseline), 12 on 17 Nov, 8 on 1 Dec. Down 8 from baseline: improved.".into(),
        y_label: "PHQ-9 total".into(),
        y_min: 0.0,
        y_max: 27.0,
        x_labels: vec!["3 Nov".into(), "17 Nov".into(), "1 Dec".into()],
        series: vec![Series {
            name: "PHQ-9".into(),
            values: vec![Some(16.0), Some(12.0), Some(8.0)],
        }],
        bands: band_areas(def, Scale::Total, |b| b.label_en.clone()),
        baseline: Some(0),
        baseline_label: "Baseline".into(),
        ..Chart::default()
    }
}

#[test]
fn a_chart_has_its_text_alternative_points_and_labels() {
    let c = phq9_chart();
    let svg = line_chart(&c);
    let names = elements(&svg);
    assert_eq!(names[0], "svg");
    assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360" role="img" aria-labelledby="phq9-ep1-title phq9-ep1-desc""#));
    assert!(svg.contains(r#"<title id="phq9-ep1-title">PHQ-9 over this episode</title>"#));
    assert!(svg.contains(r#"<desc id="phq9-ep1-desc">PHQ-9: 16 on 3 Nov (baseline)"#));
    assert_eq!(names.iter().filter(|n| *n == "title").count(), 1);
    // Three points, each with a marker and its value written beside it.
    assert_eq!(count(&svg, r#"<g class="point">"#), 3);
    assert_eq!(count(&svg, "<circle "), 3);
    for v in ["16", "12", "8"] {
        assert!(
            svg.contains(&format!(r##"fill="#212b32">{v}</text></g>"##)),
            "value {v} labelled"
        );
    }
    // One line through them.
    assert_eq!(count(&svg, "<polyline "), 1);
    // The five PHQ-9 bands, labelled in words, with a dashed line at each of
    // the four boundaries inside the range, and alternate bands hatched.
    assert_eq!(count(&svg, r#"<g class="band">"#), 5);
    for label in [
        "None or minimal",
        "Mild",
        "Moderate",
        "Moderately severe",
        "Severe",
    ] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
    assert_eq!(count(&svg, r#"stroke-dasharray="4 4""#), 4);
    assert_eq!(count(&svg, r#"fill="url(#phq9-ep1-hatch)""#), 2);
    // The baseline is marked and labelled.
    assert_eq!(count(&svg, r#"<g class="baseline">"#), 1);
    assert!(svg.contains(">Baseline</text></g>"));
    // The x labels and the y axis label.
    for x in ["3 Nov", "17 Nov", "1 Dec", "PHQ-9 total"] {
        assert!(svg.contains(&format!(">{x}</text>")), "{x}");
    }
    // One series needs no legend.
    assert_eq!(count(&svg, r#"class="legend""#), 0);
}

#[test]
fn no_inline_style_anywhere() {
    let mut c = phq9_chart();
    c.series.push(Series {
        name: "Second".into(),
        values: vec![Some(1.0), None, Some(3.0)],
    });
    let svg = line_chart(&c);
    assert!(!svg.contains("style"), "the CSP forbids inline style");
    assert!(!svg.contains("<script"));
}

#[test]
fn all_text_is_escaped() {
    let c = Chart {
        id: "x\" onload=\"alert(1)".into(),
        title: "<script>alert('t')</script> & co".into(),
        desc: "5 > 3 \"quoted\"".into(),
        y_label: "a<b".into(),
        x_labels: vec!["Mon & Tue".into()],
        series: vec![Series {
            name: "<b>".into(),
            values: vec![Some(2.0)],
        }],
        bands: vec![BandArea {
            from: 0.0,
            to: 10.0,
            label: "Low & <high>".into(),
        }],
        baseline_label: "Start's".into(),
        ..Chart::default()
    };
    let svg = line_chart(&c);
    elements(&svg);
    assert!(!svg.contains("<script>"));
    assert!(
        !svg.contains("onload=\""),
        "an id cannot break out of its attribute"
    );
    assert!(svg.contains(r#"aria-labelledby="x--onload--alert-1--title"#));
    assert!(svg.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; co"));
    assert!(svg.contains("5 &gt; 3 &quot;quoted&quot;"));
    assert!(svg.contains(">Mon &amp; Tue<"));
    assert!(svg.contains(">Low &amp; &lt;high&gt;<"));
    assert!(svg.contains(">Start&#39;s<"));
    assert!(svg.contains(">a&lt;b<"));
}

#[test]
fn several_series_differ_by_marker_pattern_and_name_not_only_colour() {
    let def = MeasureSet::built_in().get("ons4").unwrap();
    let series: Vec<Series> = def
        .items
        .iter()
        .map(|i| Series {
            name: i.name_en.clone(),
            values: vec![Some(3.0), Some(5.0)],
        })
        .collect();
    let c = Chart {
        id: "ons4".into(),
        title: "ONS4".into(),
        desc: "…".into(),
        y_max: 10.0,
        x_labels: vec!["1 Nov".into(), "1 Dec".into()],
        series,
        ..Chart::default()
    };
    let svg = line_chart(&c);
    elements(&svg);
    // Four series: circle, square, triangle, diamond markers (2 points each,
    // plus one in the legend).
    assert_eq!(count(&svg, "<circle "), 3);
    assert_eq!(
        count(&svg, "<rect x=")
            - count(&svg, r#"<rect x="0" y="0""#)
            - count(&svg, r#"class="band""#),
        3
    );
    assert_eq!(count(&svg, "<polygon "), 6);
    // Four line patterns: solid, and three distinct dash patterns.
    for dash in [
        r#"stroke-dasharray="8 4""#,
        r#"stroke-dasharray="2 4""#,
        r#"stroke-dasharray="10 4 2 4""#,
    ] {
        assert_eq!(
            count(&svg, dash),
            2,
            "{dash}: the line and its legend sample"
        );
    }
    // A legend names each series.
    assert_eq!(count(&svg, r#"<g class="legend">"#), 1);
    for name in ["Life satisfaction", "Worthwhile", "Happiness", "Anxiety"] {
        assert!(svg.contains(&format!(">{name}</text>")), "{name}");
    }
    // The legend makes the picture taller, not more crowded.
    assert!(svg.contains(r#"height="456""#), "360 + 4 × 22 + 8");
}

#[test]
fn values_map_onto_the_y_range_and_gaps_break_the_line() {
    let c = Chart {
        y_min: 0.0,
        y_max: 10.0,
        x_labels: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        series: vec![Series {
            name: "s".into(),
            values: vec![Some(10.0), Some(0.0), None, Some(5.0)],
        }],
        ..Chart::default()
    };
    let svg = line_chart(&c);
    // Plot area: top 24, bottom 360 - 48 = 312. So 10 → 24, 0 → 312,
    // 5 → 168. x: 64 + 24 = 88 to 640 - 150 - 24 = 466, step 126.
    assert!(svg.contains(r#"<circle cx="88" cy="24" r="5""#));
    assert!(svg.contains(r#"<circle cx="214" cy="312" r="5""#));
    assert!(svg.contains(r#"<circle cx="466" cy="168" r="5""#));
    assert_eq!(count(&svg, "<circle "), 3, "no marker for the gap");
    // The line joins a and b only; d stands alone after the gap.
    assert_eq!(count(&svg, "<polyline "), 1);
    assert!(svg.contains(r#"<polyline points="88,24 214,312""#));
    // Ticks every 1 from 0 to 10.
    assert_eq!(count(&svg, r#"text-anchor="end""#), 11);
    // Out-of-range values are drawn at the edge, never outside the plot.
    let mut wild = c.clone();
    wild.series[0].values = vec![Some(99.0), Some(-5.0), None, None];
    let svg = line_chart(&wild);
    assert!(
        svg.contains(r#"<circle cx="88" cy="24""#) && svg.contains(r#"<circle cx="214" cy="312""#)
    );
}

#[test]
fn output_is_deterministic_and_an_empty_chart_is_still_labelled() {
    let c = phq9_chart();
    assert_eq!(line_chart(&c), line_chart(&c.clone()));
    let empty = Chart {
        title: "No scores yet".into(),
        desc: "No PHQ-9 has been recorded in this episode.".into(),
        ..Chart::default()
    };
    let svg = line_chart(&empty);
    elements(&svg);
    assert!(svg.contains("<title id=\"chart-title\">No scores yet</title>"));
    assert_eq!(count(&svg, r#"class="point""#), 0);
    assert_eq!(
        count(&svg, r#"class="baseline""#),
        0,
        "no baseline without points in time"
    );
}

#[test]
fn band_areas_meet_halfway_between_whole_scores() {
    let set = MeasureSet::built_in();
    let phq = set.get("phq9").unwrap();
    let areas: Vec<(f64, f64, String)> = band_areas(phq, Scale::Total, |b| b.label_cy.clone())
        .into_iter()
        .map(|a| (a.from, a.to, a.label))
        .collect();
    assert_eq!(
        areas,
        [
            (0.0, 4.5, "Dim neu fach iawn".to_owned()),
            (4.5, 9.5, "Ysgafn".to_owned()),
            (9.5, 14.5, "Cymedrol".to_owned()),
            (14.5, 19.5, "Cymedrol o ddifrifol".to_owned()),
            (19.5, 27.0, "Difrifol".to_owned()),
        ]
    );
    let ons = set.get("ons4").unwrap();
    let anxiety: Vec<(f64, f64)> = band_areas(ons, Scale::Item(4), |b| b.label_en.clone())
        .into_iter()
        .map(|a| (a.from, a.to))
        .collect();
    assert_eq!(anxiety, [(0.0, 1.5), (1.5, 3.5), (3.5, 5.5), (5.5, 10.0)]);
    // A score from core drops straight into a chart.
    let s = score(phq, &[Some(2); 9]).unwrap();
    let mut c = phq9_chart();
    c.series[0].values = vec![s.total.map(|t| t as f64)];
    c.x_labels.truncate(1);
    let svg = line_chart(&c);
    assert!(svg.contains(r##"fill="#212b32">18</text></g>"##));
}
