//! Adding a community resource, or changing what it publishes, in Roots
//! (`DirectoryManage`): `/staff/directory/new` and
//! `/staff/directory/{id}/edit`. The fields, their rules and how they are
//! written into the Open Referral UK 3.0 document are
//! `roots_directory::details`; every save is a new version, audited, and
//! marks the place checked.
//!
//! A save from a page that someone else has saved since is refused (409):
//! the page says so and keeps what this person typed, now based on the
//! saved version, so saving again is a deliberate choice.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use roots_directory::details::{Details, Problem};
use roots_directory::{STATUSES, Schedule, Summary, Weekday};
use roots_store::StoreError;
use roots_store::directory::Resource;
use serde_json::{Value, json};

use crate::clinical::{FormPairs, posted};
use crate::ctx::Ctx;
use crate::directory_pages::schedule_text;
use crate::error::AppError;
use crate::forms::{Choice, Widget};
use crate::i18n::Tr;
use crate::layout::{ErrorItem, Layout, render};

/// One day's row of the opening-times table.
pub struct HoursRow {
    pub code: &'static str,
    pub day: String,
    pub opens: String,
    pub closes: String,
    pub opens_error: Option<String>,
    pub closes_error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff_resource_edit.html")]
struct EditPage {
    l: Layout,
    action: String,
    version: i64,
    conflict: bool,
    sections: Vec<(String, Vec<Widget>)>,
    hours_editable: bool,
    hours: Vec<HoursRow>,
    hours_kept: Vec<String>,
    cost: Vec<Widget>,
    cost_kept: Option<String>,
}

/// The message for a problem with a field.
pub fn message(tr: &Tr, p: Problem) -> String {
    match p {
        // The text rule's own words, with where the character is.
        Problem::Text(t) => crate::forms::message(tr, &t.on("text")),
        _ => tr.t(&format!("dir-edit-error-{}", p.code())),
    }
}

fn text(
    tr: &Tr,
    d: &Details,
    errors: &[(String, String)],
    name: &str,
    input_type: &'static str,
    width: &'static str,
) -> Widget {
    let value = match name {
        "name" => &d.name,
        "organisation" => &d.organisation,
        "url" => &d.url,
        "email" => &d.email,
        "phone" => &d.phone,
        "location_name" => &d.location_name,
        "address" => &d.address,
        "town" => &d.town,
        "postcode" => &d.postcode,
        "areas" => &d.areas,
        "languages" => &d.languages,
        "minimum_age" => &d.minimum_age,
        "maximum_age" => &d.maximum_age,
        "amount" => &d.amount,
        _ => &d.cost_note,
    };
    let hint_id = format!("dir-edit-{name}-hint");
    Widget::Text {
        name: name.to_owned(),
        label: tr.t(&format!("dir-edit-{name}")),
        hint: tr.has(&hint_id).then(|| tr.t(&hint_id)),
        value: value.clone(),
        error: error_for(errors, name),
        autocomplete: "off",
        input_type,
        inputmode: if name.ends_with("_age") {
            "numeric"
        } else if name == "amount" {
            "decimal"
        } else {
            ""
        },
        width,
        heading: false,
    }
}

fn error_for(errors: &[(String, String)], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.clone())
}

fn choices(
    tr: &Tr,
    name: &str,
    options: &[(&str, String)],
    chosen: &str,
    errors: &[(String, String)],
) -> Widget {
    Widget::Choices {
        name: name.to_owned(),
        kind: "radio",
        legend: tr.t(&format!("dir-edit-{name}")),
        hint: None,
        choices: options
            .iter()
            .map(|(value, label)| Choice {
                id: format!("{name}-{}", value.replace(' ', "_")),
                value: (*value).to_owned(),
                label: label.clone(),
                checked: *value == chosen,
                divider: false,
                exclusive: false,
            })
            .collect(),
        error: error_for(errors, name),
        heading: false,
        small: true,
    }
}

