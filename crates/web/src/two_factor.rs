//! The second factor at sign-in: the code page, setting up an authenticator
//! app (at sign-in, when a role needs one, or later from the account page),
//! and the one-time recovery codes.
//!
//! After the password, someone who has an authenticator, or whose role
//! needs one, holds a half-signed-in session (`stage = 'password'`) that
//! opens only these pages. A code is accepted once (the store keeps the
//! newest step used); wrong codes count towards the same lockout as wrong
//! passwords. Every outcome is audited.

use askama::Template;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use roots_store::User;
use roots_store::audit::{Actor, Event, Outcome};
use serde::Deserialize;

use crate::auth;
use crate::ctx::{Ctx, SESSION_COOKIE, cookie};
use crate::error::AppError;
use crate::layout::{ErrorItem, Layout, render};

/// Where the set-up page is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// While signing in (the role needs a second factor and has none yet).
    SignIn,
    /// From the account page, by someone already signed in.
    Account,
}

impl Setup {
    fn path(self) -> &'static str {
        match self {
            Setup::SignIn => "/staff/sign-in/set-up",
            Setup::Account => "/staff/account/two-factor",
        }
    }
}

/// Whether the roles need a second factor under this service's settings.
pub fn required(ctx: &Ctx, user: &User) -> bool {
    user.roles
        .iter()
        .any(|r| ctx.app.config.two_factor_roles.contains(r))
}

/// The user of the half-signed-in session in this browser, and its token.
async fn pending(ctx: &Ctx) -> Result<Option<(User, String)>, AppError> {
    let Some(token) = ctx.jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    let user = ctx
        .app
        .store
        .pending_session_user(&token, Timestamp::now())
        .await?
        .filter(|u| u.service_id == ctx.app.service.id);
    Ok(user.map(|u| (u, token)))
}

fn unix_now() -> u64 {
    u64::try_from(Timestamp::now().as_second()).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "staff_code.html")]
struct CodePage {
    l: Layout,
    action: String,
    error: Option<String>,
}

fn code_page_body(ctx: &Ctx, error: Option<String>) -> String {
    let mut l = Layout::new(ctx, ctx.tr.t("two-factor-code-title"));
    if let Some(e) = &error {
        l.errors = vec![ErrorItem {
            href: "#code".into(),
            text: e.clone(),
        }];
    }
    render(&CodePage {
        action: ctx.href("/staff/sign-in/code"),
        error,
        l,
    })
}

/// Where to send someone who reaches a second-factor page without a
/// half-finished sign-in: on to their work if they are signed in, else back
/// to sign in, told that the ten minutes ran out.
fn elsewhere(ctx: Ctx) -> Response {
    if ctx.user.is_some() {
        ctx.see_other("/staff/referrals")
    } else {
        ctx.see_other("/staff/sign-in?timed-out=1")
    }
}

