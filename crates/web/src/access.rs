//! Every route with the access it needs, declared in one place.
//!
//! Routes are added to the application only through [`Routes::add`], which
//! records the declaration and wraps the handler in [`guard`]. So a route
//! cannot exist without a declared [`Access`], and the access test
//! (`crates/roots/tests/access.rs`) walks [`crate::declared_routes`] with
//! every role, no session, and each half-signed-in stage, checking each
//! answer against `roots_core::policy` and the stage.
//!
//! The stages of signing in are declared too ([`Access::HalfSignedIn`]):
//! the guard reads the session and the user's authenticator state from the
//! database on every request, so the code pages open only for someone who
//! has an authenticator and the set-up pages only for someone who has none,
//! whatever a handler checks. Changes an administrator makes to accounts
//! are declared [`Access::Confirmed`]: their posts need the administrator to
//! have confirmed it is them within [`crate::step_up::WINDOW`].

use axum::Router;
use axum::extract::{OriginalUri, Request};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::MethodRouter;
use axum_extra::extract::CookieJar;
use roots_core::policy::{self, Action};
use roots_store::User;
use roots_store::audit::{Event, Outcome};

use crate::AppState;
use crate::ctx::CookieName;
use crate::error::ErrorPage;
use crate::i18n::Lang;

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in member of staff.
    SignedIn,
    /// A signed-in member of staff whose roles allow this action.
    Can(Action),
    /// Anyone not signed in; a signed-in member of staff only when their
    /// roles allow this action (someone referring themselves, or staff
    /// entering a referral for someone else).
    PublicOr(Action),
    /// Someone half signed in (the password was right) at this stage, as
    /// the database says now: see [`Stage`].
    HalfSignedIn(Stage),
    /// As [`Access::Can`], and a post (a change) needs the member of staff
    /// to have confirmed it is them lately (step-up, `step_up.rs`);
    /// without it they are asked first, and what they posted is kept.
    Confirmed(Action),
}

/// Where a half-signed-in session stands. It is worked out from the user's
/// authenticator state on every request, never remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// They have an authenticator: a code (or a recovery code) is to come.
    Code,
    /// They have none yet (their role needs one): they set one up.
    SetUp,
}

impl Stage {
    /// The page of this stage.
    pub fn page(self) -> &'static str {
        match self {
            Stage::Code => "/staff/sign-in/code",
            Stage::SetUp => "/staff/sign-in/set-up",
        }
    }

    /// The stage of a user who has given their password.
    pub fn of(user: &User) -> Stage {
        if user.two_factor {
            Stage::Code
        } else {
            Stage::SetUp
        }
    }
}

/// A half-signed-in session the guard found at the stage its route
/// declares, handed on to the handler.
#[derive(Debug, Clone)]
pub struct HalfSignedIn {
    pub user: User,
    /// The session's cookie token.
    pub token: String,
    pub stage: Stage,
}

/// One route as declared.
#[derive(Debug, Clone)]
pub struct Declared {
    pub path: String,
    pub methods: Vec<Method>,
    pub access: Access,
}

/// The user the guard found, handed on to the handler (one session look-up
/// per request).
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Option<User>);

pub const FORBIDDEN_ROLE: ErrorPage = ErrorPage {
    title: "page-no-access-title",
    text: "page-no-access-text",
    link: None,
};

/// A router that knows what each of its routes needs.
pub struct Routes {
    pub router: Router<AppState>,
    pub declared: Vec<Declared>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes {
            router: Router::new(),
            declared: Vec::new(),
        }
    }
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    pub fn add(
        mut self,
        path: &str,
        access: Access,
        methods: &[Method],
        handler: MethodRouter<AppState>,
    ) -> Routes {
        self.declared.push(Declared {
            path: path.to_owned(),
            methods: methods.to_vec(),
            access,
        });
        // Inside the guard: record ids that are not UUIDs are "not found"
        // once access is decided (crate::input::ids_are_uuids).
        let guarded = handler
            .layer(axum::middleware::from_fn(crate::input::ids_are_uuids))
            .layer(axum::middleware::from_fn(
                move |req: Request, next: Next| guard(access, req, next),
            ));
        self.router = self.router.route(path, guarded);
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.declared.extend(other.declared);
        self
    }
}

