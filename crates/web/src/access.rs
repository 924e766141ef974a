//! Every route with the access it needs, declared in one place.
//!
//! Routes are added to the application only through [`Routes::add`], which
//! records the declaration and wraps the handler in [`guard`]. So a route
//! cannot exist without a declared [`Access`], and the access test
//! (`crates/roots/tests/access.rs`) walks [`crate::declared_routes`] with
//! every role, and no session, checking each answer against
//! `roots_core::policy`.

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
use crate::ctx::SESSION_COOKIE;
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
    let user = match jar.get(SESSION_COOKIE) {
        Some(c) => match app
            .store
            .session_user(c.value(), jiff::Timestamp::now(), app.config.session)
            .await
        {
            // Staff of another service sharing the database are strangers
            // here.
            Ok(u) => u.filter(|u| u.service_id == app.service.id && has_needed_factor(&app, u)),
            Err(e) => return crate::error::AppError::Store(e).into_response(),
        },
        None => None,
    };
    let needs_user = matches!(access, Access::SignedIn | Access::Can(_));
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
    if let (Access::Can(action) | Access::PublicOr(action), Some(u)) = (access, &user)
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
    req.extensions_mut().insert(CurrentUser(user));
    next.run(req).await
}
