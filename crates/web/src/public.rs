//! The referral journey: the start page, one question per page, the urgent
//! help page, check your answers and the confirmation.
//!
//! The same handlers serve someone referring themselves (`/refer/…`) and a
//! receptionist entering a referral (`/staff/refer/…`); [`Mode`] says which.
//! Answers are saved on the server after every page, before they are
//! checked, so a mistake, the back button or a closed tab loses nothing.
//! The confirmation is shown only after the referral is committed.

use askama::Template;
use axum::extract::Path;
use axum::http::Method;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use jiff::Timestamp;
use roots_core::FieldError;
use roots_core::referral::{Channel, Context, Mode, ReferralInput, Step};
use roots_core::triage::{Advice, Rulebook};
use roots_store::{Draft, NewReferral, Practice};

use crate::access::{Access, Routes};
use crate::ctx::{CSRF_FIELD, CookieName, Ctx, cookie};
use crate::error::AppError;
use crate::forms::{Widget, summary};
use crate::layout::{Layout, render};
use crate::summary::{Row, summary_rows};
use roots_store::audit::{Event, Outcome};

type FormPairs = crate::input::Pairs;

/// The name of the hidden field only bots fill in.
const HONEYPOT: &str = "website";

/// Where a journey lives and which cookie holds its draft.
fn base(mode: Mode) -> &'static str {
    match mode {
        Mode::Public => "/refer",
        Mode::Staff => "/staff/refer",
    }
}

fn draft_cookie(mode: Mode) -> CookieName {
    match mode {
        Mode::Public => CookieName::Draft,
        Mode::Staff => CookieName::StaffDraft,
    }
}

pub fn flow_routes(mode: Mode, access: Access) -> Routes {
    use Method as M;
    let b = base(mode);
    Routes::new()
        .add(
            &format!("{b}/start"),
            access,
            &[M::GET],
            get(move |ctx: Ctx| start_flow(ctx, mode)),
        )
        .add(
            &format!("{b}/urgent-help"),
            access,
            &[M::GET],
            get(move |ctx: Ctx| urgent(ctx, mode)),
        )
        .add(
            &format!("{b}/check"),
            access,
            &[M::GET, M::POST],
            get(move |ctx: Ctx| check_page(ctx, mode))
                .post(move |ctx: Ctx, f: FormPairs| check_submit(ctx, mode, f.0)),
        )
        .add(
            &format!("{b}/confirmation"),
            access,
            &[M::GET],
            get(move |ctx: Ctx| confirmation(ctx, mode)),
        )
        .add(
            &format!("{b}/{{slug}}"),
            access,
            &[M::GET, M::POST],
            get(move |ctx: Ctx, Path(slug): Path<String>| step_page(ctx, mode, slug)).post(
                move |ctx: Ctx, Path(slug): Path<String>, f: FormPairs| {
                    step_submit(ctx, mode, slug, f.0)
                },
            ),
        )
}

/// Today in Europe/London, where the service is.
pub fn today() -> jiff::civil::Date {
    Timestamp::now()
        .in_tz("Europe/London")
        .map(|z| z.date())
        .unwrap_or_else(|_| {
            Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
        })
}

fn posted<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The draft under this journey's cookie, if it is live and (for staff)
/// belongs to the signed-in user.
async fn load(ctx: &Ctx, mode: Mode) -> Result<(Option<String>, Option<Draft>), AppError> {
    let Some(token) = ctx.cookie_value(draft_cookie(mode)) else {
        return Ok((None, None));
    };
    let draft = ctx.app.store.draft(&token, Timestamp::now()).await?;
    let user_id = ctx.user.as_ref().map(|u| u.id.as_str());
    match draft {
        Some(d) if d.mode == mode && (mode == Mode::Public || d.user_id.as_deref() == user_id) => {
            Ok((Some(token), Some(d)))
        }
        _ => Ok((None, None)),
    }
}

