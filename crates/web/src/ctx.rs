//! What every page handler needs about the request: its language, the
//! translator, the CSRF token, cookies and the signed-in member of staff.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use roots_store::User;
use roots_store::audit::{Actor, Event};

use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::{App, AppState};

pub const CSRF_COOKIE: &str = "roots_csrf";
pub const SESSION_COOKIE: &str = "roots_session";
pub const CSRF_FIELD: &str = "csrf";

/// The request as a page handler sees it.
#[derive(Debug)]
pub struct Ctx {
    pub app: AppState,
    pub lang: Lang,
    pub tr: Tr,
    /// The path without the language prefix, e.g. `/refer/name`.
    pub path: String,
    pub query: Option<String>,
    pub jar: CookieJar,
    /// The CSRF token for forms on this page.
    pub csrf: String,
    /// The signed-in member of staff, if any.
    pub user: Option<User>,
    /// The request's id (set by the request-id layer), for the audit trail.
    pub request_id: Option<String>,
    /// The address the request came from, for sign-in lockout.
    pub peer: Option<std::net::IpAddr>,
}

/// The request id the request-id layer put on a request.
pub fn request_id(parts: &Parts) -> Option<String> {
    request_id_of(&parts.headers)
}

pub fn request_id_of(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Who is acting, for the audit trail.
pub fn actor(user: Option<&User>, request_id: Option<String>) -> Actor {
    match user {
        Some(u) => Actor {
            user_id: Some(u.id.clone()),
            roles: u.roles.clone(),
            request_id,
            system: false,
        },
        None => Actor::anonymous(request_id),
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map(|u| u.0.clone())
            .unwrap_or_else(|| parts.uri.clone());
        let full = uri.path();
        let lang = Lang::of_path(full);
        let path = match lang {
            Lang::Cy => full.strip_prefix("/cy").unwrap_or(full),
            Lang::En => full,
        };
        let path = if path.is_empty() { "/" } else { path }.to_owned();
        let jar = CookieJar::from_headers(&parts.headers);
        let mut jar_out = jar.clone();
        let csrf = match jar.get(CSRF_COOKIE).map(|c| c.value().to_owned()) {
            Some(v) if v.len() == 64 => v,
            _ => {
                let v = hex::encode(rand::random::<[u8; 32]>());
                jar_out = jar_out.add(cookie(app, CSRF_COOKIE, v.clone()));
                v
            }
        };
        let found = parts
            .extensions
            .get::<crate::access::CurrentUser>()
            .map(|c| c.0.clone());
        let user = match (found, jar.get(SESSION_COOKIE)) {
            (Some(user), _) => user,
            (None, Some(c)) => app
                .store
                .session_user(c.value(), jiff::Timestamp::now(), app.config.session)
                .await?
                .filter(|u| {
                    u.service_id == app.service.id && crate::access::has_needed_factor(app, u)
                }),
            (None, None) => None,
        };
        Ok(Ctx {
            app: app.clone(),
            lang,
            tr: app.locales.get(lang),
            path,
            query: uri.query().map(str::to_owned),
            jar: jar_out,
            csrf,
            user,
            request_id: request_id(parts),
            peer: crate::security::client_ip(
                parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|c| c.0.ip()),
                &parts.headers,
                &app.config.trusted_proxies,
            ),
        })
    }
}

/// A cookie with the attributes every Roots cookie has: HttpOnly,
/// SameSite=Lax, path /, Secure when served over TLS, and no expiry date
/// (it goes when the browser closes; the server enforces its own timeouts).
pub fn cookie(app: &App, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(app.config.secure_cookies)
        .build()
}

impl Ctx {
    pub fn actor(&self) -> Actor {
        actor(self.user.as_ref(), self.request_id.clone())
    }

    /// Writes an audit event for this request.
    pub async fn audit(&self, event: Event<'_>) -> Result<(), AppError> {
        Ok(self.app.store.audit(&self.actor(), event).await?)
    }

    /// A path in the page's language: `/refer/name` becomes `/cy/refer/name`
    /// on Welsh pages.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.lang.prefix(), path)
    }

    /// Checks the CSRF token posted with a form against the cookie.
    pub fn check_csrf(&self, posted: Option<&str>) -> Result<(), AppError> {
        let cookie = self.jar.get(CSRF_COOKIE).map(|c| c.value());
        match (cookie, posted) {
            (Some(c), Some(p)) if c.len() == 64 && constant_time_eq(c.as_bytes(), p.as_bytes()) => {
                Ok(())
            }
            _ => Err(AppError::Csrf),
        }
    }

    /// An HTML response carrying any cookies set while handling.
    pub fn html(self, status: axum::http::StatusCode, body: String) -> Response {
        (status, self.jar, Html(body)).into_response()
    }

    /// A 303 redirect (after a POST) to a path in the page's language.
    pub fn see_other(self, path: &str) -> Response {
        let to = self.href(path);
        (self.jar, Redirect::to(&to)).into_response()
    }

    /// Staff pages: the signed-in user, or a redirect to sign in.
    pub fn require_staff(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or(AppError::SignIn(self.lang))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
