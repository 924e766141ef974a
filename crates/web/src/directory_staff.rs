//! Keeping the directory right, for staff (`DirectoryManage`): the list of
//! resources with those not checked for `directory_stale_days` flagged,
//! and each resource's page: what it publishes, Roots' own notes (the
//! everyday difficulties and triage pathways it helps with, how people get
//! in, access notes),
//! saved as a new version that marks it checked, and retiring it.
//!
//! What a resource publishes about itself comes from its feed (`roots
//! directory import`) or is added and changed by staff in
//! `directory_edit`; these pages change only Roots' notes, and its status
//! when it is retired.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::{SignedDuration, Timestamp};
use roots_store::directory::Resource;
use serde_json::{Value, json};

use crate::clinical::{FormPairs, posted};
use crate::ctx::Ctx;
use crate::directory_pages::{Card, NEEDS, card};
use crate::error::AppError;
use crate::layout::{ErrorItem, Layout, render};
use crate::staff::local_time;

/// The triage pathways a resource can be noted as serving (those a
/// person is signposted along; not emergency services, safeguarding, the
/// GP or an OT assessment, which are not community resources).
pub const PATHWAYS: [&str; 5] = [
    "mental_health",
    "frailty_falls",
    "work_fitnote",
    "housing_advice",
    "community_hub",
];

/// The ways in a resource can have.
pub const ACCESS: [&str; 3] = ["drop_in", "referral", "both"];
/// The longest access note, in characters.
const NOTE_MAX: usize = 1000;

pub struct Row {
    pub href: String,
    pub name: String,
    pub status: String,
    pub checked: String,
    pub stale: bool,
}

#[derive(Template)]
#[template(path = "staff_directory.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    stale_count: usize,
    stale_text: String,
    report_href: String,
    new_href: String,
}

fn is_stale(r: &Resource, now: Timestamp, days: i64) -> bool {
    r.checked_at
        .is_none_or(|c| now.duration_since(c) > SignedDuration::from_hours(24 * days))
}

