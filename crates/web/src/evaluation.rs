//! The service evaluation for service leads (and the OTs and GPs who run
//! the service): `/staff/evaluation` for a period and practice, with every
//! figure's numerator and denominator, the configured baselines beside
//! the measured figures, the return on investment with its range and its
//! formulas written out, who the service reaches (equity), and charts
//! with text alternatives. The same rows download as CSV and as a tagged
//! PDF for commissioners. Only counts leave the store; small numbers are
//! suppressed (`roots_core::evaluation`), so no one can be picked out.
//! Viewing and downloading are audited.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use roots_core::evaluation::report::{Evaluation, Row, Unit, number};
use roots_reports::pdf::{Block, Doc, render as render_pdf};
use roots_reports::{Bar, Bars, bar_chart};
use roots_store::audit::Event;
use roots_store::evaluation::Period;
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::layout::{ErrorItem, Layout, render};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct EvalQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    practice: String,
}

impl EvalQuery {
    fn query_string(&self) -> String {
        let enc = crate::audit_pages::query_value;
        format!(
            "from={}&to={}&practice={}",
            enc(&self.from),
            enc(&self.to),
            enc(&self.practice)
        )
    }
}

/// A group's words: a source, a pathway, a week, a measure, an end of
/// the range, or an equity group.
fn group_label(tr: &Tr, row: &Row) -> String {
    let Some(g) = row.group.as_deref() else {
        return String::new();
    };
    let id = match (row.figure.as_str(), row.dimension.as_deref()) {
        ("by_source", _) => format!("eval-source-{g}"),
        ("by_pathway", _) => format!("pathway-{g}"),
        ("per_week", _) => {
            return match g.parse::<Date>() {
                Ok(d) => crate::work::long_date(tr, &d.to_string()),
                Err(_) => g.to_owned(),
            };
        }
        ("mean_change", _) => format!("eval-measure-{g}"),
        ("work_outcome", _) => format!("eval-work-{g}"),
        (_, Some("deprivation")) => format!("eval-quintile-{g}"),
        (_, Some("age")) => format!("eval-age-{g}"),
        (_, Some("sex")) => format!("eval-sex-{g}"),
        (_, Some("ethnic_group")) => format!("eval-ethnic-{g}"),
        (_, Some(_)) => format!("eval-yesno-{g}"),
        _ => format!("eval-end-{g}"),
    };
    if tr.has(&id) { tr.t(&id) } else { g.to_owned() }
}

/// The words for a row: its figure, with its group.
pub fn label(tr: &Tr, row: &Row) -> String {
    let group = group_label(tr, row);
    let id = format!("eval-{}", row.figure);
    if row.section == "return" {
        return format!("{} ({group})", tr.t(&id));
    }
    if row.group.is_some() {
        tr.t1(&id, "group", group)
    } else {
        tr.t(&id)
    }
}

/// The value as shown: a percentage, an amount, days; or why not shown.
pub fn value_text(tr: &Tr, row: &Row) -> String {
    if row.suppressed {
        return tr.t("eval-suppressed");
    }
    let Some(v) = row.value else {
        return tr.t("eval-no-value");
    };
    match row.unit {
        Unit::Percent => format!("{}%", number(v)),
        Unit::Pounds => roots_core::evaluation::report::pounds(v),
        Unit::Days => tr.t1("eval-days", "n", number(v)),
        Unit::Hours => tr.t1("eval-hours", "n", number(v)),
        Unit::Points => {
            if v > 0.0 {
                format!("+{}", number(v))
            } else {
                number(v)
            }
        }
        Unit::Ratio | Unit::Count => number(v),
    }
}

fn money(v: f64) -> String {
    roots_core::evaluation::report::pounds(v).replacen('£', "", 1)
}

/// Its parts: "293 of 386", "n = 42".
pub fn parts_text(tr: &Tr, row: &Row) -> String {
    match (row.numerator, row.denominator, row.unit) {
        (Some(n), Some(d), _) => tr.ts("eval-parts", &[("n", n.to_string()), ("d", d.to_string())]),
        (None, Some(d), Unit::Percent) => tr.t1("eval-parts-of", "d", d),
        (_, Some(d), _) => tr.t1("eval-parts-n", "n", d),
        _ => String::new(),
    }
}