#[allow(clippy::too_many_arguments)]
fn page_body(
    ctx: &Ctx,
    title: String,
    action: String,
    version: i64,
    d: &Details,
    doc: &Value,
    errors: &[(String, String)],
    conflict: bool,
) -> String {
    let tr = &ctx.tr;
    let mut l = Layout::new(ctx, title).back(Some(ctx.href("/staff/directory")));
    l.errors = errors
        .iter()
        .map(|(f, m)| ErrorItem {
            // Radios: the first option.
            href: match f.as_str() {
                "status" => "#status-active".to_owned(),
                "cost" => "#cost-free".to_owned(),
                other => format!("#{other}"),
            },
            text: m.clone(),
        })
        .collect();
    if conflict {
        l.errors.insert(
            0,
            ErrorItem {
                href: "#name".into(),
                text: tr.t("dir-edit-conflict"),
            },
        );
    }
    let t = |name, input_type, width| text(tr, d, errors, name, input_type, width);
    let statuses: Vec<(&str, String)> = STATUSES
        .iter()
        .map(|s| {
            (
                *s,
                tr.t(&format!("resource-status-{}", s.replace(' ', "_"))),
            )
        })
        .collect();
    let description = Widget::Textarea {
        name: "description".into(),
        label: tr.t("dir-edit-description"),
        hint: Some(tr.t("dir-edit-description-hint")),
        value: d.description.clone(),
        error: error_for(errors, "description"),
        limit: tr.tn(
            "chars-limit",
            &[("max", roots_directory::details::DESCRIPTION_MAX as i64)],
        ),
        max: roots_directory::details::DESCRIPTION_MAX,
        heading: false,
    };
    let sections = vec![
        (
            tr.t("dir-edit-about"),
            vec![
                t("name", "text", ""),
                t("organisation", "text", ""),
                description,
                choices(tr, "status", &statuses, &d.status, errors),
            ],
        ),
        (
            tr.t("dir-edit-contact"),
            vec![
                t("phone", "tel", "nhsuk-input--width-20"),
                t("email", "email", ""),
                t("url", "url", ""),
            ],
        ),
        (
            tr.t("dir-edit-place"),
            vec![
                t("location_name", "text", ""),
                t("address", "text", ""),
                t("town", "text", "nhsuk-u-width-two-thirds"),
                t("postcode", "text", "nhsuk-input--width-10"),
                t("areas", "text", ""),
            ],
        ),
        (
            tr.t("dir-edit-who"),
            vec![
                t("languages", "text", ""),
                t("minimum_age", "text", "nhsuk-input--width-3"),
                t("maximum_age", "text", "nhsuk-input--width-3"),
            ],
        ),
    ];
    let cost = if d.cost_editable {
        let options = [
            ("", tr.t("dir-edit-cost-unsaid")),
            ("free", tr.t("dir-edit-cost-free")),
            ("paid", tr.t("dir-edit-cost-paid")),
        ];
        vec![
            choices(tr, "cost", &options, &d.cost, errors),
            t("amount", "text", "nhsuk-input--width-5"),
            t("cost_note", "text", ""),
        ]
    } else {
        Vec::new()
    };
    let summary = Summary::of(doc);
    render(&EditPage {
        action,
        version,
        conflict,
        sections,
        hours_editable: d.hours_editable,
        hours: Weekday::ALL
            .iter()
            .zip(&d.hours)
            .map(|(day, (o, c))| HoursRow {
                code: day.code(),
                day: tr.t(&format!("dir-day-{}", day.code())),
                opens: o.clone(),
                closes: c.clone(),
                opens_error: error_for(errors, &format!("opens_{}", day.code())),
                closes_error: error_for(errors, &format!("closes_{}", day.code())),
            })
            .collect(),
        hours_kept: summary
            .schedules
            .iter()
            .filter_map(|s: &Schedule| schedule_text(tr, s))
            .collect(),
        cost,
        cost_kept: (!d.cost_editable).then(|| tr.t("dir-edit-cost-kept")),
        l,
    })
}

fn from_form(form: &FormPairs, editable_from: &Details) -> Details {
    let get = |k: &str| posted(&form.0, k).unwrap_or_default();
    let mut hours: [(String, String); 7] = Default::default();
    for (i, day) in Weekday::ALL.iter().enumerate() {
        hours[i] = (
            get(&format!("opens_{}", day.code())),
            get(&format!("closes_{}", day.code())),
        );
    }
    Details {
        name: get("name"),
        organisation: get("organisation"),
        description: get("description"),
        status: get("status"),
        url: get("url"),
        email: get("email"),
        phone: get("phone"),
        location_name: get("location_name"),
        address: get("address"),
        town: get("town"),
        postcode: get("postcode"),
        areas: get("areas"),
        cost: get("cost"),
        amount: get("amount"),
        cost_note: get("cost_note"),
        languages: get("languages"),
        minimum_age: get("minimum_age"),
        maximum_age: get("maximum_age"),
        hours,
        hours_editable: editable_from.hours_editable,
        cost_editable: editable_from.cost_editable,
    }
}

