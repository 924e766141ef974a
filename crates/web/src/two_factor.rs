//! The second factor at sign-in: the code page, setting up an authenticator
//! app (at sign-in, when a role needs one, or later from the account page),
//! and the one-time recovery codes.
//!
//! After the password, someone who has an authenticator, or whose role
//! needs one, holds a half-signed-in session (`stage = 'password'`) that
//! opens only these pages. Which ones is declared with the routes
//! (`Access::HalfSignedIn`) and checked by the guard against the user's
//! authenticator state in the database on every request: the code pages
//! for someone who has an authenticator, the set-up pages for someone who
//! has none. The store refuses too: a key set up while signing in never
//! replaces one (`Enrolment::First`). The key a set-up page shows belongs
//! to that session alone (kept on its row, `Store::setup_key`), and only the
//! session that proves it with a code makes it the account's
//! (`Store::enrol_totp`), so a key someone else saw with the password never
//! becomes the second factor. A code is accepted once (the store keeps the
//! newest step used); each code is counted towards the same lockout as
//! passwords before it is checked (`staff::attempt`), and taken back when
//! right. Every outcome is audited.

use askama::Template;
use axum::Extension;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use roots_store::audit::{Actor, Event, Outcome};
use roots_store::two_factor::Enrolment;
use roots_store::{StoreError, User};
use serde::Deserialize;

use crate::access::HalfSignedIn;
use crate::auth;
use crate::ctx::Ctx;
use crate::error::{AppError, ErrorPage};
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

    fn enrolment(self) -> Enrolment {
        match self {
            Setup::SignIn => Enrolment::First,
            Setup::Account => Enrolment::Replace,
        }
    }
}

/// No key file to seal authenticator keys with: nobody can set one up
/// until an operator configures it (`two_factor_key_file`).
const NO_KEY_FILE: ErrorPage = ErrorPage {
    title: "two-factor-unavailable-title",
    text: "two-factor-unavailable-text",
    link: None,
};

fn no_key_file() -> Response {
    tracing::error!(
        "an authenticator could not be set up: no two-factor key file is configured (two_factor_key_file)"
    );
    let mut res = StatusCode::SERVICE_UNAVAILABLE.into_response();
    res.extensions_mut().insert(NO_KEY_FILE);
    res
}

/// Whether the roles need a second factor under this service's settings.
pub fn required(ctx: &Ctx, user: &User) -> bool {
    user.roles
        .iter()
        .any(|r| ctx.app.config.two_factor_roles.contains(r))
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

/// The code page. Only someone half signed in who has an authenticator
/// reaches it (`Access::HalfSignedIn(Stage::Code)`).
pub async fn code_page(
    ctx: Ctx,
    Extension(_): Extension<HalfSignedIn>,
) -> Result<Response, AppError> {
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
    Extension(half): Extension<HalfSignedIn>,
    form: crate::input::Strict<axum::Form<CodeForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let HalfSignedIn { user, token, .. } = half;
    let store = ctx.app.store.clone();
    let now = Timestamp::now();
    let actor = crate::ctx::actor(Some(&user), ctx.request_id.clone());
    let account = user.email.to_lowercase();
    let code = form.code.trim();
    // Counted before the code is checked, and held to the same limits as
    // passwords, however many codes arrive at once.
    let counted = if code.is_empty() {
        None
    } else {
        Some(crate::staff::attempt(&ctx, &account, now).await?)
    };
    let (status, error) = match counted {
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.tr.t("two-factor-code-missing"),
        ),
        Some(None) => {
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
        }
        Some(Some(counted)) => {
            let state = store.totp_state(&user.id).await?;
            let step = state
                .secret
                .as_deref()
                .filter(|_| code.len() <= MAX_CODE)
                .and_then(|s| auth::check_totp(s, code, unix_now()));
            match step {
                Some(step) if store.accept_totp_step(&user.id, step).await? => {
                    crate::staff::right(&ctx, &counted).await?;
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
                    ctx.set_session(full);
                    tracing::info!(user_id = %user.id, "signed in with a second factor");
                    return Ok(ctx.see_other("/staff/referrals"));
                }
                Some(_) => {
                    // A right code used already: no guess, and no failure.
                    crate::staff::right(&ctx, &counted).await?;
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
                        crate::staff::right(&ctx, &counted).await?;
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
                        ctx.set_session(full);
                        tracing::info!(user_id = %user.id, left, "signed in with a recovery code");
                        return Ok(ctx.see_other("/staff/account?recovery-used=1"));
                    }
                    // The attempt stays counted, as a failure.
                    store
                        .audit(
                            &actor,
                            Event::on("auth.two_factor", "user", &user.id)
                                .outcome(Outcome::Failure),
                        )
                        .await?;
                    (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        ctx.tr.t("two-factor-code-wrong"),
                    )
                }
            }
        }
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        ctx.end_session_cookie();
    }
    let body = code_page_body(&ctx, Some(error));
    Ok(ctx.html(status, body))
}

