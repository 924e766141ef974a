//! Signposting to a community resource, from an episode or from triage,
//! its follow-up, and the list of follow-ups due (rules in
//! `roots_core::signposting`).
//!
//! From an episode, a signposting is a clinical entry (kind `signpost`);
//! from triage (a referral pointed elsewhere, with no episode) it is kept
//! the same way in `referral_signposts`. The follow-up is an amendment
//! that adds whether the person got there, so the entry keeps its history.
//! A follow-up can be recorded after discharge: people are often asked
//! weeks later.

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

/// A resource that can be chosen: its id and name, and the label the form
/// shows (with "suggested" and its distance from the person).
struct Choice {
    id: String,
    name: String,
    label: String,
}

/// The resources that can be chosen for this person: those whose notes
/// match the everyday difficulties of their referral or the pathways of
/// its triage first ("suggested"), then nearest their postcode, or their
/// GP practice's when they have none (when the postcode file holds it),
/// then by name.
async fn choices(ctx: &Ctx, target: &Target) -> Result<Vec<Choice>, AppError> {
    let store = &ctx.app.store;
    let service = &ctx.app.service.id;
    let (referral_id, person_postcode, mut practice_id) = match target {
        Target::Episode(id) => match store.episode(service, id).await {
            Ok(ep) => (
                Some(ep.referral_id),
                ep.person.postcode,
                ep.person.practice_id,
            ),
            Err(_) => (None, None, None),
        },
        Target::Referral(id) => (Some(id.clone()), None, None),
    };
    let (mut difficulties, mut pathways, mut postcode) = (Vec::new(), Vec::new(), person_postcode);
    if let Some(rid) = &referral_id
        && let Ok(r) = store.referral(service, rid).await
    {
        difficulties = r.answers.difficulties.clone();
        postcode = postcode.or(r.postcode.clone());
        practice_id = practice_id.or(r.practice_id.clone());
        pathways = match store.triage_history(rid).await?.last() {
            Some(h) => h.pathways.iter().map(|p| p.as_str().to_owned()).collect(),
            None => Vec::new(),
        };
    }
    // No postcode of their own (no fixed address): near their GP practice.
    if postcode.is_none()
        && let Some(pid) = &practice_id
    {
        postcode = store
            .practices(service)
            .await?
            .into_iter()
            .find(|p| &p.id == pid)
            .and_then(|p| p.postcode);
    }
    let resources: Vec<roots_store::directory::Resource> = store
        .all_resources(service)
        .await?
        .into_iter()
        .filter(|r| r.status == "active" || r.status == "temporarily closed")
        .collect();
    let summaries: Vec<roots_directory::Summary> = resources
        .iter()
        .map(|r| roots_directory::Summary::of(&r.document))
        .collect();
    let origin = match postcode
        .as_deref()
        .and_then(|p| roots_core::postcode::Postcode::parse(p).ok())
    {
        Some(p) => match crate::nearby::origin(ctx, p.as_str()).await? {
            crate::nearby::Origin::Point(o) => Some(o),
            crate::nearby::Origin::Area { .. } => None,
        },
        None => None,
    };
    let points = match origin {
        Some(_) => crate::nearby::points(ctx, &summaries).await?,
        None => vec![Vec::new(); summaries.len()],
    };
    let tr = &ctx.tr;
    let mut rows: Vec<(bool, Option<f64>, Choice)> = resources
        .into_iter()
        .zip(points)
        .map(|(r, pts)| {
            let listed = |key: &str, wanted: &[String]| {
                r.local.get(key).and_then(Value::as_array).is_some_and(|a| {
                    a.iter()
                        .any(|v| v.as_str().is_some_and(|v| wanted.iter().any(|w| w == v)))
                })
            };
            let suggested = listed("needs", &difficulties) || listed("pathways", &pathways);
            let km = origin.and_then(|o| crate::nearby::nearest_km(&pts, o));
            let mut details = Vec::new();
            if suggested {
                details.push(tr.t("signpost-suggested"));
            }
            if let Some(km) = km {
                details.push(tr.ts(
                    "dir-miles-away",
                    &[(
                        "miles",
                        format!("{:.1}", km / roots_directory::geo::KM_PER_MILE),
                    )],
                ));
            }
            let label = if details.is_empty() {
                r.name.clone()
            } else {
                format!("{} ({})", r.name, details.join("; "))
            };
            (
                suggested,
                km,
                Choice {
                    id: r.id,
                    name: r.name,
                    label,
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| match (a.1, b.1) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.2.name.cmp(&b.2.name))
    });
    Ok(rows.into_iter().map(|(_, _, c)| c).collect())
}

fn options(choices: &[Choice]) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect()
}