fn staff_gate(ctx: &Ctx, mode: Mode) -> Result<(), AppError> {
    if mode == Mode::Staff {
        ctx.require_staff()?;
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "closed.html")]
struct ClosedPage {
    l: Layout,
    message: String,
    sections: Vec<String>,
}

/// While the service is not taking self-referrals, the public pages show
/// this instead of the questions: the service's message and the urgent help
/// advice, always. Staff-entered referrals are not affected. `Ok(ctx)` when
/// the service is open.
async fn when_closed(ctx: Ctx, mode: Mode) -> Result<Result<Ctx, Response>, AppError> {
    if mode == Mode::Staff {
        return Ok(Ok(ctx));
    }
    let intake = ctx.app.store.intake(&ctx.app.service.id).await?;
    if intake.open {
        return Ok(Ok(ctx));
    }
    // Someone already part-way through whose answers raise a red flag is
    // not turned away: their referral is taken, and flagged by its triage.
    let (_, draft) = load(&ctx, mode).await?;
    let advice = draft
        .map(|d| roots_core::triage::advice_with(&d.answers, &ctx.app.config.rulebook, today()))
        .unwrap_or_default();
    if !advice.is_empty() {
        return Ok(Ok(ctx));
    }
    Ok(Err(closed_page(ctx, &intake)))
}

fn closed_message(ctx: &Ctx, intake: &roots_store::triage::Intake) -> String {
    let own = match ctx.lang {
        crate::i18n::Lang::Cy => intake.message_cy.clone().or(intake.message_en.clone()),
        crate::i18n::Lang::En => intake.message_en.clone().or(intake.message_cy.clone()),
    };
    own.unwrap_or_else(|| ctx.tr.t("page-closed-text"))
}

fn closed_page(ctx: Ctx, intake: &roots_store::triage::Intake) -> Response {
    let tr = ctx.tr.clone();
    let l = Layout::new(&ctx, tr.t("page-closed-title")).back(Some(ctx.href("/")));
    let body = render(&ClosedPage {
        message: closed_message(&ctx, intake),
        sections: urgent_texts(&ctx, &[]),
        l,
    });
    ctx.html(StatusCode::SERVICE_UNAVAILABLE, body)
}

async fn practices(ctx: &Ctx) -> Result<Vec<Practice>, AppError> {
    Ok(ctx.app.store.practices(&ctx.app.service.id).await?)
}

async fn start_flow(ctx: Ctx, mode: Mode) -> Result<Response, AppError> {
    staff_gate(&ctx, mode)?;
    let mut ctx = match when_closed(ctx, mode).await? {
        Ok(ctx) => ctx,
        Err(page) => return Ok(page),
    };
    let (_, draft) = load(&ctx, mode).await?;
    // A finished referral is not reopened: start afresh. An unfinished one
    // carries on where it was left.
    if draft.is_none_or(|d| d.submitted_referral_id.is_some()) {
        ctx.forget_cookie(draft_cookie(mode));
    }
    let first = Step::all(mode)[0];
    Ok(ctx.see_other(&format!("{}/{}", base(mode), first.slug())))
}

#[derive(Template)]
#[template(path = "step.html")]
struct StepPage {
    l: Layout,
    caption: Option<String>,
    intro: Option<String>,
    single: bool,
    action: String,
    return_to_check: bool,
    widgets: Vec<Widget>,
}

#[derive(Template)]
#[template(path = "about_you.html")]
struct AboutYouPage {
    l: Layout,
    answer_href: String,
    skip_href: String,
}

fn back_href(ctx: &Ctx, mode: Mode, step: Step, return_to_check: bool) -> Option<String> {
    if return_to_check {
        return Some(ctx.href(&format!("{}/check", base(mode))));
    }
    match step.previous(mode) {
        Some(prev) => Some(ctx.href(&format!("{}/{}", base(mode), prev.slug()))),
        None if mode == Mode::Public => Some(ctx.href("/")),
        None => Some(ctx.href("/staff/new-referral")),
    }
}

