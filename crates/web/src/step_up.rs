//! Step-up: "Confirm it's you" before an administrator changes accounts.
//!
//! Routes declared `Access::Confirmed` (adding a member of staff, changing
//! their roles or practices, disabling or enabling them, resetting their
//! second factor) accept a post only from a session whose member of staff
//! gave their password, or a fresh authenticator code, within [`WINDOW`].
//! Signing in does not count: the point is that whoever is at the keyboard
//! now is the person who signed in. The time is kept on the session row
//! (`staff_sessions.stepped_up_at`), so every instance sees it.
//!
//! Without it, the post is not acted on: the answer is the "Confirm it's
//! you" page, which carries everything that was posted in hidden fields
//! (never in the address) and posts back to the same address. With the
//! password or code right, the step-up is recorded and audited
//! (`auth.step_up`) and the original post goes on to its handler as typed.
//! Wrong answers count towards the sign-in lockout; when it bites, the
//! session ends. Works without JavaScript.

use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use roots_store::User;
use roots_store::audit::{Event, Outcome};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::layout::{ErrorItem, Layout, render};

/// How long a confirmation lasts.
pub const WINDOW: SignedDuration = SignedDuration::from_mins(5);

/// Marks a post sent from the confirmation page.
const MARKER: &str = "step_up";
const PASSWORD: &str = "step_up_password";
const CODE: &str = "step_up_code";

#[derive(Template)]
#[template(path = "staff_step_up.html")]
struct StepUpPage {
    l: Layout,
    action: String,
    cancel: String,
    /// What was posted, to post again.
    kept: Vec<(String, String)>,
    /// Offer an authenticator code too (when one is set up).
    code: bool,
    error: Option<String>,
}

fn page(
    ctx: Ctx,
    user: &User,
    kept: Vec<(String, String)>,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let mut l = Layout::new(&ctx, ctx.tr.t("step-up-title"));
    l.errors = ErrorItem::for_fields(&[(PASSWORD, &error)]);
    let body = render(&StepUpPage {
        action: ctx.href(&ctx.path),
        cancel: ctx.href("/staff/users"),
        kept,
        code: user.two_factor,
        error,
        l,
    });
    ctx.html(status, body)
}

/// True when the session's member of staff confirmed it was them within
/// [`WINDOW`] of `now`.
pub async fn is_recent(app: &AppState, token: &str, now: Timestamp) -> Result<bool, AppError> {
    Ok(app
        .store
        .session_stepped_up_at(token, now)
        .await?
        .is_some_and(|at| at <= now && now.duration_since(at) <= WINDOW))
}