pub async fn code_page(ctx: Ctx) -> Result<Response, AppError> {
    if pending(&ctx).await?.is_none() {
        return Ok(elsewhere(ctx));
    }
    let body = code_page_body(&ctx, None);
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    /// The current password, when setting up from the account page.
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// Longest code looked at; anything longer is refused unread.
const MAX_CODE: usize = 64;

pub async fn code_submit(
    mut ctx: Ctx,
    form: crate::input::Strict<axum::Form<CodeForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let Some((user, token)) = pending(&ctx).await? else {
        return Ok(elsewhere(ctx));
    };
    let store = ctx.app.store.clone();
    let now = Timestamp::now();
    let actor = crate::ctx::actor(Some(&user), ctx.request_id.clone());
    let account = user.email.clone();
    let code = form.code.trim();
    let (status, error) = if code.is_empty() {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.tr.t("two-factor-code-missing"),
        )
    } else if crate::staff::locked_out(&ctx, &account, now).await? {
        store.end_session(&token).await?;
        store
            .audit(
                &actor,
                Event::on("auth.two_factor", "user", &user.id)
                    .outcome(Outcome::Denied)
                    .detail("locked out for now"),
            )
            .await?;
        (
            StatusCode::TOO_MANY_REQUESTS,
            ctx.tr.t("staff-sign-in-locked"),
        )
    } else {
        let state = store.totp_state(&user.id).await?;
        let step = state
            .secret
            .as_deref()
            .filter(|_| code.len() <= MAX_CODE)
            .and_then(|s| auth::check_totp(s, code, unix_now()));
        match step {
            Some(step) if store.accept_totp_step(&user.id, step).await? => {
                let full = store
                    .complete_sign_in(
                        &token,
                        &user.id,
                        now,
                        ctx.app.config.session,
                        &actor,
                        "authenticator",
                    )
                    .await?;
                store.clear_sign_in_failures("account", &account).await?;
                ctx.jar = ctx.jar.clone().add(cookie(&ctx.app, SESSION_COOKIE, full));
                tracing::info!(user_id = %user.id, "signed in with a second factor");
                return Ok(ctx.see_other("/staff/referrals"));
            }
            Some(_) => {
                store
                    .audit(
                        &actor,
                        Event::on("auth.two_factor", "user", &user.id)
                            .outcome(Outcome::Denied)
                            .detail("code already used"),
                    )
                    .await?;
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ctx.tr.t("two-factor-code-reused"),
                )
            }
            None => {
                let remaining = if code.len() <= MAX_CODE {
                    store
                        .use_recovery_code(&user.id, &auth::recovery_code_hash(code), now)
                        .await?
                } else {
                    None
                };
                if let Some(left) = remaining {
                    let full = store
                        .complete_sign_in(
                            &token,
                            &user.id,
                            now,
                            ctx.app.config.session,
                            &actor,
                            "recovery code",
                        )
                        .await?;
                    store.clear_sign_in_failures("account", &account).await?;
                    ctx.jar = ctx.jar.clone().add(cookie(&ctx.app, SESSION_COOKIE, full));
                    tracing::info!(user_id = %user.id, left, "signed in with a recovery code");
                    return Ok(ctx.see_other("/staff/account?recovery-used=1"));
                }
                crate::staff::record_failure(&ctx, &account, now).await?;
                store
                    .audit(
                        &actor,
                        Event::on("auth.two_factor", "user", &user.id).outcome(Outcome::Failure),
                    )
                    .await?;
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ctx.tr.t("two-factor-code-wrong"),
                )
            }
        }
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        ctx.jar = ctx.jar.clone().remove(SESSION_COOKIE);
    }
    let body = code_page_body(&ctx, Some(error));
    Ok(ctx.html(status, body))
}

/// Who is setting up: the half-signed-in user at sign-in, or the signed-in
/// user from the account page.
async fn setting_up(ctx: &Ctx, setup: Setup) -> Result<Option<(User, Option<String>)>, AppError> {
    Ok(match setup {
        Setup::SignIn => pending(ctx).await?.map(|(u, t)| (u, Some(t))),
        Setup::Account => ctx.user.clone().map(|u| (u, None)),
    })
}

#[derive(Template)]
#[template(path = "staff_two_factor_setup.html")]
struct SetupPage {
    l: Layout,
    action: String,
    qr_src: String,
    key: String,
    error: Option<String>,
    /// From the account page, the current password is asked for too, so
    /// that someone at an unlocked computer cannot swap in their own app.
    confirm_password: bool,
    password_error: Option<String>,
}

fn setup_body(
    ctx: &Ctx,
    setup: Setup,
    key: &str,
    error: Option<String>,
    password_error: Option<String>,
) -> String {
    let mut l = Layout::new(ctx, ctx.tr.t("two-factor-setup-title"));
    l.errors = ErrorItem::for_fields(&[("password", &password_error), ("code", &error)]);
    if setup == Setup::Account {
        l = l.back(Some(ctx.href("/staff/account")));
    }
    render(&SetupPage {
        action: ctx.href(setup.path()),
        qr_src: format!("{}/qr.svg", ctx.href(setup.path())),
        key: auth::grouped(key),
        error,
        confirm_password: setup == Setup::Account,
        password_error,
        l,
    })
}

