//! Signposting from an episode to a community resource, its follow-up, and
//! the list of follow-ups due (rules in `roots_core::signposting`).
//!
//! A signposting is a clinical entry (kind `signpost`); the follow-up is
//! an amendment of it that adds whether the person got there, so the entry
//! keeps its history. A follow-up can be recorded after discharge: people
//! are often asked weeks later.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use roots_core::signposting::{FollowUpInput, How, Outcome, Signpost, SignpostInput};
use roots_store::audit::Event;
use roots_store::episodes::{Amended, Entry};
use serde_json::Value;

use crate::clinical::{
    FormPairs, Spec, form_page, open_episode, posted, spec, to_fields, with_options, yes_no,
};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Tr;

/// The resources that can be chosen: (id, name), by name.
async fn choices(ctx: &Ctx) -> Result<Vec<(String, String)>, AppError> {
    Ok(ctx
        .app
        .store
        .all_resources(&ctx.app.service.id)
        .await?
        .into_iter()
        .filter(|r| r.status == "active" || r.status == "temporarily closed")
        .map(|r| (r.id, r.name))
        .collect())
}

fn signpost_specs(tr: &Tr, resources: &[(String, String)]) -> Vec<Spec> {
    vec![
        with_options(
            spec(tr, "resource", "radios", "signpost-resource"),
            resources.to_vec(),
        ),
        spec(tr, "why", "textarea", "signpost-why"),
        with_options(
            spec(tr, "how", "radios", "signpost-how"),
            How::ALL
                .iter()
                .map(|h| {
                    (
                        h.as_str().to_owned(),
                        tr.t(&format!("signpost-how-{}", h.as_str())),
                    )
                })
                .collect(),
        ),
        with_options(
            spec(tr, "consent", "radios", "signpost-consent"),
            yes_no(tr),
        ),
        spec(tr, "follow_up_weeks", "text", "signpost-weeks"),
    ]
}

