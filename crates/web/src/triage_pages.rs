//! The triage queue and a clinician's triage of one referral: claim it,
//! confirm or change the suggestion (with a reason when changed), record
//! the outcome; and the service lead's switch for taking self-referrals.
//!
//! The suggestion was made by `roots_core::triage` when the referral
//! arrived and is kept with it; the rules for the clinician's form are
//! `roots_core::queue::TriageInput::validate`. Every step is audited by the
//! store in the same transaction.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::{SignedDuration, Timestamp};
use roots_core::policy;
use roots_core::queue::{Outcome, TriageInput};
use roots_core::triage::{Decision, Pathway, Priority};
use roots_store::StoreError;
use roots_store::audit::Event;
use roots_store::triage::{Claim, Intake, QueueFilter, QueueRow};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::layout::{ErrorItem, Layout, render};
use crate::staff::local_time;

/// A claim older than this can be taken over (someone went home).
pub const CLAIM_TIMEOUT: SignedDuration = SignedDuration::from_mins(30);

/// The label of a priority, and the NHS tag colour that goes with it (the
/// words carry the meaning; colour only adds to it).
pub fn priority_tag(tr: &Tr, p: Priority) -> (String, &'static str) {
    let colour = match p {
        Priority::Emergency | Priority::Crisis => "nhsuk-tag--red",
        Priority::Urgent => "nhsuk-tag--orange",
        Priority::Soon => "nhsuk-tag--yellow",
        Priority::Routine => "nhsuk-tag--grey",
    };
    (tr.t(&format!("priority-{}", p.as_str())), colour)
}

pub fn pathway_names(tr: &Tr, p: &[Pathway]) -> String {
    p.iter()
        .map(|p| tr.t(&format!("pathway-{}", p.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2 days" / "3 hours" / "25 minutes", in whole units.
fn span(tr: &Tr, d: SignedDuration) -> String {
    let mins = d.as_secs().abs() / 60;
    match mins {
        m if m < 60 => tr.tn("span-minutes", &[("n", m)]),
        m if m < 60 * 48 => tr.tn("span-hours", &[("n", m / 60)]),
        m => tr.tn("span-days", &[("n", m / (60 * 24))]),
    }
}

/// The reasons and phrases of a suggestion, in the page's language.
pub struct Why {
    pub reasons: Vec<String>,
    pub phrases: Vec<String>,
}

pub fn why(tr: &Tr, d: Option<&Decision>) -> Why {
    let Some(d) = d else {
        return Why {
            reasons: vec![tr.t("triage-no-suggestion")],
            phrases: Vec::new(),
        };
    };
    Why {
        reasons: d
            .reasons
            .iter()
            .map(|r| match tr.lang {
                Lang::Cy => r.explanation_cy.clone(),
                Lang::En => r.explanation_en.clone(),
            })
            .collect(),
        phrases: d
            .phrase_hits
            .iter()
            .map(|h| {
                let mut s = tr.t1("triage-phrase", "words", &h.matched);
                if h.possibly_negated {
                    s.push_str(&format!(" ({})", tr.t("triage-phrase-negated")));
                }
                s
            })
            .collect(),
    }
}

pub struct QueueItem {
    pub href: String,
    pub reference: String,
    pub name: String,
    pub practice: String,
    pub priority: String,
    pub colour: &'static str,
    pub pathways: String,
    pub waiting: String,
    pub due: String,
    pub left: String,
    pub breached: bool,
    pub why: Why,
    pub claimed: Option<String>,
    /// Nobody could be reached yet (kept in the queue).
    pub unable: bool,
}

pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "staff_triage_queue.html")]
struct QueuePage {
    l: Layout,
    items: Vec<QueueItem>,
    practices: Vec<FilterOption>,
    pathways: Vec<FilterOption>,
    breaches: usize,
}

fn query_value(q: Option<&str>, key: &str) -> Option<String> {
    q?.split('&').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k == key && !v.is_empty()).then(|| v.replace('+', " "))
    })
}