fn baseline_text(tr: &Tr, row: &Row) -> String {
    row.baseline.as_ref().map_or_else(String::new, |b| {
        let v = if row.unit == Unit::Percent {
            format!("{}%", number(b.value))
        } else {
            number(b.value)
        };
        tr.ts(
            "eval-baseline",
            &[("value", v), ("source", b.source.clone())],
        )
    })
}

/// A table of figures for the page and the PDF.
pub struct Table {
    pub id: String,
    pub caption: String,
    /// Label, value, parts, baseline.
    pub rows: Vec<[String; 4]>,
}

/// One equity dimension's table.
pub struct EquityTable {
    pub id: String,
    pub caption: String,
    /// Group, share of referrals, seen, self-management offered.
    pub rows: Vec<[String; 4]>,
    pub not_stated: String,
}

fn cell(tr: &Tr, row: &Row) -> String {
    let v = value_text(tr, row);
    let p = parts_text(tr, row);
    if p.is_empty() {
        v
    } else {
        format!("{v} ({p})")
    }
}

fn tables(tr: &Tr, e: &Evaluation) -> Vec<Table> {
    [
        "activity",
        "referrals",
        "waits",
        "outcomes",
        "measures",
        "work",
    ]
    .iter()
    .map(|s| Table {
        id: format!("eval-{s}"),
        caption: tr.t(&format!("eval-section-{s}")),
        rows: e
            .rows_of(s, None)
            .filter(|r| r.figure != "per_week")
            .map(|r| {
                [
                    label(tr, r),
                    value_text(tr, r),
                    parts_text(tr, r),
                    baseline_text(tr, r),
                ]
            })
            .collect(),
    })
    .collect()
}

fn equity_tables(tr: &Tr, e: &Evaluation) -> Vec<EquityTable> {
    roots_core::evaluation::equity::DIMENSIONS
        .iter()
        .map(|d| {
            let mine: Vec<&Row> = e
                .rows
                .iter()
                .filter(|r| r.dimension.as_deref() == Some(d))
                .collect();
            let groups = roots_core::evaluation::equity::groups(d);
            let rows = groups
                .iter()
                .map(|g| {
                    let find = |f: &str| {
                        mine.iter()
                            .find(|r| r.figure == f && r.group.as_deref() == Some(g))
                            .map(|r| cell(tr, r))
                            .unwrap_or_default()
                    };
                    let name = mine
                        .iter()
                        .find(|r| r.group.as_deref() == Some(g))
                        .map(|r| group_label(tr, r))
                        .unwrap_or_else(|| (*g).to_owned());
                    [
                        name,
                        find("share_of_referrals"),
                        find("seen"),
                        find("self_management"),
                    ]
                })
                .collect();
            let not_stated = mine
                .iter()
                .find(|r| r.figure == "not_stated")
                .map(|r| cell(tr, r))
                .unwrap_or_default();
            EquityTable {
                id: format!("equity-{d}"),
                caption: tr.t(&format!("eval-dim-{d}")),
                rows,
                not_stated,
            }
        })
        .collect()
}