/// Lets a post through to a `Confirmed` route's handler only after a recent
/// step-up; otherwise asks for one, or checks the one given.
pub(crate) async fn guard(
    app: &AppState,
    user: User,
    token: String,
    req: Request,
    next: Next,
) -> Response {
    let now = Timestamp::now();
    match is_recent(app, &token, now).await {
        Ok(true) => return next.run(req).await,
        Ok(false) => {}
        Err(e) => return e.into_response(),
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, app.config.body_limit).await else {
        let mut res = StatusCode::PAYLOAD_TOO_LARGE.into_response();
        res.extensions_mut().insert(crate::error::TOO_LARGE);
        return res;
    };
    // Read as strictly as the handler would (`input::Strict`): bytes that
    // are not UTF-8 are refused, never carried on as U+FFFD.
    if !crate::input::form_is_utf8(&bytes) {
        return crate::input::unreadable();
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let ctx = match Ctx::from_request_parts(&mut parts, app).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    // A forged post goes no further here than its handler would let it.
    if let Err(e) = ctx.check_csrf(field("csrf")) {
        return e.into_response();
    }
    let csrf = field("csrf").unwrap_or_default().to_owned();
    let confirming = field(MARKER).is_some();
    let password = field(PASSWORD).unwrap_or_default().to_owned();
    let code = field(CODE).unwrap_or_default().trim().to_owned();
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "csrf" && k != MARKER && k != PASSWORD && k != CODE)
        .collect();
    if !confirming {
        return page(ctx, &user, kept, StatusCode::OK, None);
    }
    match check(&ctx, &user, &token, &password, &code, now).await {
        Ok(Checked::Right) => {
            let body = {
                let mut b = form_urlencoded::Serializer::new(String::new());
                b.append_pair("csrf", &csrf);
                for (k, v) in &kept {
                    b.append_pair(k, v);
                }
                b.finish()
            };
            parts.headers.insert(CONTENT_LENGTH, body.len().into());
            next.run(Request::from_parts(parts, Body::from(body))).await
        }
        Ok(Checked::Wrong(message)) => {
            let error = Some(ctx.tr.t(message));
            page(ctx, &user, kept, StatusCode::UNPROCESSABLE_ENTITY, error)
        }
        Ok(Checked::LockedOut) => {
            let mut ctx = ctx;
            ctx.end_session_cookie();
            let l = Layout::new(&ctx, ctx.tr.t("step-up-title"));
            let message = ctx.tr.t("staff-sign-in-locked");
            let body = render(&crate::layout::MessagePage {
                l,
                paragraphs: vec![message],
                link: Some((ctx.href("/staff/sign-in"), ctx.tr.t("staff-sign-in-title"))),
            });
            ctx.html(StatusCode::TOO_MANY_REQUESTS, body)
        }
        Err(e) => e.into_response(),
    }
}

enum Checked {
    Right,
    /// The message id saying what was wrong.
    Wrong(&'static str),
    LockedOut,
}

/// Checks a password or authenticator code given to confirm it is them,
/// and records what happened.
async fn check(
    ctx: &Ctx,
    user: &User,
    token: &str,
    password: &str,
    code: &str,
    now: Timestamp,
) -> Result<Checked, AppError> {
    let store = &ctx.app.store;
    let actor = ctx.actor();
    if password.is_empty() && code.is_empty() {
        return Ok(Checked::Wrong(if user.two_factor {
            "step-up-missing"
        } else {
            "password-current-missing"
        }));
    }
    let account = user.email.to_lowercase();
    let Some(counted) = crate::staff::attempt(ctx, &account, now).await? else {
        store.end_session(token).await?;
        store
            .audit(
                &actor,
                Event::on("auth.step_up", "user", &user.id)
                    .outcome(Outcome::Denied)
                    .detail("locked out for now; session ended"),
            )
            .await?;
        return Ok(Checked::LockedOut);
    };
    let (right, how, wrong) = if code.is_empty() {
        let hash = store.password_hash(&user.id).await?;
        let right = password.len() <= crate::auth::MAX_PASSWORD_LEN
            && crate::auth::verify_password(password, &hash);
        (right, "password", "password-current-wrong")
    } else {
        let state = store.totp_state(&user.id).await?;
        let unix = u64::try_from(now.as_second()).unwrap_or_default();
        let step = state
            .secret
            .as_deref()
            .filter(|_| code.len() <= 64)
            .and_then(|s| crate::auth::check_totp(s, code, unix));
        let right = match step {
            Some(step) => store.accept_totp_step(&user.id, step).await?,
            None => false,
        };
        (right, "authenticator", "step-up-code-wrong")
    };
    if right {
        crate::staff::right(ctx, &counted).await?;
        store
            .record_step_up(token, &user.id, now, &actor, how)
            .await?;
        tracing::info!(user_id = %user.id, "confirmed it is them (step-up)");
        return Ok(Checked::Right);
    }
    // The attempt stays counted, as a failure.
    store
        .audit(
            &actor,
            Event::on("auth.step_up", "user", &user.id)
                .outcome(Outcome::Failure)
                .detail(how),
        )
        .await?;
    Ok(Checked::Wrong(wrong))
}
