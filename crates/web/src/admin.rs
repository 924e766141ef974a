//! Staff accounts, for administrators: add someone, change their roles and
//! practices, disable or enable them, reset their second factor. Every
//! change is audited in the same transaction as the change itself.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use roots_core::staff::Role;
use roots_store::{StoreError, User};
use serde::Deserialize;

use crate::account::{practice_names, role_names};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::layout::{ErrorItem, Layout, render};

pub struct UserRow {
    pub name: String,
    pub email: String,
    pub roles: String,
    pub practices: String,
    pub two_factor: String,
    pub status: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "staff_users.html")]
struct UsersPage {
    l: Layout,
    rows: Vec<UserRow>,
}

pub async fn list(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    let staff = ctx.app.store.list_users(&ctx.app.service.id).await?;
    let mut rows = Vec::with_capacity(staff.len());
    for s in staff {
        rows.push(UserRow {
            href: ctx.href(&format!("/staff/users/{}", s.user.id)),
            roles: role_names(&ctx, &s.user.roles),
            practices: practice_names(&ctx, &s.user.practice_ids).await?,
            two_factor: ctx.tr.t(if s.user.two_factor {
                "account-two-factor-on"
            } else {
                "account-two-factor-off"
            }),
            status: ctx.tr.t(if s.disabled {
                "users-status-disabled"
            } else {
                "users-status-active"
            }),
            name: s.user.name,
            email: s.user.email,
        });
    }
    let l = Layout::new(&ctx, ctx.tr.t("users-title"));
    let body = render(&UsersPage { l, rows });
    Ok(ctx.html(StatusCode::OK, body))
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff_user_form.html")]
struct UserFormPage {
    l: Layout,
    action: String,
    /// `None` when editing (the name and email are not changed here).
    new: bool,
    name: String,
    email: String,
    roles: Vec<Choice>,
    practices: Vec<Choice>,
    name_error: Option<String>,
    email_error: Option<String>,
    roles_error: Option<String>,
    /// Editing only: the person's state and the buttons that change it.
    disabled: bool,
    two_factor: bool,
    status_action: String,
    reset_action: String,
}

#[derive(Deserialize, Default)]
pub struct UserForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    practices: Vec<String>,
    #[serde(default)]
    csrf: String,
}

#[derive(Default)]
struct FormErrors {
    name: Option<String>,
    email: Option<String>,
    roles: Option<String>,
}

impl FormErrors {
    fn any(&self) -> bool {
        self.name.is_some() || self.email.is_some() || self.roles.is_some()
    }
}

async fn form_page(
    ctx: &Ctx,
    editing: Option<&roots_store::users::StaffRow>,
    form: &UserForm,
    errors: FormErrors,
) -> Result<String, AppError> {
    let title = match editing {
        Some(s) => s.user.name.clone(),
        None => ctx.tr.t("users-new-title"),
    };
    let mut l = Layout::new(ctx, title).back(Some(ctx.href("/staff/users")));
    l.errors = ErrorItem::for_fields(&[
        ("name", &errors.name),
        ("email", &errors.email),
        ("role-receptionist", &errors.roles),
    ]);
    let practices = ctx
        .app
        .store
        .practices(&ctx.app.service.id)
        .await?
        .into_iter()
        .map(|p| Choice {
            checked: form.practices.contains(&p.id),
            value: p.id,
            label: p.name,
        })
        .collect();
    let roles = Role::ALL
        .into_iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: ctx.tr.t(&format!("role-{}", r.as_str())),
            checked: form.roles.iter().any(|x| x == r.as_str()),
        })
        .collect();
    let id = editing.map(|s| s.user.id.clone()).unwrap_or_default();
    Ok(render(&UserFormPage {
        action: match editing {
            Some(_) => ctx.href(&format!("/staff/users/{id}")),
            None => ctx.href("/staff/users/new"),
        },
        new: editing.is_none(),
        name: form.name.clone(),
        email: form.email.clone(),
        roles,
        practices,
        name_error: errors.name,
        email_error: errors.email,
        roles_error: errors.roles,
        disabled: editing.is_some_and(|s| s.disabled),
        two_factor: editing.is_some_and(|s| s.user.two_factor),
        status_action: ctx.href(&format!("/staff/users/{id}/status")),
        reset_action: ctx.href(&format!("/staff/users/{id}/reset-two-factor")),
        l,
    }))
}

/// The roles and practices of a form, checked: known roles, at least one,
/// practices of this service.
async fn parse_access(
    ctx: &Ctx,
    form: &UserForm,
    errors: &mut FormErrors,
) -> Result<(Vec<Role>, Vec<String>), AppError> {
    let roles: Vec<Role> = form.roles.iter().filter_map(|r| Role::parse(r)).collect();
    if roles.is_empty() || roles.len() != form.roles.len() {
        errors.roles = Some(ctx.tr.t("users-roles-missing"));
    }
    let known: Vec<String> = ctx
        .app
        .store
        .practices(&ctx.app.service.id)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let practices: Vec<String> = form
        .practices
        .iter()
        .filter(|p| known.contains(p))
        .cloned()
        .collect();
    Ok((roles, practices))
}

pub async fn new_page(ctx: Ctx) -> Result<Response, AppError> {
    ctx.require_staff()?;
    let body = form_page(&ctx, None, &UserForm::default(), FormErrors::default()).await?;
    Ok(ctx.html(StatusCode::OK, body))
}