/// Who is setting up, and in which session (the key shown belongs to it
/// alone): the half-signed-in user at sign-in (the guard let only someone
/// with no authenticator through), or the signed-in user from the account
/// page.
fn setting_up(
    ctx: &Ctx,
    setup: Setup,
    half: Option<HalfSignedIn>,
) -> Result<(User, String), AppError> {
    match (setup, half, &ctx.session) {
        (Setup::SignIn, Some(h), _) => Ok((h.user, h.token)),
        (Setup::Account, _, Some(token)) => Ok((ctx.require_staff()?.clone(), token.clone())),
        _ => Err(AppError::SignIn(ctx.lang)),
    }
}

pub async fn sign_in_setup_page(
    ctx: Ctx,
    Extension(half): Extension<HalfSignedIn>,
) -> Result<Response, AppError> {
    setup_page(ctx, Setup::SignIn, Some(half)).await
}

pub async fn sign_in_setup_qr(
    ctx: Ctx,
    Extension(half): Extension<HalfSignedIn>,
) -> Result<Response, AppError> {
    setup_qr(ctx, Setup::SignIn, Some(half)).await
}

pub async fn sign_in_setup_submit(
    ctx: Ctx,
    Extension(half): Extension<HalfSignedIn>,
    form: crate::input::Strict<axum::Form<CodeForm>>,
) -> Result<Response, AppError> {
    setup_submit(ctx, Setup::SignIn, Some(half), form).await
}

pub async fn account_setup_page(ctx: Ctx) -> Result<Response, AppError> {
    setup_page(ctx, Setup::Account, None).await
}

pub async fn account_setup_qr(ctx: Ctx) -> Result<Response, AppError> {
    setup_qr(ctx, Setup::Account, None).await
}

pub async fn account_setup_submit(
    ctx: Ctx,
    form: crate::input::Strict<axum::Form<CodeForm>>,
) -> Result<Response, AppError> {
    setup_submit(ctx, Setup::Account, None, form).await
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

/// The key waiting to be proved on this session's set-up page, made now
/// if it has none; never another session's. `None` when the store refused
/// to keep one: at sign-in, for someone who has an authenticator after all
/// (set up meanwhile in another browser).
async fn pending_key(
    ctx: &Ctx,
    user: &User,
    session: &str,
    setup: Setup,
) -> Result<Option<String>, AppError> {
    Ok(ctx
        .app
        .store
        .setup_key(
            session,
            &user.id,
            &auth::new_totp_secret(),
            setup.enrolment(),
        )
        .await?)
}

/// [`pending_key`], with what to answer when there is none.
async fn key_or_answer(
    ctx: &Ctx,
    user: &User,
    session: &str,
    setup: Setup,
) -> Result<Result<String, Response>, AppError> {
    match pending_key(ctx, user, session, setup).await {
        Ok(Some(k)) => Ok(Ok(k)),
        Ok(None) => Ok(Err(axum::response::Redirect::to(
            &ctx.href(crate::access::Stage::Code.page()),
        )
        .into_response())),
        Err(AppError::Store(StoreError::NoKeyFile)) => Ok(Err(no_key_file())),
        Err(e) => Err(e),
    }
}

async fn setup_page(
    ctx: Ctx,
    setup: Setup,
    half: Option<HalfSignedIn>,
) -> Result<Response, AppError> {
    let (user, session) = setting_up(&ctx, setup, half)?;
    let key = match key_or_answer(&ctx, &user, &session, setup).await? {
        Ok(k) => k,
        Err(res) => return Ok(res),
    };
    let body = setup_body(&ctx, setup, &key, None, None);
    Ok(ctx.html(StatusCode::OK, body))
}

/// The QR code of the pending key, as an image (never in a URL).
async fn setup_qr(
    ctx: Ctx,
    setup: Setup,
    half: Option<HalfSignedIn>,
) -> Result<Response, AppError> {
    let (user, session) = setting_up(&ctx, setup, half)?;
    let key = match key_or_answer(&ctx, &user, &session, setup).await? {
        Ok(k) => k,
        Err(res) => return Ok(res),
    };
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

async fn setup_submit(
    mut ctx: Ctx,
    setup: Setup,
    half: Option<HalfSignedIn>,
    form: crate::input::Strict<axum::Form<CodeForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let (user, session) = setting_up(&ctx, setup, half)?;
    let store = ctx.app.store.clone();
    let key = match key_or_answer(&ctx, &user, &session, setup).await? {
        Ok(k) => k,
        Err(res) => return Ok(res),
    };
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
    match store
        .enrol_totp(
            roots_store::two_factor::Proved {
                session_token: &session,
                user_id: &user.id,
                key: &key,
                step,
            },
            &hashes,
            &actor,
            setup.enrolment(),
        )
        .await
    {
        Ok(()) => {}
        // Someone who has an authenticator cannot set up another while
        // signing in: the store refuses it, whatever was checked before.
        Err(StoreError::Conflict) => {
            return Ok(ctx.see_other(crate::access::Stage::Code.page()));
        }
        Err(e) => return Err(e.into()),
    }
    if setup == Setup::SignIn {
        let full = store
            .complete_sign_in(
                &session,
                &user.id,
                Timestamp::now(),
                ctx.app.config.session,
                &actor,
                "authenticator set up",
            )
            .await?;
        ctx.set_session(full);
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