/// The charts: referrals per week, waits, outcome change, and referrals
/// by deprivation quintile.
fn charts(tr: &Tr, e: &Evaluation) -> Vec<String> {
    let bars_of = |rows: Vec<&Row>, value: &dyn Fn(&Row) -> Option<f64>| -> Vec<Bar> {
        rows.into_iter()
            .map(|r| Bar {
                label: if r.group.is_some() && r.figure != "mean_change" {
                    group_label(tr, r)
                } else {
                    label(tr, r)
                },
                value: if r.suppressed { None } else { value(r) },
                text: value_text(tr, r),
            })
            .collect()
    };
    let desc = |bars: &[Bar]| {
        bars.iter()
            .map(|b| format!("{}: {}", b.label, b.text))
            .collect::<Vec<_>>()
            .join(". ")
    };
    let mut out = Vec::new();
    let mut chart = |id: &str, title: String, bars: Vec<Bar>| {
        if bars.is_empty() {
            return;
        }
        out.push(bar_chart(&Bars {
            id: id.to_owned(),
            desc: desc(&bars),
            title,
            bars,
            max: 0.0,
            width: 720,
        }));
    };
    chart(
        "chart-weeks",
        tr.t("eval-chart-weeks"),
        bars_of(e.rows_of("referrals", Some("per_week")).collect(), &|r| {
            r.value
        }),
    );
    chart(
        "chart-waits",
        tr.t("eval-chart-waits"),
        bars_of(e.rows_of("waits", None).collect(), &|r| r.value),
    );
    let mut change = bars_of(e.rows_of("measures", Some("mean_change")).collect(), &|r| {
        // Improvement: PHQ-9 and GAD-7 fall as people get better; the GAS
        // T-score rises.
        r.value.map(|v| {
            if r.group.as_deref() == Some("gas") {
                v
            } else {
                -v
            }
        })
    });
    for (b, r) in change
        .iter_mut()
        .zip(e.rows_of("measures", Some("mean_change")))
    {
        b.label = group_label(tr, r);
    }
    chart("chart-change", tr.t("eval-chart-change"), change);
    chart(
        "chart-deprivation",
        tr.t("eval-chart-deprivation"),
        bars_of(
            e.rows
                .iter()
                .filter(|r| {
                    r.dimension.as_deref() == Some("deprivation")
                        && r.figure == "share_of_referrals"
                })
                .collect(),
            &|r| r.value,
        ),
    );
    out
}

/// The return on investment: a table (low, central, high) and its
/// formulas with this period's numbers.
fn roi_table(tr: &Tr, e: &Evaluation) -> Vec<[String; 4]> {
    ["cost", "avoided", "net_per_person", "roi_ratio"]
        .iter()
        .map(|f| {
            let at = |end: &str| {
                e.rows_of("return", Some(f))
                    .find(|r| r.group.as_deref() == Some(end))
                    .map(|r| value_text(tr, r))
                    .unwrap_or_default()
            };
            let name = e
                .rows_of("return", Some(f))
                .next()
                .map(|r| tr.t(&format!("eval-{}", r.figure)))
                .unwrap_or_default();
            [name, at("low"), at("central"), at("high")]
        })
        .collect()
}

fn formulas(tr: &Tr, e: &Evaluation) -> Vec<String> {
    let c = &e.costs;
    let a = &e.activity;
    let central = &e.returns[1];
    let appointment = c.gp_hour.value * c.gp_consultation_minutes.value / 60.0;
    let cost = tr.ts(
        "eval-formula-cost",
        &[
            ("hours", number(a.ot_hours)),
            ("rate", money(c.ot_hour.value)),
            ("cost", money(central.cost)),
        ],
    );
    let hidden = e.rows_of("return", Some("avoided")).any(|r| r.suppressed);
    if hidden {
        // The counts behind the costs avoided are too small to show: the
        // formulas without them.
        return vec![
            cost,
            tr.t("eval-formula-hidden"),
            tr.t("eval-formula-avoided"),
            tr.t("eval-formula-net"),
            tr.t("eval-formula-ratio"),
            tr.t("eval-formula-range"),
            tr.t("eval-formula-bases"),
        ];
    }
    vec![
        cost,
        tr.ts(
            "eval-formula-gp",
            &[
                ("n", a.gp_appointments_avoided.to_string()),
                ("hour", money(c.gp_hour.value)),
                ("minutes", number(c.gp_consultation_minutes.value)),
                ("each", money(appointment)),
                (
                    "total",
                    money(a.gp_appointments_avoided as f64 * appointment),
                ),
            ],
        ),
        tr.ts(
            "eval-formula-cmht",
            &[
                ("n", a.cmht_referrals_avoided.to_string()),
                ("each", money(c.cmht_referral.value)),
                (
                    "total",
                    money(a.cmht_referrals_avoided as f64 * c.cmht_referral.value),
                ),
            ],
        ),
        tr.ts(
            "eval-formula-work",
            &[
                ("n", a.into_work.to_string()),
                ("each", money(c.unemployment_to_work.value)),
                (
                    "total",
                    money(a.into_work as f64 * c.unemployment_to_work.value),
                ),
            ],
        ),
        tr.t("eval-formula-net"),
        tr.t("eval-formula-ratio"),
        tr.t("eval-formula-range"),
        tr.t("eval-formula-bases"),
    ]
}