/// `GET /staff/episodes/{id}/signpost`.
pub async fn page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let tr = ctx.tr.clone();
    let resources = choices(&ctx).await?;
    let intro = resources.is_empty().then(|| tr.t("signpost-none"));
    let defaults = vec![(
        "follow_up_weeks".to_owned(),
        roots_core::signposting::FOLLOW_UP_DEFAULT_WEEKS.to_string(),
    )];
    Ok(form_page(
        &ctx,
        tr.t("signpost-title"),
        ctx.href(&format!("/staff/episodes/{id}/signpost")),
        intro,
        to_fields(&tr, signpost_specs(&tr, &resources), &defaults, &[]),
        None,
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

/// Records a signposting (the episode must be open), audited by the store.
pub async fn submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let resources = choices(&ctx).await?;
    let input = SignpostInput {
        resource: posted(&form.0, "resource"),
        why: posted(&form.0, "why"),
        how: posted(&form.0, "how"),
        consent: posted(&form.0, "consent"),
        follow_up_weeks: posted(&form.0, "follow_up_weeks"),
    };
    match input.validate(&resources, crate::public::today()) {
        Ok(signpost) if ep.status == "open" => {
            let body =
                serde_json::to_value(&signpost).map_err(|e| AppError::Internal(e.to_string()))?;
            ctx.app
                .store
                .add_entry(&id, "signpost", &body, &ctx.actor(), Timestamp::now())
                .await?;
            Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
        }
        Ok(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}"))),
        Err(errors) => {
            let tr = ctx.tr.clone();
            Ok(form_page(
                &ctx,
                tr.t("signpost-title"),
                ctx.href(&format!("/staff/episodes/{id}/signpost")),
                None,
                to_fields(&tr, signpost_specs(&tr, &resources), &form.0, &errors),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.href(&format!("/staff/episodes/{id}")),
            ))
        }
    }
}

fn follow_up_specs(tr: &Tr) -> Vec<Spec> {
    vec![
        with_options(
            spec(tr, "outcome", "radios", "signpost-outcome"),
            Outcome::ALL
                .iter()
                .map(|o| {
                    (
                        o.as_str().to_owned(),
                        tr.t(&format!("signpost-outcome-{}", o.as_str())),
                    )
                })
                .collect(),
        ),
        spec(tr, "note", "textarea", "signpost-outcome-note"),
    ]
}

async fn signpost_entry(ctx: &Ctx, id: &str, entry: &str) -> Result<(Entry, Signpost), AppError> {
    let e = ctx.app.store.entry(id, entry).await?;
    if e.kind != "signpost" {
        return Err(AppError::NotFound);
    }
    let s: Signpost = serde_json::from_value(e.body.clone()).map_err(|_| AppError::NotFound)?;
    Ok((e, s))
}

/// `GET /staff/episodes/{id}/signpost/{entry}`: did they get there?
pub async fn follow_up_page(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let (_, s) = signpost_entry(&ctx, &id, &entry).await?;
    let tr = ctx.tr.clone();
    Ok(form_page(
        &ctx,
        tr.t1("signpost-followup-title", "name", &s.resource_name),
        ctx.href(&format!("/staff/episodes/{id}/signpost/{entry}")),
        Some(s.why.clone()),
        to_fields(&tr, follow_up_specs(&tr), &[], &[]),
        None,
        StatusCode::OK,
        ctx.href(&format!("/staff/episodes/{id}")),
    ))
}

/// Records the follow-up as an amendment of the signposting.
pub async fn follow_up_submit(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    if let Err(r) = open_episode(&ctx, &id).await? {
        return Ok(r);
    }
    let (current, s) = signpost_entry(&ctx, &id, &entry).await?;
    let input = FollowUpInput {
        outcome: posted(&form.0, "outcome"),
        note: posted(&form.0, "note"),
    };
    let tr = ctx.tr.clone();
    match input.apply(&s) {
        Ok(done) => {
            let body =
                serde_json::to_value(&done).map_err(|e| AppError::Internal(e.to_string()))?;
            let saved = ctx
                .app
                .store
                .amend_entry(
                    &id,
                    &entry,
                    current.version,
                    &body,
                    &tr.t("signpost-followup-reason"),
                    &ctx.actor(),
                    Timestamp::now(),
                )
                .await?;
            if let Amended::Saved(_) = saved {
                let outcome = done.outcome.map_or("", Outcome::as_str);
                ctx.audit(
                    Event::on("signpost.follow_up", "episode", &id)
                        .detail(&format!("{entry} {outcome}")),
                )
                .await?;
            }
            Ok(ctx.see_other(&format!("/staff/episodes/{id}")))
        }
        Err(errors) => Ok(form_page(
            &ctx,
            tr.t1("signpost-followup-title", "name", &s.resource_name),
            ctx.href(&format!("/staff/episodes/{id}/signpost/{entry}")),
            Some(s.why.clone()),
            to_fields(&tr, follow_up_specs(&tr), &form.0, &errors),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.href(&format!("/staff/episodes/{id}")),
        )),
    }
}

/// A signposting entry read back on the timeline: its title and lines.
pub fn lines(tr: &Tr, body: &Value) -> Option<(String, Vec<(String, String)>)> {
    let s: Signpost = serde_json::from_value(body.clone()).ok()?;
    let mut lines = vec![
        (tr.t("signpost-why"), s.why.clone()),
        (
            tr.t("signpost-how"),
            tr.t(&format!("signpost-how-{}", s.how.as_str())),
        ),
    ];
    if s.consent == Some(true) {
        lines.push((tr.t("signpost-consent"), tr.t("opt-yes_no-yes")));
    }
    lines.push((tr.t("signpost-due"), s.follow_up_due.clone()));
    if let Some(o) = s.outcome {
        lines.push((
            tr.t("signpost-outcome"),
            tr.t(&format!("signpost-outcome-{}", o.as_str())),
        ));
    }
    if let Some(n) = s.outcome_note {
        lines.push((tr.t("signpost-outcome-note"), n));
    }
    Some((
        tr.t1("signpost-entry-title", "name", &s.resource_name),
        lines,
    ))
}

/// `GET /staff/signposting`: follow-ups due, the longest overdue first.
pub async fn due(ctx: Ctx) -> Result<Response, AppError> {
    ctx.audit(Event::action("signpost.follow_up_list")).await?;
    let today = crate::public::today();
    let mut rows = Vec::new();
    for (w, entry) in ctx
        .app
        .store
        .current_entries_of_kind(&ctx.app.service.id, "signpost")
        .await?
    {
        let Ok(s) = serde_json::from_value::<Signpost>(entry.body.clone()) else {
            continue;
        };
        if !s.follow_up_due_on(today) {
            continue;
        }
        let Some(since) = s
            .due()
            .and_then(|d| d.in_tz("Europe/London").ok())
            .map(|z| z.timestamp())
        else {
            continue;
        };
        rows.push(roots_store::episodes::Waiting {
            waiting_since: since,
            ..w
        });
    }
    rows.sort_by_key(|w| w.waiting_since);
    crate::episodes::list_page(ctx, "signpost-list-title", "signpost-list-lede", rows).await
}