fn names(choices: &[Choice]) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect()
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

fn redirect(ctx: &Ctx, path: &str) -> Response {
    axum::response::IntoResponse::into_response(axum::response::Redirect::to(&ctx.href(path)))
}

/// Where a signposting is made: from an episode, or from triage (a
/// referral that has been triaged, with no episode of care).
#[derive(Debug, Clone)]
enum Target {
    Episode(String),
    Referral(String),
}

impl Target {
    /// The page to go back to.
    fn home(&self) -> String {
        match self {
            Target::Episode(id) => format!("/staff/episodes/{id}"),
            Target::Referral(id) => format!("/staff/referrals/{id}/triage"),
        }
    }

    fn form(&self) -> String {
        match self {
            Target::Episode(id) => format!("/staff/episodes/{id}/signpost"),
            Target::Referral(id) => format!("/staff/referrals/{id}/signpost"),
        }
    }

    fn follow_up(&self, entry: &str) -> String {
        format!("{}/{entry}", self.form())
    }

    /// Whether this user may signpost here now: `Err` is the page to send
    /// them to instead. A new signposting needs an open episode, or a
    /// triaged referral whose episode (if it was accepted) is not open; a
    /// follow-up (`follow_up`) can be recorded after discharge.
    async fn allowed(&self, ctx: &Ctx, follow_up: bool) -> Result<Result<(), Response>, AppError> {
        match self {
            Target::Episode(id) => Ok(match open_episode(ctx, id).await? {
                Ok(ep) if follow_up || ep.status == "open" => Ok(()),
                Ok(_) => Err(redirect(ctx, &self.home())),
                Err(r) => Err(r),
            }),
            Target::Referral(id) => {
                if let Err(r) = crate::triage_pages::in_scope_row(ctx, id).await? {
                    return Ok(Err(r));
                }
                if ctx.app.store.triage_history(id).await?.is_empty() {
                    return Ok(Err(redirect(ctx, &self.home())));
                }
                if !follow_up && let Some(ep) = ctx.app.store.episode_of_referral(id).await? {
                    let open = ctx
                        .app
                        .store
                        .episode(&ctx.app.service.id, &ep)
                        .await
                        .is_ok_and(|e| e.status == "open");
                    if open {
                        return Ok(Err(redirect(
                            ctx,
                            &format!("/staff/episodes/{ep}/signpost"),
                        )));
                    }
                }
                Ok(Ok(()))
            }
        }
    }

    async fn entry(&self, ctx: &Ctx, entry: &str) -> Result<(Entry, Signpost), AppError> {
        let e = match self {
            Target::Episode(id) => ctx.app.store.entry(id, entry).await?,
            Target::Referral(id) => ctx.app.store.referral_signpost(id, entry).await?,
        };
        if e.kind != "signpost" {
            return Err(AppError::NotFound);
        }
        let s: Signpost = serde_json::from_value(e.body.clone()).map_err(|_| AppError::NotFound)?;
        Ok((e, s))
    }
}