/// `GET /staff/directory`: every resource, the ones needing a check first.
pub async fn list(ctx: Ctx) -> Result<Response, AppError> {
    let tr = ctx.tr.clone();
    let now = Timestamp::now();
    let days = ctx.app.config.directory_stale_days;
    let all = ctx.app.store.all_resources(&ctx.app.service.id).await?;
    let mut rows: Vec<Row> = all
        .iter()
        .map(|r| Row {
            href: ctx.href(&format!("/staff/directory/{}", r.id)),
            name: r.name.clone(),
            status: tr.t(&format!("resource-status-{}", r.status.replace(' ', "_"))),
            checked: r
                .checked_at
                .map_or_else(|| tr.t("resource-never-checked"), local_time),
            stale: r.status != "inactive" && r.status != "defunct" && is_stale(r, now, days),
        })
        .collect();
    rows.sort_by_key(|r| !r.stale);
    let stale_count = rows.iter().filter(|r| r.stale).count();
    let l = Layout::new(&ctx, tr.t("resources-title"));
    let body = render(&ListPage {
        stale_text: tr.tn(
            "resources-stale",
            &[("count", stale_count as i64), ("days", days)],
        ),
        stale_count,
        rows,
        report_href: ctx.href("/staff/directory/report"),
        new_href: ctx.href("/staff/directory/new"),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Template)]
#[template(path = "staff_resource.html")]
struct ResourcePage {
    l: Layout,
    c: Card,
    status: String,
    retired: bool,
    needs: Vec<(String, String, bool)>,
    pathways: Vec<(String, String, bool)>,
    access: Vec<(String, String, bool)>,
    note: String,
    note_error: Option<String>,
    action: String,
    retire_action: String,
    edit_href: String,
    version_text: String,
}

#[allow(clippy::too_many_arguments)]
fn page_body(
    ctx: &Ctx,
    r: &Resource,
    chosen_needs: &[String],
    chosen_pathways: &[String],
    access: &str,
    note: &str,
    note_error: Option<String>,
) -> String {
    let tr = &ctx.tr;
    let mut l = Layout::new(ctx, r.name.clone()).back(Some(ctx.href("/staff/directory")));
    if let Some(e) = &note_error {
        l.errors = vec![ErrorItem {
            href: "#note".into(),
            text: e.clone(),
        }];
    }
    render(&ResourcePage {
        c: card(tr, ctx, &r.document, &r.local, r.checked_at),
        status: tr.t(&format!("resource-status-{}", r.status.replace(' ', "_"))),
        retired: r.status == "inactive" || r.status == "defunct",
        needs: NEEDS
            .iter()
            .map(|n| {
                (
                    (*n).to_owned(),
                    tr.t(&format!("opt-difficulties-{n}")),
                    chosen_needs.iter().any(|c| c == n),
                )
            })
            .collect(),
        pathways: PATHWAYS
            .iter()
            .map(|p| {
                (
                    (*p).to_owned(),
                    tr.t(&format!("pathway-{p}")),
                    chosen_pathways.iter().any(|c| c == p),
                )
            })
            .collect(),
        access: ACCESS
            .iter()
            .map(|a| {
                (
                    (*a).to_owned(),
                    tr.t(&format!("dir-access-{a}")),
                    access == *a,
                )
            })
            .collect(),
        note: note.to_owned(),
        note_error,
        action: ctx.href(&format!("/staff/directory/{}", r.id)),
        retire_action: ctx.href(&format!("/staff/directory/{}/retire", r.id)),
        edit_href: ctx.href(&format!("/staff/directory/{}/edit", r.id)),
        version_text: tr.tn("entry-version-n", &[("n", r.version)]),
        l,
    })
}

async fn load(ctx: &Ctx, id: &str) -> Result<Resource, AppError> {
    match ctx.app.store.resource(&ctx.app.service.id, id).await {
        Ok(r) => Ok(r),
        Err(roots_store::StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /staff/directory/{id}`.
pub async fn page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let r = load(&ctx, &id).await?;
    let needs = strings(&r.local, "needs");
    let pathways = strings(&r.local, "pathways");
    let access = r.local["access"].as_str().unwrap_or("").to_owned();
    let note = r.local["access_note"].as_str().unwrap_or("").to_owned();
    let body = page_body(&ctx, &r, &needs, &pathways, &access, &note, None);
    Ok(ctx.html(StatusCode::OK, body))
}

/// Saves Roots' notes and marks the resource checked (a new version).
pub async fn submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let r = load(&ctx, &id).await?;
    let needs: Vec<String> = form
        .0
        .iter()
        .filter(|(k, v)| k == "needs" && NEEDS.contains(&v.as_str()))
        .map(|(_, v)| v.clone())
        .collect();
    let pathways: Vec<String> = form
        .0
        .iter()
        .filter(|(k, v)| k == "pathways" && PATHWAYS.contains(&v.as_str()))
        .map(|(_, v)| v.clone())
        .collect();
    let access = posted(&form.0, "access")
        .filter(|a| ACCESS.contains(&a.as_str()))
        .unwrap_or_default();
    let typed = posted(&form.0, "note").unwrap_or_default();
    let note = match crate::input::typed(&ctx.tr, roots_core::text::Kind::Long, &typed, NOTE_MAX) {
        Ok(note) => note,
        Err(error) => {
            let body = page_body(&ctx, &r, &needs, &pathways, &access, &typed, Some(error));
            return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
        }
    };
    let mut local = json!({ "needs": needs, "pathways": pathways });
    if !access.is_empty() {
        local["access"] = json!(access);
    }
    if !note.is_empty() {
        local["access_note"] = json!(note);
    }
    ctx.app
        .store
        .set_resource_local(
            &ctx.app.service.id,
            &r.id,
            &local,
            &ctx.actor(),
            Timestamp::now(),
        )
        .await?;
    Ok(ctx.see_other(&format!("/staff/directory/{}", r.id)))
}

/// Retires a resource: inactive, so it is no longer offered (a new
/// version; reversible by the next import or a later change).
pub async fn retire(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let r = load(&ctx, &id).await?;
    ctx.app
        .store
        .set_resource_status(
            &ctx.app.service.id,
            &r.id,
            "inactive",
            &ctx.actor(),
            Timestamp::now(),
        )
        .await?;
    Ok(ctx.see_other("/staff/directory"))
}

/// One resource's line in the report.
pub struct ReportRow {
    pub name: String,
    pub signposted: usize,
    pub attended: usize,
    pub did_not_attend: usize,
    pub not_known: usize,
    pub awaiting: usize,
}

#[derive(Template)]
#[template(path = "staff_directory_report.html")]
struct ReportPage {
    l: Layout,
    rows: Vec<ReportRow>,
    never_used: Vec<(String, String)>,
    stale: usize,
    stale_text: String,
    list_href: String,
}

/// `GET /staff/directory/report`: signposting by resource and by outcome,
/// the places never used, and how many need checking.
pub async fn report(ctx: Ctx) -> Result<Response, AppError> {
    use roots_core::signposting::{Outcome, Signpost};
    ctx.audit(roots_store::audit::Event::action("directory.report"))
        .await?;
    let tr = ctx.tr.clone();
    let service = &ctx.app.service.id;
    let resources = ctx.app.store.all_resources(service).await?;
    let signposts: Vec<Signpost> = crate::signposting::all_signposts(&ctx).await?;
    let mut rows: Vec<ReportRow> = resources
        .iter()
        .filter_map(|r| {
            let mine: Vec<&Signpost> = signposts.iter().filter(|s| s.resource_id == r.id).collect();
            let count = |o: Outcome| mine.iter().filter(|s| s.outcome == Some(o)).count();
            (!mine.is_empty()).then(|| ReportRow {
                name: r.name.clone(),
                signposted: mine.len(),
                attended: count(Outcome::Attended),
                did_not_attend: count(Outcome::DidNotAttend),
                not_known: count(Outcome::NotKnown),
                awaiting: mine.iter().filter(|s| s.outcome.is_none()).count(),
            })
        })
        .collect();
    rows.sort_by(|a, b| b.signposted.cmp(&a.signposted).then(a.name.cmp(&b.name)));
    let never_used = resources
        .iter()
        .filter(|r| r.status == "active" && !signposts.iter().any(|s| s.resource_id == r.id))
        .map(|r| {
            (
                ctx.href(&format!("/staff/directory/{}", r.id)),
                r.name.clone(),
            )
        })
        .collect();
    let now = Timestamp::now();
    let days = ctx.app.config.directory_stale_days;
    let stale = resources
        .iter()
        .filter(|r| r.status != "inactive" && r.status != "defunct" && is_stale(r, now, days))
        .count();
    let l =
        Layout::new(&ctx, tr.t("resources-report-title")).back(Some(ctx.href("/staff/directory")));
    let body = render(&ReportPage {
        stale_text: tr.tn(
            "resources-stale",
            &[("count", stale as i64), ("days", days)],
        ),
        stale,
        rows,
        never_used,
        list_href: ctx.href("/staff/directory"),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}