fn costs_list(tr: &Tr, e: &Evaluation) -> Vec<String> {
    let c = &e.costs;
    [
        ("gp_hour", &c.gp_hour, true),
        ("gp_consultation_minutes", &c.gp_consultation_minutes, false),
        ("ot_hour", &c.ot_hour, true),
        ("cmht_referral", &c.cmht_referral, true),
        ("unemployment_to_work", &c.unemployment_to_work, true),
    ]
    .iter()
    .map(|(k, v, pounds)| {
        let show = |x: f64| {
            if *pounds {
                format!("£{}", money(x))
            } else {
                number(x)
            }
        };
        let range = match (v.low, v.high) {
            (Some(l), Some(h)) if l != v.value || h != v.value => {
                tr.ts("eval-cost-range", &[("low", show(l)), ("high", show(h))])
            }
            _ => String::new(),
        };
        let confirm = if v.to_confirm {
            format!(" {}", tr.t("eval-to-confirm"))
        } else {
            String::new()
        };
        format!(
            "{}: {}{range}. {}{}{confirm}",
            tr.t(&format!("eval-cost-{k}")),
            show(v.value),
            v.source,
            v.price_year
                .map(|y| format!(" ({})", tr.t1("eval-price-year", "year", y)))
                .unwrap_or_default(),
        )
    })
    .collect()
}

#[derive(Template)]
#[template(path = "staff_evaluation.html")]
struct EvaluationPage {
    l: Layout,
    q: EvalQuery,
    from_error: Option<String>,
    to_error: Option<String>,
    practice_error: Option<String>,
    practices: Vec<(String, String, bool)>,
    shown: bool,
    period: String,
    threshold: String,
    tables: Vec<Table>,
    charts: Vec<String>,
    roi_headers: Vec<String>,
    roi: Vec<[String; 4]>,
    formulas: Vec<String>,
    costs: Vec<String>,
    equity: Vec<EquityTable>,
    csv_href: String,
    pdf_href: String,
}