async fn new_page(ctx: Ctx, target: Target) -> Result<Response, AppError> {
    if let Err(r) = target.allowed(&ctx, false).await? {
        return Ok(r);
    }
    let tr = ctx.tr.clone();
    let resources = choices(&ctx, &target).await?;
    let intro = resources.is_empty().then(|| tr.t("signpost-none"));
    let defaults = vec![(
        "follow_up_weeks".to_owned(),
        ctx.app.config.signpost_follow_up_weeks.to_string(),
    )];
    Ok(form_page(
        &ctx,
        tr.t("signpost-title"),
        ctx.href(&target.form()),
        intro,
        to_fields(
            &tr,
            signpost_specs(&tr, &options(&resources)),
            &defaults,
            &[],
        ),
        None,
        StatusCode::OK,
        ctx.href(&target.home()),
    ))
}

async fn new_submit(ctx: Ctx, target: Target, form: FormPairs) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    if let Err(r) = target.allowed(&ctx, false).await? {
        return Ok(r);
    }
    let resources = choices(&ctx, &target).await?;
    let input = SignpostInput {
        resource: posted(&form.0, "resource"),
        why: posted(&form.0, "why"),
        how: posted(&form.0, "how"),
        consent: posted(&form.0, "consent"),
        follow_up_weeks: posted(&form.0, "follow_up_weeks"),
    };
    match input.validate(&names(&resources), crate::public::today()) {
        Ok(signpost) => {
            let body =
                serde_json::to_value(&signpost).map_err(|e| AppError::Internal(e.to_string()))?;
            let (store, actor, now) = (&ctx.app.store, ctx.actor(), Timestamp::now());
            match &target {
                Target::Episode(id) => store.add_entry(id, "signpost", &body, &actor, now).await?,
                Target::Referral(id) => store.add_referral_signpost(id, &body, &actor, now).await?,
            };
            Ok(ctx.see_other(&target.home()))
        }
        Err(errors) => {
            let tr = ctx.tr.clone();
            Ok(form_page(
                &ctx,
                tr.t("signpost-title"),
                ctx.href(&target.form()),
                None,
                to_fields(
                    &tr,
                    signpost_specs(&tr, &options(&resources)),
                    &form.0,
                    &errors,
                ),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.href(&target.home()),
            ))
        }
    }
}

/// `GET /staff/episodes/{id}/signpost`.
pub async fn page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    new_page(ctx, Target::Episode(id)).await
}

/// Records a signposting from an episode (it must be open), audited by
/// the store.
pub async fn submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    new_submit(ctx, Target::Episode(id), form).await
}

/// `GET /staff/referrals/{id}/signpost`: signposting from triage.
pub async fn referral_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    new_page(ctx, Target::Referral(id)).await
}