fn item(ctx: &Ctx, r: QueueRow, now: Timestamp) -> QueueItem {
    let tr = &ctx.tr;
    let (priority, colour) = priority_tag(tr, r.priority);
    let (due, left, breached) = match r.due_at {
        Some(due) => {
            let left = now.duration_until(due);
            let breached = left.is_negative();
            let text = if breached {
                tr.t1("triage-overdue", "time", span(tr, left))
            } else {
                tr.t1("triage-left", "time", span(tr, left))
            };
            (local_time(due), text, breached)
        }
        None => (String::new(), tr.t("triage-no-target"), true),
    };
    QueueItem {
        href: ctx.href(&format!("/staff/referrals/{}/triage", r.id)),
        name: format!("{} {}", r.given_name, r.family_name),
        practice: r
            .practice_name
            .clone()
            .unwrap_or_else(|| tr.t("opt-practice-not_listed")),
        priority,
        colour,
        pathways: pathway_names(tr, &r.pathways),
        waiting: span(tr, r.created_at.duration_until(now)),
        due,
        left,
        breached,
        why: why(tr, r.suggestion.as_ref()),
        claimed: r
            .claimed_by_name
            .map(|n| tr.t1("triage-claimed-by", "name", n)),
        unable: r.status == "unable_to_contact",
        reference: r.reference,
    }
}

