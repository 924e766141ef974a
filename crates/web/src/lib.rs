//! Roots over HTTP: the patient-facing self-referral, the staff pages and
//! the JSON API, rendered on the server so that everything works without
//! JavaScript.
//!
//! Only this crate knows HTTP and HTML. Handlers parse input into `core`
//! types, call `core` to decide and `store` to persist, and render a template
//! or a JSON body. Routes are all listed in [`router`].

pub mod access;
mod account;
mod admin;
pub mod api;
mod assets;
mod audit_pages;
pub mod auth;
mod clinical;
mod ctx;
mod directory_edit;
mod directory_pages;
mod directory_staff;
mod episodes;
mod error;
pub mod evaluation;
mod forms;
pub mod i18n;
pub mod input;
mod layout;
mod nearby;
pub mod openreferral;
mod person;
mod public;
mod questions;
pub mod sar;
mod security;
mod signposting;
mod staff;
pub mod step_up;
mod summary;
mod triage_pages;
mod two_factor;
mod work;
mod work_documents;

use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use jiff::SignedDuration;
use roots_store::sessions::SessionLimits;
use roots_store::{Service, Store};

pub use access::{Access, Declared, Stage};
pub use error::AppError;
pub use public::today;
pub use security::IpNet;
pub use triage_pages::suggestion;

use access::Routes;
pub use i18n::{Lang, Locales};

/// Settings for the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS (set when served over TLS).
    pub secure_cookies: bool,
    /// How long answers in progress are kept after the last change.
    pub draft_ttl: SignedDuration,
    /// Staff session timeouts.
    pub session: SessionLimits,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Referrals accepted per hour from one address without a sign-in
    /// (public form and open API), counted across instances; 0 turns the
    /// limit off.
    pub public_submissions_per_hour: i64,
    /// Roles that must sign in with a second factor.
    pub two_factor_roles: Vec<roots_store::Role>,
    /// Reverse proxies whose `X-Forwarded-For` is believed, so that sign-in
    /// lockout and the public rate limit see each person's own address.
    pub trusted_proxies: Vec<security::IpNet>,
    /// How soon each priority should be triaged.
    pub targets: roots_core::queue::Targets,
    /// Which urgent numbers the public pages give, and a local line.
    pub urgent: UrgentAdvice,
    /// The triage rules: the built-in rulebook unless the service set its
    /// own. A bad file stops start-up with every problem named, so a good
    /// rulebook is never replaced by a bad one.
    pub rulebook: roots_core::triage::Rulebook,
    /// A community resource not checked for this many days is flagged to
    /// staff as needing a check.
    pub directory_stale_days: i64,
    /// The follow-up interval a signposting form offers first, in weeks
    /// (`roots_core::signposting::FOLLOW_UP_WEEKS`).
    pub signpost_follow_up_weeks: i64,
    /// The evaluation's unit costs, small-number threshold and baselines.
    pub evaluation: roots_core::evaluation::report::Config,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            draft_ttl: SignedDuration::from_hours(24),
            session: SessionLimits {
                // A shared clinic PC: short idle timeout, a working day at most.
                idle: SignedDuration::from_mins(30),
                absolute: SignedDuration::from_hours(10),
            },
            body_limit: 64 * 1024,
            // A busy surgery's waiting-room wifi is one address: generous.
            public_submissions_per_hour: 20,
            two_factor_roles: roots_core::policy::TWO_FACTOR_ROLES.to_vec(),
            trusted_proxies: Vec::new(),
            targets: roots_core::queue::Targets::default(),
            rulebook: roots_core::triage::Rulebook::default(),
            urgent: UrgentAdvice::default(),
            directory_stale_days: 180,
            signpost_follow_up_weeks: roots_core::signposting::FOLLOW_UP_DEFAULT_WEEKS,
            evaluation: roots_core::evaluation::report::Config::default(),
        }
    }
}

/// Where the service is: the urgent-help pages give that nation's numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Nation {
    /// NHS 111 option 2 for mental health; Live Fear Free (the default: the
    /// service model comes from North Wales).
    #[default]
    Wales,
    /// NHS 111's mental health option; the National Domestic Abuse Helpline.
    England,
}

