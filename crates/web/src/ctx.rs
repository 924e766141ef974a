//! What every page handler needs about the request: its language, the
//! translator, the CSRF token, cookies and the signed-in member of staff.
//!
//! **Cookies.** Every cookie Roots sets is named here ([`CookieName`]).
//! Served over HTTPS (`secure_cookies`), each name carries the `__Host-`
//! prefix, so a browser takes it only from this host, over HTTPS, for the
//! whole site: a sibling subdomain or someone on plain HTTP cannot set one
//! (RFC 6265bis, cookie prefixes). A cookie by the bare name is then not
//! read at all.
//!
//! **CSRF.** Someone with a session (signed in, or half signed in) has a
//! token derived from the session's token: SHA-256 over a fixed label and
//! the token, which is in an HttpOnly cookie nobody else can read. A
//! planted CSRF cookie is no use against them. Someone with no session (a
//! person referring themselves, or the sign-in page) has a double-submit
//! token: a random value in a cookie, which the form must carry back.

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

/// The session cookie's name without its prefix (as the OpenAPI document
/// names it); read it with [`CookieName::Session`].
pub const SESSION_COOKIE: &str = "roots_session";
pub const CSRF_FIELD: &str = "csrf";

/// The cookies Roots sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieName {
    /// The double-submit CSRF token of someone with no session.
    Csrf,
    /// A staff session (full or half signed in): its random token.
    Session,
    /// A self-referral in progress.
    Draft,
    /// A staff-entered referral in progress.
    StaffDraft,
}

impl CookieName {
    /// The name as sent: with the `__Host-` prefix when served over HTTPS.
    pub fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (CookieName::Csrf, false) => "roots_csrf",
            (CookieName::Csrf, true) => "__Host-roots_csrf",
            (CookieName::Session, false) => "roots_session",
            (CookieName::Session, true) => "__Host-roots_session",
            (CookieName::Draft, false) => "roots_draft",
            (CookieName::Draft, true) => "__Host-roots_draft",
            (CookieName::StaffDraft, false) => "roots_staff_draft",
            (CookieName::StaffDraft, true) => "__Host-roots_staff_draft",
        }
    }

    /// The name under this application's settings.
    pub fn of(self, app: &App) -> &'static str {
        self.name(app.config.secure_cookies)
    }

    /// This cookie's value in a request's cookies.
    pub fn read(self, app: &App, jar: &CookieJar) -> Option<String> {
        jar.get(self.of(app)).map(|c| c.value().to_owned())
    }
}

/// The CSRF token of a session: SHA-256 over a label and the session's
/// token, in hex (64 characters, like a double-submit token).
pub fn session_csrf(session_token: &str) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"roots csrf v1\0");
    h.update(session_token.as_bytes());
    hex::encode(h.finalize())
}

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
    /// The session cookie's token, if any (live or not).
    pub session: Option<String>,
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
        let session = CookieName::Session.read(app, &jar);
        let csrf = match (&session, CookieName::Csrf.read(app, &jar)) {
            (Some(token), _) => session_csrf(token),
            (None, Some(v)) if v.len() == 64 => v,
            (None, _) => {
                let v = hex::encode(rand::random::<[u8; 32]>());
                jar_out = jar_out.add(cookie(app, CookieName::Csrf, v.clone()));
                v
            }
        };
        let found = parts
            .extensions
            .get::<crate::access::CurrentUser>()
            .map(|c| c.0.clone());
        let user = match (found, &session) {
            (Some(user), _) => user,
            (None, Some(token)) => app
                .store
                .session_user(token, jiff::Timestamp::now(), app.config.session)
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
            session,
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
/// SameSite=Lax, path /, Secure (and the `__Host-` prefix) when served over
/// TLS, and no expiry date (it goes when the browser closes; the server
/// enforces its own timeouts).
pub fn cookie(app: &App, name: CookieName, value: String) -> Cookie<'static> {
    Cookie::build((name.of(app), value))
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

    /// Checks the CSRF token posted with a form: against the session's
    /// own token when there is a session cookie, else against the
    /// double-submit cookie.
    pub fn check_csrf(&self, posted: Option<&str>) -> Result<(), AppError> {
        let expected = match &self.session {
            Some(token) => Some(session_csrf(token)),
            None => CookieName::Csrf
                .read(&self.app, &self.jar)
                .filter(|c| c.len() == 64),
        };
        match (expected, posted) {
            (Some(e), Some(p)) if constant_time_eq(e.as_bytes(), p.as_bytes()) => Ok(()),
            _ => Err(AppError::Csrf),
        }
    }

    /// A cookie's value in this request (or as set while handling it).
    pub fn cookie_value(&self, name: CookieName) -> Option<String> {
        name.read(&self.app, &self.jar)
    }

    /// Tells the browser to forget a cookie (with the attributes it was
    /// set with, which a `__Host-` cookie needs to be replaced).
    pub fn forget_cookie(&mut self, name: CookieName) {
        self.jar = self
            .jar
            .clone()
            .remove(cookie(&self.app, name, String::new()));
    }

    /// Sets a new session cookie (a new token at every step of signing
    /// in), and the forms of any page rendered now carry its CSRF token.
    pub fn set_session(&mut self, token: String) {
        self.csrf = session_csrf(&token);
        self.session = Some(token.clone());
        self.jar = self
            .jar
            .clone()
            .add(cookie(&self.app, CookieName::Session, token));
    }

    /// Forgets the session cookie; the forms of any page rendered now
    /// carry a double-submit token instead.
    pub fn end_session_cookie(&mut self) {
        self.forget_cookie(CookieName::Session);
        self.session = None;
        self.csrf = match CookieName::Csrf
            .read(&self.app, &self.jar)
            .filter(|c| c.len() == 64)
        {
            Some(v) => v,
            None => {
                let v = hex::encode(rand::random::<[u8; 32]>());
                self.jar = self
                    .jar
                    .clone()
                    .add(cookie(&self.app, CookieName::Csrf, v.clone()));
                v
            }
        };
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
