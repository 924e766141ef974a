//! The episode of care, for OTs and clinicians: the person and their
//! episode on one page (appointments and every clinical entry), entries
//! added and amended as versions (a stale amendment is shown what changed
//! and keeps its text), the history of each entry, case discussions,
//! clinics, booking, the day view and the waiting list.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use roots_core::episode::{self, Answers, Input, Kind};
use roots_core::policy::{self, Action};
use roots_store::StoreError;
use roots_store::audit::Event;
use roots_store::episodes::{Amended, Entry, Episode};
use serde_json::Value;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::layout::{ErrorItem, Layout, render};
use crate::staff::local_time;

type FormPairs = crate::input::Pairs;

fn posted<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The episode, if it is in the user's scope (their practices, or a
/// break-glass opening of its referral); otherwise the referral's page,
/// where a clinician can give a reason.
pub(crate) async fn scoped(ctx: &Ctx, id: &str) -> Result<Result<Episode, Response>, AppError> {
    let user = ctx.require_staff()?;
    let ep = ctx.app.store.episode(&ctx.app.service.id, id).await?;
    if !policy::in_scope(&user.practice_ids, ep.person.practice_id.as_deref())
        && !ctx
            .app
            .store
            .break_glass_active(&user.id, &ep.referral_id, Timestamp::now())
            .await?
    {
        let to = ctx.href(&format!("/staff/referrals/{}", ep.referral_id));
        return Ok(Err(Redirect::to(&to).into_response()));
    }
    Ok(Ok(ep))
}

/// An entry read back: its label and each answer as text.
pub struct EntryView {
    pub title: String,
    pub lines: Vec<(String, String)>,
    pub by: String,
    pub version: i64,
    pub amend_href: Option<String>,
    pub history_href: String,
    /// Where to issue it as a document (work advice).
    pub issue_action: Option<String>,
    /// The documents issued from it: (link, "Version 1, English, …").
    pub issued: Vec<(String, String)>,
    /// Whether a letter to the employer can be issued from it (work advice,
    /// with the person's agreement to contact their employer).
    pub letter: bool,
}

fn answer_text(tr: &Tr, field: &str, values: &[String], input: Option<Input>) -> String {
    match input {
        Some(Input::Radios(_) | Input::Checkboxes(_)) => values
            .iter()
            .map(|v| tr.t(&format!("opt-{field}-{v}")))
            .collect::<Vec<_>>()
            .join(", "),
        _ => values.join(", "),
    }
}

/// The lines of an entry, in its kind's field order.
pub fn entry_lines(tr: &Tr, e: &Entry) -> Vec<(String, String)> {
    match Kind::parse(&e.kind) {
        Some(kind) => {
            let answers: Answers = serde_json::from_value(e.body.clone()).unwrap_or_default();
            kind.fields()
                .iter()
                .filter_map(|f| {
                    answers.get(f.name).map(|v| {
                        (
                            tr.t(&format!("entry-{}-{}", e.kind, f.name)),
                            answer_text(tr, f.name, v, Some(f.input)),
                        )
                    })
                })
                .collect()
        }
        None if e.kind == "goal" => {
            let g: Option<roots_core::gas::Goal> = serde_json::from_value(e.body.clone()).ok();
            match g {
                Some(g) => {
                    let mut lines = vec![
                        (tr.t("gas-text"), g.text.clone()),
                        (tr.t("gas-weight"), g.weight().to_string()),
                        (tr.t("gas-baseline"), g.baseline.to_string()),
                    ];
                    if let Some(f) = g.followup {
                        lines.push((tr.t("gas-followup"), f.to_string()));
                    }
                    lines
                }
                None => Vec::new(),
            }
        }
        None if e.kind == "intervention" => {
            let i: Option<roots_core::interventions::InterventionEntry> =
                serde_json::from_value(e.body.clone()).ok();
            match i {
                Some(i) => {
                    let mut lines = vec![(
                        tr.t(&format!("opt-intervention-{}", i.intervention.as_str())),
                        tr.tn("span-minutes", &[("n", i.minutes)]),
                    )];
                    if let Some(n) = i.note {
                        lines.push((tr.t("intervention-note"), n));
                    }
                    lines
                }
                None => Vec::new(),
            }
        }
        None if e.kind == "discharge" => {
            let d: Option<roots_core::discharge::Discharge> =
                serde_json::from_value(e.body.clone()).ok();
            d.map(|d| {
                vec![(
                    tr.t("discharge-reason"),
                    tr.t(&format!("opt-discharge_reason-{}", d.reason.as_str())),
                )]
            })
            .unwrap_or_default()
        }
        None => match &e.body {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect(),
            other => vec![(String::new(), other.to_string())],
        },
    }
}