/// A period as asked for, or the problems with it (field, message).
type Checked = Result<Period, Vec<(&'static str, String)>>;

/// Reads the period asked for, of one of the service's `practices` or
/// all; the default is the six months to today.
fn period(
    ctx: &Ctx,
    q: &mut EvalQuery,
    practices: &[roots_store::Practice],
) -> Result<Checked, AppError> {
    let today = jiff::Timestamp::now()
        .in_tz("Europe/London")
        .map(|z| z.date())
        .map_err(|e| AppError::Internal(e.to_string()))?;
    if q.to.trim().is_empty() {
        q.to = today.to_string();
    }
    if q.from.trim().is_empty() {
        q.from = roots_core::dates::parse_iso(&q.to)
            .ok()
            .and_then(|d| d.checked_sub(jiff::Span::new().months(6)).ok())
            .and_then(|d| d.tomorrow().ok())
            .unwrap_or(today)
            .to_string();
    }
    let mut errors = Vec::new();
    let from = roots_core::dates::parse_iso(&q.from);
    let to = roots_core::dates::parse_iso(&q.to);
    for (field, date) in [("from", &from), ("to", &to)] {
        match date {
            Ok(_) => {}
            Err(roots_core::dates::DateError::OutOfRange) => {
                errors.push((field, ctx.tr.t("error-iso-date-out-of-range")))
            }
            Err(_) => errors.push((field, ctx.tr.t("eval-error-date"))),
        }
    }
    if let (Ok(f), Ok(t)) = (&from, &to)
        && t < f
    {
        errors.push(("to", ctx.tr.t("eval-error-order")));
    }
    let practice_id = match q.practice.trim() {
        "" => None,
        p => match practices.iter().find(|x| x.id == p) {
            Some(x) => Some(x.id.clone()),
            None => {
                errors.push(("practice", ctx.tr.t("eval-error-practice")));
                None
            }
        },
    };
    Ok(match (from, to) {
        (Ok(from), Ok(to)) if errors.is_empty() => Ok(Period {
            service_id: ctx.app.service.id.clone(),
            from,
            to,
            practice_id,
        }),
        _ => Err(errors),
    })
}

/// What was looked at, for the audit trail: the period and practice.
fn scope(p: &Period) -> String {
    format!(
        "{} to {}{}",
        p.from,
        p.to,
        p.practice_id
            .as_deref()
            .map(|x| format!(" practice {x}"))
            .unwrap_or_default()
    )
}

async fn evaluation(ctx: &Ctx, p: &Period) -> Result<Evaluation, AppError> {
    Ok(ctx
        .app
        .store
        .evaluation(p, &ctx.app.config.evaluation)
        .await?)
}

fn period_text(tr: &Tr, p: &Period) -> String {
    tr.ts(
        "eval-period",
        &[
            ("from", crate::work::long_date(tr, &p.from.to_string())),
            ("to", crate::work::long_date(tr, &p.to.to_string())),
        ],
    )
}

/// `GET /staff/evaluation`.
pub async fn page(ctx: Ctx, Query(mut q): Query<EvalQuery>) -> Result<Response, AppError> {
    let tr = ctx.tr.clone();
    let practices = ctx.app.store.practices(&ctx.app.service.id).await?;
    let checked = period(&ctx, &mut q, &practices)?;
    let mut l = Layout::new(&ctx, tr.t("eval-title"));
    let mut page = EvaluationPage {
        practices: practices
            .iter()
            .map(|p| (p.id.clone(), p.name.clone(), p.id == q.practice))
            .collect(),
        from_error: None,
        to_error: None,
        practice_error: None,
        shown: false,
        period: String::new(),
        threshold: tr.t1(
            "eval-threshold",
            "max",
            ctx.app.config.evaluation.suppress_below.saturating_sub(1),
        ),
        tables: Vec::new(),
        charts: Vec::new(),
        roi_headers: [
            "eval-col-figure",
            "eval-end-low",
            "eval-end-central",
            "eval-end-high",
        ]
        .iter()
        .map(|h| tr.t(h))
        .collect(),
        roi: Vec::new(),
        formulas: Vec::new(),
        costs: Vec::new(),
        equity: Vec::new(),
        csv_href: ctx.href(&format!("/staff/evaluation.csv?{}", q.query_string())),
        pdf_href: ctx.href(&format!("/staff/evaluation.pdf?{}", q.query_string())),
        q: q.clone(),
        l: Layout::new(&ctx, String::new()),
    };
    let status = match checked {
        Err(errors) => {
            l.errors = errors
                .iter()
                .map(|(f, m)| ErrorItem {
                    href: format!("#{f}"),
                    text: m.clone(),
                })
                .collect();
            let find = |name: &str| {
                errors
                    .iter()
                    .find(|(f, _)| *f == name)
                    .map(|(_, m)| m.clone())
            };
            page.from_error = find("from");
            page.to_error = find("to");
            page.practice_error = find("practice");
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(p) => {
            let e = evaluation(&ctx, &p).await?;
            ctx.audit(Event::action("evaluation.view").detail(&scope(&p)))
                .await?;
            page.shown = true;
            page.period = period_text(&tr, &p);
            page.tables = tables(&tr, &e);
            page.charts = charts(&tr, &e);
            page.roi = roi_table(&tr, &e);
            page.formulas = formulas(&tr, &e);
            page.costs = costs_list(&tr, &e);
            page.equity = equity_tables(&tr, &e);
            StatusCode::OK
        }
    };
    page.l = l;
    Ok(ctx.html(status, render(&page)))
}

/// `GET /staff/evaluation.csv`: the same rows, one figure a line.
pub async fn csv(ctx: Ctx, Query(mut q): Query<EvalQuery>) -> Result<Response, AppError> {
    let practices = ctx.app.store.practices(&ctx.app.service.id).await?;
    let Ok(p) = period(&ctx, &mut q, &practices)? else {
        return page(ctx, Query(q)).await;
    };
    let e = evaluation(&ctx, &p).await?;
    ctx.audit(Event::action("evaluation.download").detail(&format!("csv {}", scope(&p))))
        .await?;
    Ok(crate::work_documents::attachment(
        "text/csv; charset=utf-8",
        &format!("evaluation-{}-{}.csv", p.from, p.to),
        roots_core::evaluation::report::csv(&e),
    ))
}

/// The commissioner's report as a document in `tr`'s language.
pub fn report_doc(tr: &Tr, service_name: &str, p: &Period, e: &Evaluation) -> Doc {
    let mut blocks = vec![
        Block::Heading1(tr.t("eval-report-title")),
        Block::Paragraph(format!("{service_name}. {}", period_text(tr, p))),
        Block::Paragraph(tr.t1("eval-threshold", "max", e.suppress_below.saturating_sub(1))),
    ];
    let header = [
        tr.t("eval-col-figure"),
        tr.t("eval-col-value"),
        tr.t("eval-col-parts"),
        tr.t("eval-col-baseline"),
    ];
    for t in tables(tr, e) {
        if t.rows.is_empty() {
            continue;
        }
        blocks.push(Block::Heading2(t.caption.clone()));
        blocks.push(Block::Table {
            summary: t.caption,
            header: header.to_vec(),
            rows: t.rows.iter().map(|r| r.to_vec()).collect(),
            widths: vec![0.4, 0.2, 0.15, 0.25],
            row_headers: true,
        });
    }
    blocks.push(Block::Heading2(tr.t("eval-section-return")));
    blocks.push(Block::Table {
        summary: tr.t("eval-section-return"),
        header: [
            "eval-col-figure",
            "eval-end-low",
            "eval-end-central",
            "eval-end-high",
        ]
        .iter()
        .map(|h| tr.t(h))
        .collect(),
        rows: roi_table(tr, e).iter().map(|r| r.to_vec()).collect(),
        widths: vec![0.4, 0.2, 0.2, 0.2],
        row_headers: true,
    });
    blocks.push(Block::Bullets(formulas(tr, e)));
    blocks.push(Block::Heading2(tr.t("eval-costs-title")));
    blocks.push(Block::Bullets(costs_list(tr, e)));
    blocks.push(Block::Heading2(tr.t("eval-section-equity")));
    blocks.push(Block::Paragraph(tr.t("eval-equity-lede")));
    for t in equity_tables(tr, e) {
        blocks.push(Block::Table {
            summary: t.caption.clone(),
            header: vec![
                t.caption.clone(),
                tr.t("eval-share_of_referrals-col"),
                tr.t("eval-seen-col"),
                tr.t("eval-self_management-col"),
            ],
            rows: t.rows.iter().map(|r| r.to_vec()).collect(),
            widths: vec![0.31, 0.23, 0.23, 0.23],
            row_headers: true,
        });
        blocks.push(Block::Paragraph(format!(
            "{}: {}",
            tr.t("eval-not_stated"),
            t.not_stated
        )));
    }
    crate::work_documents::shell(
        tr,
        tr.t("eval-report-title"),
        service_name.to_owned(),
        blocks,
    )
}

/// `GET /staff/evaluation.pdf`: the commissioner's report, tagged PDF.
pub async fn pdf(ctx: Ctx, Query(mut q): Query<EvalQuery>) -> Result<Response, AppError> {
    let practices = ctx.app.store.practices(&ctx.app.service.id).await?;
    let Ok(p) = period(&ctx, &mut q, &practices)? else {
        return page(ctx, Query(q)).await;
    };
    let e = evaluation(&ctx, &p).await?;
    let doc = report_doc(&ctx.tr, &ctx.app.service.name, &p, &e);
    let bytes = render_pdf(&doc).map_err(|e| AppError::Internal(e.to_string()))?;
    ctx.audit(Event::action("evaluation.download").detail(&format!("pdf {}", scope(&p))))
        .await?;
    let lang = match ctx.lang {
        Lang::Cy => "cy",
        Lang::En => "en",
    };
    Ok(crate::work_documents::attachment(
        "application/pdf",
        &format!("evaluation-{}-{}-{lang}.pdf", p.from, p.to),
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_thousands_and_pence() {
        for (v, text) in [
            (0.0, "0.00"),
            (327.59, "327.59"),
            (12_000.0, "12,000.00"),
            (1_234_567.891, "1,234,567.89"),
            (-1_800.0, "−1,800.00"),
        ] {
            assert_eq!(money(v), text);
        }
    }
}