/// The queue: open referrals, most urgent first, then longest waiting.
pub async fn queue(ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_staff()?.clone();
    let q = ctx.query.as_deref();
    let practices = ctx.app.store.practices(&ctx.app.service.id).await?;
    let practice = query_value(q, "practice").filter(|p| practices.iter().any(|x| &x.id == p));
    let pathway = query_value(q, "pathway").and_then(|p| Pathway::parse(&p));
    ctx.audit(Event::action("triage.queue")).await?;
    let rows = ctx
        .app
        .store
        .triage_queue(
            &ctx.app.service.id,
            Some(&user.id),
            &QueueFilter {
                practice_id: practice.clone(),
                pathway,
            },
        )
        .await?;
    let now = Timestamp::now();
    let items: Vec<QueueItem> = rows.into_iter().map(|r| item(&ctx, r, now)).collect();
    let tr = &ctx.tr;
    let mut practice_options = vec![FilterOption {
        value: String::new(),
        label: tr.t("triage-filter-all"),
        selected: practice.is_none(),
    }];
    practice_options.extend(practices.into_iter().map(|p| FilterOption {
        selected: practice.as_deref() == Some(p.id.as_str()),
        value: p.id,
        label: p.name,
    }));
    let mut pathway_options = vec![FilterOption {
        value: String::new(),
        label: tr.t("triage-filter-all"),
        selected: pathway.is_none(),
    }];
    pathway_options.extend(Pathway::ALL.iter().map(|p| FilterOption {
        value: p.as_str().to_owned(),
        label: tr.t(&format!("pathway-{}", p.as_str())),
        selected: pathway == Some(*p),
    }));
    let l = Layout::new(&ctx, tr.t("triage-queue-title"));
    let body = render(&QueuePage {
        breaches: items.iter().filter(|i| i.breached).count(),
        items,
        practices: practice_options,
        pathways: pathway_options,
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct HistoryRow {
    pub version: i64,
    pub when: String,
    pub who: String,
    pub priority: String,
    pub pathways: String,
    pub outcome: String,
    pub reason: String,
}

/// A signposting from triage as the page shows it: its title, its lines,
/// and the follow-up link while none is recorded.
type SignpostCard = (String, Vec<(String, String)>, Option<String>);

#[derive(Template)]
#[template(path = "staff_triage.html")]
struct TriagePage {
    l: Layout,
    name: String,
    priority: String,
    colour: &'static str,
    pathways: String,
    left: String,
    why: Why,
    /// Held by this user: the form is shown.
    mine: bool,
    held_by: Option<String>,
    open: bool,
    claim_action: String,
    release_action: String,
    action: String,
    record_href: String,
    priorities: Vec<Choice>,
    pathway_choices: Vec<Choice>,
    outcomes: Vec<Choice>,
    change_reason: String,
    target: String,
    attempts: String,
    note: String,
    errors: Vec<(&'static str, String)>,
    history: Vec<HistoryRow>,
    based_on: usize,
    /// Nobody could be reached yet: kept in the queue.
    unable: bool,
    /// Signposting from triage (once triaged): where to add one…
    signpost_href: Option<String>,
    /// …and those made: (title, lines, follow-up link while none is
    /// recorded).
    signposts: Vec<SignpostCard>,
}

impl TriagePage {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e)
    }
}

#[derive(Deserialize, Default)]
pub struct TriageForm {
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    pathways: Vec<String>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    change_reason: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    attempts: Option<String>,
    #[serde(default)]
    note: Option<String>,
    /// How many versions of the triage the page showed.
    #[serde(default)]
    based_on: Option<i64>,
    #[serde(default)]
    csrf: String,
}

impl TriageForm {
    fn input(&self) -> TriageInput {
        TriageInput {
            priority: self.priority.clone(),
            pathways: self.pathways.clone(),
            outcome: self.outcome.clone(),
            change_reason: self.change_reason.clone(),
            target: self.target.clone(),
            attempts: self.attempts.clone(),
            note: self.note.clone(),
        }
    }
}

/// The referral, or a redirect to its own page when it is outside the
/// user's practices (where break-glass is offered).
pub(crate) async fn in_scope_row(
    ctx: &Ctx,
    id: &str,
) -> Result<Result<QueueRow, Response>, AppError> {
    let user = ctx.require_staff()?;
    let row = ctx.app.store.queue_row(&ctx.app.service.id, id).await?;
    if !policy::in_scope(&user.practice_ids, row.practice_id.as_deref())
        && !ctx
            .app
            .store
            .break_glass_active(&user.id, id, Timestamp::now())
            .await?
    {
        let to = ctx.href(&format!("/staff/referrals/{id}"));
        return Ok(Err(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to(&to),
        )));
    }
    Ok(Ok(row))
}

async fn triage_page(
    ctx: Ctx,
    id: &str,
    row: QueueRow,
    form: Option<&TriageForm>,
    errors: Vec<(&'static str, String)>,
    held_by: Option<String>,
) -> Result<Response, AppError> {
    let user = ctx.require_staff()?.clone();
    let tr = ctx.tr.clone();
    let history = ctx.app.store.triage_history(id).await?;
    let history_len = history.len();
    let now = Timestamp::now();
    let open = history.is_empty();
    let mine = row.claimed_by.as_deref() == Some(user.id.as_str()) || !open;
    // The form starts from the latest triage, else from the suggestion.
    let (base_priority, base_pathways) = match history.last() {
        Some(h) => (h.priority, h.pathways.clone()),
        None => (row.priority, row.pathways.clone()),
    };
    let chosen_priority = form
        .and_then(|f| f.priority.clone())
        .or_else(|| form.is_none().then(|| base_priority.as_str().to_owned()));
    let chosen_pathways: Vec<String> = match form {
        Some(f) => f.pathways.clone(),
        None => base_pathways
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
    };
    let chosen_outcome = form.and_then(|f| f.outcome.clone());
    let (priority, colour) = priority_tag(&tr, row.priority);
    let left = match row.due_at {
        Some(due) if open => {
            let d = now.duration_until(due);
            if d.is_negative() {
                tr.t1("triage-overdue", "time", span(&tr, d))
            } else {
                tr.t1("triage-left", "time", span(&tr, d))
            }
        }
        _ => String::new(),
    };
    let mut l = Layout::new(&ctx, tr.t1("triage-title", "reference", &row.reference))
        .back(Some(ctx.href("/staff/triage")));
    l.errors = errors
        .iter()
        .filter(|(f, _)| *f != "claim")
        .map(|(f, e)| ErrorItem {
            href: format!(
                "#{}",
                if *f == "pathways" {
                    "pathway-ot_assessment"
                } else if *f == "priority" {
                    "priority-routine"
                } else if *f == "outcome" {
                    "outcome-accept_ot"
                } else {
                    f
                }
            ),
            text: e.clone(),
        })
        .collect();
    let text = |v: Option<&Option<String>>| v.and_then(|o| o.clone()).unwrap_or_default();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else if errors.iter().any(|(f, _)| *f == "claim") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let signposts = ctx
        .app
        .store
        .referral_signposts(id)
        .await?
        .iter()
        .filter_map(|e| {
            let (title, lines) = crate::signposting::lines(&tr, &e.body)?;
            let open = e.body.get("outcome").is_none_or(serde_json::Value::is_null);
            Some((
                title,
                lines,
                open.then(|| ctx.href(&format!("/staff/referrals/{id}/signpost/{}", e.entry_id))),
            ))
        })
        .collect();
    let body = render(&TriagePage {
        signpost_href: (!open).then(|| ctx.href(&format!("/staff/referrals/{id}/signpost"))),
        signposts,
        name: format!("{} {}", row.given_name, row.family_name),
        priority,
        colour,
        pathways: pathway_names(&tr, &row.pathways),
        left,
        why: why(&tr, row.suggestion.as_ref()),
        mine,
        held_by,
        open,
        claim_action: ctx.href(&format!("/staff/referrals/{id}/claim")),
        release_action: ctx.href(&format!("/staff/referrals/{id}/release")),
        action: ctx.href(&format!("/staff/referrals/{id}/triage")),
        record_href: ctx.href(&format!("/staff/referrals/{id}")),
        priorities: Priority::ALL
            .iter()
            .rev()
            .map(|p| Choice {
                value: p.as_str(),
                label: tr.t(&format!("priority-{}", p.as_str())),
                checked: chosen_priority.as_deref() == Some(p.as_str()),
            })
            .collect(),
        pathway_choices: Pathway::ALL
            .iter()
            .map(|p| Choice {
                value: p.as_str(),
                label: tr.t(&format!("pathway-{}", p.as_str())),
                checked: chosen_pathways.iter().any(|c| c == p.as_str()),
            })
            .collect(),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| Choice {
                value: o.as_str(),
                label: tr.t(&format!("outcome-{}", o.as_str())),
                checked: chosen_outcome.as_deref() == Some(o.as_str()),
            })
            .collect(),
        change_reason: text(form.map(|f| &f.change_reason)),
        target: text(form.map(|f| &f.target)),
        attempts: text(form.map(|f| &f.attempts)),
        note: text(form.map(|f| &f.note)),
        history: history
            .into_iter()
            .map(|h| HistoryRow {
                version: h.version,
                when: local_time(h.at),
                who: h.user_name,
                priority: tr.t(&format!("priority-{}", h.priority.as_str())),
                pathways: pathway_names(&tr, &h.pathways),
                outcome: {
                    let mut o = tr.t(&format!("outcome-{}", h.outcome));
                    if let Some(t) = &h.target {
                        o.push_str(&format!(": {t}"));
                    }
                    if let Some(a) = h.attempts {
                        o.push_str(&format!(" ({})", tr.tn("triage-attempts-n", &[("n", a)])));
                    }
                    o
                },
                reason: h.change_reason.or(h.note).unwrap_or_default(),
            })
            .collect(),
        based_on: history_len,
        unable: row.status == "unable_to_contact",
        errors,
        l,
    });
    Ok(ctx.html(status, body))
}

pub async fn page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let row = match in_scope_row(&ctx, &id).await? {
        Ok(r) => r,
        Err(redirect) => return Ok(redirect),
    };
    ctx.audit(Event::on("referral.view", "referral", &id).detail("triage"))
        .await?;
    let held_by = match (&row.claimed_by, &row.claimed_by_name) {
        (Some(by), Some(name)) if Some(by) != ctx.user.as_ref().map(|u| &u.id) => {
            Some(name.clone())
        }
        _ => None,
    };
    triage_page(ctx, &id, row, None, Vec::new(), held_by).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn claim(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum::Form<CsrfOnly>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    if let Err(redirect) = in_scope_row(&ctx, &id).await? {
        return Ok(redirect);
    }
    match ctx
        .app
        .store
        .claim(
            &ctx.app.service.id,
            &id,
            &ctx.actor(),
            Timestamp::now(),
            CLAIM_TIMEOUT,
        )
        .await
    {
        Ok(Claim::Mine) | Err(StoreError::Conflict) => {
            Ok(ctx.see_other(&format!("/staff/referrals/{id}/triage")))
        }
        Ok(Claim::Held { by, since }) => {
            let row = ctx.app.store.queue_row(&ctx.app.service.id, &id).await?;
            let who = format!("{by} ({})", local_time(since));
            let errors = vec![("claim", ctx.tr.t1("triage-held", "name", who))];
            triage_page(ctx, &id, row, None, errors, Some(by)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn release(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum::Form<CsrfOnly>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    ctx.require_staff()?;
    ctx.app
        .store
        .release(&id, &ctx.actor(), Timestamp::now())
        .await?;
    Ok(ctx.see_other("/staff/triage"))
}

/// Records the clinician's triage: the suggestion confirmed, or changed
/// with a reason; the outcome and its details. Bad input is shown again
/// with everything chosen.
pub async fn submit(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum_extra::extract::Form<TriageForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let row = match in_scope_row(&ctx, &id).await? {
        Ok(r) => r,
        Err(redirect) => return Ok(redirect),
    };
    let history = ctx.app.store.triage_history(&id).await?;
    let me = ctx.require_staff()?.id.clone();
    if history.is_empty() && row.claimed_by.as_deref() != Some(me.as_str()) {
        // Not theirs to decide: say so before anything else.
        let errors = vec![("claim", ctx.tr.t("triage-claim-first"))];
        return triage_page(ctx, &id, row, Some(&form), errors, None).await;
    }
    // A change is judged against the suggestion for the first triage, and
    // against the latest triage for an amendment.
    let (base_priority, base_pathways) = match history.last() {
        Some(h) => (h.priority, h.pathways.clone()),
        None => match &row.suggestion {
            Some(d) => (d.priority, d.pathways.clone()),
            None => (row.priority, row.pathways.clone()),
        },
    };
    let based_on = form.based_on.unwrap_or(history.len() as i64);
    let input = form.input();
    let entry = match input.validate(base_priority, &base_pathways) {
        // An amendment always needs a reason, whatever it changes.
        Ok(e) if !history.is_empty() => match input
            .change_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(reason) => roots_core::queue::TriageEntry {
                changed: true,
                change_reason: Some(reason.to_owned()),
                ..e
            },
            None => {
                let errors = vec![("change_reason", ctx.tr.t("error-triage-amend-reason"))];
                return triage_page(ctx, &id, row, Some(&form), errors, None).await;
            }
        },
        Ok(e) => e,
        Err(errs) => {
            let errors = errs
                .iter()
                .map(|e| (e.field, crate::forms::message(&ctx.tr, e)))
                .collect();
            return triage_page(ctx, &id, row, Some(&form), errors, None).await;
        }
    };
    match ctx
        .app
        .store
        .record_triage(
            &ctx.app.service.id,
            &id,
            &entry,
            based_on,
            &ctx.actor(),
            Timestamp::now(),
        )
        .await
    {
        Ok(_) => Ok(ctx.see_other(&format!("/staff/referrals/{id}/triage"))),
        Err(StoreError::Conflict) => {
            let message = if history.is_empty() {
                "triage-claim-first"
            } else {
                "triage-changed-meanwhile"
            };
            let errors = vec![("claim", ctx.tr.t(message))];
            triage_page(ctx, &id, row, Some(&form), errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "staff_service.html")]
struct ServicePage {
    l: Layout,
    open: bool,
    message_en: String,
    message_cy: String,
    saved: bool,
}

pub async fn service_page(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    let intake = ctx.app.store.intake(&ctx.app.service.id).await?;
    let l = Layout::new(&ctx, ctx.tr.t("service-settings-title"));
    let body = render(&ServicePage {
        open: intake.open,
        message_en: intake.message_en.unwrap_or_default(),
        message_cy: intake.message_cy.unwrap_or_default(),
        saved: ctx.query.as_deref().is_some_and(|q| q.contains("saved=1")),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Deserialize)]
pub struct ServiceForm {
    #[serde(default)]
    open: String,
    #[serde(default)]
    message_en: String,
    #[serde(default)]
    message_cy: String,
    #[serde(default)]
    csrf: String,
}

/// Longest message for people when self-referral is closed.
const MAX_MESSAGE: usize = 1000;

pub async fn service_submit(
    ctx: Ctx,
    form: crate::input::Strict<axum::Form<ServiceForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    ctx.require_staff()?;
    let clip = |s: &str| {
        let t: String = s.trim().chars().take(MAX_MESSAGE).collect();
        (!t.is_empty()).then_some(t)
    };
    // The messages people read when it is closed follow the text rule;
    // one it refuses is shown again with what is wrong.
    let mut errors = Vec::new();
    let mut messages = [clip(&form.message_en), clip(&form.message_cy)];
    for (field, m) in ["message_en", "message_cy"].into_iter().zip(&mut messages) {
        roots_core::text::tidy(
            &mut errors,
            field,
            roots_core::text::Kind::Long,
            m,
            MAX_MESSAGE,
        );
    }
    if !errors.is_empty() {
        let mut l = Layout::new(&ctx, ctx.tr.t("service-settings-title"));
        l.errors = crate::forms::summary(&ctx.tr, &errors);
        let body = render(&ServicePage {
            open: form.open != "no",
            message_en: form.message_en.clone(),
            message_cy: form.message_cy.clone(),
            saved: false,
            l,
        });
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    let [message_en, message_cy] = messages;
    let intake = Intake {
        open: form.open != "no",
        message_en,
        message_cy,
    };
    ctx.app
        .store
        .set_intake(&ctx.app.service.id, &intake, &ctx.actor())
        .await?;
    Ok(ctx.see_other("/staff/service?saved=1"))
}

/// The rulebook's suggestion for a referral about to be committed, and its
/// response target from now (Europe/London working days).
pub fn suggest(
    app: &crate::App,
    input: &roots_core::referral::ReferralInput,
    now: Timestamp,
) -> roots_store::triage::Suggested {
    suggestion(&app.config.rulebook, &app.config.targets, input, now)
}

/// [`suggest`] with the rulebook and targets given (the demo uses it).
pub fn suggestion(
    rulebook: &roots_core::triage::Rulebook,
    targets: &roots_core::queue::Targets,
    input: &roots_core::referral::ReferralInput,
    now: Timestamp,
) -> roots_store::triage::Suggested {
    let decision = roots_core::triage::triage(input, rulebook, crate::public::today());
    let due_at = now
        .in_tz("Europe/London")
        .ok()
        .and_then(|z| {
            let local = roots_core::queue::due(z.datetime(), decision.priority, targets);
            local.in_tz("Europe/London").ok()
        })
        .map(|z| z.timestamp())
        // If the time zone data were ever missing, the target is now: a
        // referral is never given more time by a fault.
        .unwrap_or(now);
    roots_store::triage::Suggested { decision, due_at }
}