fn view(ctx: &Ctx, ep: &Episode, e: &Entry, can_write: bool) -> EntryView {
    let tr = &ctx.tr;
    let (title, lines) = match e.kind.as_str() {
        "measure" => crate::clinical::measure_lines(tr, &e.body)
            .unwrap_or_else(|| (tr.t("entry-kind-measure"), entry_lines(tr, e))),
        "alert_ack" => (
            tr.t("entry-kind-alert_ack"),
            crate::clinical::ack_lines(tr, &e.body),
        ),
        "signpost" => crate::signposting::lines(tr, &e.body)
            .unwrap_or_else(|| (tr.t("entry-kind-signpost"), entry_lines(tr, e))),
        "work_advice" => crate::work::lines(tr, &e.body)
            .unwrap_or_else(|| (tr.t("entry-kind-work_advice"), entry_lines(tr, e))),
        "work_status" => crate::work::status_lines(tr, &e.body)
            .unwrap_or_else(|| (tr.t("work-status-entry"), entry_lines(tr, e))),
        _ => (tr.t(&format!("entry-kind-{}", e.kind)), entry_lines(tr, e)),
    };
    let amend_href = if can_write && ep.status == "open" && e.kind == "goal" {
        Some(ctx.href(&format!("/staff/episodes/{}/goals/{}", ep.id, e.entry_id)))
    } else if can_write && e.kind == "signpost" {
        // A follow-up is recorded after discharge too.
        Some(ctx.href(&format!(
            "/staff/episodes/{}/signpost/{}",
            ep.id, e.entry_id
        )))
    } else {
        (can_write && Kind::parse(&e.kind).is_some() && ep.status == "open")
            .then(|| ctx.href(&format!("/staff/episodes/{}/entries/{}", ep.id, e.entry_id)))
    };
    EntryView {
        title,
        lines,
        by: tr.t1(
            "entry-by",
            "who",
            format!("{}, {}", e.author_name, local_time(e.at)),
        ),
        version: e.version,
        amend_href,
        history_href: ctx.href(&format!(
            "/staff/episodes/{}/entries/{}/history",
            ep.id, e.entry_id
        )),
        issue_action: (can_write && e.kind == "work_advice").then(|| {
            ctx.href(&format!(
                "/staff/episodes/{}/entries/{}/issue",
                ep.id, e.entry_id
            ))
        }),
        issued: Vec::new(),
        letter: false,
    }
}

pub struct AppointmentRow {
    pub move_href: String,
    pub when: String,
    pub practice: String,
    pub mode: String,
    pub status: String,
    pub booked: bool,
    pub action: String,
}

#[derive(Template)]
#[template(path = "staff_episode.html")]
struct EpisodePage {
    l: Layout,
    person: Vec<(String, String)>,
    /// Contact details and preferences, with change links for writers.
    contact_rows: Vec<crate::summary::Row>,
    /// Earlier versions of those details, when they were ever changed.
    person_history_href: Option<String>,
    /// Possibly the same person: (person id, description).
    duplicates: Vec<(String, String)>,
    /// Records merged into this person: (person id, description).
    merged: Vec<(String, String)>,
    /// Other episodes of this person: (link, text).
    others: Vec<(String, String)>,
    merge_action: String,
    unmerge_action: String,
    open: bool,
    status: String,
    discussion: bool,
    discussion_action: String,
    can_write: bool,
    new_links: Vec<(String, String)>,
    book_href: String,
    appointments: Vec<AppointmentRow>,
    entries: Vec<EntryView>,
    /// Safety alerts nobody has yet recorded acting on.
    alerts: Vec<crate::clinical::AlertView>,
    /// Safety alerts acted on, with what was recorded.
    acted_alerts: Vec<crate::clinical::AlertView>,
    charts: Vec<crate::clinical::MeasureChart>,
    gas: Option<String>,
    measure_links: Vec<(String, String)>,
    more_links: Vec<(String, String)>,
    summary_href: String,
    /// What changed for their work, from the statuses recorded.
    work_outcome: Option<String>,
}

