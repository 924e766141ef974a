//! Staff pages: sign in and out, the list of referrals, one referral, and
//! the start of a staff-entered referral (its questions are in `public.rs`).

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use roots_core::policy;
use roots_core::referral::Mode;
use serde::Deserialize;

use roots_store::audit::{Actor, Event, Outcome};
use roots_store::sessions::{Attempt, Counted};

use crate::ctx::{CookieName, Ctx};
use crate::error::AppError;
use crate::layout::{ErrorItem, Layout, render};
use crate::summary::{Row, summary_rows};

const PAGE_SIZE: i64 = 50;
/// The highest page of the referral list (50 million referrals).
const MAX_PAGE: i64 = 1_000_000;

pub async fn home(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    Ok(ctx.see_other("/staff/referrals"))
}

#[derive(Template)]
#[template(path = "staff_sign_in.html")]
struct SignInPage {
    l: Layout,
    email: String,
    email_error: Option<String>,
    password_error: Option<String>,
    notice: Option<String>,
}

pub async fn sign_in_page(ctx: Ctx) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(ctx.see_other("/staff/referrals"));
    }
    let q = ctx.query.as_deref().unwrap_or_default();
    let notice = if q.contains("signed-out=1") {
        Some(ctx.tr.t("staff-signed-out"))
    } else if q.contains("password-changed=1") {
        Some(ctx.tr.t("password-changed"))
    } else if q.contains("timed-out=1") {
        Some(ctx.tr.t("two-factor-timed-out"))
    } else {
        None
    };
    let l = Layout::new(&ctx, ctx.tr.t("staff-sign-in-title"));
    let body = render(&SignInPage {
        l,
        email: String::new(),
        email_error: None,
        password_error: None,
        notice,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// Failed sign-ins are counted over this window…
const LOCKOUT_WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_mins(15);
/// …and sign-in is refused for an account after this many…
const ACCOUNT_LIMIT: i64 = 5;
/// …or from one address after this many (a shared clinic network counts as one).
const ADDRESS_LIMIT: i64 = 20;

/// Longest credential accepted; longer input is refused before hashing.
const MAX_CREDENTIAL: usize = 256;

/// The key the per-address limit counts under.
fn address_key(ctx: &Ctx) -> String {
    ctx.peer
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The limits, as the store counts them.
const LIMITS: roots_store::sessions::AttemptLimits = roots_store::sessions::AttemptLimits {
    window: LOCKOUT_WINDOW,
    account: ACCOUNT_LIMIT,
    address: ADDRESS_LIMIT,
};

/// Asks to check one password or code for an account: `None` when the
/// account, or the address the request came from, has used up its
/// attempts lately (wrong passwords and wrong codes alike, and attempts
/// still being checked). Otherwise the attempt is counted, before anything
/// is checked and in the same transaction as the count it is held to
/// (`Store::begin_sign_in_attempt`), so attempts sent all at once meet the
/// same limits as attempts sent one by one. It stays counted as a failure
/// unless it turns out right ([`right`]).
///
/// Before answering, it waits longer the more an account has failed lately
/// (backoff: `auth::backoff`), so guessing is slow well before the lockout.
pub(crate) async fn attempt(
    ctx: &Ctx,
    account: &str,
    now: Timestamp,
) -> Result<Option<Counted>, AppError> {
    match ctx
        .app
        .store
        .begin_sign_in_attempt(account, &address_key(ctx), now, LIMITS)
        .await?
    {
        Attempt::Locked => Ok(None),
        Attempt::Go(counted) => {
            tokio::time::sleep(crate::auth::backoff(counted.account_before)).await;
            Ok(Some(counted))
        }
    }
}

/// An attempt turned out right: it no longer counts against the account
/// or the address.
pub(crate) async fn right(ctx: &Ctx, counted: &Counted) -> Result<(), AppError> {
    Ok(ctx.app.store.take_back_attempt(counted).await?)
}

pub async fn sign_in(
    mut ctx: Ctx,
    form: crate::input::Strict<axum::Form<SignInForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let email = form
        .email
        .trim()
        .chars()
        .take(MAX_CREDENTIAL)
        .collect::<String>();
    let (mut email_error, mut password_error) = (None, None);
    if email.is_empty() {
        email_error = Some(ctx.tr.t("staff-sign-in-email-missing"));
    } else if let Err(e) = roots_core::text::field(
        "email",
        roots_core::text::Kind::Token,
        &email,
        MAX_CREDENTIAL,
    ) {
        // NUL and the like are no account's: said on the field, never
        // looked up (PostgreSQL cannot compare text with a NUL in it).
        email_error = Some(crate::forms::message(&ctx.tr, &e));
    }
    if form.password.is_empty() {
        password_error = Some(ctx.tr.t("staff-sign-in-password-missing"));
    }
    if email_error.is_none() && password_error.is_none() {
        let store = ctx.app.store.clone();
        let now = Timestamp::now();
        let account = email.to_lowercase();
        // Locked out: refused before any password hashing, so a flood of
        // sign-ins from a locked-out address costs a count and an audit
        // event each, not an argon2 hash.
        let Some(counted) = attempt(&ctx, &account, now).await? else {
            let event = Event::action("auth.sign_in")
                .outcome(Outcome::Denied)
                .detail("locked out for now");
            store
                .audit(&Actor::anonymous(ctx.request_id.clone()), event)
                .await?;
            tracing::info!("sign-in refused: too many failures");
            let locked = Some(ctx.tr.t("staff-sign-in-locked"));
            return Ok(sign_in_again(
                ctx,
                email,
                StatusCode::TOO_MANY_REQUESTS,
                locked,
                None,
            ));
        };
        let found = if form.password.len() > MAX_CREDENTIAL {
            None
        } else {
            store.user_for_sign_in(&email).await?
        };
        let user = match found {
            // Staff of another service sharing the database cannot sign in
            // here: the same answer as a wrong password.
            Some((user, hash))
                if crate::auth::verify_password(&form.password, &hash)
                    && user.service_id == ctx.app.service.id =>
            {
                Some(user)
            }
            Some((user, _)) => {
                let event = Event::on("auth.sign_in", "user", &user.id).outcome(Outcome::Failure);
                store
                    .audit(&Actor::anonymous(ctx.request_id.clone()), event)
                    .await?;
                None
            }
            None => {
                // As long as a known account's check takes.
                crate::auth::dummy_verify(&form.password);
                let event = Event::action("auth.sign_in")
                    .outcome(Outcome::Failure)
                    .detail("unknown account");
                store
                    .audit(&Actor::anonymous(ctx.request_id.clone()), event)
                    .await?;
                None
            }
        };
        if let Some(user) = user {
            // The password was right: this attempt is no failure.
            right(&ctx, &counted).await?;
            let actor = crate::ctx::actor(Some(&user), ctx.request_id.clone());
            if user.two_factor || crate::two_factor::required(&ctx, &user) {
                // The password is right; the second factor is still to come.
                let token = store.create_pending_session(&user.id, now).await?;
                ctx.set_session(token);
                store
                    .audit(
                        &actor,
                        Event::on("auth.password", "user", &user.id)
                            .detail("second factor to come"),
                    )
                    .await?;
                let next = if user.two_factor {
                    "/staff/sign-in/code"
                } else {
                    "/staff/sign-in/set-up"
                };
                return Ok(ctx.see_other(next));
            }
            store.clear_sign_in_failures("account", &account).await?;
            let token = store
                .create_session(&user.id, now, ctx.app.config.session)
                .await?;
            // A new session token at every sign-in (no session fixation).
            ctx.set_session(token);
            tracing::info!(user_id = %user.id, "signed in");
            store
                .audit(&actor, Event::on("auth.sign_in", "user", &user.id))
                .await?;
            return Ok(ctx.see_other("/staff/referrals"));
        }
        // The attempt stays counted, as a failure.
        tracing::info!("sign-in failed");
        // One message whether the email or the password was wrong.
        email_error = Some(ctx.tr.t("staff-sign-in-failed"));
    }
    Ok(sign_in_again(
        ctx,
        email,
        StatusCode::UNPROCESSABLE_ENTITY,
        email_error,
        password_error,
    ))
}

/// The sign-in page again, with what was typed (never the password).
fn sign_in_again(
    ctx: Ctx,
    email: String,
    status: StatusCode,
    email_error: Option<String>,
    password_error: Option<String>,
) -> Response {
    let mut l = Layout::new(&ctx, ctx.tr.t("staff-sign-in-title"));
    l.errors = ErrorItem::for_fields(&[("email", &email_error), ("password", &password_error)]);
    let body = render(&SignInPage {
        l,
        email,
        email_error,
        password_error,
        notice: None,
    });
    ctx.html(status, body)
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn sign_out(
    mut ctx: Ctx,
    form: crate::input::Strict<axum::Form<CsrfOnly>>,
) -> Result<Response, AppError> {
    // With no session cookie there is nothing to end and nothing to forge:
    // a page from before "sign out everywhere" (whose token came from the
    // session that ended) still signs out.
    if ctx.session.is_some() {
        ctx.check_csrf(Some(&form.csrf))?;
    }
    if let Some(token) = &ctx.session {
        ctx.app.store.end_session(token).await?;
    }
    if let Some(user) = &ctx.user {
        ctx.audit(Event::on("auth.sign_out", "user", &user.id))
            .await?;
    }
    ctx.end_session_cookie();
    ctx.forget_cookie(CookieName::StaffDraft);
    Ok(ctx.see_other("/staff/sign-in?signed-out=1"))
}

/// Ends every session of the signed-in user, on every device.
pub async fn sign_out_everywhere(
    mut ctx: Ctx,
    form: crate::input::Strict<axum::Form<CsrfOnly>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let user = ctx.require_staff()?.clone();
    let ended = ctx.app.store.end_all_sessions(&user.id).await?;
    let detail = format!("{ended} sessions ended");
    ctx.audit(Event::on("auth.sign_out_everywhere", "user", &user.id).detail(&detail))
        .await?;
    ctx.end_session_cookie();
    ctx.forget_cookie(CookieName::StaffDraft);
    Ok(ctx.see_other("/staff/sign-in?signed-out=1"))
}

pub struct TokenRow {
    pub name: String,
    pub expires: String,
    pub last_used: String,
    pub status: String,
    pub live: bool,
    pub revoke_action: String,
}

#[derive(Template)]
#[template(path = "staff_tokens.html")]
struct TokensPage {
    l: Layout,
    tokens: Vec<TokenRow>,
}

/// The signed-in user's API tokens, with a button to revoke each.
pub async fn tokens(ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_staff()?;
    let now = Timestamp::now();
    let tr = &ctx.tr;
    let tokens = ctx
        .app
        .store
        .api_tokens(&user.id)
        .await?
        .into_iter()
        .map(|t| {
            let live = t.revoked_at.is_none() && t.expires_at > now;
            TokenRow {
                expires: local_time(t.expires_at),
                last_used: t
                    .last_used_at
                    .map_or_else(|| tr.t("staff-tokens-never"), local_time),
                status: if t.revoked_at.is_some() {
                    tr.t("staff-tokens-revoked")
                } else if live {
                    String::new()
                } else {
                    tr.t("staff-tokens-expired")
                },
                live,
                revoke_action: ctx.href(&format!("/staff/tokens/{}/revoke", t.id)),
                name: t.name,
            }
        })
        .collect();
    let l = Layout::new(&ctx, tr.t("staff-tokens-title"));
    let body = render(&TokensPage { l, tokens });
    Ok(ctx.html(StatusCode::OK, body))
}

pub async fn revoke_token(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum::Form<CsrfOnly>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let user = ctx.require_staff()?.clone();
    ctx.app
        .store
        .revoke_api_token(&user.id, &id, Timestamp::now())
        .await?;
    ctx.audit(Event::on("token.revoke", "api_token", &id))
        .await?;
    Ok(ctx.see_other("/staff/tokens"))
}

pub struct ListRow {
    pub href: String,
    pub reference: String,
    pub name: String,
    pub received: String,
    pub received_exact: String,
    pub status: String,
    pub source: String,
    pub practice: String,
    pub help_now: bool,
}

#[derive(Template)]
#[template(path = "staff_list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<ListRow>,
    newer: Option<String>,
    older: Option<String>,
}

/// "3 hours ago", in whole units, for a list people scan.
fn age(tr: &crate::i18n::Tr, then: Timestamp, now: Timestamp) -> String {
    let mins = now.duration_since(then).as_secs().max(0) / 60;
    match mins {
        0 => tr.t("staff-age-now"),
        m if m < 60 => tr.tn("staff-age-minutes", &[("n", m)]),
        m if m < 60 * 24 => tr.tn("staff-age-hours", &[("n", m / 60)]),
        m => tr.tn("staff-age-days", &[("n", m / (60 * 24))]),
    }
}

/// A time as people in the service read it: Europe/London, 24-hour clock.
pub fn local_time(t: Timestamp) -> String {
    t.in_tz("Europe/London")
        .map(|z| z.strftime("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| t.to_string())
}

pub async fn list(ctx: Ctx) -> Result<Response, AppError> {
    let viewer = ctx.require_staff()?.id.clone();
    let page: i64 = ctx
        .query
        .as_deref()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("page=")))
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        // Past the last page the list is empty, with a link back; a page
        // number so large that its offset overflows is simply the last
        // page Roots will count to.
        .min(MAX_PAGE);
    let service = &ctx.app.service.id;
    ctx.audit(Event::action("referral.list")).await?;
    let items = ctx
        .app
        .store
        .list_referrals_for(
            service,
            Some(&viewer),
            PAGE_SIZE + 1,
            (page - 1).saturating_mul(PAGE_SIZE),
        )
        .await?;
    let now = Timestamp::now();
    let tr = &ctx.tr;
    let has_more = items.len() as i64 > PAGE_SIZE;
    let rows = items
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|r| ListRow {
            href: ctx.href(&format!("/staff/referrals/{}", r.id)),
            name: format!("{} {}", r.given_name, r.family_name),
            received: age(tr, r.created_at, now),
            received_exact: local_time(r.created_at),
            status: tr.t(&format!("staff-status-{}", r.status)),
            source: tr.t(&format!("opt-source-{}", r.source)),
            practice: r
                .practice_name
                .unwrap_or_else(|| tr.t("opt-practice-not_listed")),
            help_now: r.needs_help_now,
            reference: r.reference,
        })
        .collect();
    let l = Layout::new(&ctx, tr.t("staff-referrals-title"));
    let body = render(&ListPage {
        rows,
        newer: (page > 1).then(|| ctx.href(&format!("/staff/referrals?page={}", page - 1))),
        older: has_more.then(|| ctx.href(&format!("/staff/referrals?page={}", page + 1))),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Template)]
#[template(path = "staff_referral.html")]
struct ReferralPage {
    l: Layout,
    received: String,
    channel: String,
    entered_by: Option<String>,
    help_now: bool,
    rows: Vec<Row>,
    /// The current triage: priority label and colour, pathways.
    priority: (String, &'static str),
    pathways: String,
    triage_href: Option<String>,
    episode_href: Option<String>,
}

pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let user = ctx.require_staff()?.clone();
    let service = &ctx.app.service.id;
    let found = ctx.app.store.referral(service, &id).await;
    if let Ok(r) = &found
        && !policy::in_scope(&user.practice_ids, r.practice_id.as_deref())
        && !ctx
            .app
            .store
            .break_glass_active(&user.id, &id, Timestamp::now())
            .await?
    {
        ctx.audit(
            Event::on("referral.view", "referral", &id)
                .outcome(Outcome::Denied)
                .detail("outside the user's practices"),
        )
        .await?;
        return break_glass_page(ctx, &id, &user, None, String::new());
    }
    let outcome = if found.is_ok() {
        Outcome::Success
    } else {
        Outcome::Failure
    };
    // Inside a break-glass opening, every view says so in the trail.
    let via_break_glass = found
        .as_ref()
        .is_ok_and(|r| !policy::in_scope(&user.practice_ids, r.practice_id.as_deref()));
    let mut event = Event::on("referral.view", "referral", &id).outcome(outcome);
    if via_break_glass {
        event = event.detail("break-glass");
    }
    ctx.audit(event).await?;
    let r = found?;
    let practices = ctx.app.store.practices(service).await?;
    let triage = ctx.app.store.queue_row(service, &id).await?;
    let episode = ctx.app.store.episode_of_referral(&id).await?;
    let tr = &ctx.tr;
    let mode = if r.summary.channel == "staff" {
        Mode::Staff
    } else {
        Mode::Public
    };
    let l = Layout::new(
        &ctx,
        tr.t1("staff-referral-title", "reference", &r.summary.reference),
    )
    .back(Some(ctx.href("/staff/referrals")));
    let body = render(&ReferralPage {
        received: tr.t1(
            "staff-referral-received",
            "when",
            local_time(r.summary.created_at),
        ),
        channel: tr.t(&format!("opt-channel-{}", r.summary.channel)),
        entered_by: r
            .entered_by_name
            .as_ref()
            .map(|n| tr.t1("staff-referral-entered-by", "name", n)),
        help_now: r.summary.needs_help_now,
        rows: summary_rows(tr, mode, &r.answers, &practices, None),
        priority: crate::triage_pages::priority_tag(tr, triage.priority),
        pathways: crate::triage_pages::pathway_names(tr, &triage.pathways),
        triage_href: policy::allows(&user.roles, policy::Action::TriageDecide)
            .then(|| ctx.href(&format!("/staff/referrals/{id}/triage"))),
        episode_href: episode
            .filter(|_| policy::allows(&user.roles, policy::Action::EpisodeRead))
            .map(|e| ctx.href(&format!("/staff/episodes/{e}"))),
        l,
    });
    tracing::info!(referral_id = %id, "referral viewed");
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Template)]
#[template(path = "staff_new.html")]
struct NewReferralPage {
    l: Layout,
    action: String,
}

pub async fn new_referral(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    let l = Layout::new(&ctx, ctx.tr.t("staff-new-title"));
    let body = render(&NewReferralPage {
        action: ctx.href("/staff/new-referral"),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

/// Starts a fresh staff-entered referral (forgetting any unfinished one of
/// this browser's, which stays on the server until it expires).
pub async fn start_referral(
    mut ctx: Ctx,
    form: crate::input::Strict<axum::Form<CsrfOnly>>,
) -> Result<Response, AppError> {
    ctx.require_staff()?;
    ctx.check_csrf(Some(&form.csrf))?;
    ctx.forget_cookie(CookieName::StaffDraft);
    let first = roots_core::referral::Step::all(Mode::Staff)[0];
    Ok(ctx.see_other(&format!("/staff/refer/{}", first.slug())))
}

#[derive(Template)]
#[template(path = "staff_break_glass.html")]
struct BreakGlassPage {
    l: Layout,
    action: String,
    may: bool,
    reason: String,
    error: Option<String>,
}

/// Shortest and longest reason accepted for opening a record outside one's
/// practices.
const REASON_MIN: usize = 10;
const REASON_MAX: usize = 500;

/// The page shown instead of a referral outside the user's practices: a
/// clinician may give a reason and open it; anyone else is refused.
fn break_glass_page(
    ctx: Ctx,
    id: &str,
    user: &roots_store::User,
    error: Option<String>,
    reason: String,
) -> Result<Response, AppError> {
    let may = policy::may_break_glass(&user.roles);
    let mut l =
        Layout::new(&ctx, ctx.tr.t("break-glass-title")).back(Some(ctx.href("/staff/referrals")));
    if let Some(e) = &error {
        l.errors = vec![ErrorItem {
            href: "#reason".into(),
            text: e.clone(),
        }];
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::FORBIDDEN
    };
    let body = render(&BreakGlassPage {
        action: ctx.href(&format!("/staff/referrals/{id}/break-glass")),
        may,
        reason,
        error,
        l,
    });
    Ok(ctx.html(status, body))
}

#[derive(Deserialize)]
pub struct BreakGlassForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    csrf: String,
}

/// A clinician opens a record outside their practices, giving a reason. The
/// opening lasts an hour, is flagged in the audit trail and is listed for
/// the service lead.
pub async fn break_glass(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum::Form<BreakGlassForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let user = ctx.require_staff()?.clone();
    // Only a referral of this service can be opened.
    ctx.app.store.referral(&ctx.app.service.id, &id).await?;
    let (reason, refused) = match crate::input::typed(
        &ctx.tr,
        roots_core::text::Kind::Long,
        &form.reason,
        REASON_MAX,
    ) {
        Ok(r) => (r, None),
        Err(m) => (form.reason.trim().to_owned(), Some(m)),
    };
    let n = reason.chars().count();
    let error = if refused.is_some() {
        refused
    } else if n < REASON_MIN {
        Some(
            ctx.tr
                .tn("break-glass-reason-short", &[("min", REASON_MIN as i64)]),
        )
    } else if n > REASON_MAX {
        Some(ctx.tr.tn("error-too-long", &[("max", REASON_MAX as i64)]))
    } else {
        None
    };
    if error.is_some() {
        return break_glass_page(ctx, &id, &user, error, reason);
    }
    let bg = ctx
        .app
        .store
        .break_glass(
            &ctx.app.service.id,
            &id,
            &reason,
            &ctx.actor(),
            Timestamp::now(),
        )
        .await?;
    tracing::warn!(referral_id = %id, break_glass_id = %bg, "record opened outside the user's practices");
    Ok(ctx.see_other(&format!("/staff/referrals/{id}")))
}

pub struct BreakGlassRow {
    pub when: String,
    pub who: String,
    pub reference: String,
    pub href: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "staff_break_glass_list.html")]
struct BreakGlassListPage {
    l: Layout,
    rows: Vec<BreakGlassRow>,
}

/// Every break-glass opening in the service, for the service lead.
pub async fn break_glass_list(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    ctx.audit(Event::action("break_glass.list")).await?;
    let rows = ctx
        .app
        .store
        .break_glass_list(&ctx.app.service.id, 500)
        .await?
        .into_iter()
        .map(|b| BreakGlassRow {
            when: local_time(b.at),
            who: format!("{} ({})", b.user_name, b.user_email),
            href: ctx.href(&format!("/staff/audit?record={}", b.reference)),
            reference: b.reference,
            reason: b.reason,
        })
        .collect();
    let l = Layout::new(&ctx, ctx.tr.t("break-glass-list-title"));
    let body = render(&BreakGlassListPage { l, rows });
    Ok(ctx.html(StatusCode::OK, body))
}
