//! Work and health in the episode: the advice of an AHP Health and Work
//! Report or a fit note (`/staff/episodes/{id}/work/{document}`), with the
//! certifier's name, profession and HCPC registration number. The rules
//! are `roots_core::work`; the advice is a clinical entry (kind
//! `work_advice`), so a change is an amendment and every version is kept.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use roots_core::FieldError;
use roots_core::work::{
    Adjustment, Advice, AdviceInput, DateParts, Document, HcpcError, Profession, parse_hcpc,
};
use serde::{Deserialize, Serialize};

use crate::clinical::{FormPairs, open_episode, posted};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::forms::{Choice, Widget, message};
use crate::i18n::Tr;
use crate::layout::{ErrorItem, Layout, render};

/// Who gave the advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certifier {
    pub name: String,
    pub profession: Profession,
    pub hcpc: String,
    pub organisation: String,
    pub contact: String,
}

/// A `work_advice` entry's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkAdvice {
    pub advice: Advice,
    pub certifier: Certifier,
}

/// The rows the difficulties table offers.
const DIFFICULTY_ROWS: usize = 4;
/// The longest certifier detail.
const SHORT_MAX: usize = 200;

fn document_of(slug: &str) -> Option<Document> {
    match slug {
        "ahp_report" => Some(Document::AhpReport),
        "fit_note" => Some(Document::FitNote),
        _ => None,
    }
}

pub fn document_slug(d: Document) -> &'static str {
    match d {
        Document::AhpReport => "ahp_report",
        Document::FitNote => "fit_note",
    }
}

fn dates(form: &[(String, String)], prefix: &str) -> DateParts {
    let get = |p: &str| posted(form, &format!("{prefix}_{p}")).unwrap_or_default();
    DateParts {
        day: get("day"),
        month: get("month"),
        year: get("year"),
    }
}