/// The key waiting to be proved, made now if there is none.
async fn pending_key(ctx: &Ctx, user: &User) -> Result<String, AppError> {
    let state = ctx.app.store.totp_state(&user.id).await?;
    match state.pending {
        Some(k) => Ok(k),
        None => {
            let k = auth::new_totp_secret();
            ctx.app.store.set_totp_pending(&user.id, &k).await?;
            Ok(k)
        }
    }
}

pub async fn setup_page(ctx: Ctx, setup: Setup) -> Result<Response, AppError> {
    let Some((user, _)) = setting_up(&ctx, setup).await? else {
        return Ok(elsewhere(ctx));
    };
    if setup == Setup::SignIn && user.two_factor {
        return Ok(ctx.see_other("/staff/sign-in/code"));
    }
    let key = pending_key(&ctx, &user).await?;
    let body = setup_body(&ctx, setup, &key, None, None);
    Ok(ctx.html(StatusCode::OK, body))
}

/// The QR code of the pending key, as an image (never in a URL).
pub async fn setup_qr(ctx: Ctx, setup: Setup) -> Result<Response, AppError> {
    let Some((user, _)) = setting_up(&ctx, setup).await? else {
        return Err(AppError::NotFound);
    };
    let key = pending_key(&ctx, &user).await?;
    let issuer = ctx.app.service.name.clone();
    let svg = auth::otpauth_url(&key, &user.email, &issuer)
        .and_then(|u| auth::qr_svg(&u))
        .ok_or_else(|| AppError::Internal("could not draw the QR code".into()))?;
    Ok((
        [(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "no-store")],
        svg,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "staff_recovery_codes.html")]
struct RecoveryPage {
    l: Layout,
    codes: Vec<String>,
    next: String,
}

pub async fn setup_submit(
    mut ctx: Ctx,
    setup: Setup,
    form: crate::input::Strict<axum::Form<CodeForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let Some((user, token)) = setting_up(&ctx, setup).await? else {
        return Ok(elsewhere(ctx));
    };
    let store = ctx.app.store.clone();
    let key = pending_key(&ctx, &user).await?;
    let code = form.code.trim();
    let actor: Actor = crate::ctx::actor(Some(&user), ctx.request_id.clone());
    let password_error = if setup == Setup::Account {
        let hash = store.password_hash(&user.id).await?;
        if form.password.is_empty() {
            Some(ctx.tr.t("password-current-missing"))
        } else if form.password.len() > auth::MAX_PASSWORD_LEN
            || !auth::verify_password(&form.password, &hash)
        {
            Some(ctx.tr.t("password-current-wrong"))
        } else {
            None
        }
    } else {
        None
    };
    let step = auth::check_totp(&key, code, unix_now()).filter(|_| password_error.is_none());
    let Some(step) = step else {
        let message = if code.is_empty() {
            "two-factor-code-missing"
        } else {
            "two-factor-setup-wrong"
        };
        store
            .audit(
                &actor,
                Event::on("auth.two_factor_enrol", "user", &user.id).outcome(Outcome::Failure),
            )
            .await?;
        let code_error =
            if password_error.is_some() && auth::check_totp(&key, code, unix_now()).is_some() {
                None
            } else {
                Some(ctx.tr.t(message))
            };
        let body = setup_body(&ctx, setup, &key, code_error, password_error);
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    };
    let codes = auth::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| auth::recovery_code_hash(c)).collect();
    store.enrol_totp(&user.id, step, &hashes, &actor).await?;
    if let Some(token) = token {
        let full = store
            .complete_sign_in(
                &token,
                &user.id,
                Timestamp::now(),
                ctx.app.config.session,
                &actor,
                "authenticator set up",
            )
            .await?;
        ctx.jar = ctx.jar.clone().add(cookie(&ctx.app, SESSION_COOKIE, full));
    }
    tracing::info!(user_id = %user.id, "authenticator set up");
    let next = match setup {
        Setup::SignIn => ctx.href("/staff/referrals"),
        Setup::Account => ctx.href("/staff/account"),
    };
    let l = Layout::new(&ctx, ctx.tr.t("two-factor-recovery-title"));
    let body = render(&RecoveryPage { l, codes, next });
    Ok(ctx.html(StatusCode::OK, body))
}
