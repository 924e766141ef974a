//! Documents and charts: the SVG line chart of an outcome measure over an
//! episode of care ([`line_chart`]), and accessible PDF documents
//! ([`pdf`]: tagged PDF/UA-1 with embedded fonts).
//!
//! This crate has no i18n: the caller passes every word in, already in the
//! person's language (title, description, axis label, band labels, series
//! names, the baseline's label). It does no I/O and reads no clock, and the
//! same chart always gives the same bytes.
//!
//! Accessibility (WCAG 2.2 AA, "use of colour" and "non-text content"):
//!
//! - The `<svg>` has `role="img"` and is labelled by its `<title>` and
//!   `<desc>`; the caller's description is the text alternative and should
//!   say the values and the change from baseline in words.
//! - No meaning is carried by colour alone: each series has its own marker
//!   shape (circle, square, triangle, diamond …) and line pattern (solid,
//!   dashed, dotted …), every point is labelled with its value, bands are
//!   labelled in words and told apart by alternating plain and hatched
//!   fills as well as shade, and the baseline is marked with a labelled
//!   line, not a colour.
//! - No `style` attribute or `<style>` element: the site's
//!   Content-Security-Policy forbids inline style, so only presentation
//!   attributes (`fill`, `stroke`, `stroke-dasharray`) are used.
//! - All text is escaped.

pub mod pdf;

use std::fmt::Write;

use roots_core::measures::{Band, MeasureDef, Scale};

/// A labelled range of the y axis, drawn as an area with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct BandArea {
    /// Bottom edge (in y units).
    pub from: f64,
    /// Top edge.
    pub to: f64,
    pub label: String,
}

/// One line on the chart: a value (or a gap) for each x label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Everything a line chart shows. Every string is already localised.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Makes the ids inside the SVG unique on a page (letters, digits, `-`
    /// and `_`; anything else becomes `-`).
    pub id: String,
    pub title: String,
    /// The text alternative: the values and the change from baseline.
    pub desc: String,
    pub y_label: String,
    pub y_min: f64,
    pub y_max: f64,
    /// One per point in time, usually dates ("3 Nov").
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    pub bands: Vec<BandArea>,
    /// Which x label is the baseline (usually 0), marked on the chart.
    pub baseline: Option<usize>,
    pub baseline_label: String,
    pub width: u32,
    pub height: u32,
}