/// The advice and certifier as typed.
fn read(form: &[(String, String)]) -> (AdviceInput, Vec<(&'static str, String)>) {
    let difficulties = (0..DIFFICULTY_ROWS)
        .map(|i| {
            (
                posted(form, &format!("difficulty_{i}")).unwrap_or_default(),
                posted(form, &format!("recommendation_{i}")).unwrap_or_default(),
            )
        })
        .collect();
    let input = AdviceInput {
        fitness: posted(form, "fitness"),
        adjustments: form
            .iter()
            .filter(|(k, _)| k == "adjustments")
            .map(|(_, v)| v.clone())
            .collect(),
        comments: posted(form, "comments"),
        from: dates(form, "from"),
        to: dates(form, "to"),
        review: posted(form, "review"),
        review_on: dates(form, "review_on"),
        over_six_months: posted(form, "over_six_months"),
        assessed_on: dates(form, "assessed_on"),
        condition: posted(form, "condition"),
        difficulties,
    };
    let certifier = ["name", "profession", "hcpc", "organisation", "contact"]
        .into_iter()
        .map(|k| (k, posted(form, k).unwrap_or_default()))
        .collect();
    (input, certifier)
}

fn check_certifier(
    c: &[(&'static str, String)],
    document: Document,
) -> Result<Certifier, Vec<FieldError>> {
    let get = |k: &str| {
        c.iter()
            .find(|(f, _)| *f == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let name = get("name");
    if name.is_empty() {
        errors.push(FieldError::new("name", "error-work-certifier-name"));
    }
    for (f, kind) in [
        ("name", roots_core::text::Kind::Name),
        ("organisation", roots_core::text::Kind::Line),
        ("contact", roots_core::text::Kind::Line),
    ] {
        if let Err(e) = roots_core::text::field(f, kind, &get(f), SHORT_MAX) {
            errors.push(e);
        }
    }
    let profession = Profession::parse(&get("profession"));
    match profession {
        None => errors.push(FieldError::new("profession", "error-work-profession")),
        Some(p) if document == Document::FitNote && !p.certifies_fit_notes() => {
            errors.push(FieldError::new(
                "profession",
                "error-work-fit-note-profession",
            ));
        }
        Some(_) => {}
    }
    let hcpc = match parse_hcpc(&get("hcpc"), profession.unwrap_or(Profession::Other)) {
        Ok(h) => Some(h),
        Err(e) => {
            errors.push(FieldError::new(
                "hcpc",
                match e {
                    HcpcError::Missing => "error-work-hcpc-missing",
                    HcpcError::Shape => "error-work-hcpc-shape",
                    HcpcError::OtherProfession => "error-work-hcpc-profession",
                },
            ));
            None
        }
    };
    match (profession, hcpc, errors.is_empty()) {
        (Some(profession), Some(hcpc), true) => Ok(Certifier {
            name,
            profession,
            hcpc,
            organisation: get("organisation"),
            contact: get("contact"),
        }),
        _ => Err(errors),
    }
}

/// Where an error summary's link goes: the field's first box or option.
fn anchor(document: Option<Document>, field: &str) -> String {
    let first = match field {
        "fitness" => "fitness-not_fit".to_owned(),
        "adjustments" => format!(
            "adjustments-{}",
            document
                .map(|d| d.adjustments()[0].as_str())
                .unwrap_or("phased_return")
        ),
        "review" | "over_six_months" => format!("{field}-yes"),
        "profession" => "profession-occupational_therapist".to_owned(),
        "status" => "status-in_work".to_owned(),
        "difficulties" => "difficulty_0".to_owned(),
        "assessed_on" | "from" | "to" | "review_on" | "since" => format!("{field}_day"),
        other => other.to_owned(),
    };
    format!("#{first}")
}

/// One row of the difficulties table on the form.
pub struct DifficultyRow {
    pub n: usize,
    pub difficulty: String,
    pub recommendation: String,
}

#[derive(Template)]
#[template(path = "staff_work_advice.html")]
struct AdvicePage {
    l: Layout,
    action: String,
    widgets: Vec<Widget>,
    certifier: Vec<Widget>,
    ahp: bool,
    rows: Vec<DifficultyRow>,
    rows_error: Option<String>,
}

fn error_of(errors: &[FieldError], tr: &Tr, field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| message(tr, e))
}

fn date_widget(
    tr: &Tr,
    errors: &[FieldError],
    prefix: &str,
    legend: String,
    parts: &DateParts,
) -> Widget {
    let found = errors.iter().find(|e| e.field == prefix);
    Widget::Date {
        prefix: prefix.to_owned(),
        legend,
        hint: tr.t("date-hint"),
        day: parts.day.clone(),
        month: parts.month.clone(),
        year: parts.year.clone(),
        error: found.map(|e| message(tr, e)),
        error_part: match found.map(|e| e.message) {
            Some("error-date-missing-day") => "day",
            Some("error-date-missing-month") => "month",
            Some("error-date-missing-year") => "year",
            _ => "all",
        },
        autocomplete: false,
        heading: false,
    }
}

fn radios(
    tr: &Tr,
    errors: &[FieldError],
    name: &str,
    legend: String,
    options: &[(&str, String)],
    chosen: &[String],
    kind: &'static str,
) -> Widget {
    Widget::Choices {
        name: name.to_owned(),
        kind,
        legend,
        hint: None,
        choices: options
            .iter()
            .map(|(v, label)| Choice {
                id: format!("{name}-{v}"),
                value: (*v).to_owned(),
                label: label.clone(),
                checked: chosen.iter().any(|c| c == v),
                divider: false,
                exclusive: false,
            })
            .collect(),
        error: error_of(errors, tr, name),
        heading: false,
        small: true,
    }
}

fn text_widget(tr: &Tr, errors: &[FieldError], name: &str, label: String, value: &str) -> Widget {
    Widget::Text {
        name: name.to_owned(),
        label,
        hint: None,
        value: value.to_owned(),
        error: error_of(errors, tr, name),
        autocomplete: "off",
        input_type: "text",
        inputmode: "",
        width: "",
        heading: false,
    }
}

#[allow(clippy::too_many_arguments)]
fn page_body(
    ctx: &Ctx,
    id: &str,
    document: Document,
    input: &AdviceInput,
    certifier: &[(&'static str, String)],
    errors: &[FieldError],
) -> String {
    let tr = &ctx.tr;
    let doc = document_slug(document);
    let mut l = Layout::new(ctx, tr.t(&format!("work-{doc}-title")))
        .back(Some(ctx.href(&format!("/staff/episodes/{id}"))));
    l.errors = errors
        .iter()
        .map(|e| ErrorItem {
            href: anchor(Some(document), e.field),
            text: message(tr, e),
        })
        .collect();
    let yes_no = [
        ("yes", tr.t("opt-yes_no-yes")),
        ("no", tr.t("opt-yes_no-no")),
    ];
    let one = |v: &Option<String>| v.iter().cloned().collect::<Vec<String>>();
    let mut widgets = vec![
        date_widget(
            tr,
            errors,
            "assessed_on",
            tr.t("work-assessed-on"),
            &input.assessed_on,
        ),
        radios(
            tr,
            errors,
            "fitness",
            tr.t("work-fitness"),
            &[
                ("not_fit", tr.t("work-fitness-not_fit")),
                (
                    "may_be_fit",
                    tr.t(&format!("work-fitness-may_be_fit-{doc}")),
                ),
            ],
            &one(&input.fitness),
            "radio",
        ),
        radios(
            tr,
            errors,
            "adjustments",
            tr.t("work-adjustments"),
            &document
                .adjustments()
                .iter()
                .map(|a| (a.as_str(), tr.t(&format!("work-adjustment-{}", a.as_str()))))
                .collect::<Vec<_>>(),
            &input.adjustments,
            "checkbox",
        ),
        Widget::Textarea {
            name: "comments".into(),
            label: tr.t("work-comments"),
            hint: Some(tr.t("work-comments-hint")),
            value: input.comments.clone().unwrap_or_default(),
            error: error_of(errors, tr, "comments"),
            limit: tr.tn("chars-limit", &[("max", roots_core::work::TEXT_MAX as i64)]),
            max: roots_core::work::TEXT_MAX,
            heading: false,
        },
        date_widget(tr, errors, "from", tr.t("work-from"), &input.from),
        date_widget(tr, errors, "to", tr.t("work-to"), &input.to),
    ];
    if document == Document::FitNote {
        widgets.insert(
            1,
            text_widget(
                tr,
                errors,
                "condition",
                tr.t("work-condition"),
                input.condition.as_deref().unwrap_or(""),
            ),
        );
        widgets.push(radios(
            tr,
            errors,
            "over_six_months",
            tr.t("work-over-six-months"),
            &yes_no,
            &one(&input.over_six_months),
            "radio",
        ));
    }
    widgets.push(radios(
        tr,
        errors,
        "review",
        tr.t(&format!("work-review-{doc}")),
        &yes_no,
        &one(&input.review),
        "radio",
    ));
    if document == Document::AhpReport {
        widgets.push(date_widget(
            tr,
            errors,
            "review_on",
            tr.t("work-review-on"),
            &input.review_on,
        ));
    }
    let get = |k: &str| {
        certifier
            .iter()
            .find(|(f, _)| *f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let certifier_widgets = vec![
        text_widget(
            tr,
            errors,
            "name",
            tr.t("work-certifier-name"),
            &get("name"),
        ),
        radios(
            tr,
            errors,
            "profession",
            tr.t("work-certifier-profession"),
            &Profession::ALL
                .iter()
                .map(|p| (p.as_str(), tr.t(&format!("work-profession-{}", p.as_str()))))
                .collect::<Vec<_>>(),
            &[get("profession")],
            "radio",
        ),
        text_widget(
            tr,
            errors,
            "hcpc",
            tr.t("work-certifier-hcpc"),
            &get("hcpc"),
        ),
        text_widget(
            tr,
            errors,
            "organisation",
            tr.t("work-certifier-organisation"),
            &get("organisation"),
        ),
        text_widget(
            tr,
            errors,
            "contact",
            tr.t("work-certifier-contact"),
            &get("contact"),
        ),
    ];
    render(&AdvicePage {
        action: ctx.href(&format!("/staff/episodes/{id}/work/{doc}")),
        widgets,
        certifier: certifier_widgets,
        ahp: document == Document::AhpReport,
        rows: (0..DIFFICULTY_ROWS)
            .map(|n| {
                let (d, r) = input.difficulties.get(n).cloned().unwrap_or_default();
                DifficultyRow {
                    n,
                    difficulty: d,
                    recommendation: r,
                }
            })
            .collect(),
        rows_error: error_of(errors, tr, "difficulties"),
        l,
    })
}

/// `GET /staff/episodes/{id}/work/{document}`: the advice form, with the
/// date of assessment today and the certifier filled from the signed-in
/// user's own last advice in this episode (or their name): never from a
/// colleague's.
pub async fn page(ctx: Ctx, Path((id, doc)): Path<(String, String)>) -> Result<Response, AppError> {
    let document = document_of(&doc).ok_or(AppError::NotFound)?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    if ep.status != "open" {
        return Ok(ctx.see_other(&format!("/staff/episodes/{id}")));
    }
    let today = crate::public::today();
    let input = AdviceInput {
        assessed_on: DateParts {
            day: today.day().to_string(),
            month: today.month().to_string(),
            year: today.year().to_string(),
        },
        ..AdviceInput::default()
    };
    let user = ctx.require_staff()?.clone();
    let last: Option<WorkAdvice> = ctx
        .app
        .store
        .entries(&id)
        .await?
        .into_iter()
        .rev()
        .find(|e| e.kind == "work_advice" && e.author_id == user.id)
        .and_then(|e| serde_json::from_value(e.body).ok());
    let certifier: Vec<(&'static str, String)> = match last {
        Some(w) => vec![
            ("name", w.certifier.name),
            ("profession", w.certifier.profession.as_str().to_owned()),
            ("hcpc", w.certifier.hcpc),
            ("organisation", w.certifier.organisation),
            ("contact", w.certifier.contact),
        ],
        None => vec![
            ("name", user.name.clone()),
            (
                "profession",
                Profession::OccupationalTherapist.as_str().to_owned(),
            ),
            ("organisation", ctx.app.service.name.clone()),
        ],
    };
    let body = page_body(&ctx, &id, document, &input, &certifier, &[]);
    Ok(ctx.html(StatusCode::OK, body))
}

/// Records the advice (a `work_advice` entry), or explains each mistake
/// on its field with everything typed kept.
pub async fn submit(
    ctx: Ctx,
    Path((id, doc)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let document = document_of(&doc).ok_or(AppError::NotFound)?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    if ep.status != "open" {
        return Ok(ctx.see_other(&format!("/staff/episodes/{id}")));
    }
    let (input, certifier) = read(&form.0);
    let advice = input.validate(document, crate::public::today());
    let who = check_certifier(&certifier, document);
    match (advice, who) {
        (Ok(advice), Ok(certifier)) => {
            let body = serde_json::to_value(WorkAdvice { advice, certifier })
                .map_err(|e| AppError::Internal(e.to_string()))?;
            ctx.app
                .store
                .add_entry(&id, "work_advice", &body, &ctx.actor(), Timestamp::now())
                .await?;
            Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
        }
        (a, c) => {
            let mut errors = a.err().unwrap_or_default();
            errors.extend(c.err().unwrap_or_default());
            let body = page_body(&ctx, &id, document, &input, &certifier, &errors);
            Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body))
        }
    }
}

/// `2026-11-02` as "2 November 2026" (or "2 Tachwedd 2026").
pub fn long_date(tr: &Tr, iso: &str) -> String {
    match iso.parse::<jiff::civil::Date>() {
        Ok(d) => format!(
            "{} {} {}",
            d.day(),
            tr.t(&format!("month-{}", d.month())),
            d.year()
        ),
        Err(_) => iso.to_owned(),
    }
}

/// A `work_advice` entry read back on the timeline: its title and lines.
pub fn lines(tr: &Tr, body: &serde_json::Value) -> Option<(String, Vec<(String, String)>)> {
    let w: WorkAdvice = serde_json::from_value(body.clone()).ok()?;
    let a = &w.advice;
    let doc = document_slug(a.document);
    let fitness = match a.fitness {
        roots_core::work::Fitness::NotFit => tr.t("work-fitness-not_fit"),
        roots_core::work::Fitness::MayBeFit => tr.t(&format!("work-fitness-may_be_fit-{doc}")),
    };
    let mut lines = Vec::new();
    if let Some(c) = &a.condition {
        lines.push((tr.t("work-condition"), c.clone()));
    }
    lines.push((tr.t("work-fitness"), fitness));
    if !a.adjustments.is_empty() {
        lines.push((
            tr.t("work-adjustments"),
            a.adjustments
                .iter()
                .map(|x: &Adjustment| tr.t(&format!("work-adjustment-{}", x.as_str())))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    if let Some(c) = &a.comments {
        lines.push((tr.t("work-comments"), c.clone()));
    }
    lines.push((
        tr.t("work-period"),
        tr.ts(
            "work-period-text",
            &[
                ("from", long_date(tr, &a.from)),
                ("to", long_date(tr, &a.to)),
            ],
        ),
    ));
    lines.push((
        tr.t(&format!("work-review-{doc}")),
        match (&a.review, &a.review_on) {
            (true, Some(on)) => long_date(tr, on),
            (true, None) => tr.t("opt-yes_no-yes"),
            (false, _) => tr.t("opt-yes_no-no"),
        },
    ));
    for (d, r) in &a.difficulties {
        lines.push((d.clone(), r.clone()));
    }
    lines.push((
        tr.t("work-certified-by"),
        format!(
            "{}, {}, {}",
            w.certifier.name,
            tr.t(&format!(
                "work-profession-{}",
                w.certifier.profession.as_str()
            )),
            w.certifier.hcpc
        ),
    ));
    Some((tr.t(&format!("work-{doc}-title")), lines))
}

pub use roots_core::work::StatusChange;

#[derive(Template)]
#[template(path = "staff_work_status.html")]
struct StatusPage {
    l: Layout,
    action: String,
    widgets: Vec<Widget>,
}

fn status_body(
    ctx: &Ctx,
    id: &str,
    status: &[String],
    since: &DateParts,
    errors: &[FieldError],
) -> String {
    let tr = &ctx.tr;
    let mut l = Layout::new(ctx, tr.t("work-status-title"))
        .back(Some(ctx.href(&format!("/staff/episodes/{id}"))));
    l.errors = errors
        .iter()
        .map(|e| ErrorItem {
            href: anchor(None, e.field),
            text: message(tr, e),
        })
        .collect();
    let options: Vec<(&str, String)> = roots_core::work::WorkStatus::ALL
        .iter()
        .map(|s| (s.as_str(), tr.t(&format!("opt-status-{}", s.as_str()))))
        .collect();
    render(&StatusPage {
        action: ctx.href(&format!("/staff/episodes/{id}/work/status")),
        widgets: vec![
            radios(
                tr,
                errors,
                "status",
                tr.t("entry-work_assessment-status"),
                &options,
                status,
                "radio",
            ),
            date_widget(tr, errors, "since", tr.t("work-status-since"), since),
        ],
        l,
    })
}

/// `GET /staff/episodes/{id}/work/status`.
pub async fn status_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    match open_episode(&ctx, &id).await? {
        Ok(ep) if ep.status == "open" => {}
        Ok(_) => return Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(r) => return Ok(r),
    }
    let today = crate::public::today();
    let since = DateParts {
        day: today.day().to_string(),
        month: today.month().to_string(),
        year: today.year().to_string(),
    };
    let body = status_body(&ctx, &id, &[], &since, &[]);
    Ok(ctx.html(StatusCode::OK, body))
}

/// Records a change of work status from a date (not in the future).
pub async fn status_submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    match open_episode(&ctx, &id).await? {
        Ok(ep) if ep.status == "open" => {}
        Ok(_) => return Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(r) => return Ok(r),
    }
    let chosen: Vec<String> = posted(&form.0, "status").into_iter().collect();
    let since = dates(&form.0, "since");
    let input = roots_core::work::StatusInput {
        status: chosen.first().cloned(),
        since: since.clone(),
    };
    match input.validate(crate::public::today()) {
        Ok((status, date)) => {
            let body = serde_json::to_value(StatusChange {
                status,
                since: date.to_string(),
            })
            .map_err(|e| AppError::Internal(e.to_string()))?;
            ctx.app
                .store
                .add_entry(&id, "work_status", &body, &ctx.actor(), Timestamp::now())
                .await?;
            Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
        }
        Err(errors) => {
            let body = status_body(&ctx, &id, &chosen, &since, &errors);
            Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body))
        }
    }
}

/// A `work_status` entry read back on the timeline.
pub fn status_lines(tr: &Tr, body: &serde_json::Value) -> Option<(String, Vec<(String, String)>)> {
    let s: StatusChange = serde_json::from_value(body.clone()).ok()?;
    Some((
        tr.t("work-status-entry"),
        vec![
            (
                tr.t("entry-work_assessment-status"),
                tr.t(&format!("opt-status-{}", s.status.as_str())),
            ),
            (tr.t("work-status-since"), long_date(tr, &s.since)),
        ],
    ))
}

pub use roots_store::evaluation::work_history as history;
