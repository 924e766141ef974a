//! A member of staff's own account: their roles and practices, their second
//! factor, and changing their password.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use roots_store::audit::Event;
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::layout::{ErrorItem, Layout, render};

#[derive(Template)]
#[template(path = "staff_account.html")]
struct AccountPage {
    l: Layout,
    name: String,
    email: String,
    roles: String,
    practices: String,
    two_factor: bool,
    required: bool,
    recovery_used: bool,
}

/// Names of roles in the page's language.
pub fn role_names(ctx: &Ctx, roles: &[roots_core::staff::Role]) -> String {
    roles
        .iter()
        .map(|r| ctx.tr.t(&format!("role-{}", r.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names of practices, or "the whole service".
pub async fn practice_names(ctx: &Ctx, ids: &[String]) -> Result<String, AppError> {
    if ids.is_empty() {
        return Ok(ctx.tr.t("staff-practices-all"));
    }
    let all = ctx.app.store.practices(&ctx.app.service.id).await?;
    Ok(all
        .into_iter()
        .filter(|p| ids.contains(&p.id))
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", "))
}

pub async fn page(ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.require_staff()?.clone();
    let l = Layout::new(&ctx, ctx.tr.t("account-title"));
    let body = render(&AccountPage {
        name: user.name.clone(),
        email: user.email.clone(),
        roles: role_names(&ctx, &user.roles),
        practices: practice_names(&ctx, &user.practice_ids).await?,
        two_factor: user.two_factor,
        required: crate::two_factor::required(&ctx, &user),
        recovery_used: ctx
            .query
            .as_deref()
            .is_some_and(|q| q.contains("recovery-used=1")),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Template)]
#[template(path = "staff_password.html")]
struct PasswordPage {
    l: Layout,
    current_error: Option<String>,
    new_error: Option<String>,
    /// Signed in with a one-off password: say why this page came first.
    first: bool,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    csrf: String,
}

fn password_body(ctx: &Ctx, current_error: Option<String>, new_error: Option<String>) -> String {
    let mut l = Layout::new(ctx, ctx.tr.t("password-title")).back(Some(ctx.href("/staff/account")));
    l.errors = ErrorItem::for_fields(&[("current", &current_error), ("new", &new_error)]);
    let first = ctx.user.as_ref().is_some_and(|u| u.must_change_password);
    render(&PasswordPage {
        l,
        current_error,
        new_error,
        first,
    })
}

pub async fn password_page(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    let body = password_body(&ctx, None, None);
    Ok(ctx.html(StatusCode::OK, body))
}

/// Changes the signed-in user's password (the current one is asked for
/// again) and signs them out everywhere, this browser included.
pub async fn password_submit(
    mut ctx: Ctx,
    form: crate::input::Strict<axum::Form<PasswordForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let user = ctx.require_staff()?.clone();
    let hash = ctx.app.store.password_hash(&user.id).await?;
    let mut current_error = None;
    let mut new_error = None;
    if form.current.is_empty() {
        current_error = Some(ctx.tr.t("password-current-missing"));
    } else if form.current.len() > crate::auth::MAX_PASSWORD_LEN
        || !crate::auth::verify_password(&form.current, &hash)
    {
        current_error = Some(ctx.tr.t("password-current-wrong"));
    }
    if form.new.is_empty() {
        new_error = Some(ctx.tr.t("password-new-missing"));
    } else if let Err(p) = crate::auth::check_new_password(&form.new, &[&user.email, &user.name]) {
        new_error = Some(ctx.tr.t(match p {
            crate::auth::PasswordProblem::TooShort => "password-new-short",
            crate::auth::PasswordProblem::TooLong => "password-new-long",
            crate::auth::PasswordProblem::Guessable => "password-new-guessable",
        }));
    }
    if current_error.is_some() || new_error.is_some() {
        if current_error.is_some() {
            ctx.audit(
                Event::on("user.password_change", "user", &user.id)
                    .outcome(roots_store::audit::Outcome::Failure),
            )
            .await?;
        }
        let body = password_body(&ctx, current_error, new_error);
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    let new_hash = crate::auth::hash_password(&form.new).map_err(AppError::Internal)?;
    ctx.app
        .store
        .set_password(&user.id, &new_hash, &ctx.actor())
        .await?;
    ctx.end_session_cookie();
    Ok(ctx.see_other("/staff/sign-in?password-changed=1"))
}
