//! Scored and structured clinical entries in an episode: outcome measures
//! (with their safety alerts, acting on them, and charts), goals scored by Goal Attainment
//! Scaling, coded interventions, and discharge with the outcomes the
//! evaluation counts, plus the discharge summary.
//!
//! The rules are in `roots_core::{measures, gas, interventions,
//! discharge}`; the forms share `staff_entry_form.html` with the other
//! entries. Every entry is stored as a version (`Store::add_entry`,
//! `amend_entry`) and audited by the store.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use roots_core::FieldError;
use roots_core::alerts::{AckInput, Acknowledgement, Action as AlertAction, Risk};
use roots_core::discharge::{DischargeInput, MedicationAvoided, Reason};
use roots_core::gas::{self, Goal, GoalInput};
use roots_core::interventions::{Intervention, InterventionEntry, InterventionInput};
use roots_core::measures::{self, MeasureDef, MeasureSet, Scale, Scored};
use roots_store::audit::Event;
use roots_store::episodes::{Amended, Entry};
use serde_json::Value;

use crate::ctx::Ctx;
use crate::episodes::FormField;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::layout::{ErrorItem, Layout, render};
use crate::staff::local_time;

pub(crate) type FormPairs = crate::input::Pairs;

pub(crate) fn posted(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// A field of one of these forms: its name, how it is answered, its label
/// and options (already in the page's language).
pub(crate) struct Spec {
    name: &'static str,
    input: &'static str,
    label: String,
    hint: Option<String>,
    options: Vec<(String, String)>,
}

pub(crate) fn spec(tr: &Tr, name: &'static str, input: &'static str, label_id: &str) -> Spec {
    let hint_id = format!("{label_id}-hint");
    Spec {
        name,
        input,
        label: tr.t(label_id),
        hint: tr.has(&hint_id).then(|| tr.t(&hint_id)),
        options: Vec::new(),
    }
}

pub(crate) fn with_options(mut s: Spec, options: Vec<(String, String)>) -> Spec {
    s.options = options;
    s
}

pub(crate) fn yes_no(tr: &Tr) -> Vec<(String, String)> {
    vec![
        ("yes".into(), tr.t("opt-yes_no-yes")),
        ("no".into(), tr.t("opt-yes_no-no")),
    ]
}

pub(crate) fn to_fields(
    tr: &Tr,
    specs: Vec<Spec>,
    values: &[(String, String)],
    errors: &[FieldError],
) -> Vec<FormField> {
    specs
        .into_iter()
        .map(|s| {
            let chosen: Vec<&str> = values
                .iter()
                .filter(|(k, _)| k == s.name)
                .map(|(_, v)| v.as_str())
                .collect();
            FormField {
                name: s.name,
                label: s.label,
                hint: s.hint,
                input: s.input,
                value: chosen.first().map(|v| (*v).to_owned()).unwrap_or_default(),
                options: s
                    .options
                    .into_iter()
                    .map(|(v, l)| {
                        let checked = chosen.contains(&v.as_str());
                        (v, l, checked)
                    })
                    .collect(),
                error: errors
                    .iter()
                    .find(|e| e.field == s.name)
                    .map(|e| crate::forms::message(tr, e)),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "staff_clinical_form.html")]
struct FormPage {
    l: Layout,
    action: String,
    intro: Option<String>,
    fields: Vec<FormField>,
    reason: bool,
    reason_value: String,
    reason_error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn form_page(
    ctx: &Ctx,
    title: String,
    action: String,
    intro: Option<String>,
    fields: Vec<FormField>,
    reason: Option<(String, Option<String>)>,
    status: StatusCode,
    back: String,
) -> Response {
    let mut l = Layout::new(ctx, title).back(Some(back));
    l.errors = fields
        .iter()
        .filter_map(|f| {
            f.error.as_ref().map(|e| ErrorItem {
                href: match f.options.first() {
                    Some((v, _, _)) => format!("#{}-{v}", f.name),
                    None => format!("#{}", f.name),
                },
                text: e.clone(),
            })
        })
        .collect();
    if let Some((_, Some(e))) = &reason {
        l.errors.push(ErrorItem {
            href: "#reason".into(),
            text: e.clone(),
        });
    }
    let body = render(&FormPage {
        action,
        intro,
        fields,
        reason: reason.is_some(),
        reason_value: reason.as_ref().map(|r| r.0.clone()).unwrap_or_default(),
        reason_error: reason.and_then(|r| r.1),
        l,
    });
    (status, ctx.jar.clone(), axum::response::Html(body)).into_response()
}

/// The episode, checked as the episode pages check it; or where to go.
pub(crate) async fn open_episode(
    ctx: &Ctx,
    id: &str,
) -> Result<Result<roots_store::episodes::Episode, Response>, AppError> {
    crate::episodes::scoped(ctx, id).await
}

fn lang_text(lang: Lang, en: &str, cy: Option<&str>) -> String {
    match (lang, cy) {
        (Lang::Cy, Some(cy)) => cy.to_owned(),
        _ => en.to_owned(),
    }
}

// ---- Outcome measures ----

fn measure_def<'a>(id: &str) -> Result<&'a MeasureDef, AppError> {
    MeasureSet::built_in().get(id).ok_or(AppError::NotFound)
}

fn measure_specs(tr: &Tr, def: &MeasureDef) -> Vec<Spec> {
    let options: Vec<(String, String)> = if def.options.is_empty() {
        (def.item_min..=def.item_max)
            .map(|v| (v.to_string(), v.to_string()))
            .collect()
    } else {
        def.options
            .iter()
            .map(|o| {
                (
                    o.value.to_string(),
                    format!(
                        "{} ({})",
                        lang_text(tr.lang, &o.label_en, o.label_cy.as_deref()),
                        o.value
                    ),
                )
            })
            .collect()
    };
    def.items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = match tr.lang {
                Lang::Cy => item.text_cy.clone().or(item.text_en.clone()),
                Lang::En => item.text_en.clone(),
            }
            .unwrap_or_else(|| lang_text(tr.lang, &item.name_en, Some(&item.name_cy)));
            Spec {
                name: measures::ITEM_FIELDS[i],
                input: "radios",
                label: format!("{}. {text}", item.number),
                hint: None,
                options: options.clone(),
            }
        })
        .collect()
}

fn measure_intro(tr: &Tr, def: &MeasureDef) -> Option<String> {
    let stem = match tr.lang {
        Lang::Cy => def.stem_cy.clone().or(def.stem_en.clone()),
        Lang::En => def.stem_en.clone(),
    };
    let english_only = tr.lang == Lang::Cy && def.has_item_text() && !def.has_welsh_item_text();
    match (stem, english_only) {
        (Some(s), true) => Some(format!("{} {s}", tr.t("measure-english-only"))),
        (Some(s), false) => Some(s),
        (None, true) => Some(tr.t("measure-english-only")),
        (None, false) => None,
    }
}

pub async fn measure_page(
    ctx: Ctx,
    Path((id, measure)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let def = measure_def(&measure)?;
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let tr = ctx.tr.clone();
    let fields = to_fields(&tr, measure_specs(&tr, def), &[], &[]);
    Ok(form_page(
        &ctx,
        lang_text(tr.lang, &def.name_en, Some(&def.name_cy)),
        ctx.href(&format!("/staff/episodes/{id}/measures/{measure}")),
        measure_intro(&tr, def),
        fields,
        None,
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

/// Scores and records a measure. A safety alert (PHQ-9 item 9 above 0) is
/// audited and shown at the top of the episode at once.
pub async fn measure_submit(
    ctx: Ctx,
    Path((id, measure)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let def = measure_def(&measure)?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let answers: Vec<Option<i64>> = (0..def.item_count())
        .map(|i| posted(&form.0, measures::ITEM_FIELDS[i]).and_then(|v| v.trim().parse().ok()))
        .collect();
    match measures::score(def, &answers) {
        Ok(scored) if ep.status == "open" => {
            let body =
                serde_json::to_value(&scored).map_err(|e| AppError::Internal(e.to_string()))?;
            let rule = scored
                .alerts
                .iter()
                .find(|a| a.severity == measures::Severity::Safety)
                .map(|a| a.rule.clone());
            // The entry, the alert's record and its audit event together.
            ctx.app
                .store
                .add_measure(
                    &ctx.app.service.id,
                    &id,
                    &body,
                    rule.as_deref(),
                    &ctx.actor(),
                    Timestamp::now(),
                )
                .await?;
            if rule.is_some() {
                tracing::warn!(episode_id = %id, measure = %def.id, "safety alert raised by a measure");
            }
            Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
        }
        Ok(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(errors) => {
            let tr = ctx.tr.clone();
            let fields = to_fields(&tr, measure_specs(&tr, def), &form.0, &errors);
            Ok(form_page(
                &ctx,
                lang_text(tr.lang, &def.name_en, Some(&def.name_cy)),
                ctx.href(&format!("/staff/episodes/{id}/measures/{measure}")),
                measure_intro(&tr, def),
                fields,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.href(&format!("/staff/episodes/{id}")),
            ))
        }
    }
}

/// One measure's record over an episode: a chart and its text alternative.
pub struct MeasureChart {
    pub name: String,
    pub svg: String,
    pub summary: String,
}

/// Charts of each measure recorded in an episode, oldest first.
pub fn charts(tr: &Tr, entries: &[Entry]) -> Vec<MeasureChart> {
    let mut by_measure: Vec<(String, Vec<(Timestamp, Scored)>)> = Vec::new();
    for e in entries.iter().filter(|e| e.kind == "measure") {
        let Ok(scored) = serde_json::from_value::<Scored>(e.body.clone()) else {
            continue;
        };
        match by_measure.iter_mut().find(|(m, _)| *m == scored.measure) {
            Some((_, v)) => v.push((e.at, scored)),
            None => by_measure.push((scored.measure.clone(), vec![(e.at, scored)])),
        }
    }
    let mut out = Vec::new();
    for (id, points) in by_measure {
        let Some(def) = MeasureSet::built_in().get(&id) else {
            continue;
        };
        let name = lang_text(tr.lang, &def.name_en, Some(&def.name_cy));
        let scales = def.scales();
        let x_labels: Vec<String> = points.iter().map(|(at, _)| local_time(*at)).collect();
        let series: Vec<roots_reports::Series> = scales
            .iter()
            .map(|scale| roots_reports::Series {
                name: match scale {
                    Scale::Total => tr.t("chart-total"),
                    Scale::Item(n) => def
                        .items
                        .get(n - 1)
                        .map(|i| lang_text(tr.lang, &i.name_en, Some(&i.name_cy)))
                        .unwrap_or_default(),
                },
                values: points
                    .iter()
                    .map(|(_, s)| s.value(*scale).map(|v| v as f64))
                    .collect(),
            })
            .collect();
        let mut summary = Vec::new();
        for scale in &scales {
            let first = points.first().and_then(|(_, s)| s.value(*scale));
            let last = points.last().and_then(|(_, s)| s.value(*scale));
            if let (Some(a), Some(b)) = (first, last) {
                let label = match scale {
                    Scale::Total => tr.t("chart-total"),
                    Scale::Item(n) => def
                        .items
                        .get(n - 1)
                        .map(|i| lang_text(tr.lang, &i.name_en, Some(&i.name_cy)))
                        .unwrap_or_default(),
                };
                let dir = measures::Direction::of(a, b, def.higher_is_better(*scale));
                summary.push(tr.t1(
                    "chart-change",
                    "what",
                    format!(
                        "{label}: {a} → {b} ({})",
                        tr.t(&format!("chart-direction-{}", dir.as_str()))
                    ),
                ));
            }
        }
        let (lo, hi) = def.range(scales[0]);
        let bands = if scales.len() == 1 {
            roots_reports::band_areas(def, scales[0], |b| {
                lang_text(tr.lang, &b.label_en, Some(&b.label_cy))
            })
        } else {
            Vec::new()
        };
        let desc = format!(
            "{} {}",
            tr.tn("chart-points", &[("n", points.len() as i64)]),
            summary.join(" ")
        );
        let chart = roots_reports::Chart {
            id: format!("chart-{id}"),
            title: name.clone(),
            desc: desc.clone(),
            y_label: tr.t("chart-score"),
            y_min: lo as f64,
            y_max: hi as f64,
            x_labels,
            series,
            bands,
            baseline: Some(0),
            baseline_label: tr.t("chart-baseline"),
            ..Default::default()
        };
        out.push(MeasureChart {
            name,
            svg: roots_reports::line_chart(&chart),
            summary: desc,
        });
    }
    out
}

/// A safety alert on the episode page: what it says, and either a link to
/// record acting on it or what was recorded.
pub struct AlertView {
    pub text: String,
    /// Where to record acting on it (for those who may record).
    pub act_href: Option<String>,
    /// What was recorded, one line per acknowledgement, oldest first.
    pub acted: Vec<String>,
}

/// Safety alerts recorded in an episode's measures, newest first, each with
/// what was recorded about acting on it (`alert_ack` entries).
pub fn safety_alerts(
    ctx: &Ctx,
    episode_id: &str,
    entries: &[Entry],
    can_write: bool,
) -> Vec<AlertView> {
    let tr = &ctx.tr;
    let acks: Vec<(&Entry, Acknowledgement)> = entries
        .iter()
        .filter(|e| e.kind == "alert_ack")
        .filter_map(|e| Some((e, serde_json::from_value(e.body.clone()).ok()?)))
        .collect();
    let mut out: Vec<AlertView> = entries
        .iter()
        .filter(|e| e.kind == "measure")
        .filter_map(|e| {
            let scored = serde_json::from_value::<Scored>(e.body.clone()).ok()?;
            let alert = scored
                .alerts
                .iter()
                .find(|a| a.severity == measures::Severity::Safety)?;
            let text = lang_text(tr.lang, &alert.message_en, Some(&alert.message_cy));
            let acted = acks
                .iter()
                .filter(|(_, a)| a.alert_entry == e.entry_id)
                .map(|(ack_entry, a)| ack_line(tr, ack_entry, a))
                .collect();
            Some(AlertView {
                text: format!(
                    "{} ({}, {})",
                    text,
                    scored.measure.to_uppercase(),
                    local_time(e.at)
                ),
                act_href: can_write.then(|| {
                    ctx.href(&format!(
                        "/staff/episodes/{episode_id}/alerts/{}",
                        e.entry_id
                    ))
                }),
                acted,
            })
        })
        .collect();
    out.reverse();
    out
}

/// "Acted on by Owain Jones, 25 November 2026 14:02: not immediate risk;
/// spoke to the person, told the GP. (account)"
fn ack_line(tr: &Tr, e: &Entry, a: &Acknowledgement) -> String {
    tr.ts(
        "alert-acted",
        &[
            ("who", e.author_name.clone()),
            ("when", local_time(e.at)),
            ("risk", tr.t(&format!("alert-risk-{}", a.risk.as_str()))),
            (
                "actions",
                a.actions
                    .iter()
                    .map(|x| tr.t(&format!("alert-action-{}", x.as_str())))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("detail", a.detail.clone()),
        ],
    )
}

/// An `alert_ack` entry read back on the timeline.
pub fn ack_lines(tr: &Tr, body: &Value) -> Vec<(String, String)> {
    let Ok(a) = serde_json::from_value::<Acknowledgement>(body.clone()) else {
        return Vec::new();
    };
    vec![
        (
            tr.t("alert-risk"),
            tr.t(&format!("alert-risk-{}", a.risk.as_str())),
        ),
        (
            tr.t("alert-actions"),
            a.actions
                .iter()
                .map(|x| tr.t(&format!("alert-action-{}", x.as_str())))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (tr.t("alert-detail"), a.detail),
    ]
}

// ---- Acting on a safety alert ----

fn ack_specs(tr: &Tr) -> Vec<Spec> {
    vec![
        with_options(
            spec(tr, "risk", "radios", "alert-risk"),
            Risk::ALL
                .iter()
                .map(|r| {
                    (
                        r.as_str().to_owned(),
                        tr.t(&format!("alert-risk-{}", r.as_str())),
                    )
                })
                .collect(),
        ),
        with_options(
            spec(tr, "actions", "checkboxes", "alert-actions"),
            AlertAction::ALL
                .iter()
                .map(|a| {
                    (
                        a.as_str().to_owned(),
                        tr.t(&format!("alert-action-{}", a.as_str())),
                    )
                })
                .collect(),
        ),
        spec(tr, "detail", "textarea", "alert-detail"),
    ]
}

/// The alert being acted on, as text, when `entry` is a measure of this
/// episode that raised one.
async fn alert_text(ctx: &Ctx, episode_id: &str, entry: &str) -> Result<String, AppError> {
    let e = ctx.app.store.entry(episode_id, entry).await?;
    let scored: Scored = serde_json::from_value(e.body).map_err(|_| AppError::NotFound)?;
    let alert = scored
        .alerts
        .iter()
        .find(|a| a.severity == measures::Severity::Safety)
        .ok_or(AppError::NotFound)?;
    Ok(format!(
        "{} ({}, {})",
        lang_text(ctx.tr.lang, &alert.message_en, Some(&alert.message_cy)),
        scored.measure.to_uppercase(),
        local_time(e.at)
    ))
}

/// `GET /staff/episodes/{id}/alerts/{entry}`: record acting on an alert.
pub async fn alert_page(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let intro = alert_text(&ctx, &id, &entry).await?;
    let tr = ctx.tr.clone();
    Ok(form_page(
        &ctx,
        tr.t("alert-title"),
        ctx.href(&format!("/staff/episodes/{id}/alerts/{entry}")),
        Some(intro),
        to_fields(&tr, ack_specs(&tr), &[], &[]),
        None,
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

/// Records acting on an alert (even after discharge: an alert is never
/// left without an answer because the episode closed).
pub async fn alert_submit(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let intro = alert_text(&ctx, &id, &entry).await?;
    let input = AckInput {
        risk: posted(&form.0, "risk"),
        actions: form
            .0
            .iter()
            .filter(|(k, _)| k == "actions")
            .map(|(_, v)| v.clone())
            .collect(),
        detail: posted(&form.0, "detail"),
    };
    match input.validate(&entry) {
        Ok(ack) => {
            let body = serde_json::to_value(&ack).map_err(|e| AppError::Internal(e.to_string()))?;
            ctx.app
                .store
                .acknowledge_alert(
                    &ctx.app.service.id,
                    &id,
                    &entry,
                    &body,
                    &ctx.actor(),
                    Timestamp::now(),
                )
                .await?;
            Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
        }
        Err(errors) => {
            let tr = ctx.tr.clone();
            Ok(form_page(
                &ctx,
                tr.t("alert-title"),
                ctx.href(&format!("/staff/episodes/{id}/alerts/{entry}")),
                Some(intro),
                to_fields(&tr, ack_specs(&tr), &form.0, &errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.href(&format!("/staff/episodes/{id}")),
            ))
        }
    }
}

/// A measure entry read back.
pub fn measure_lines(tr: &Tr, body: &Value) -> Option<(String, Vec<(String, String)>)> {
    let scored: Scored = serde_json::from_value(body.clone()).ok()?;
    let def = MeasureSet::built_in().get(&scored.measure)?;
    let mut lines = Vec::new();
    if let Some(total) = scored.total {
        let band = scored
            .band
            .as_ref()
            .map(|b| format!(" ({})", lang_text(tr.lang, &b.label_en, Some(&b.label_cy))))
            .unwrap_or_default();
        lines.push((tr.t("chart-total"), format!("{total}{band}")));
    }
    for (i, v) in scored.answers.iter().enumerate() {
        if scored.total.is_none() {
            let name = def
                .items
                .get(i)
                .map(|it| lang_text(tr.lang, &it.name_en, Some(&it.name_cy)))
                .unwrap_or_default();
            let band = scored
                .item_bands
                .get(i)
                .and_then(Option::as_ref)
                .map(|b| format!(" ({})", lang_text(tr.lang, &b.label_en, Some(&b.label_cy))))
                .unwrap_or_default();
            lines.push((name, format!("{v}{band}")));
        }
    }
    for a in &scored.alerts {
        lines.push((
            tr.t("measure-alert"),
            lang_text(tr.lang, &a.message_en, Some(&a.message_cy)),
        ));
    }
    Some((lang_text(tr.lang, &def.name_en, Some(&def.name_cy)), lines))
}

// ---- Goals (GAS) ----

fn goal_specs(tr: &Tr, review: bool) -> Vec<Spec> {
    let scale = |from: i64, to: i64| -> Vec<(String, String)> {
        (from..=to)
            .map(|v| {
                (
                    v.to_string(),
                    tr.t(&format!(
                        "gas-rating-{}",
                        v.to_string().replace('-', "minus_")
                    )),
                )
            })
            .collect()
    };
    let zero_to_three = |what: &str| -> Vec<(String, String)> {
        (0..=3)
            .map(|v| (v.to_string(), tr.t(&format!("gas-{what}-{v}"))))
            .collect()
    };
    if review {
        return vec![with_options(
            spec(tr, "followup", "radios", "gas-followup"),
            scale(-2, 2),
        )];
    }
    let mut specs = vec![spec(tr, "text", "textarea", "gas-text")];
    for f in gas::LEVEL_FIELDS {
        specs.push(spec(tr, f, "text", &format!("gas-{}", f.replace('_', "-"))));
    }
    specs.push(with_options(
        spec(tr, "importance", "radios", "gas-importance"),
        zero_to_three("importance"),
    ));
    specs.push(with_options(
        spec(tr, "difficulty", "radios", "gas-difficulty"),
        zero_to_three("difficulty"),
    ));
    specs.push(with_options(
        spec(tr, "baseline", "radios", "gas-baseline"),
        scale(-2, -1),
    ));
    specs
}

fn goal_input(pairs: &[(String, String)]) -> GoalInput {
    GoalInput {
        text: posted(pairs, "text"),
        level_minus_2: posted(pairs, "level_minus_2"),
        level_minus_1: posted(pairs, "level_minus_1"),
        level_0: posted(pairs, "level_0"),
        level_plus_1: posted(pairs, "level_plus_1"),
        level_plus_2: posted(pairs, "level_plus_2"),
        importance: posted(pairs, "importance"),
        difficulty: posted(pairs, "difficulty"),
        baseline: posted(pairs, "baseline"),
        followup: posted(pairs, "followup"),
    }
}

pub async fn goal_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let tr = ctx.tr.clone();
    Ok(form_page(
        &ctx,
        tr.t("gas-new-title"),
        ctx.href(&format!("/staff/episodes/{id}/goals/new")),
        Some(tr.t("gas-new-intro")),
        to_fields(&tr, goal_specs(&tr, false), &[], &[]),
        None,
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

pub async fn goal_submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let mut input = goal_input(&form.0);
    input.followup = None;
    match input.validate() {
        Ok(goal) if ep.status == "open" => add_entry_and_return(ctx, &id, "goal", &goal).await,
        Ok(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(errors) => {
            let tr = ctx.tr.clone();
            Ok(form_page(
                &ctx,
                tr.t("gas-new-title"),
                ctx.href(&format!("/staff/episodes/{id}/goals/new")),
                Some(tr.t("gas-new-intro")),
                to_fields(&tr, goal_specs(&tr, false), &form.0, &errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.href(&format!("/staff/episodes/{id}")),
            ))
        }
    }
}

pub async fn review_page(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let current = ctx.app.store.entry(&id, &entry).await?;
    // Only a goal has a review: any other entry is not found here.
    let goal: Goal = (current.kind == "goal")
        .then(|| serde_json::from_value(current.body).ok())
        .flatten()
        .ok_or(AppError::NotFound)?;
    let tr = ctx.tr.clone();
    let values: Vec<(String, String)> = goal
        .followup
        .map(|f| vec![("followup".to_owned(), f.to_string())])
        .unwrap_or_default();
    Ok(form_page(
        &ctx,
        tr.t1("gas-review-title", "goal", &goal.text),
        ctx.href(&format!("/staff/episodes/{id}/goals/{entry}")),
        Some(goal_levels_text(&tr, &goal)),
        to_fields(&tr, goal_specs(&tr, true), &values, &[]),
        Some((String::new(), None)),
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

fn goal_levels_text(tr: &Tr, goal: &Goal) -> String {
    goal.levels
        .iter()
        .zip(-2..=2)
        .map(|(text, level)| {
            format!(
                "{}: {text}",
                tr.t(&format!(
                    "gas-rating-{}",
                    level.to_string().replace('-', "minus_")
                ))
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Rates a goal at follow-up: a new version of the goal, with a reason.
pub async fn review_submit(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let current = ctx.app.store.entry(&id, &entry).await?;
    let goal: Goal = (current.kind == "goal")
        .then(|| serde_json::from_value(current.body.clone()).ok())
        .flatten()
        .ok_or(AppError::NotFound)?;
    let tr = ctx.tr.clone();
    let followup = posted(&form.0, "followup").and_then(|v| v.parse::<i64>().ok());
    let typed = posted(&form.0, "reason").unwrap_or_default();
    let mut errors = Vec::new();
    if !followup.is_some_and(|f| (-2..=2).contains(&f)) {
        errors.push(FieldError::new("followup", "error-gas-rating-range"));
    }
    let (reason, reason_error) =
        match crate::input::typed(&tr, roots_core::text::Kind::Long, &typed, 500) {
            Ok(r) if r.is_empty() => (r, Some(tr.t("error-entry-amend-reason"))),
            Ok(r) => (r, None),
            Err(m) => (typed.trim().to_owned(), Some(m)),
        };
    if !errors.is_empty() || reason_error.is_some() || ep.status != "open" {
        return Ok(form_page(
            &ctx,
            tr.t1("gas-review-title", "goal", &goal.text),
            ctx.href(&format!("/staff/episodes/{id}/goals/{entry}")),
            Some(goal_levels_text(&tr, &goal)),
            to_fields(&tr, goal_specs(&tr, true), &form.0, &errors),
            Some((reason, reason_error)),
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.href(&format!("/staff/episodes/{id}")),
        ));
    }
    let rated = Goal { followup, ..goal };
    let body = serde_json::to_value(&rated).map_err(|e| AppError::Internal(e.to_string()))?;
    match ctx
        .app
        .store
        .amend_entry(
            &id,
            &entry,
            current.version,
            &body,
            &reason,
            &ctx.actor(),
            Timestamp::now(),
        )
        .await?
    {
        Amended::Saved(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Amended::Conflict(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}/goals/{entry}"))),
    }
}

/// The GAS T-scores of an episode's goals, as text, when they can be
/// worked out.
pub fn gas_summary(tr: &Tr, entries: &[Entry]) -> Option<String> {
    let goals: Vec<Goal> = entries
        .iter()
        .filter(|e| e.kind == "goal")
        .filter_map(|e| serde_json::from_value(e.body.clone()).ok())
        .collect();
    if goals.is_empty() {
        return None;
    }
    match gas::summary(&goals) {
        Ok(s) => Some(match s.followup {
            Some(f) => tr.t1(
                "gas-summary-followup",
                "scores",
                format!("{:.1} → {:.1}", s.baseline, f),
            ),
            None => tr.t1(
                "gas-summary-baseline",
                "score",
                format!("{:.1}", s.baseline),
            ),
        }),
        Err(e) => e.first().map(|e| crate::forms::message(tr, e)),
    }
}

// ---- Interventions ----

fn intervention_specs(tr: &Tr) -> Vec<Spec> {
    vec![
        with_options(
            spec(tr, "code", "radios", "intervention-code"),
            Intervention::ALL
                .iter()
                .map(|i| {
                    (
                        i.as_str().to_owned(),
                        tr.t(&format!("opt-intervention-{}", i.as_str())),
                    )
                })
                .collect(),
        ),
        spec(tr, "minutes", "text", "intervention-minutes"),
        spec(tr, "note", "textarea", "intervention-note"),
    ]
}

pub async fn intervention_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let tr = ctx.tr.clone();
    Ok(form_page(
        &ctx,
        tr.t("intervention-title"),
        ctx.href(&format!("/staff/episodes/{id}/interventions/new")),
        None,
        to_fields(&tr, intervention_specs(&tr), &[], &[]),
        None,
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

pub async fn intervention_submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let input = InterventionInput {
        code: posted(&form.0, "code"),
        minutes: posted(&form.0, "minutes"),
        note: posted(&form.0, "note"),
    };
    match input.validate() {
        Ok(entry) if ep.status == "open" => {
            add_entry_and_return(ctx, &id, "intervention", &entry).await
        }
        Ok(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(errors) => {
            let tr = ctx.tr.clone();
            Ok(form_page(
                &ctx,
                tr.t("intervention-title"),
                ctx.href(&format!("/staff/episodes/{id}/interventions/new")),
                None,
                to_fields(&tr, intervention_specs(&tr), &form.0, &errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.href(&format!("/staff/episodes/{id}")),
            ))
        }
    }
}

// ---- Discharge ----

fn discharge_specs(tr: &Tr) -> Vec<Spec> {
    let work: Vec<(String, String)> = roots_core::referral::WORK_STATUSES
        .iter()
        .map(|w| ((*w).to_owned(), tr.t(&format!("opt-work_status-{w}"))))
        .collect();
    vec![
        with_options(
            spec(tr, "reason", "radios", "discharge-reason"),
            Reason::ALL
                .iter()
                .map(|r| {
                    (
                        r.as_str().to_owned(),
                        tr.t(&format!("opt-discharge_reason-{}", r.as_str())),
                    )
                })
                .collect(),
        ),
        spec(tr, "reason_other", "text", "discharge-reason-other"),
        with_options(
            spec(
                tr,
                "self_management_offered",
                "radios",
                "discharge-self-management",
            ),
            yes_no(tr),
        ),
        spec(
            tr,
            "gp_appointments_avoided",
            "text",
            "discharge-gp-avoided",
        ),
        with_options(
            spec(
                tr,
                "ot_instead_of_gp",
                "radios",
                "discharge-ot-instead-of-gp",
            ),
            yes_no(tr),
        ),
        with_options(
            spec(tr, "cmht_referral_avoided", "radios", "discharge-cmht"),
            yes_no(tr),
        ),
        spec(tr, "cmht_reason", "textarea", "discharge-cmht-reason"),
        with_options(
            spec(tr, "medication_avoided", "radios", "discharge-medication"),
            MedicationAvoided::ALL
                .iter()
                .map(|m| {
                    (
                        m.as_str().to_owned(),
                        tr.t(&format!("opt-medication_avoided-{}", m.as_str())),
                    )
                })
                .collect(),
        ),
        with_options(
            spec(tr, "work_status_start", "radios", "discharge-work-start"),
            work.clone(),
        ),
        with_options(
            spec(tr, "work_status_end", "radios", "discharge-work-end"),
            work,
        ),
        with_options(
            spec(tr, "secondary_care", "radios", "discharge-secondary"),
            yes_no(tr),
        ),
        spec(
            tr,
            "secondary_care_where",
            "text",
            "discharge-secondary-where",
        ),
        spec(tr, "note", "textarea", "discharge-note"),
    ]
}

fn discharge_input(pairs: &[(String, String)]) -> DischargeInput {
    let g = |k| posted(pairs, k);
    DischargeInput {
        reason: g("reason"),
        reason_other: g("reason_other"),
        self_management_offered: g("self_management_offered"),
        gp_appointments_avoided: g("gp_appointments_avoided"),
        ot_instead_of_gp: g("ot_instead_of_gp"),
        cmht_referral_avoided: g("cmht_referral_avoided"),
        cmht_reason: g("cmht_reason"),
        medication_avoided: g("medication_avoided"),
        work_status_start: g("work_status_start"),
        work_status_end: g("work_status_end"),
        secondary_care: g("secondary_care"),
        secondary_care_where: g("secondary_care_where"),
        note: g("note"),
    }
}

pub async fn discharge_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    if ep.status != "open" {
        return Ok(ctx.see_other(&format!("/staff/episodes/{id}/summary")));
    }
    let tr = ctx.tr.clone();
    // Their work situation at the start comes from the referral.
    let start: Vec<(String, String)> = ep
        .person
        .details
        .get("work_status")
        .and_then(Value::as_str)
        .map(|w| vec![("work_status_start".to_owned(), w.to_owned())])
        .unwrap_or_default();
    Ok(form_page(
        &ctx,
        tr.t("discharge-title"),
        ctx.href(&format!("/staff/episodes/{id}/discharge")),
        Some(tr.t("discharge-intro")),
        to_fields(&tr, discharge_specs(&tr), &start, &[]),
        None,
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

pub async fn discharge_submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    match discharge_input(&form.0).validate() {
        Ok(d) => {
            let body = serde_json::to_value(&d).map_err(|e| AppError::Internal(e.to_string()))?;
            match ctx
                .app
                .store
                .discharge(
                    &ctx.app.service.id,
                    &id,
                    &body,
                    &ctx.actor(),
                    Timestamp::now(),
                )
                .await
            {
                Ok(()) | Err(roots_store::StoreError::Conflict) => {
                    Ok(ctx.see_other(&format!("/staff/episodes/{id}/summary")))
                }
                Err(e) => Err(e.into()),
            }
        }
        Err(errors) => {
            let tr = ctx.tr.clone();
            Ok(form_page(
                &ctx,
                tr.t("discharge-title"),
                ctx.href(&format!("/staff/episodes/{id}/discharge")),
                Some(tr.t("discharge-intro")),
                to_fields(&tr, discharge_specs(&tr), &form.0, &errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.href(&format!("/staff/episodes/{id}")),
            ))
        }
    }
}

/// What the discharge summary says, in one language.
pub struct SummaryContent {
    person: String,
    dates: String,
    outcome: Vec<(String, String)>,
    interventions: Vec<String>,
    measures: Vec<String>,
    gas: Option<String>,
    onward: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff_discharge_summary.html")]
struct SummaryPage {
    l: Layout,
    c: SummaryContent,
    issue_action: String,
    issued: Vec<(String, String)>,
}

fn summary_content(
    tr: &Tr,
    ep: &roots_store::episodes::Episode,
    entries: &[roots_store::episodes::Entry],
) -> SummaryContent {
    let discharge: Option<roots_core::discharge::Discharge> = entries
        .iter()
        .rev()
        .find(|e| e.kind == "discharge")
        .and_then(|e| serde_json::from_value(e.body.clone()).ok());
    let yes = |b: bool| tr.t(if b { "opt-yes_no-yes" } else { "opt-yes_no-no" });
    let outcome = match &discharge {
        None => vec![(tr.t("discharge-reason"), tr.t("episode-status-open"))],
        Some(d) => {
            let mut rows = vec![
                (
                    tr.t("discharge-reason"),
                    d.reason_other.clone().unwrap_or_else(|| {
                        tr.t(&format!("opt-discharge_reason-{}", d.reason.as_str()))
                    }),
                ),
                (
                    tr.t("discharge-self-management"),
                    yes(d.self_management_offered),
                ),
                (
                    tr.t("discharge-gp-avoided"),
                    d.gp_appointments_avoided.to_string(),
                ),
                (tr.t("discharge-ot-instead-of-gp"), yes(d.ot_instead_of_gp)),
                (tr.t("discharge-cmht"), yes(d.cmht_referral_avoided)),
                (
                    tr.t("discharge-medication"),
                    tr.t(&format!(
                        "opt-medication_avoided-{}",
                        d.medication_avoided.as_str()
                    )),
                ),
                (
                    tr.t("discharge-work-start"),
                    tr.t(&format!("opt-work_status-{}", d.work_status_start)),
                ),
            ];
            if let Some(end) = &d.work_status_end {
                rows.push((
                    tr.t("discharge-work-end"),
                    tr.t(&format!("opt-work_status-{end}")),
                ));
            }
            if let Some(s) = &d.secondary_care {
                rows.push((tr.t("discharge-secondary"), s.clone()));
            }
            if let Some(n) = &d.note {
                rows.push((tr.t("discharge-note"), n.clone()));
            }
            rows
        }
    };
    let interventions = entries
        .iter()
        .filter(|e| e.kind == "intervention")
        .filter_map(|e| serde_json::from_value::<InterventionEntry>(e.body.clone()).ok())
        .map(|i| {
            format!(
                "{} ({})",
                tr.t(&format!("opt-intervention-{}", i.intervention.as_str())),
                tr.tn("span-minutes", &[("n", i.minutes)])
            )
        })
        .collect();
    let measures = charts(tr, entries)
        .into_iter()
        .map(|c| format!("{}: {}", c.name, c.summary))
        .collect();
    let onward = entries
        .iter()
        .filter(|e| e.kind == "onward")
        .map(|e| {
            crate::episodes::entry_lines(tr, e)
                .into_iter()
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
                .join(": ")
        })
        .collect();
    let dates = match ep.discharged_at {
        Some(d) => format!("{} – {}", local_time(ep.opened_at), local_time(d)),
        None => local_time(ep.opened_at),
    };
    SummaryContent {
        person: format!(
            "{} {} ({})",
            ep.person.given_name,
            ep.person.family_name,
            crate::work::long_date(tr, &ep.person.date_of_birth)
        ),
        dates,
        outcome,
        interventions,
        measures,
        gas: gas_summary(tr, entries),
        onward,
    }
}

/// The discharge summary as a document (the same content as the page).
fn summary_doc(tr: &Tr, c: &SummaryContent) -> roots_reports::pdf::Doc {
    use roots_reports::pdf::Block;
    let title = tr.t("summary-title");
    let none = || vec![tr.t("summary-none")];
    let or_none = |v: &Vec<String>| if v.is_empty() { none() } else { v.clone() };
    let mut blocks = vec![
        Block::Heading1(title.clone()),
        Block::Strong(c.person.clone()),
        Block::Paragraph(format!("{}: {}", tr.t("summary-dates"), c.dates)),
        Block::Heading2(tr.t("summary-outcome")),
        Block::Table {
            summary: tr.t("summary-outcome"),
            header: vec![tr.t("doc-item"), tr.t("doc-details")],
            rows: c
                .outcome
                .iter()
                .map(|(k, v)| vec![k.clone(), v.clone()])
                .collect(),
            widths: vec![1.2, 2.0],
            row_headers: true,
        },
        Block::Heading2(tr.t("summary-interventions")),
        Block::Bullets(or_none(&c.interventions)),
        Block::Heading2(tr.t("summary-measures")),
        Block::Bullets(or_none(&c.measures)),
    ];
    if let Some(g) = &c.gas {
        blocks.push(Block::Heading2(tr.t("summary-goals")));
        blocks.push(Block::Paragraph(g.clone()));
    }
    if !c.onward.is_empty() {
        blocks.push(Block::Heading2(tr.t("summary-onward")));
        blocks.push(Block::Bullets(c.onward.clone()));
    }
    crate::work_documents::shell(tr, title, "Roots".into(), blocks)
}

/// The discharge summary: one readable page for the GP, printable, and as
/// a copy for the person; issued as a PDF in either language.
pub async fn summary(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    ctx.audit(Event::on("episode.summary", "episode", &id))
        .await?;
    let tr = ctx.tr.clone();
    let entries = ctx.app.store.entries(&id).await?;
    let issued = ctx
        .app
        .store
        .issued_documents(&id)
        .await?
        .into_iter()
        .filter(|d| d.kind == "discharge_summary")
        .map(|d| crate::work_documents::issued_item(&ctx, &d))
        .collect();
    let l = Layout::new(&ctx, tr.t("summary-title"))
        .back(Some(ctx.href(&format!("/staff/episodes/{id}"))));
    let body = render(&SummaryPage {
        c: summary_content(&tr, &ep, &entries),
        issue_action: ctx.href(&format!("/staff/episodes/{id}/summary/issue")),
        issued,
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

/// `POST /staff/episodes/{id}/summary/issue`: the discharge summary as a
/// tagged PDF in the chosen language, kept as issued (a new version each
/// time), audited.
pub async fn summary_issue(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let lang = crate::work_documents::chosen_lang(&form.0);
    let tr = ctx.app.locales.get(lang);
    let entries = ctx.app.store.entries(&id).await?;
    let doc = summary_doc(&tr, &summary_content(&tr, &ep, &entries));
    crate::work_documents::issue_and_show(ctx, &id, "discharge_summary", None, lang, &doc).await
}

/// Stores a new clinical entry (version 1) made from `body`, then returns
/// to the episode.
pub(crate) async fn add_entry_and_return(
    ctx: Ctx,
    id: &str,
    kind: &str,
    body: &impl serde::Serialize,
) -> Result<Response, AppError> {
    let body = serde_json::to_value(body).map_err(|e| AppError::Internal(e.to_string()))?;
    ctx.app
        .store
        .add_entry(id, kind, &body, &ctx.actor(), Timestamp::now())
        .await?;
    Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
}