#[derive(Template)]
#[template(path = "staff_user_created.html")]
struct CreatedPage {
    l: Layout,
    name: String,
    email: String,
    password: String,
}

/// Adds a member of staff with a one-off password, shown once, for the
/// administrator to hand over; they change it from their account page.
pub async fn create(
    ctx: Ctx,
    form: crate::input::Strict<axum_extra::extract::Form<UserForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    ctx.require_staff()?;
    let mut errors = FormErrors::default();
    // Names and emails through the text rule (crate::input::typed).
    use roots_core::text::Kind;
    let name = crate::input::typed(&ctx.tr, Kind::Name, &form.name, 100)
        .map_err(|m| errors.name = Some(m))
        .unwrap_or_default();
    let email = crate::input::typed(&ctx.tr, Kind::Token, &form.email, 254)
        .map_err(|m| errors.email = Some(m))
        .unwrap_or_default();
    let (name, email) = (name.as_str(), email.as_str());
    if name.is_empty() && errors.name.is_none() {
        errors.name = Some(ctx.tr.t("users-name-missing"));
    }
    if errors.email.is_none() && !roots_core::identifiers::email_ok(email) {
        errors.email = Some(ctx.tr.t("users-email-invalid"));
    }
    let (roles, practices) = parse_access(&ctx, &form, &mut errors).await?;
    if !errors.any() {
        let password = one_off_password();
        let hash = crate::auth::hash_password(&password).map_err(AppError::Internal)?;
        match ctx
            .app
            .store
            .add_staff(
                &ctx.app.service.id,
                email,
                name,
                &hash,
                &roles,
                &practices,
                &ctx.actor(),
            )
            .await
        {
            Ok(user) => {
                let l = Layout::new(&ctx, ctx.tr.t("users-created-title"))
                    .back(Some(ctx.href("/staff/users")));
                let body = render(&CreatedPage {
                    l,
                    name: user.name,
                    email: user.email,
                    password,
                });
                return Ok(ctx.html(StatusCode::OK, body));
            }
            Err(StoreError::Conflict) => {
                errors.email = Some(ctx.tr.t("users-email-taken"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let body = form_page(&ctx, None, &form, errors).await?;
    Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body))
}

/// A one-off password: 20 characters from an alphabet without look-alikes
/// (about 100 bits), which the new member of staff replaces.
fn one_off_password() -> String {
    const A: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let s: String = (0..20)
        .map(|_| A[rand::random_range(0..A.len())] as char)
        .collect();
    format!("{}-{}-{}-{}", &s[..5], &s[5..10], &s[10..15], &s[15..])
}

async fn member(ctx: &Ctx, id: &str) -> Result<roots_store::users::StaffRow, AppError> {
    Ok(ctx.app.store.staff_member(&ctx.app.service.id, id).await?)
}

fn form_of(user: &User) -> UserForm {
    UserForm {
        name: user.name.clone(),
        email: user.email.clone(),
        roles: user.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        practices: user.practice_ids.clone(),
        csrf: String::new(),
    }
}

pub async fn edit_page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    ctx.require_staff()?;
    let s = member(&ctx, &id).await?;
    let body = form_page(&ctx, Some(&s), &form_of(&s.user), FormErrors::default()).await?;
    Ok(ctx.html(StatusCode::OK, body))
}

/// Changes roles and practices. An administrator cannot remove their own
/// administrator role (the service would be left without one).
pub async fn update(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum_extra::extract::Form<UserForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let me = ctx.require_staff()?.clone();
    let s = member(&ctx, &id).await?;
    let mut errors = FormErrors::default();
    let (roles, practices) = parse_access(&ctx, &form, &mut errors).await?;
    if errors.roles.is_none() && me.id == id && !roles.contains(&Role::Admin) {
        errors.roles = Some(ctx.tr.t("users-keep-own-admin"));
    }
    if errors.any() {
        let mut shown = form_of(&s.user);
        shown.roles.clone_from(&form.roles);
        shown.practices.clone_from(&form.practices);
        let body = form_page(&ctx, Some(&s), &shown, errors).await?;
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    ctx.app
        .store
        .set_access(&id, &roles, &practices, &ctx.actor())
        .await?;
    Ok(ctx.see_other("/staff/users"))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    disabled: String,
    #[serde(default)]
    csrf: String,
}

/// Disables or enables an account (not one's own).
pub async fn set_status(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum_extra::extract::Form<StatusForm>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    let me = ctx.require_staff()?.clone();
    member(&ctx, &id).await?;
    if me.id == id {
        return Err(AppError::Forbidden);
    }
    ctx.app
        .store
        .set_disabled(&id, form.disabled == "yes", &ctx.actor())
        .await?;
    Ok(ctx.see_other("/staff/users"))
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// Removes someone's authenticator and recovery codes (a lost phone); they
/// set up a new one at their next sign-in.
pub async fn reset_two_factor(
    ctx: Ctx,
    Path(id): Path<String>,
    form: crate::input::Strict<axum_extra::extract::Form<CsrfOnly>>,
) -> Result<Response, AppError> {
    ctx.check_csrf(Some(&form.csrf))?;
    ctx.require_staff()?;
    member(&ctx, &id).await?;
    ctx.app.store.reset_two_factor(&id, &ctx.actor()).await?;
    Ok(ctx.see_other("/staff/users"))
}