pub async fn page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let user = ctx.require_staff()?.clone();
    ctx.audit(Event::on("episode.view", "episode", &id)).await?;
    let store = &ctx.app.store;
    let tr = ctx.tr.clone();
    let can_write = policy::allows(&user.roles, Action::EpisodeWrite);
    let practices = store.practices(&ctx.app.service.id).await?;
    let practice = ep
        .person
        .practice_id
        .as_ref()
        .and_then(|p| practices.iter().find(|x| &x.id == p))
        .map_or_else(|| tr.t("opt-practice-not_listed"), |p| p.name.clone());
    let person = vec![
        (tr.t("person-dob"), ep.person.date_of_birth.clone()),
        (
            tr.t("person-nhs-number"),
            ep.person
                .nhs_number
                .clone()
                .unwrap_or_else(|| tr.t("person-not-known")),
        ),
        (tr.t("staff-col-practice"), practice),
    ];
    // Contact details and preferences, each changeable on its own page
    // (not for a record joined to another: change the one it joined).
    let change_base = ctx.href(&format!("/staff/episodes/{id}/person"));
    let contact_rows = crate::person::detail_rows(
        &tr,
        &crate::person::answers_of(&ep.person),
        (can_write && ep.person.merged_into.is_none()).then_some(change_base.as_str()),
    );
    let person_history_href = (ep.person.details_version > 1)
        .then(|| ctx.href(&format!("/staff/episodes/{id}/person-history")));
    let describe = |p: &roots_store::episodes::Person| {
        format!(
            "{} {} ({}{})",
            p.given_name,
            p.family_name,
            p.date_of_birth,
            p.nhs_number
                .as_ref()
                .map(|n| format!(", {n}"))
                .unwrap_or_default()
        )
    };
    let duplicates = store
        .possible_duplicates(&ctx.app.service.id, &ep.person.id)
        .await?
        .iter()
        .map(|p| (p.id.clone(), tr.t1("person-duplicate", "who", describe(p))))
        .collect();
    let merged = store
        .merged_into(&ctx.app.service.id, &ep.person.id)
        .await?
        .iter()
        .map(|p| (p.id.clone(), tr.t1("person-merged", "who", describe(p))))
        .collect();
    let others = store
        .person_episodes(&ctx.app.service.id, &ep.person.id)
        .await?
        .into_iter()
        .filter(|(e, _, _)| *e != id)
        .map(|(e, opened, status)| {
            (
                ctx.href(&format!("/staff/episodes/{e}")),
                format!(
                    "{} ({})",
                    local_time(opened),
                    tr.t(&format!("episode-status-{status}"))
                ),
            )
        })
        .collect();
    let appointments = store
        .appointments(&id)
        .await?
        .into_iter()
        .map(|(appt, at, mode, status, practice)| AppointmentRow {
            move_href: ctx.href(&format!("/staff/episodes/{id}/book?move={appt}")),
            when: local_time(at),
            practice,
            mode: tr.t(&format!("opt-mode-{mode}")),
            booked: status == "booked",
            status: tr.t(&format!("appointment-{status}")),
            action: ctx.href(&format!("/staff/episodes/{id}/appointments/{appt}")),
        })
        .collect();
    let all_entries = store.entries(&id).await?;
    let issued = store.issued_documents(&id).await?;
    let letter_ok = matches!(
        crate::work_documents::employer_of(&all_entries),
        Some((_, true))
    );
    let entries = all_entries
        .iter()
        .map(|e| {
            let mut v = view(&ctx, &ep, e, can_write);
            v.letter = letter_ok && v.issue_action.is_some();
            v.issued = issued
                .iter()
                .filter(|d| d.entry_id.as_deref() == Some(e.entry_id.as_str()))
                .map(|d| crate::work_documents::issued_item(&ctx, d))
                .collect();
            v
        })
        .collect();
    let measure_links = roots_core::measures::MeasureSet::built_in()
        .measures
        .iter()
        .map(|m| {
            (
                ctx.href(&format!("/staff/episodes/{id}/measures/{}", m.id)),
                tr.t1(
                    "episode-record-measure",
                    "name",
                    match tr.lang {
                        crate::i18n::Lang::Cy => m.name_cy.clone(),
                        crate::i18n::Lang::En => m.name_en.clone(),
                    },
                ),
            )
        })
        .collect();
    let more_links = vec![
        (
            ctx.href(&format!("/staff/episodes/{id}/goals/new")),
            tr.t("gas-new-title"),
        ),
        (
            ctx.href(&format!("/staff/episodes/{id}/interventions/new")),
            tr.t("intervention-title"),
        ),
        (
            ctx.href(&format!("/staff/episodes/{id}/signpost")),
            tr.t("signpost-title"),
        ),
        (
            ctx.href(&format!("/staff/episodes/{id}/work/ahp_report")),
            tr.t("work-ahp_report-add"),
        ),
        (
            ctx.href(&format!("/staff/episodes/{id}/work/fit_note")),
            tr.t("work-fit_note-add"),
        ),
        (
            ctx.href(&format!("/staff/episodes/{id}/work/status")),
            tr.t("work-status-title"),
        ),
        (
            ctx.href(&format!("/staff/episodes/{id}/discharge")),
            tr.t("discharge-title"),
        ),
    ];
    let new_links = Kind::ALL
        .iter()
        .map(|k| {
            (
                ctx.href(&format!("/staff/episodes/{id}/new/{}", k.as_str())),
                tr.t(&format!("entry-add-{}", k.as_str())),
            )
        })
        .collect();
    let (acted_alerts, alerts): (Vec<_>, Vec<_>) =
        crate::clinical::safety_alerts(&ctx, &id, &all_entries, can_write)
            .into_iter()
            .partition(|a| !a.acted.is_empty());
    let l = Layout::new(
        &ctx,
        format!("{} {}", ep.person.given_name, ep.person.family_name),
    )
    .back(Some(ctx.href("/staff/waiting")));
    let body = render(&EpisodePage {
        person,
        contact_rows,
        person_history_href,
        duplicates,
        merged,
        others,
        merge_action: ctx.href(&format!("/staff/episodes/{id}/merge")),
        unmerge_action: ctx.href(&format!("/staff/episodes/{id}/unmerge")),
        open: ep.status == "open",
        status: tr.t(&format!("episode-status-{}", ep.status)),
        discussion: ep.discussion,
        discussion_action: ctx.href(&format!("/staff/episodes/{id}/discussion")),
        can_write,
        new_links,
        book_href: ctx.href(&format!("/staff/episodes/{id}/book")),
        appointments,
        entries,
        alerts,
        acted_alerts,
        charts: crate::clinical::charts(&tr, &all_entries),
        gas: crate::clinical::gas_summary(&tr, &all_entries),
        measure_links,
        more_links,
        summary_href: ctx.href(&format!("/staff/episodes/{id}/summary")),
        work_outcome: roots_core::work::work_outcome(&crate::work::history(&all_entries)).map(
            |(o, on)| {
                tr.ts(
                    &format!("work-outcome-{}", o.as_str()),
                    &[("date", crate::work::long_date(&tr, &on.to_string()))],
                )
            },
        ),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

/// A field of the generic entry form.
pub struct FormField {
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub input: &'static str,
    pub value: String,
    pub options: Vec<(String, String, bool)>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff_entry_form.html")]
struct EntryFormPage {
    l: Layout,
    action: String,
    fields: Vec<FormField>,
    based_on: Option<i64>,
    reason: Option<String>,
    reason_error: Option<String>,
    /// On a conflict: the version someone else saved, read back.
    theirs: Option<EntryView>,
}

fn form_fields(
    tr: &Tr,
    kind: Kind,
    answers: &Answers,
    errors: &[roots_core::FieldError],
) -> Vec<FormField> {
    kind.fields()
        .iter()
        .map(|f| {
            let values = answers.get(f.name).cloned().unwrap_or_default();
            let label_id = format!("entry-{}-{}", kind.as_str(), f.name);
            let hint_id = format!("{label_id}-hint");
            let (input, options): (&'static str, &[&str]) = match f.input {
                Input::Text => ("text", &[]),
                Input::Textarea => ("textarea", &[]),
                Input::Radios(o) => ("radios", o),
                Input::Checkboxes(o) => ("checkboxes", o),
            };
            FormField {
                name: f.name,
                label: tr.t(&label_id),
                hint: tr.has(&hint_id).then(|| tr.t(&hint_id)),
                input,
                value: values.first().cloned().unwrap_or_default(),
                options: options
                    .iter()
                    .map(|o| {
                        (
                            (*o).to_owned(),
                            tr.t(&format!("opt-{}-{o}", f.name)),
                            values.iter().any(|v| v == o),
                        )
                    })
                    .collect(),
                error: errors
                    .iter()
                    .find(|e| e.field == f.name)
                    .map(|e| crate::forms::message(tr, e)),
            }
        })
        .collect()
}

fn answers_of(kind: Kind, pairs: &[(String, String)]) -> Answers {
    let mut a = Answers::new();
    for f in kind.fields() {
        let values: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k == f.name)
            .map(|(_, v)| v.clone())
            .collect();
        a.insert(f.name.to_owned(), values);
    }
    a
}

#[allow(clippy::too_many_arguments)]
fn entry_form(
    ctx: &Ctx,
    kind: Kind,
    action: String,
    answers: &Answers,
    errors: &[roots_core::FieldError],
    based_on: Option<i64>,
    reason: Option<(String, Option<String>)>,
    theirs: Option<EntryView>,
) -> String {
    let tr = &ctx.tr;
    let title = if based_on.is_some() {
        tr.t1(
            "entry-amend-title",
            "what",
            tr.t(&format!("entry-kind-{}", kind.as_str())),
        )
    } else {
        tr.t(&format!("entry-add-{}", kind.as_str()))
    };
    let fields = form_fields(tr, kind, answers, errors);
    let mut l = Layout::new(ctx, title);
    let mut items: Vec<ErrorItem> = fields
        .iter()
        .filter_map(|f| {
            f.error.as_ref().map(|e| ErrorItem {
                href: format!("#{}", first_id(f)),
                text: e.clone(),
            })
        })
        .collect();
    let (reason, reason_error) = match reason {
        Some((r, e)) => (Some(r), e),
        None => (None, None),
    };
    if let Some(e) = &reason_error {
        items.push(ErrorItem {
            href: "#reason".into(),
            text: e.clone(),
        });
    }
    l.errors = items;
    render(&EntryFormPage {
        action,
        fields,
        based_on,
        reason,
        reason_error,
        theirs,
        l,
    })
}

/// The id of a field's first input (where the error summary links to).
fn first_id(f: &FormField) -> String {
    match f.options.first() {
        Some((v, _, _)) if f.input == "radios" || f.input == "checkboxes" => {
            format!("{}-{v}", f.name)
        }
        _ => f.name.to_owned(),
    }
}

fn kind_of(k: &str) -> Result<Kind, AppError> {
    Kind::parse(k).ok_or(AppError::NotFound)
}

pub async fn new_page(
    ctx: Ctx,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let kind = kind_of(&kind)?;
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    if ep.status != "open" {
        return Ok(ctx.see_other(&format!("/staff/episodes/{id}")));
    }
    let action = ctx.href(&format!("/staff/episodes/{id}/new/{}", kind.as_str()));
    let body = entry_form(&ctx, kind, action, &Answers::new(), &[], None, None, None);
    Ok(ctx.html(StatusCode::OK, body))
}

pub async fn new_submit(
    ctx: Ctx,
    Path((id, kind)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    let kind = kind_of(&kind)?;
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let answers = answers_of(kind, &form.0);
    match episode::validate(kind, &answers) {
        Ok(clean) if ep.status == "open" => {
            crate::clinical::add_entry_and_return(ctx, &id, kind.as_str(), &clean).await
        }
        Ok(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(errors) => {
            let action = ctx.href(&format!("/staff/episodes/{id}/new/{}", kind.as_str()));
            let body = entry_form(&ctx, kind, action, &answers, &errors, None, None, None);
            Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body))
        }
    }
}

pub async fn amend_page(
    ctx: Ctx,
    Path((id, entry_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let current = ctx.app.store.entry(&ep.id, &entry_id).await?;
    let kind = kind_of(&current.kind)?;
    let answers: Answers = serde_json::from_value(current.body.clone()).unwrap_or_default();
    let action = ctx.href(&format!("/staff/episodes/{id}/entries/{entry_id}"));
    let body = entry_form(
        &ctx,
        kind,
        action,
        &answers,
        &[],
        Some(current.version),
        Some((String::new(), None)),
        None,
    );
    Ok(ctx.html(StatusCode::OK, body))
}

/// Saves an amendment as a new version. If someone saved a version since
/// this form was opened, nothing is written: the page shows their version
/// and keeps this person's text, to merge by hand (409).
pub async fn amend_submit(
    ctx: Ctx,
    Path((id, entry_id)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let current = ctx.app.store.entry(&ep.id, &entry_id).await?;
    let kind = kind_of(&current.kind)?;
    let answers = answers_of(kind, &form.0);
    let based_on: i64 = posted(&form.0, "based_on")
        .and_then(|v| v.parse().ok())
        .unwrap_or(current.version);
    let typed = posted(&form.0, "reason").unwrap_or("");
    let action = ctx.href(&format!("/staff/episodes/{id}/entries/{entry_id}"));
    let validated = episode::validate(kind, &answers);
    let (reason, reason_error) =
        match crate::input::typed(&ctx.tr, roots_core::text::Kind::Long, typed, 500) {
            Ok(r) if r.is_empty() => (r, Some(ctx.tr.t("error-entry-amend-reason"))),
            Ok(r) => (r, None),
            Err(m) => (typed.trim().to_owned(), Some(m)),
        };
    let clean = match (validated, &reason_error) {
        (Ok(clean), None) if ep.status == "open" => clean,
        (result, _) => {
            let errors = result.err().unwrap_or_default();
            let body = entry_form(
                &ctx,
                kind,
                action,
                &answers,
                &errors,
                Some(based_on),
                Some((reason, reason_error)),
                None,
            );
            return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
        }
    };
    let body = serde_json::to_value(&clean).map_err(|e| AppError::Internal(e.to_string()))?;
    match ctx
        .app
        .store
        .amend_entry(
            &id,
            &entry_id,
            based_on,
            &body,
            &reason,
            &ctx.actor(),
            Timestamp::now(),
        )
        .await?
    {
        Amended::Saved(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Amended::Conflict(theirs) => {
            let user = ctx.require_staff()?.clone();
            let can_write = policy::allows(&user.roles, Action::EpisodeWrite);
            let their_view = view(&ctx, &ep, &theirs, can_write);
            let body = entry_form(
                &ctx,
                kind,
                action,
                &answers,
                &[],
                Some(theirs.version),
                Some((reason, None)),
                Some(their_view),
            );
            Ok(ctx.html(StatusCode::CONFLICT, body))
        }
    }
}

/// One version of an entry, read back.
pub struct VersionView {
    pub version: i64,
    pub by: String,
    pub reason: Option<String>,
    pub lines: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "staff_entry_history.html")]
struct HistoryPage {
    l: Layout,
    versions: Vec<VersionView>,
}

pub async fn history(
    ctx: Ctx,
    Path((id, entry_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let versions = ctx.app.store.entry_history(&ep.id, &entry_id).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound);
    }
    ctx.audit(Event::on("episode.entry_history", "episode", &id).detail(&entry_id))
        .await?;
    let tr = ctx.tr.clone();
    let title = tr.t1(
        "entry-history-title",
        "what",
        tr.t(&format!("entry-kind-{}", versions[0].kind)),
    );
    let l = Layout::new(&ctx, title).back(Some(ctx.href(&format!("/staff/episodes/{id}"))));
    let body = render(&HistoryPage {
        versions: versions
            .iter()
            .map(|v| VersionView {
                version: v.version,
                by: tr.t1(
                    "entry-by",
                    "who",
                    format!("{}, {}", v.author_name, local_time(v.at)),
                ),
                reason: v.reason.clone(),
                lines: entry_lines(&tr, v),
            })
            .collect(),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

pub async fn discussion(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    if let Err(r) = scoped(&ctx, &id).await? {
        return Ok(r);
    }
    let on = posted(&form.0, "on") == Some("yes");
    ctx.app
        .store
        .set_discussion(&ctx.app.service.id, &id, on, &ctx.actor())
        .await?;
    Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
}

pub struct ListRow {
    pub href: String,
    pub name: String,
    pub practice: String,
    pub waiting: String,
}

#[derive(Template)]
#[template(path = "staff_episode_list.html")]
struct ListPage {
    l: Layout,
    lede: String,
    rows: Vec<ListRow>,
}

fn waited(tr: &Tr, since: Timestamp, now: Timestamp) -> String {
    let days = since.duration_until(now).as_secs().max(0) / 86_400;
    tr.tn("span-days", &[("n", days)])
}

pub(crate) async fn list_page(
    ctx: Ctx,
    title: &str,
    lede: &str,
    rows: Vec<roots_store::episodes::Waiting>,
) -> Result<Response, AppError> {
    let rows = rows
        .into_iter()
        .map(|w| (format!("/staff/episodes/{}", w.episode_id), w))
        .collect();
    list_page_at(ctx, title, lede, rows).await
}

/// A list of people, each row linking to its own page (an episode, or a
/// referral's triage).
pub(crate) async fn list_page_at(
    ctx: Ctx,
    title: &str,
    lede: &str,
    rows: Vec<(String, roots_store::episodes::Waiting)>,
) -> Result<Response, AppError> {
    let user = ctx.require_staff()?.clone();
    let now = Timestamp::now();
    let tr = ctx.tr.clone();
    let rows = rows
        .into_iter()
        .filter(|(_, w)| policy::in_scope(&user.practice_ids, w.practice_id.as_deref()))
        .map(|(path, w)| ListRow {
            href: ctx.href(&path),
            name: w.person_name,
            practice: w
                .practice_name
                .unwrap_or_else(|| tr.t("opt-practice-not_listed")),
            waiting: waited(&tr, w.waiting_since, now),
        })
        .collect();
    let l = Layout::new(&ctx, tr.t(title));
    let body = render(&ListPage {
        lede: tr.t(lede),
        rows,
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

/// Open episodes with nothing booked ahead, longest waiting first.
pub async fn waiting(ctx: Ctx) -> Result<Response, AppError> {
    ctx.audit(Event::action("episode.waiting_list")).await?;
    let rows = ctx
        .app
        .store
        .waiting_list(&ctx.app.service.id, Timestamp::now())
        .await?;
    list_page(ctx, "waiting-title", "waiting-lede", rows).await
}

/// Episodes with a safety alert nobody has yet recorded acting on, in the
/// user's practices, the longest unanswered first.
pub async fn alerts(ctx: Ctx) -> Result<Response, AppError> {
    ctx.audit(Event::action("measure.safety_alert_list"))
        .await?;
    let rows = ctx
        .app
        .store
        .unacknowledged_alerts(&ctx.app.service.id)
        .await?;
    list_page(ctx, "alerts-title", "alerts-lede", rows).await
}

/// Episodes flagged for the practice's case discussion.
pub async fn discussions(ctx: Ctx) -> Result<Response, AppError> {
    ctx.audit(Event::action("episode.discussion_list")).await?;
    let rows = ctx.app.store.discussion_list(&ctx.app.service.id).await?;
    list_page(ctx, "discussions-title", "discussions-lede", rows).await
}

pub struct SlotChoice {
    pub id: String,
    pub value: String,
    pub label: String,
}

/// A slot on the day view: its time, and who is booked (a link and a name).
pub struct DaySlot {
    pub time: String,
    pub who: Option<(String, String)>,
}

pub struct SessionView {
    pub heading: String,
    pub slots: Vec<DaySlot>,
}

#[derive(Template)]
#[template(path = "staff_book.html")]
struct BookPage {
    l: Layout,
    action: String,
    /// The appointment being moved, if this is a move.
    moving: Option<String>,
    groups: Vec<(String, Vec<SlotChoice>)>,
    modes: Vec<(String, String)>,
    error: Option<String>,
}

/// Days ahead that the booking page offers.
const BOOK_AHEAD_DAYS: i64 = 28;

async fn book_body(
    ctx: &Ctx,
    id: &str,
    error: Option<String>,
    moving: Option<String>,
) -> Result<String, AppError> {
    let now = Timestamp::now();
    let store = &ctx.app.store;
    let sessions = store
        .sessions(
            &ctx.app.service.id,
            None,
            now,
            now + SignedDuration::from_hours(24 * BOOK_AHEAD_DAYS),
        )
        .await?;
    let tr = &ctx.tr;
    let mut groups = Vec::new();
    for s in sessions {
        let (s, slots) = store.session_slots(&ctx.app.service.id, &s.id).await?;
        let free: Vec<SlotChoice> = slots
            .iter()
            .filter(|sl| sl.booking.is_none() && sl.starts_at > now)
            .map(|sl| {
                let value = format!("{}|{}", s.id, roots_store::time_text(sl.starts_at));
                SlotChoice {
                    id: format!(
                        "slot-{}",
                        value
                            .chars()
                            .filter(char::is_ascii_alphanumeric)
                            .collect::<String>()
                    ),
                    value,
                    label: local_time(sl.starts_at),
                }
            })
            .collect();
        if !free.is_empty() {
            groups.push((
                tr.t1(
                    "book-session",
                    "what",
                    format!(
                        "{}, {} ({})",
                        s.practice_name,
                        local_time(s.starts_at),
                        s.user_name
                    ),
                ),
                free,
            ));
        }
    }
    let mut l =
        Layout::new(ctx, tr.t("book-title")).back(Some(ctx.href(&format!("/staff/episodes/{id}"))));
    if let Some(e) = &error {
        l.errors = vec![ErrorItem {
            href: "#slot".into(),
            text: e.clone(),
        }];
    }
    Ok(render(&BookPage {
        action: ctx.href(&format!("/staff/episodes/{id}/book")),
        moving,
        groups,
        modes: MODES
            .iter()
            .map(|m| ((*m).to_owned(), tr.t(&format!("opt-mode-{m}"))))
            .collect(),
        error,
        l,
    }))
}

/// Ways an appointment can happen.
pub const MODES: &[&str] = &["face_to_face", "telephone", "video", "home_visit"];

pub async fn book_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    if let Err(r) = scoped(&ctx, &id).await? {
        return Ok(r);
    }
    let moving = ctx
        .query
        .as_deref()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("move=")))
        .map(str::to_owned);
    let body = book_body(&ctx, &id, None, moving).await?;
    Ok(ctx.html(StatusCode::OK, body))
}

/// Books the chosen slot. Someone else booked it first: the page again,
/// saying so, with the slots still free.
pub async fn book_submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    // A slot is `session id|start`; the ids a form carries are UUIDs or
    // the choice was not one the page offered.
    let is_id = |v: &str| uuid::Uuid::parse_str(v).is_ok();
    let slot = posted(&form.0, "slot")
        .and_then(|v| v.split_once('|'))
        .filter(|(session, _)| is_id(session));
    let mode = posted(&form.0, "mode").filter(|m| MODES.contains(m));
    if posted(&form.0, "move").is_some_and(|m| !m.is_empty() && !is_id(m)) {
        return Err(AppError::NotFound);
    }
    let (Some((session, start)), Some(mode), true) = (slot, mode, ep.status == "open") else {
        let moving = posted(&form.0, "move").map(str::to_owned);
        let body = book_body(&ctx, &id, Some(ctx.tr.t("error-book-choose")), moving).await?;
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    };
    let Ok(start) = roots_store::parse_time(start) else {
        return Err(AppError::NotFound);
    };
    // The session must be this service's.
    ctx.app
        .store
        .session_slots(&ctx.app.service.id, session)
        .await?;
    let moving = posted(&form.0, "move")
        .filter(|m| !m.is_empty())
        .map(str::to_owned);
    let store = &ctx.app.store;
    let now = Timestamp::now();
    let result = match &moving {
        Some(appt) => {
            store
                .move_appointment(&id, appt, session, start, mode, &ctx.actor(), now)
                .await
        }
        None => {
            store
                .book(session, start, &id, mode, &ctx.actor(), now)
                .await
        }
    };
    match result {
        Ok(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(StoreError::Conflict) => {
            let body = book_body(&ctx, &id, Some(ctx.tr.t("error-book-taken")), moving).await?;
            Ok(ctx.html(StatusCode::CONFLICT, body))
        }
        Err(e) => Err(e.into()),
    }
}

/// What happened at an appointment.
pub const APPOINTMENT_OUTCOMES: &[&str] = &[
    "attended",
    "did_not_attend",
    "cancelled_by_person",
    "cancelled_by_service",
];

pub async fn appointment(
    ctx: Ctx,
    Path((id, appt)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    if let Err(r) = scoped(&ctx, &id).await? {
        return Ok(r);
    }
    let status = posted(&form.0, "status")
        .filter(|s| APPOINTMENT_OUTCOMES.contains(s))
        .ok_or(AppError::NotFound)?;
    ctx.app
        .store
        .set_appointment_status(&id, &appt, status, &ctx.actor(), Timestamp::now())
        .await?;
    Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
}

#[derive(Template)]
#[template(path = "staff_day.html")]
struct DayPage {
    l: Layout,
    day: String,
    sessions: Vec<SessionView>,
    /// The date box as typed, and why it was refused.
    typed: String,
    error: Option<String>,
    previous: Option<String>,
    next: Option<String>,
}

/// The signed-in OT's clinics on a day (today unless `?date=YYYY-MM-DD`),
/// with who they will see. A date that is not real, or outside
/// `roots_core::dates`' range, is a field error and today is shown.
pub async fn day(ctx: Ctx) -> Result<Response, AppError> {
    use roots_core::dates::{DateError, parse_iso};
    let user = ctx.require_staff()?.clone();
    let typed = ctx
        .query
        .as_deref()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("date=")))
        .map(|d| d.chars().take(40).collect::<String>())
        .unwrap_or_default();
    let (date, error) = match parse_iso(&typed) {
        Ok(d) => (d, None),
        Err(DateError::Missing) => (crate::public::today(), None),
        Err(DateError::OutOfRange) => (
            crate::public::today(),
            Some(ctx.tr.t("error-iso-date-out-of-range")),
        ),
        Err(_) => (crate::public::today(), Some(ctx.tr.t("error-clinic-date"))),
    };
    let midnight = |d: jiff::civil::Date| {
        d.in_tz("Europe/London")
            .map(|z| z.timestamp())
            .map_err(|e| AppError::Internal(e.to_string()))
    };
    let from = midnight(date)?;
    let to = match date.tomorrow() {
        Ok(d) => midnight(d)?,
        Err(_) => from,
    };
    let day_link = |d: Result<jiff::civil::Date, jiff::Error>| {
        d.ok()
            .and_then(|d| roots_core::dates::in_range(d).ok())
            .map(|d| ctx.href(&format!("/staff/day?date={d}")))
    };
    let (previous, next) = (day_link(date.yesterday()), day_link(date.tomorrow()));
    ctx.audit(Event::action("clinic.day_view")).await?;
    let store = &ctx.app.store;
    let mut sessions = Vec::new();
    for s in store
        .sessions(&ctx.app.service.id, Some(&user.id), from, to)
        .await?
    {
        let (s, slots) = store.session_slots(&ctx.app.service.id, &s.id).await?;
        sessions.push(SessionView {
            heading: format!(
                "{}: {} – {}",
                s.practice_name,
                local_time(s.starts_at),
                local_time(s.ends_at)
            ),
            slots: slots
                .into_iter()
                .map(|sl| {
                    let time = sl
                        .starts_at
                        .in_tz("Europe/London")
                        .map(|z| z.strftime("%H:%M").to_string())
                        .unwrap_or_default();
                    let who = sl.booking.map(|b| {
                        (
                            ctx.href(&format!("/staff/episodes/{}", b.episode_id)),
                            format!(
                                "{} ({})",
                                b.person_name,
                                ctx.tr.t(&format!("opt-mode-{}", b.mode))
                            ),
                        )
                    });
                    DaySlot { time, who }
                })
                .collect(),
        });
    }
    let mut l = Layout::new(&ctx, ctx.tr.t("day-title"));
    l.errors = ErrorItem::for_fields(&[("date", &error)]);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let body = render(&DayPage {
        day: date.strftime("%d/%m/%Y").to_string(),
        sessions,
        typed: if error.is_some() {
            typed
        } else {
            date.to_string()
        },
        error,
        previous,
        next,
        l,
    });
    Ok(ctx.html(status, body))
}

#[derive(Template)]
#[template(path = "staff_clinics.html")]
struct ClinicsPage {
    l: Layout,
    sessions: Vec<String>,
    practices: Vec<(String, String)>,
    staff: Vec<(String, String)>,
    modes: Vec<(String, String)>,
    values: Vec<(&'static str, String)>,
    errors: Vec<(&'static str, String)>,
}

impl ClinicsPage {
    fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<&String> {
        self.errors.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

async fn clinics_body(
    ctx: &Ctx,
    values: Vec<(&'static str, String)>,
    errors: Vec<(&'static str, String)>,
) -> Result<String, AppError> {
    let store = &ctx.app.store;
    let now = Timestamp::now();
    let sessions = store
        .sessions(
            &ctx.app.service.id,
            None,
            now - SignedDuration::from_hours(24),
            now + SignedDuration::from_hours(24 * 28),
        )
        .await?
        .into_iter()
        .map(|s| {
            format!(
                "{}: {} – {}, {} ({})",
                s.practice_name,
                local_time(s.starts_at),
                local_time(s.ends_at),
                s.user_name,
                ctx.tr.tn("clinic-slot-minutes", &[("n", s.slot_minutes)])
            )
        })
        .collect();
    let practices = store
        .practices(&ctx.app.service.id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let staff = store
        .list_users(&ctx.app.service.id)
        .await?
        .into_iter()
        .filter(|s| !s.disabled && s.user.has(roots_store::Role::OccupationalTherapist))
        .map(|s| (s.user.id, s.user.name))
        .collect();
    let mut l = Layout::new(ctx, ctx.tr.t("clinics-title"));
    l.errors = errors
        .iter()
        .map(|(f, e)| ErrorItem {
            href: format!("#{f}"),
            text: e.clone(),
        })
        .collect();
    Ok(render(&ClinicsPage {
        sessions,
        practices,
        staff,
        modes: MODES
            .iter()
            .map(|m| ((*m).to_owned(), ctx.tr.t(&format!("opt-mode-{m}"))))
            .collect(),
        values,
        errors,
        l,
    }))
}

pub async fn clinics(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    let body = clinics_body(&ctx, vec![("slot_minutes", "45".into())], Vec::new()).await?;
    Ok(ctx.html(StatusCode::OK, body))
}

/// Adds a clinic session: a practice, an OT, a date, start and end times,
/// the slot length and the modes offered.
pub async fn clinics_submit(ctx: Ctx, form: FormPairs) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    ctx.require_staff()?;
    let get = |k: &str| posted(&form.0, k).unwrap_or("").trim().to_owned();
    let fields = ["practice", "ot", "date", "start", "end", "slot_minutes"];
    let values: Vec<(&'static str, String)> = fields.iter().map(|f| (*f, get(f))).collect();
    let modes: Vec<&str> = form
        .0
        .iter()
        .filter(|(k, _)| k == "modes")
        .map(|(_, v)| v.as_str())
        .filter(|m| MODES.contains(m))
        .collect();
    let t = &ctx.tr;
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let practices = ctx.app.store.practices(&ctx.app.service.id).await?;
    if !practices.iter().any(|p| p.id == get("practice")) {
        errors.push(("practice", t.t("error-clinic-practice")));
    }
    let ot = ctx
        .app
        .store
        .staff_member(&ctx.app.service.id, &get("ot"))
        .await;
    if ot.is_err() {
        errors.push(("ot", t.t("error-clinic-ot")));
    }
    let date = match roots_core::dates::parse_iso(&get("date")) {
        Ok(d) => Some(d),
        Err(roots_core::dates::DateError::OutOfRange) => {
            errors.push(("date", t.t("error-iso-date-out-of-range")));
            None
        }
        Err(_) => {
            errors.push(("date", t.t("error-clinic-date")));
            None
        }
    };
    let time = |k: &str| get(k).parse::<jiff::civil::Time>().ok();
    let (start, end) = (time("start"), time("end"));
    if start.is_none() {
        errors.push(("start", t.t("error-clinic-time")));
    }
    if end.is_none() || (start.is_some() && end <= start) {
        errors.push(("end", t.t("error-clinic-end")));
    }
    let slot: Option<i64> = get("slot_minutes")
        .parse()
        .ok()
        .filter(|m| (10..=240).contains(m));
    if slot.is_none() {
        errors.push(("slot_minutes", t.t("error-clinic-slot")));
    }
    if modes.is_empty() {
        errors.push(("modes-face_to_face", t.t("error-clinic-modes")));
    }
    let to_ts = |d: jiff::civil::Date, tm: jiff::civil::Time| {
        d.to_datetime(tm)
            .in_tz("Europe/London")
            .ok()
            .map(|z| z.timestamp())
    };
    match (errors.is_empty(), date, start, end, slot, ot) {
        (true, Some(d), Some(s), Some(e), Some(slot), Ok(ot)) => {
            let (Some(s), Some(e)) = (to_ts(d, s), to_ts(d, e)) else {
                return Err(AppError::Internal("time zone".into()));
            };
            ctx.app
                .store
                .add_session(
                    &ctx.app.service.id,
                    &get("practice"),
                    &ot.user.id,
                    s,
                    e,
                    slot,
                    &modes,
                    &ctx.actor(),
                )
                .await?;
            Ok(ctx.see_other("/staff/clinics"))
        }
        _ => {
            let body = clinics_body(&ctx, values, errors).await?;
            Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body))
        }
    }
}

/// Records that a possible duplicate is the same person as this episode's
/// (never automatic: a clinician presses the button). Reversible, audited.
pub async fn merge(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let other = posted(&form.0, "other").ok_or(AppError::NotFound)?;
    // Only a record shown as a possible duplicate can be merged here.
    let candidates = ctx
        .app
        .store
        .possible_duplicates(&ctx.app.service.id, &ep.person.id)
        .await?;
    if !candidates.iter().any(|p| p.id == other) {
        return Err(AppError::NotFound);
    }
    match ctx
        .app
        .store
        .merge_person(&ctx.app.service.id, other, &ep.person.id, &ctx.actor())
        .await
    {
        Ok(()) | Err(StoreError::Conflict) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(e) => Err(e.into()),
    }
}

/// Undoes a merge into this episode's person.
pub async fn unmerge(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf"))?;
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let other = posted(&form.0, "other").ok_or(AppError::NotFound)?;
    let merged = ctx
        .app
        .store
        .merged_into(&ctx.app.service.id, &ep.person.id)
        .await?;
    if !merged.iter().any(|p| p.id == other) {
        return Err(AppError::NotFound);
    }
    ctx.app
        .store
        .unmerge_person(&ctx.app.service.id, other, &ctx.actor())
        .await?;
    Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
}