async fn load(ctx: &Ctx, id: &str) -> Result<Resource, AppError> {
    match ctx.app.store.resource(&ctx.app.service.id, id).await {
        Ok(r) => Ok(r),
        Err(StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// `GET /staff/directory/new`.
pub async fn new_page(ctx: Ctx) -> Result<Response, AppError> {
    let d = Details::new_resource();
    let body = page_body(
        &ctx,
        ctx.tr.t("dir-edit-new-title"),
        ctx.href("/staff/directory/new"),
        0,
        &d,
        &json!({}),
        &[],
        false,
    );
    Ok(ctx.html(StatusCode::OK, body))
}

fn problems(tr: &Tr, d: &Details) -> Vec<(String, String)> {
    d.check()
        .into_iter()
        .map(|p| (p.field, message(tr, p.problem)))
        .collect()
}

fn now_text(now: Timestamp) -> String {
    now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `POST /staff/directory/new`: adds the resource and goes to its page,
/// where Roots' notes are added.
pub async fn new_submit(ctx: Ctx, form: FormPairs) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let d = from_form(&form, &Details::new_resource());
    let errors = problems(&ctx.tr, &d);
    if !errors.is_empty() {
        let body = page_body(
            &ctx,
            ctx.tr.t("dir-edit-new-title"),
            ctx.href("/staff/directory/new"),
            0,
            &d,
            &json!({}),
            &errors,
            false,
        );
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let now = Timestamp::now();
    let doc = d
        .apply(&json!({}), &id, &now_text(now))
        .map_err(|r| AppError::Internal(format!("a checked resource was refused: {r:?}")))?;
    ctx.app
        .store
        .save_resource(&ctx.app.service.id, &doc, None, &ctx.actor(), now)
        .await?;
    Ok(ctx.see_other(&format!("/staff/directory/{id}")))
}

/// `GET /staff/directory/{id}/edit`.
pub async fn edit_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let r = load(&ctx, &id).await?;
    let d = Details::of(&r.document);
    let body = page_body(
        &ctx,
        ctx.tr.t1("dir-edit-title", "name", r.name.clone()),
        ctx.href(&format!("/staff/directory/{id}/edit")),
        r.version,
        &d,
        &r.document,
        &[],
        false,
    );
    Ok(ctx.html(StatusCode::OK, body))
}

/// `POST /staff/directory/{id}/edit`: the next version, unless someone
/// saved one meanwhile.
pub async fn edit_submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let r = load(&ctx, &id).await?;
    let based_on: i64 = posted(&form.0, "version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let d = from_form(&form, &Details::of(&r.document));
    let title = ctx.tr.t1("dir-edit-title", "name", r.name.clone());
    let action = ctx.href(&format!("/staff/directory/{id}/edit"));
    let errors = problems(&ctx.tr, &d);
    if !errors.is_empty() {
        let body = page_body(
            &ctx,
            title,
            action,
            based_on,
            &d,
            &r.document,
            &errors,
            false,
        );
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    let conflict = |ctx: &Ctx, current: &Resource| {
        page_body(
            ctx,
            title.clone(),
            action.clone(),
            current.version,
            &d,
            &current.document,
            &[],
            true,
        )
    };
    if based_on != r.version {
        let body = conflict(&ctx, &r);
        return Ok(ctx.html(StatusCode::CONFLICT, body));
    }
    let now = Timestamp::now();
    let doc = d
        .apply(&r.document, &r.id, &now_text(now))
        .map_err(|e| AppError::Internal(format!("a checked resource was refused: {e:?}")))?;
    match ctx
        .app
        .store
        .save_resource(&ctx.app.service.id, &doc, Some(based_on), &ctx.actor(), now)
        .await
    {
        Ok(_) => Ok(ctx.see_other(&format!("/staff/directory/{id}"))),
        Err(StoreError::Conflict) => {
            let current = load(&ctx, &id).await?;
            let body = conflict(&ctx, &current);
            Ok(ctx.html(StatusCode::CONFLICT, body))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Locales};

    /// Every problem the form can report, and every word it builds from
    /// codes, exists in both languages.
    #[test]
    fn every_message_of_the_form_exists_in_both_languages() {
        let locales = Locales::load().unwrap();
        for lang in [Lang::En, Lang::Cy] {
            let tr = locales.get(lang);
            let mut ids: Vec<String> = Problem::ALL
                .iter()
                .map(|p| format!("dir-edit-error-{}", p.code()))
                .collect();
            for d in Weekday::ALL {
                ids.push(format!("dir-day-{}", d.code()));
            }
            for s in STATUSES {
                ids.push(format!("resource-status-{}", s.replace(' ', "_")));
            }
            for f in [
                "name",
                "organisation",
                "url",
                "email",
                "phone",
                "location_name",
                "address",
                "town",
                "postcode",
                "areas",
                "languages",
                "minimum_age",
                "maximum_age",
                "amount",
                "cost_note",
                "status",
                "cost",
            ] {
                ids.push(format!("dir-edit-{f}"));
            }
            for id in ids {
                assert!(tr.has(&id), "{id} in {lang:?}");
            }
        }
    }
}