impl Nation {
    pub fn as_str(self) -> &'static str {
        match self {
            Nation::Wales => "wales",
            Nation::England => "england",
        }
    }

    pub fn parse(s: &str) -> Option<Nation> {
        match s.trim().to_ascii_lowercase().as_str() {
            "wales" | "cymru" => Some(Nation::Wales),
            "england" => Some(Nation::England),
            _ => None,
        }
    }
}

/// The urgent advice a service gives, beyond 999 and Samaritans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrgentAdvice {
    pub nation: Nation,
    /// A local line (for example the health board's crisis team), shown
    /// after the advice that fits, in English and in Welsh.
    pub local_en: Option<String>,
    pub local_cy: Option<String>,
}

/// Everything a request handler can reach.
#[derive(Debug)]
pub struct App {
    pub store: Store,
    pub locales: Arc<Locales>,
    pub config: WebConfig,
    /// The service whose public pages these are.
    pub service: Service,
}

pub type AppState = Arc<App>;

impl App {
    pub fn new(store: Store, service: Service, config: WebConfig) -> Result<AppState, String> {
        Ok(Arc::new(App {
            store,
            locales: Locales::load()?,
            config,
            service,
        }))
    }
}

/// The pages under one language prefix (the same set is mounted at `/` and
/// at `/cy`), each with the access it needs.
fn pages() -> Routes {
    use Method as M;
    use roots_core::policy::Action;
    use roots_core::referral::Mode;
    Routes::new()
        .add("/", Access::Public, &[M::GET], get(public::start))
        .merge(public::flow_routes(Mode::Public, Access::Public))
        // "Find local support": the public directory (both languages).
        .add(
            "/directory",
            Access::Public,
            &[M::GET],
            get(directory_pages::search),
        )
        .add(
            "/directory/{id}",
            Access::Public,
            &[M::GET],
            get(directory_pages::resource),
        )
        .add("/staff", Access::SignedIn, &[M::GET], get(staff::home))
        .add(
            "/staff/sign-in",
            Access::Public,
            &[M::GET, M::POST],
            get(staff::sign_in_page).post(staff::sign_in),
        )
        .add(
            "/staff/sign-out",
            Access::Public,
            &[M::POST],
            post(staff::sign_out),
        )
        .add(
            "/staff/sign-in/code",
            Access::HalfSignedIn(Stage::Code),
            &[M::GET, M::POST],
            get(two_factor::code_page).post(two_factor::code_submit),
        )
        .add(
            "/staff/sign-in/set-up",
            Access::HalfSignedIn(Stage::SetUp),
            &[M::GET, M::POST],
            get(two_factor::sign_in_setup_page).post(two_factor::sign_in_setup_submit),
        )
        .add(
            "/staff/sign-in/set-up/qr.svg",
            Access::HalfSignedIn(Stage::SetUp),
            &[M::GET],
            get(two_factor::sign_in_setup_qr),
        )
        .add(
            "/staff/account",
            Access::SignedIn,
            &[M::GET],
            get(account::page),
        )
        .add(
            "/staff/account/two-factor",
            Access::SignedIn,
            &[M::GET, M::POST],
            get(two_factor::account_setup_page).post(two_factor::account_setup_submit),
        )
        .add(
            "/staff/account/two-factor/qr.svg",
            Access::SignedIn,
            &[M::GET],
            get(two_factor::account_setup_qr),
        )
        .add(
            "/staff/account/password",
            Access::SignedIn,
            &[M::GET, M::POST],
            get(account::password_page).post(account::password_submit),
        )
        .add(
            "/staff/users",
            Access::Can(Action::UserManage),
            &[M::GET],
            get(admin::list),
        )
        .add(
            "/staff/users/new",
            Access::Confirmed(Action::UserManage),
            &[M::GET, M::POST],
            get(admin::new_page).post(admin::create),
        )
        .add(
            "/staff/users/{id}",
            Access::Confirmed(Action::UserManage),
            &[M::GET, M::POST],
            get(admin::edit_page).post(admin::update),
        )
        .add(
            "/staff/users/{id}/status",
            Access::Confirmed(Action::UserManage),
            &[M::POST],
            post(admin::set_status),
        )
        .add(
            "/staff/users/{id}/reset-two-factor",
            Access::Confirmed(Action::UserManage),
            &[M::POST],
            post(admin::reset_two_factor),
        )
        .add(
            "/staff/referrals/{id}/break-glass",
            Access::Can(Action::BreakGlass),
            &[M::POST],
            post(staff::break_glass),
        )
        .add(
            "/staff/triage",
            Access::Can(Action::TriageQueue),
            &[M::GET],
            get(triage_pages::queue),
        )
        .add(
            "/staff/referrals/{id}/triage",
            Access::Can(Action::TriageDecide),
            &[M::GET, M::POST],
            get(triage_pages::page).post(triage_pages::submit),
        )
        .add(
            "/staff/referrals/{id}/claim",
            Access::Can(Action::TriageDecide),
            &[M::POST],
            post(triage_pages::claim),
        )
        .add(
            "/staff/referrals/{id}/release",
            Access::Can(Action::TriageDecide),
            &[M::POST],
            post(triage_pages::release),
        )
        .add(
            "/staff/service",
            Access::Can(Action::ServiceSettings),
            &[M::GET, M::POST],
            get(triage_pages::service_page).post(triage_pages::service_submit),
        )
        .add(
            "/staff/episodes/{id}",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(episodes::page),
        )
        .add(
            "/staff/episodes/{id}/new/{kind}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(episodes::new_page).post(episodes::new_submit),
        )
        .add(
            "/staff/episodes/{id}/entries/{entry}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(episodes::amend_page).post(episodes::amend_submit),
        )
        .add(
            "/staff/episodes/{id}/entries/{entry}/history",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(episodes::history),
        )
        .add(
            "/staff/episodes/{id}/alerts/{entry}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(clinical::alert_page).post(clinical::alert_submit),
        )
        .add(
            "/staff/episodes/{id}/signpost",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(signposting::page).post(signposting::submit),
        )
        .add(
            "/staff/episodes/{id}/signpost/{entry}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(signposting::follow_up_page).post(signposting::follow_up_submit),
        )
        .add(
            "/staff/referrals/{id}/signpost",
            Access::Can(Action::TriageDecide),
            &[M::GET, M::POST],
            get(signposting::referral_page).post(signposting::referral_submit),
        )
        .add(
            "/staff/referrals/{id}/signpost/{entry}",
            Access::Can(Action::TriageDecide),
            &[M::GET, M::POST],
            get(signposting::referral_follow_up_page).post(signposting::referral_follow_up_submit),
        )
        .add(
            "/staff/episodes/{id}/work/status",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(work::status_page).post(work::status_submit),
        )
        .add(
            "/staff/episodes/{id}/work/{document}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(work::page).post(work::submit),
        )
        .add(
            "/staff/episodes/{id}/entries/{entry}/issue",
            Access::Can(Action::EpisodeWrite),
            &[M::POST],
            post(work_documents::issue),
        )
        .add(
            "/staff/episodes/{id}/summary/issue",
            Access::Can(Action::EpisodeWrite),
            &[M::POST],
            post(clinical::summary_issue),
        )
        .add(
            "/staff/episodes/{id}/documents/{doc}",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(work_documents::show),
        )
        .add(
            "/staff/episodes/{id}/documents/{doc}/pdf",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(work_documents::pdf),
        )
        .add(
            "/staff/signposting",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(signposting::due),
        )
        .add(
            "/staff/directory",
            Access::Can(Action::DirectoryManage),
            &[M::GET],
            get(directory_staff::list),
        )
        .add(
            "/staff/evaluation",
            Access::Can(Action::Evaluate),
            &[M::GET],
            get(evaluation::page),
        )
        .add(
            "/staff/evaluation.csv",
            Access::Can(Action::Evaluate),
            &[M::GET],
            get(evaluation::csv),
        )
        .add(
            "/staff/evaluation.pdf",
            Access::Can(Action::Evaluate),
            &[M::GET],
            get(evaluation::pdf),
        )
        .add(
            "/staff/directory/report",
            Access::Can(Action::DirectoryManage),
            &[M::GET],
            get(directory_staff::report),
        )
        .add(
            "/staff/directory/new",
            Access::Can(Action::DirectoryManage),
            &[M::GET, M::POST],
            get(directory_edit::new_page).post(directory_edit::new_submit),
        )
        .add(
            "/staff/directory/{id}/edit",
            Access::Can(Action::DirectoryManage),
            &[M::GET, M::POST],
            get(directory_edit::edit_page).post(directory_edit::edit_submit),
        )
        .add(
            "/staff/directory/{id}",
            Access::Can(Action::DirectoryManage),
            &[M::GET, M::POST],
            get(directory_staff::page).post(directory_staff::submit),
        )
        .add(
            "/staff/directory/{id}/retire",
            Access::Can(Action::DirectoryManage),
            &[M::POST],
            post(directory_staff::retire),
        )
        .add(
            "/staff/alerts",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(episodes::alerts),
        )
        .add(
            "/staff/episodes/{id}/person/{part}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(person::change).post(person::change_submit),
        )
        .add(
            "/staff/episodes/{id}/person-history",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(person::history),
        )
        .add(
            "/staff/episodes/{id}/merge",
            Access::Can(Action::EpisodeWrite),
            &[M::POST],
            post(episodes::merge),
        )
        .add(
            "/staff/episodes/{id}/unmerge",
            Access::Can(Action::EpisodeWrite),
            &[M::POST],
            post(episodes::unmerge),
        )
        .add(
            "/staff/episodes/{id}/discussion",
            Access::Can(Action::EpisodeWrite),
            &[M::POST],
            post(episodes::discussion),
        )
        .add(
            "/staff/episodes/{id}/book",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(episodes::book_page).post(episodes::book_submit),
        )
        .add(
            "/staff/episodes/{id}/appointments/{appt}",
            Access::Can(Action::EpisodeWrite),
            &[M::POST],
            post(episodes::appointment),
        )
        .add(
            "/staff/episodes/{id}/measures/{measure}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(clinical::measure_page).post(clinical::measure_submit),
        )
        .add(
            "/staff/episodes/{id}/goals/new",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(clinical::goal_page).post(clinical::goal_submit),
        )
        .add(
            "/staff/episodes/{id}/goals/{entry}",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(clinical::review_page).post(clinical::review_submit),
        )
        .add(
            "/staff/episodes/{id}/interventions/new",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(clinical::intervention_page).post(clinical::intervention_submit),
        )
        .add(
            "/staff/episodes/{id}/discharge",
            Access::Can(Action::EpisodeWrite),
            &[M::GET, M::POST],
            get(clinical::discharge_page).post(clinical::discharge_submit),
        )
        .add(
            "/staff/episodes/{id}/summary",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(clinical::summary),
        )
        .add(
            "/staff/waiting",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(episodes::waiting),
        )
        .add(
            "/staff/discussions",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(episodes::discussions),
        )
        .add(
            "/staff/day",
            Access::Can(Action::EpisodeRead),
            &[M::GET],
            get(episodes::day),
        )
        .add(
            "/staff/clinics",
            Access::Can(Action::ClinicManage),
            &[M::GET, M::POST],
            get(episodes::clinics).post(episodes::clinics_submit),
        )
        .add(
            "/staff/break-glass",
            Access::Can(Action::AuditView),
            &[M::GET],
            get(staff::break_glass_list),
        )
        .add(
            "/staff/tokens",
            Access::SignedIn,
            &[M::GET],
            get(staff::tokens),
        )
        .add(
            "/staff/referrals/{id}/subject-access",
            Access::Can(Action::SubjectAccess),
            &[M::GET],
            get(sar::page),
        )
        .add(
            "/staff/referrals/{id}/subject-access.json",
            Access::Can(Action::SubjectAccess),
            &[M::GET],
            get(sar::json),
        )
        .add(
            "/staff/audit",
            Access::Can(Action::AuditView),
            &[M::GET],
            get(audit_pages::page),
        )
        .add(
            "/staff/audit.csv",
            Access::Can(Action::AuditView),
            &[M::GET],
            get(audit_pages::csv),
        )
        .add(
            "/staff/tokens/{id}/revoke",
            Access::SignedIn,
            &[M::POST],
            post(staff::revoke_token),
        )
        .add(
            "/staff/sign-out-everywhere",
            Access::SignedIn,
            &[M::POST],
            post(staff::sign_out_everywhere),
        )
        .add(
            "/staff/referrals",
            Access::Can(Action::ReferralList),
            &[M::GET],
            get(staff::list),
        )
        .add(
            "/staff/referrals/{id}",
            Access::Can(Action::ReferralRead),
            &[M::GET],
            get(staff::show),
        )
        .add(
            "/staff/new-referral",
            Access::Can(Action::ReferralEnter),
            &[M::GET, M::POST],
            get(staff::new_referral).post(staff::start_referral),
        )
        .merge(public::flow_routes(
            Mode::Staff,
            Access::Can(Action::ReferralEnter),
        ))
}