/// Records a signposting from triage (the referral must have been
/// triaged), audited by the store.
pub async fn referral_submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: FormPairs,
) -> Result<Response, AppError> {
    new_submit(ctx, Target::Referral(id), form).await
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

async fn follow_up_get(ctx: Ctx, target: Target, entry: String) -> Result<Response, AppError> {
    if let Err(r) = target.allowed(&ctx, true).await? {
        return Ok(r);
    }
    let (_, s) = target.entry(&ctx, &entry).await?;
    let tr = ctx.tr.clone();
    Ok(form_page(
        &ctx,
        tr.t1("signpost-followup-title", "name", &s.resource_name),
        ctx.href(&target.follow_up(&entry)),
        Some(s.why.clone()),
        to_fields(&tr, follow_up_specs(&tr), &[], &[]),
        None,
        StatusCode::OK,
        ctx.href(&target.home()),
    ))
}

async fn follow_up_post(
    ctx: Ctx,
    target: Target,
    entry: String,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    if let Err(r) = target.allowed(&ctx, true).await? {
        return Ok(r);
    }
    let (current, s) = target.entry(&ctx, &entry).await?;
    let input = FollowUpInput {
        outcome: posted(&form.0, "outcome"),
        note: posted(&form.0, "note"),
    };
    let tr = ctx.tr.clone();
    match input.apply(&s) {
        Ok(done) => {
            let body =
                serde_json::to_value(&done).map_err(|e| AppError::Internal(e.to_string()))?;
            let (store, actor, now) = (&ctx.app.store, ctx.actor(), Timestamp::now());
            let reason = tr.t("signpost-followup-reason");
            let saved = match &target {
                Target::Episode(id) => {
                    store
                        .amend_entry(id, &entry, current.version, &body, &reason, &actor, now)
                        .await?
                }
                Target::Referral(id) => {
                    store
                        .amend_referral_signpost(
                            id,
                            &entry,
                            current.version,
                            &body,
                            &reason,
                            &actor,
                            now,
                        )
                        .await?
                }
            };
            if let Amended::Saved(_) = saved {
                let outcome = done.outcome.map_or("", Outcome::as_str);
                let (kind, id) = match &target {
                    Target::Episode(id) => ("episode", id),
                    Target::Referral(id) => ("referral", id),
                };
                ctx.audit(
                    Event::on("signpost.follow_up", kind, id).detail(&format!("{entry} {outcome}")),
                )
                .await?;
            }
            Ok(ctx.see_other(&target.home()))
        }
        Err(errors) => Ok(form_page(
            &ctx,
            tr.t1("signpost-followup-title", "name", &s.resource_name),
            ctx.href(&target.follow_up(&entry)),
            Some(s.why.clone()),
            to_fields(&tr, follow_up_specs(&tr), &form.0, &errors),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.href(&target.home()),
        )),
    }
}

/// `GET /staff/episodes/{id}/signpost/{entry}`: did they get there?
pub async fn follow_up_page(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    follow_up_get(ctx, Target::Episode(id), entry).await
}

/// Records the follow-up as an amendment of the signposting.
pub async fn follow_up_submit(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    follow_up_post(ctx, Target::Episode(id), entry, form).await
}

/// `GET /staff/referrals/{id}/signpost/{entry}`: the follow-up of a
/// signposting from triage.
pub async fn referral_follow_up_page(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
) -> Result<Response, AppError> {
    follow_up_get(ctx, Target::Referral(id), entry).await
}

/// Records the follow-up of a signposting from triage (a new version).
pub async fn referral_follow_up_submit(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    follow_up_post(ctx, Target::Referral(id), entry, form).await
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

/// `GET /staff/signposting`: follow-ups due, from episodes and from
/// triage, the longest overdue first.
pub async fn due(ctx: Ctx) -> Result<Response, AppError> {
    ctx.audit(Event::action("signpost.follow_up_list")).await?;
    let today = crate::public::today();
    let service = &ctx.app.service.id;
    let store = &ctx.app.store;
    let mut all: Vec<(String, roots_store::episodes::Waiting, Entry)> = Vec::new();
    for (w, e) in store.current_entries_of_kind(service, "signpost").await? {
        all.push((format!("/staff/episodes/{}", w.episode_id), w, e));
    }
    for (w, e) in store.service_referral_signposts(service).await? {
        all.push((format!("/staff/referrals/{}/triage", w.episode_id), w, e));
    }
    let mut rows = Vec::new();
    for (path, w, entry) in all {
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
        rows.push((
            path,
            roots_store::episodes::Waiting {
                waiting_since: since,
                ..w
            },
        ));
    }
    rows.sort_by_key(|(_, w)| w.waiting_since);
    crate::episodes::list_page_at(ctx, "signpost-list-title", "signpost-list-lede", rows).await
}

/// Every signposting of the service as it is now, from episodes and from
/// triage (for the directory report).
pub async fn all_signposts(ctx: &Ctx) -> Result<Vec<Signpost>, AppError> {
    let service = &ctx.app.service.id;
    let store = &ctx.app.store;
    let mut out: Vec<Signpost> = Vec::new();
    for (_, e) in store.current_entries_of_kind(service, "signpost").await? {
        out.extend(serde_json::from_value(e.body).ok());
    }
    for (_, e) in store.service_referral_signposts(service).await? {
        out.extend(serde_json::from_value(e.body).ok());
    }
    Ok(out)
}