impl Default for Chart {
    fn default() -> Self {
        Chart {
            id: "chart".into(),
            title: String::new(),
            desc: String::new(),
            y_label: String::new(),
            y_min: 0.0,
            y_max: 10.0,
            x_labels: Vec::new(),
            series: Vec::new(),
            bands: Vec::new(),
            baseline: Some(0),
            baseline_label: "Baseline".into(),
            width: 640,
            height: 360,
        }
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A number with at most one decimal place and no trailing ".0", so the
/// output is the same on every machine.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn safe_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "chart".into() } else { s }
}

/// Line patterns, one per series (solid first).
const DASHES: [Option<&str>; 5] = [
    None,
    Some("8 4"),
    Some("2 4"),
    Some("10 4 2 4"),
    Some("4 2"),
];
/// Dark colours with strong contrast on white; the shapes and patterns, not
/// these, tell the series apart.
const COLOURS: [&str; 5] = ["#005eb8", "#212b32", "#7c2855", "#00703c", "#330072"];

/// A marker of shape `kind` centred on (x, y), as an SVG element.
fn marker(kind: usize, x: f64, y: f64, colour: &str) -> String {
    let (xs, ys) = (num(x), num(y));
    match kind % 5 {
        0 => format!(r#"<circle cx="{xs}" cy="{ys}" r="5" fill="{colour}"/>"#),
        1 => format!(
            r#"<rect x="{}" y="{}" width="10" height="10" fill="{colour}"/>"#,
            num(x - 5.0),
            num(y - 5.0)
        ),
        2 => format!(
            r#"<polygon points="{},{} {},{} {},{}" fill="{colour}"/>"#,
            xs,
            num(y - 6.0),
            num(x + 6.0),
            num(y + 5.0),
            num(x - 6.0),
            num(y + 5.0)
        ),
        3 => format!(
            r#"<polygon points="{},{} {},{} {},{} {},{}" fill="{colour}"/>"#,
            xs,
            num(y - 6.0),
            num(x + 6.0),
            ys,
            xs,
            num(y + 6.0),
            num(x - 6.0),
            ys
        ),
        _ => format!(
            r#"<path d="M{} {} L{} {} M{} {} L{} {}" stroke="{colour}" stroke-width="3"/>"#,
            num(x - 5.0),
            num(y - 5.0),
            num(x + 5.0),
            num(y + 5.0),
            num(x - 5.0),
            num(y + 5.0),
            num(x + 5.0),
            num(y - 5.0)
        ),
    }
}

/// A tick step giving at most about ten ticks.
fn tick_step(span: f64) -> f64 {
    for step in [1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0] {
        if span / step <= 10.0 {
            return step;
        }
    }
    (span / 10.0).ceil()
}

/// The chart as an SVG document fragment (an `<svg>` element), ready to be
/// placed in a page or a PDF.
pub fn line_chart(c: &Chart) -> String {
    let id = safe_id(&c.id);
    let multi = c.series.len() > 1;
    let legend_h = if multi {
        22 * c.series.len() as u32 + 8
    } else {
        0
    };
    let width = c.width.max(320);
    let height = c.height.max(200) + legend_h;
    let (left, right, top, bottom) = (64.0, 150.0, 24.0, 48.0 + legend_h as f64);
    let plot_l = left;
    let plot_r = width as f64 - right;
    let plot_t = top;
    let plot_b = height as f64 - bottom;
    let (y_min, y_max) = if c.y_max > c.y_min {
        (c.y_min, c.y_max)
    } else {
        (c.y_min, c.y_min + 1.0)
    };
    let y_of = |v: f64| {
        let v = v.clamp(y_min, y_max);
        plot_b - (v - y_min) / (y_max - y_min) * (plot_b - plot_t)
    };
    let n = c.x_labels.len();
    let x_of = |i: usize| {
        if n <= 1 {
            (plot_l + plot_r) / 2.0
        } else {
            let pad = 24.0;
            plot_l + pad + i as f64 * (plot_r - plot_l - 2.0 * pad) / (n - 1) as f64
        }
    };

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="Arial, Helvetica, sans-serif" font-size="13">"#
    );
    let _ = write!(
        s,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&c.title),
        escape(&c.desc)
    );
    let _ = write!(
        s,
        r##"<defs><pattern id="{id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#d8dde0" stroke-width="3"/></pattern></defs>"##
    );
    let _ = write!(
        s,
        r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##
    );