/// Routes outside the language prefixes.
fn plain() -> Routes {
    use Method as M;
    Routes::new()
        // `nest` matches "/cy" but not "/cy/", the Welsh home page's address.
        .add("/cy/", Access::Public, &[M::GET], get(public::start))
        .add(
            "/assets/{*name}",
            Access::Public,
            &[M::GET],
            get(assets::serve),
        )
        .add(
            "/healthz",
            Access::Public,
            &[M::GET],
            get(|| async { "ok" }),
        )
        .add("/readyz", Access::Public, &[M::GET], get(security::ready))
        // The directory as an Open Referral UK 3.0 API (docs/directory.md).
        .add(
            "/openreferral/",
            Access::Public,
            &[M::GET],
            get(openreferral::root),
        )
        .add(
            "/openreferral/services",
            Access::Public,
            &[M::GET],
            get(openreferral::services),
        )
        .add(
            "/openreferral/services/{id}",
            Access::Public,
            &[M::GET],
            get(openreferral::service),
        )
        .add(
            "/openreferral/service_at_locations",
            Access::Public,
            &[M::GET],
            get(openreferral::service_at_locations_list),
        )
        .add(
            "/openreferral/service_at_locations/{id}",
            Access::Public,
            &[M::GET],
            get(openreferral::service_at_location),
        )
        .add(
            "/openreferral/taxonomies",
            Access::Public,
            &[M::GET],
            get(openreferral::taxonomies),
        )
        .add(
            "/openreferral/taxonomies/{id}",
            Access::Public,
            &[M::GET],
            get(openreferral::taxonomy),
        )
        .add(
            "/openreferral/taxonomy_terms",
            Access::Public,
            &[M::GET],
            get(openreferral::taxonomy_terms),
        )
        .add(
            "/openreferral/taxonomy_terms/{id}",
            Access::Public,
            &[M::GET],
            get(openreferral::taxonomy_term),
        )
}

/// Every page route and the access it declares (the JSON API's are in
/// [`api::ACCESS`]).
pub fn declared_routes() -> Vec<Declared> {
    let mut all = pages().declared;
    all.extend(plain().declared);
    all
}

/// The whole application.
pub fn router(app: AppState) -> Router {
    let routes = Router::new()
        .merge(pages().router)
        .nest("/cy", pages().router)
        .merge(plain().router)
        .nest("/api/v1", api::router())
        .fallback(error::not_found);
    with_layers(routes, app)
}

/// `routes` wrapped in everything every request passes through: a handler
/// that panics is answered with the error page (the connection stays
/// open), the body limit, security headers and error pages in the
/// person's language, request ids and tracing. [`router`] is this over
/// every route; tests use it to put a route of their own behind the same
/// layers.
pub fn with_layers(routes: Router<AppState>, app: AppState) -> Router {
    let limit = app.config.body_limit;
    routes
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panicked,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(limit))
        .layer(axum::extract::DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::layer,
        ))
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(security::trace_layer())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(
            tower_http::request_id::MakeRequestUuid,
        ))
        .layer(axum::middleware::from_fn(security::fresh_request_id))
        .layer(axum::Extension(app.clone()))
        .with_state(app)
}