async fn step_page(ctx: Ctx, mode: Mode, slug: String) -> Result<Response, AppError> {
    staff_gate(&ctx, mode)?;
    let ctx = match when_closed(ctx, mode).await? {
        Ok(ctx) => ctx,
        Err(page) => return Ok(page),
    };
    let step = Step::from_slug(&slug, mode).ok_or(AppError::NotFound)?;
    let (_, draft) = load(&ctx, mode).await?;
    if draft
        .as_ref()
        .is_some_and(|d| d.submitted_referral_id.is_some())
    {
        return Ok(ctx.see_other(&format!("{}/confirmation", base(mode))));
    }
    let answers = draft.map(|d| d.answers).unwrap_or_default();
    let return_to_check = ctx
        .query
        .as_deref()
        .is_some_and(|q| q.split('&').any(|p| p == "change=1"));
    if step == Step::AboutYou {
        let next = step.next(mode).map_or("check", Step::slug);
        let l = Layout::new(&ctx, ctx.tr.t("q-about-you-title"))
            .back(back_href(&ctx, mode, step, false));
        let page = AboutYouPage {
            answer_href: ctx.href(&format!("{}/{next}", base(mode))),
            skip_href: ctx.href(&format!("{}/check", base(mode))),
            l,
        };
        let body = render(&page);
        return Ok(ctx.html(StatusCode::OK, body));
    }
    let practices = if step == Step::Practice {
        practices(&ctx).await?
    } else {
        Vec::new()
    };
    render_step(
        ctx,
        mode,
        step,
        &answers,
        &[],
        return_to_check,
        &practices,
        StatusCode::OK,
    )
}

#[allow(clippy::too_many_arguments)]
fn render_step(
    ctx: Ctx,
    mode: Mode,
    step: Step,
    answers: &ReferralInput,
    errors: &[FieldError],
    return_to_check: bool,
    practices: &[Practice],
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = ctx.tr.clone();
    let (single, widgets) = crate::questions::widgets(step, &tr, answers, errors, practices);
    let title_id = format!("q-{}-title", step.slug());
    let hint_id = format!("q-{}-hint", step.slug());
    let mut l =
        Layout::new(&ctx, tr.t(&title_id)).back(back_href(&ctx, mode, step, return_to_check));
    l.errors = summary(&tr, errors);
    let page = StepPage {
        caption: (mode == Mode::Staff).then(|| tr.t("staff-new-title")),
        intro: (!single && tr.has(&hint_id)).then(|| tr.t(&hint_id)),
        single,
        action: ctx.href(&format!("{}/{}", base(mode), step.slug())),
        return_to_check,
        widgets,
        l,
    };
    let body = render(&page);
    Ok(ctx.html(status, body))
}