    // Bands: alternating plain and hatched areas, each labelled in words at
    // the right, with a dashed line at each boundary inside the range.
    s.push_str(r#"<g class="bands">"#);
    let mut bands: Vec<&BandArea> = c.bands.iter().filter(|b| b.to > b.from).collect();
    bands.sort_by(|a, b| a.from.total_cmp(&b.from));
    for (i, b) in bands.iter().enumerate() {
        let (y1, y2) = (y_of(b.to), y_of(b.from));
        let fill = if i % 2 == 0 {
            "#f0f4f5".to_owned()
        } else {
            format!("url(#{id}-hatch)")
        };
        let _ = write!(
            s,
            r##"<g class="band"><rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/><text x="{}" y="{}" dominant-baseline="middle" fill="#212b32">{}</text>"##,
            num(plot_l),
            num(y1),
            num(plot_r - plot_l),
            num(y2 - y1),
            num(plot_r + 8.0),
            num((y1 + y2) / 2.0),
            escape(&b.label)
        );
        if b.from > y_min && b.from < y_max {
            let _ = write!(
                s,
                r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#425563" stroke-width="1" stroke-dasharray="4 4"/>"##,
                num(plot_l),
                num(y2),
                num(plot_r),
                num(y2)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");

    // Axes, ticks and labels.
    let _ = write!(
        s,
        r##"<g class="axes" fill="#212b32"><line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="#212b32"/><line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#212b32"/>"##,
        l = num(plot_l),
        t = num(plot_t),
        b = num(plot_b),
        r = num(plot_r)
    );
    let step = tick_step(y_max - y_min);
    let mut v = (y_min / step).ceil() * step;
    while v <= y_max + 1e-9 {
        let y = y_of(v);
        let _ = write!(
            s,
            r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#212b32"/><text x="{}" y="{y}" text-anchor="end" dominant-baseline="middle">{}</text>"##,
            num(plot_l - 5.0),
            num(plot_l),
            num(plot_l - 8.0),
            num(v),
            y = num(y)
        );
        v += step;
    }
    for (i, label) in c.x_labels.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            num(x_of(i)),
            num(plot_b + 20.0),
            escape(label)
        );
    }
    let _ = write!(
        s,
        r#"<text x="16" y="{}" text-anchor="middle" transform="rotate(-90 16 {})">{}</text></g>"#,
        num((plot_t + plot_b) / 2.0),
        num((plot_t + plot_b) / 2.0),
        escape(&c.y_label)
    );

    // The baseline: a labelled dotted vertical line.
    if let Some(b) = c.baseline.filter(|b| *b < n) {
        let x = num(x_of(b));
        let _ = write!(
            s,
            r##"<g class="baseline"><line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#212b32" stroke-width="1" stroke-dasharray="1 3"/><text x="{x}" y="{}" text-anchor="middle" font-weight="bold">{}</text></g>"##,
            num(plot_t),
            num(plot_b),
            num(plot_t - 8.0),
            escape(&c.baseline_label)
        );
    }

    // Each series: its line (broken at gaps), then its labelled markers.
    for (k, series) in c.series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let dash = DASHES[k % DASHES.len()]
            .map(|d| format!(r#" stroke-dasharray="{d}""#))
            .unwrap_or_default();
        let _ = write!(s, r#"<g class="series series-{k}">"#);
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, s: &mut String| {
            if run.len() > 1 {
                let _ = write!(
                    s,
                    r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>"#,
                    run.join(" ")
                );
            }
            run.clear();
        };
        for (i, v) in series.values.iter().enumerate().take(n) {
            match v {
                Some(v) => run.push(format!("{},{}", num(x_of(i)), num(y_of(*v)))),
                None => flush(&mut run, &mut s),
            }
        }
        flush(&mut run, &mut s);
        for (i, v) in series.values.iter().enumerate().take(n) {
            let Some(v) = v else { continue };
            let (x, y) = (x_of(i), y_of(*v));
            let _ = write!(
                s,
                r##"<g class="point">{}<text x="{}" y="{}" text-anchor="middle" font-weight="bold" fill="#212b32">{}</text></g>"##,
                marker(k, x, y, colour),
                num(x),
                num(y - 10.0),
                num(*v)
            );
        }
        s.push_str("</g>");
    }

    // A legend, when there is more than one series: marker, line pattern
    // and name.
    if multi {
        s.push_str(r#"<g class="legend">"#);
        for (k, series) in c.series.iter().enumerate() {
            let y = plot_b + 44.0 + 22.0 * k as f64;
            let colour = COLOURS[k % COLOURS.len()];
            let dash = DASHES[k % DASHES.len()]
                .map(|d| format!(r#" stroke-dasharray="{d}""#))
                .unwrap_or_default();
            let _ = write!(
                s,
                r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>{}<text x="{}" y="{y}" dominant-baseline="middle" fill="#212b32">{}</text>"##,
                num(plot_l),
                num(plot_l + 40.0),
                marker(k, plot_l + 20.0, y, colour),
                num(plot_l + 50.0),
                escape(&series.name),
                y = num(y)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// The bands of a measure's scale as chart areas. Scores are whole
/// numbers, so a band from 5 to 9 is drawn from 4.5 to 9.5 (clipped to the
/// scale's range), and neighbouring bands meet. `label` picks the band's
/// words in the page's language (`|b| b.label_cy.clone()`).
pub fn band_areas(
    def: &MeasureDef,
    scale: Scale,
    label: impl Fn(&Band) -> String,
) -> Vec<BandArea> {
    let (lo, hi) = def.range(scale);
    def.bands_for(scale)
        .into_iter()
        .map(|b| BandArea {
            from: (b.from as f64 - 0.5).max(lo as f64),
            to: (b.to as f64 + 0.5).min(hi as f64),
            label: label(b),
        })
        .collect()
}

#[cfg(test)]
mod tests;

/// One bar: its label, its value (`None`: not shown, e.g. a small number
/// suppressed) and the text written beside it (the value in words or
/// figures, or why it is not shown).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub text: String,
}

/// A horizontal bar chart: one row per bar, its label on the left and its
/// value written at the end of the bar, so it reads without colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub id: String,
    pub title: String,
    /// The text alternative: every bar's label and value in words.
    pub desc: String,
    pub bars: Vec<Bar>,
    /// The largest value the axis shows (at least the largest bar).
    pub max: f64,
    pub width: u32,
}

/// The bar chart as an `<svg>` element (same accessibility rules as
/// [`line_chart`]: role img, title and description, no colour-only
/// meaning, no inline style).
pub fn bar_chart(b: &Bars) -> String {
    let id = safe_id(&b.id);
    let row = 28.0;
    let label_w = (b.width as f64 * 0.38).round();
    let text_w = 150.0;
    let plot_w = (b.width as f64 - label_w - text_w).max(40.0);
    let top = 8.0;
    let height = top * 2.0 + row * b.bars.len().max(1) as f64;
    let max = b
        .bars
        .iter()
        .filter_map(|x| x.value)
        .fold(b.max, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {} {}" width="100%" height="{}" font-family="Frutiger W01, Arial, sans-serif" font-size="14"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        b.width,
        num(height),
        num(height),
        escape(&b.title),
        escape(&b.desc)
    );
    let _ = write!(
        s,
        r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#4c6272" stroke-width="1"/>"##,
        num(top),
        num(height - top),
        x = num(label_w)
    );
    for (i, bar) in b.bars.iter().enumerate() {
        let y = top + row * i as f64;
        let mid = y + row / 2.0 + 5.0;
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#212b32">{}</text>"##,
            num(label_w - 8.0),
            num(mid),
            escape(&bar.label)
        );
        let w = bar.value.map_or(0.0, |v| (v.max(0.0) / max) * plot_w);
        if w > 0.0 {
            let _ = write!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#005eb8"/>"##,
                num(label_w),
                num(y + 5.0),
                num(w),
                num(row - 10.0)
            );
        }
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" fill="#212b32">{}</text>"##,
            num(label_w + w + 6.0),
            num(mid),
            escape(&bar.text)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod bar_tests {
    use super::*;

    #[test]
    fn bars_are_labelled_and_scaled_and_small_numbers_drawn_as_text_only() {
        let b = Bars {
            id: "weeks".into(),
            title: "Referrals per week".into(),
            desc: "Week of 1 June: 10. Week of 8 June: 20. Week of 15 June: not shown.".into(),
            bars: vec![
                Bar {
                    label: "1 June".into(),
                    value: Some(10.0),
                    text: "10".into(),
                },
                Bar {
                    label: "8 June".into(),
                    value: Some(20.0),
                    text: "20".into(),
                },
                Bar {
                    label: "15 June & <later>".into(),
                    value: None,
                    text: "not shown".into(),
                },
            ],
            max: 0.0,
            width: 600,
        };
        let svg = bar_chart(&b);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="weeks-title weeks-desc""#));
        assert!(svg.contains("<desc id=\"weeks-desc\">Week of 1 June: 10."));
        // Two bars drawn; the 20 fills the plot, the 10 half of it.
        // Plot: 600 − 228 − 150 = 222 wide.
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(r#"width="111""#), "{svg}");
        assert!(svg.contains(r#"width="222""#), "{svg}");
        assert!(svg.contains("15 June &amp; &lt;later&gt;"));
        assert!(svg.contains(">not shown</text>"));
        assert!(!svg.contains("style"));
        assert_eq!(svg, bar_chart(&b), "the same bytes every time");
    }
}