/// False for someone whose roles need a second factor they have not set up
/// (their roles changed, or the service widened the list): they sign in
/// again and set one up before anything else.
pub fn has_needed_factor(app: &crate::App, u: &User) -> bool {
    u.two_factor
        || !u
            .roles
            .iter()
            .any(|r| app.config.two_factor_roles.contains(r))
}

/// Checks a request against its route's declared access.
async fn guard(access: Access, mut req: Request, next: Next) -> Response {
    let Some(app) = req.extensions().get::<AppState>().cloned() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let path = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().path().to_owned(), |u| u.0.path().to_owned());
    let lang = Lang::of_path(&path);
    let jar = CookieJar::from_headers(req.headers());
    let user = match CookieName::Session.read(&app, &jar) {
        Some(token) => match app
            .store
            .session_user(&token, jiff::Timestamp::now(), app.config.session)
            .await
        {
            // Staff of another service sharing the database are strangers
            // here.
            Ok(u) => u.filter(|u| u.service_id == app.service.id && has_needed_factor(&app, u)),
            Err(e) => return crate::error::AppError::Store(e).into_response(),
        },
        None => None,
    };
    if let Access::HalfSignedIn(stage) = access {
        return half_signed_in(&app, stage, &jar, user.is_some(), lang, req, next).await;
    }
    let needs_user = matches!(
        access,
        Access::SignedIn | Access::Can(_) | Access::Confirmed(_)
    );
    if needs_user && user.is_none() {
        return Redirect::to(&format!("{}/staff/sign-in", lang.prefix())).into_response();
    }
    // Someone still on the one-off password an administrator saw chooses
    // their own before anything else.
    let bare = path.strip_prefix("/cy").unwrap_or(&path);
    if needs_user
        && user.as_ref().is_some_and(|u| u.must_change_password)
        && !matches!(
            bare,
            "/staff/account/password" | "/staff/sign-out" | "/staff/sign-out-everywhere"
        )
    {
        return Redirect::to(&format!("{}/staff/account/password?first=1", lang.prefix()))
            .into_response();
    }
    if let (Access::Can(action) | Access::PublicOr(action) | Access::Confirmed(action), Some(u)) =
        (access, &user)
        && !policy::allows(&u.roles, action)
    {
        let request_id = crate::ctx::request_id_of(req.headers());
        let actor = crate::ctx::actor(Some(u), request_id);
        let event = Event::action(action.as_str())
            .outcome(Outcome::Denied)
            .detail(&path);
        if let Err(e) = app.store.audit(&actor, event).await {
            return crate::error::AppError::Store(e).into_response();
        }
        let mut res = StatusCode::FORBIDDEN.into_response();
        res.extensions_mut().insert(FORBIDDEN_ROLE);
        return res;
    }
    if let (Access::Confirmed(_), Some(u)) = (access, &user)
        && req.method() == Method::POST
    {
        let token = CookieName::Session.read(&app, &jar);
        let u = u.clone();
        req.extensions_mut().insert(CurrentUser(user));
        return crate::step_up::guard(&app, u, token.unwrap_or_default(), req, next).await;
    }
    req.extensions_mut().insert(CurrentUser(user));
    next.run(req).await
}

/// The guard for the pages of a stage of signing in: the session must be
/// half signed in, of this service, and at this stage now. Anyone else is
/// sent where they belong: to their own stage's page, to their work when
/// fully signed in, or to sign in again.
async fn half_signed_in(
    app: &AppState,
    stage: Stage,
    jar: &CookieJar,
    signed_in: bool,
    lang: Lang,
    mut req: Request,
    next: Next,
) -> Response {
    let token = CookieName::Session.read(app, jar);
    let half = match &token {
        Some(t) => match app
            .store
            .pending_session_user(t, jiff::Timestamp::now())
            .await
        {
            Ok(u) => u.filter(|u| u.service_id == app.service.id),
            Err(e) => return crate::error::AppError::Store(e).into_response(),
        },
        None => None,
    };
    let to = |path: &str| Redirect::to(&format!("{}{path}", lang.prefix())).into_response();
    match (half, token) {
        (Some(user), Some(token)) => {
            let now = Stage::of(&user);
            if now != stage {
                return to(now.page());
            }
            req.extensions_mut().insert(CurrentUser(None));
            req.extensions_mut().insert(HalfSignedIn {
                user,
                token,
                stage: now,
            });
            next.run(req).await
        }
        _ if signed_in => to("/staff/referrals"),
        _ => to("/staff/sign-in?timed-out=1"),
    }
}