async fn step_submit(
    mut ctx: Ctx,
    mode: Mode,
    slug: String,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    staff_gate(&ctx, mode)?;
    ctx.check_csrf(posted(&pairs, CSRF_FIELD))?;
    let step = Step::from_slug(&slug, mode).ok_or(AppError::NotFound)?;
    let (token, draft) = load(&ctx, mode).await?;
    if draft
        .as_ref()
        .is_some_and(|d| d.submitted_referral_id.is_some())
    {
        return Ok(ctx.see_other(&format!("{}/confirmation", base(mode))));
    }
    let mut answers = draft.map(|d| d.answers).unwrap_or_default();
    for field in step.fields() {
        let values = pairs
            .iter()
            .filter(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
            .collect();
        answers.set(field, values);
    }
    // Save first, check second: nothing typed is ever lost.
    let token = match token {
        Some(t) => t,
        None => {
            let (t, _) = roots_store::new_token();
            ctx.jar = ctx
                .jar
                .clone()
                .add(cookie(&ctx.app, draft_cookie(mode), t.clone()));
            t
        }
    };
    let user_id = ctx.user.as_ref().map(|u| u.id.clone());
    ctx.app
        .store
        .save_draft(
            &token,
            mode,
            user_id.as_deref(),
            &answers,
            Timestamp::now(),
            ctx.app.config.draft_ttl,
        )
        .await?;
    // Closed while they were answering: what they typed is saved above.
    let ctx = match when_closed(ctx, mode).await? {
        Ok(ctx) => ctx,
        Err(page) => return Ok(page),
    };
    let practices = if step == Step::Practice {
        practices(&ctx).await?
    } else {
        Vec::new()
    };
    let practice_ids: Vec<String> = practices.iter().map(|p| p.id.clone()).collect();
    let core_ctx = Context {
        today: today(),
        practices: &practice_ids,
        mode,
    };
    let errors = answers.validate_step(step, &core_ctx);
    let return_to_check = posted(&pairs, "return") == Some("check");
    // A red flag is answered at once, even on a page with a mistake: the
    // urgent advice first, then back to this page to put the mistake right
    // (everything typed is saved above).
    if !errors.is_empty() && needs_urgent_page(step, &answers, &ctx.app.config.rulebook) {
        let mut query = format!("from={}&again=1", step.slug());
        if return_to_check {
            query.push_str("&change=1");
        }
        return Ok(ctx.see_other(&format!("{}/urgent-help?{query}", base(mode))));
    }
    if !errors.is_empty() {
        return render_step(
            ctx,
            mode,
            step,
            &answers,
            &errors,
            return_to_check,
            &practices,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let next = after_step(
        mode,
        step,
        &answers,
        return_to_check,
        &ctx.app.config.rulebook,
    );
    Ok(ctx.see_other(&next))
}

/// Whether the answers on this page call for the urgent-help page before
/// anything else: "Yes" to help now, or anything on the page for which the
/// safety floor gives immediate advice (a sign ticked on the safety
/// questions; an emergency, crisis or safeguarding phrase in the free text).
/// Only this page's answers count, so one red flag does not send the person
/// to the urgent page after every later page.
pub(crate) fn needs_urgent_page(step: Step, answers: &ReferralInput, rulebook: &Rulebook) -> bool {
    match step {
        Step::NeedsHelpNow => answers.needs_help_now.as_deref() == Some("yes"),
        Step::EmergencySigns
        | Step::CrisisSigns
        | Step::OtherConcerns
        | Step::Communication
        | Step::Story
        | Step::MattersMost => {
            let mut only = ReferralInput::default();
            for field in step.fields() {
                let values = match answers.get(field) {
                    Some(v) => vec![v.to_owned()],
                    None => answers.get_many(field).to_vec(),
                };
                only.set(field, values);
            }
            // The floor's advice and any the rulebook's rules add.
            !roots_core::triage::advice_with(&only, rulebook, today()).is_empty()
        }
        _ => false,
    }
}

/// Where the journey goes after a page whose answers passed their rules.
/// The urgent-help address names only the page it came from (a neutral
/// slug), never an answer.
pub(crate) fn after_step(
    mode: Mode,
    step: Step,
    answers: &ReferralInput,
    return_to_check: bool,
    rulebook: &Rulebook,
) -> String {
    let b = base(mode);
    if needs_urgent_page(step, answers, rulebook) {
        let mut query = Vec::new();
        if step != Step::NeedsHelpNow {
            query.push(format!("from={}", step.slug()));
        }
        if return_to_check {
            query.push("change=1".to_owned());
        }
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        format!("{b}/urgent-help{query}")
    } else if return_to_check {
        format!("{b}/check")
    } else {
        match step.next(mode) {
            Some(next) => format!("{b}/{}", next.slug()),
            None => format!("{b}/check"),
        }
    }
}

/// The message ids of the urgent-help page's advice: what fits this person
/// first, then the rest, so everything is always there.
/// The urgent advice in the page's language, for the service's nation
/// (NHS 111's mental health option and the domestic abuse helpline differ
/// between Wales and England), with the service's own local line, if it
/// set one, after the advice that fits.
fn urgent_texts(ctx: &Ctx, advice: &[Advice]) -> Vec<String> {
    let nation = ctx.app.config.urgent.nation.as_str();
    let mut texts: Vec<String> = urgent_sections(advice)
        .into_iter()
        .map(|id| ctx.tr.t1(id, "nation", nation))
        .collect();
    let local = match ctx.lang {
        crate::i18n::Lang::Cy => ctx.app.config.urgent.local_cy.as_ref(),
        crate::i18n::Lang::En => ctx.app.config.urgent.local_en.as_ref(),
    };
    if let Some(local) = local {
        let at = advice.len().min(texts.len());
        texts.insert(at, local.clone());
    }
    texts
}

pub(crate) fn urgent_sections(advice: &[Advice]) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    for a in advice {
        let id = match a {
            Advice::Emergency => "page-urgent-999",
            Advice::Crisis => "page-urgent-crisis",
            Advice::Safeguarding => "page-urgent-abuse",
            Advice::Nhs111 | Advice::GpToday => "page-urgent-111",
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    for id in [
        "page-urgent-999",
        "page-urgent-111",
        "page-urgent-samaritans",
        "page-urgent-abuse",
    ] {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

#[derive(Template)]
#[template(path = "urgent.html")]
struct UrgentPage {
    l: Layout,
    intro: Option<String>,
    sections: Vec<String>,
    continue_href: String,
}

fn query_value<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

async fn urgent(ctx: Ctx, mode: Mode) -> Result<Response, AppError> {
    staff_gate(&ctx, mode)?;
    let b = base(mode);
    let query = ctx.query.as_deref();
    let from = query_value(query, "from")
        .and_then(|slug| Step::from_slug(slug, mode))
        .unwrap_or(Step::NeedsHelpNow);
    let has = |flag: &str| query.is_some_and(|q| q.split('&').any(|p| p == flag));
    let continue_href = if has("again=1") {
        // Back to the page that had a mistake, to put it right.
        let change = if has("change=1") { "?change=1" } else { "" };
        ctx.href(&format!("{b}/{}{change}", from.slug()))
    } else if has("change=1") {
        ctx.href(&format!("{b}/check"))
    } else {
        let next = from.next(mode).map_or("check", Step::slug);
        ctx.href(&format!("{b}/{next}"))
    };
    let (_, draft) = load(&ctx, mode).await?;
    let advice = draft
        .map(|d| roots_core::triage::advice_with(&d.answers, &ctx.app.config.rulebook, today()))
        .unwrap_or_default();
    let tr = ctx.tr.clone();
    let l = Layout::new(&ctx, tr.t("page-urgent-title"))
        .back(Some(ctx.href(&format!("{b}/{}", from.slug()))));
    let body = render(&UrgentPage {
        intro: (!advice.is_empty()).then(|| tr.t("page-urgent-intro")),
        sections: urgent_texts(&ctx, &advice),
        continue_href,
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    l: Layout,
    staff: bool,
    main_rows: Vec<Row>,
    optional_rows: Vec<Row>,
    action: String,
    consent_checked: bool,
    consent_error: Option<String>,
}

async fn check_page(ctx: Ctx, mode: Mode) -> Result<Response, AppError> {
    staff_gate(&ctx, mode)?;
    let ctx = match when_closed(ctx, mode).await? {
        Ok(ctx) => ctx,
        Err(page) => return Ok(page),
    };
    let (_, draft) = load(&ctx, mode).await?;
    let b = base(mode);
    let Some(draft) = draft else {
        return Ok(ctx.see_other(&format!("{b}/start")));
    };
    if draft.submitted_referral_id.is_some() {
        return Ok(ctx.see_other(&format!("{b}/confirmation")));
    }
    let practices = practices(&ctx).await?;
    let ids: Vec<String> = practices.iter().map(|p| p.id.clone()).collect();
    let core_ctx = Context {
        today: today(),
        practices: &ids,
        mode,
    };
    if let Some(step) = draft.answers.first_incomplete(&core_ctx) {
        return Ok(ctx.see_other(&format!("{b}/{}", step.slug())));
    }
    render_check(ctx, mode, &draft.answers, &practices, &[], StatusCode::OK)
}

fn render_check(
    ctx: Ctx,
    mode: Mode,
    answers: &ReferralInput,
    practices: &[Practice],
    errors: &[FieldError],
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = ctx.tr.clone();
    let change_base = ctx.href(base(mode));
    let rows = summary_rows(
        &tr,
        mode,
        &answers.normalised(mode),
        practices,
        Some(&change_base),
    );
    let (optional_rows, main_rows) = rows.into_iter().partition(|r| r.optional);
    let title = if mode == Mode::Staff {
        "page-check-staff-title"
    } else {
        "page-check-title"
    };
    let mut l = Layout::new(&ctx, tr.t(title));
    let last = Step::all(mode)
        .last()
        .copied()
        .unwrap_or(Step::NeedsHelpNow);
    l.back = Some(ctx.href(&format!("{}/{}", base(mode), last.slug())));
    l.errors = summary(&tr, errors);
    let page = CheckPage {
        staff: mode == Mode::Staff,
        main_rows,
        optional_rows,
        action: ctx.href(&format!("{}/check", base(mode))),
        consent_checked: answers.consent.as_deref() == Some("yes"),
        consent_error: errors.first().map(|e| crate::forms::message(&tr, e)),
        l,
    };
    let body = render(&page);
    Ok(ctx.html(status, body))
}

async fn check_submit(
    ctx: Ctx,
    mode: Mode,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    staff_gate(&ctx, mode)?;
    ctx.check_csrf(posted(&pairs, CSRF_FIELD))?;
    // The answers are in the draft already; they wait there until it opens.
    let ctx = match when_closed(ctx, mode).await? {
        Ok(ctx) => ctx,
        Err(page) => return Ok(page),
    };
    let b = base(mode);
    let (token, draft) = load(&ctx, mode).await?;
    let (Some(token), Some(draft)) = (token, draft) else {
        return Ok(ctx.see_other(&format!("{b}/start")));
    };
    if draft.submitted_referral_id.is_some() {
        return Ok(ctx.see_other(&format!("{b}/confirmation")));
    }
    // A field people cannot see or reach: only a bot fills it in. The bot
    // is refused; the draft stays as it was (no CAPTCHA: it excludes people).
    if posted(&pairs, HONEYPOT).is_some_and(|v| !v.trim().is_empty()) {
        let event = Event::action("referral.create")
            .outcome(Outcome::Denied)
            .detail("honeypot");
        ctx.audit(event).await?;
        return Err(AppError::Csrf);
    }
    let mut answers = draft.answers;
    answers.set(
        "consent",
        posted(&pairs, "consent")
            .map(|v| vec![v.to_owned()])
            .unwrap_or_default(),
    );
    let app = ctx.app.clone();
    let user_id = ctx.user.as_ref().map(|u| u.id.clone());
    let practices = practices(&ctx).await?;
    let ids: Vec<String> = practices.iter().map(|p| p.id.clone()).collect();
    let core_ctx = Context {
        today: today(),
        practices: &ids,
        mode,
    };
    let referral = match answers.validate(&core_ctx) {
        Ok(r) => r,
        Err(errors) => {
            // Keep the consent answer too, then show what is missing.
            app.store
                .save_draft(
                    &token,
                    mode,
                    user_id.as_deref(),
                    &answers,
                    Timestamp::now(),
                    app.config.draft_ttl,
                )
                .await?;
            if let Some(step) = answers.first_incomplete(&core_ctx) {
                return Ok(ctx.see_other(&format!("{b}/{}", step.slug())));
            }
            return render_check(
                ctx,
                mode,
                &answers,
                &practices,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    // Public senders: a limit per address per hour, shared by every
    // instance. Over it, the answers stay saved and the page says what to do.
    let limit = app.config.public_submissions_per_hour;
    let address = ctx.peer.map(|ip| ip.to_string());
    let rate_key = address
        .as_deref()
        .filter(|_| mode == Mode::Public && limit > 0);
    // One transaction writes the referral (every answer, consent included)
    // and marks the draft sent: one durable commit per referral.
    let now = Timestamp::now();
    let suggested = crate::triage_pages::suggest(&app, &referral.answers, now);
    let submitted = app
        .store
        .submit_referral(
            &NewReferral {
                service_id: &app.service.id,
                referral: &referral,
                channel: if mode == Mode::Staff {
                    Channel::Staff
                } else {
                    Channel::Online
                },
                entered_by: user_id.as_deref(),
                language: ctx.lang.code(),
                actor: &ctx.actor(),
                rate_key,
                rate_limit: limit,
                triage: &suggested,
            },
            Some(&token),
            now,
        )
        .await;
    let submitted = match submitted {
        Err(roots_store::StoreError::Limited) => {
            ctx.audit(
                Event::action("referral.create")
                    .outcome(Outcome::Denied)
                    .detail("rate limit"),
            )
            .await?;
            return Err(AppError::TooMany);
        }
        other => other?,
    };
    tracing::info!(referral_id = %submitted.receipt().id, channel = ?mode, "referral received");
    Ok(ctx.see_other(&format!("{b}/confirmation")))
}

#[derive(Template)]
#[template(path = "confirmation.html")]
struct ConfirmationPage {
    l: Layout,
    reference: String,
    staff: bool,
}

async fn confirmation(ctx: Ctx, mode: Mode) -> Result<Response, AppError> {
    staff_gate(&ctx, mode)?;
    let (_, draft) = load(&ctx, mode).await?;
    let Some(id) = draft.and_then(|d| d.submitted_referral_id) else {
        return Ok(ctx.see_other(&format!("{}/check", base(mode))));
    };
    let referral = ctx.app.store.referral(&ctx.app.service.id, &id).await?;
    let l = Layout::new(&ctx, ctx.tr.t("page-confirm-title"));
    let body = render(&ConfirmationPage {
        l,
        reference: referral.summary.reference,
        staff: mode == Mode::Staff,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    l: Layout,
    start_href: String,
    /// The service's message while it is not taking self-referrals.
    closed: Option<String>,
    urgent_href: String,
}

pub async fn start(ctx: Ctx) -> Result<Response, AppError> {
    let intake = ctx.app.store.intake(&ctx.app.service.id).await?;
    let l = Layout::new(&ctx, ctx.tr.t("page-start-title"));
    let body = render(&StartPage {
        start_href: ctx.href("/refer/start"),
        closed: (!intake.open).then(|| closed_message(&ctx, &intake)),
        urgent_href: ctx.href("/refer/urgent-help"),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> ReferralInput {
        ReferralInput {
            needs_help_now: Some("no".into()),
            emergency_signs: vec!["none".into()],
            crisis_signs: vec!["none".into()],
            other_concerns: vec!["none".into()],
            story: Some("My knees hurt on the stairs.".into()),
            matters_most: Some("Gardening.".into()),
            ..Default::default()
        }
    }

    #[test]
    fn urgent_help_follows_a_red_flag_page() {
        type Edit = fn(&mut ReferralInput);
        // (page, change, where the journey goes next)
        let rows: &[(Step, Edit, &str)] = &[
            (Step::NeedsHelpNow, |_| {}, "/refer/symptoms-now"),
            (
                Step::NeedsHelpNow,
                |a| a.needs_help_now = Some("yes".into()),
                "/refer/urgent-help",
            ),
            (Step::EmergencySigns, |_| {}, "/refer/how-you-are-feeling"),
            (
                Step::EmergencySigns,
                |a| a.emergency_signs = vec!["chest_pain".into()],
                "/refer/urgent-help?from=symptoms-now",
            ),
            (
                Step::CrisisSigns,
                |a| a.crisis_signs = vec!["self_harm".into()],
                "/refer/urgent-help?from=how-you-are-feeling",
            ),
            (
                Step::CrisisSigns,
                |a| a.crisis_signs = vec!["prefer_not_to_say".into()],
                "/refer/other-concerns",
            ),
            (
                Step::OtherConcerns,
                |a| a.other_concerns = vec!["unsafe_at_home".into()],
                "/refer/urgent-help?from=other-concerns",
            ),
            (
                Step::OtherConcerns,
                |a| a.other_concerns = vec!["back_pain_bladder".into()],
                "/refer/urgent-help?from=other-concerns",
            ),
            (
                Step::OtherConcerns,
                |a| a.other_concerns = vec!["weight_loss".into()],
                "/refer/name",
            ),
            (Step::Story, |_| {}, "/refer/difficulties"),
            (
                Step::Story,
                |a| a.story = Some("Some days I want to end it all.".into()),
                "/refer/urgent-help?from=your-words",
            ),
            (
                Step::Story,
                |a| a.story = Some("Mae gen i boen yn y frest.".into()),
                "/refer/urgent-help?from=your-words",
            ),
            (
                Step::Story,
                |a| a.story = Some("I keep falling over.".into()),
                "/refer/difficulties",
            ),
            (
                Step::MattersMost,
                |a| a.matters_most = Some("Dw i eisiau marw".into()),
                "/refer/urgent-help?from=matters-most",
            ),
            // A red flag on an earlier page does not send them back again.
            (
                Step::Duration,
                |a| a.emergency_signs = vec!["chest_pain".into()],
                "/refer/matters-most",
            ),
        ];
        for (step, edit, expected) in rows {
            let mut a = answers();
            edit(&mut a);
            assert_eq!(
                after_step(Mode::Public, *step, &a, false, Rulebook::built_in()),
                *expected,
                "{step:?}"
            );
        }
        let mut a = answers();
        a.crisis_signs = vec!["ending_life_plans".into()];
        assert_eq!(
            after_step(
                Mode::Staff,
                Step::CrisisSigns,
                &a,
                true,
                Rulebook::built_in()
            ),
            "/staff/refer/urgent-help?from=how-you-are-feeling&change=1"
        );
        assert_eq!(
            after_step(
                Mode::Staff,
                Step::CrisisSigns,
                &answers(),
                true,
                Rulebook::built_in()
            ),
            "/staff/refer/check"
        );
        assert_eq!(
            query_value(Some("from=your-words&change=1"), "from"),
            Some("your-words")
        );
        assert_eq!(query_value(Some("change=1"), "from"), None);
    }

    #[test]
    fn the_urgent_page_puts_the_fitting_advice_first() {
        assert_eq!(
            urgent_sections(&[]),
            [
                "page-urgent-999",
                "page-urgent-111",
                "page-urgent-samaritans",
                "page-urgent-abuse"
            ]
        );
        assert_eq!(
            urgent_sections(&[Advice::Crisis]),
            [
                "page-urgent-crisis",
                "page-urgent-999",
                "page-urgent-111",
                "page-urgent-samaritans",
                "page-urgent-abuse"
            ]
        );
        assert_eq!(
            urgent_sections(&[Advice::Safeguarding])[0],
            "page-urgent-abuse"
        );
        let both = urgent_sections(&[Advice::Emergency, Advice::Crisis, Advice::Safeguarding]);
        assert_eq!(
            &both[..3],
            ["page-urgent-999", "page-urgent-crisis", "page-urgent-abuse"]
        );
        assert_eq!(both.len(), 5, "nothing is shown twice or left out");
        let locales = crate::i18n::Locales::load().unwrap();
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Cy] {
            let tr = locales.get(lang);
            for id in both.iter().chain(["page-urgent-intro"].iter()) {
                assert!(tr.has(id), "{id} in {lang:?}");
            }
            assert!(tr.t("page-urgent-crisis").contains("116 123"));
            assert!(tr.t("page-urgent-crisis").contains("999"));
            assert!(tr.t("page-urgent-abuse").contains("0808 80 10 800"));
            assert!(tr.t("page-urgent-abuse").contains("0808 2000 247"));
        }
    }
}
