//! The JSON API under `/api/v1/`: what the pages do, for integrations and
//! scripts. Every endpoint is described in the OpenAPI 3.1 document served
//! at `/api/v1/openapi.json`, generated from these handlers and types by
//! utoipa, so the description cannot drift from the code.
//!
//! Authentication: submitting a referral is open, like the public form.
//! Reading referrals needs a staff session (the `roots_session` cookie) or a
//! bearer token from `roots token create`, and a role the policy allows.
//! Error messages are in English or Welsh by `Accept-Language`.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use jiff::Timestamp;
use roots_core::referral::{Channel, Context, Mode, ReferralInput};
use roots_store::audit::{Actor, Event, Outcome};
use roots_store::{NewReferral, ReferralRow, ReferralSummary, StoreError, User};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::access::Access;
use crate::ctx::SESSION_COOKIE;
use crate::i18n::{Lang, Tr};
use roots_core::policy::{self, Action};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Roots API",
        description = "First-contact occupational therapy in primary care: referrals.",
        license(name = "AGPL-3.0-or-later")
    ),
    servers((url = "/api/v1")),
    modifiers(&SessionCookie),
    tags((name = "referrals", description = "Self-referrals and staff-entered referrals"))
)]
struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "A staff session, from signing in at /staff/sign-in",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token from `roots token create`; it acts as its user",
                    ))
                    .build(),
            ),
        );
    }
}

pub fn router() -> Router<AppState> {
    let (router, api) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(create_referral, list_referrals))
        .routes(routes!(get_referral))
        .split_for_parts();
    let api = Arc::new(api);
    router
        .route(
            "/openapi.json",
            get(move || async move { Json(api.as_ref().clone()) }),
        )
        .fallback(|| async { ApiError::not_found(Lang::En) })
}

/// The OpenAPI document (for tests and for `roots openapi`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .routes(routes!(create_referral, list_referrals))
        .routes(routes!(get_referral))
        .split_for_parts();
    api
}

/// Who is calling and in which language they want messages.
struct ApiCtx {
    app: AppState,
    user: Option<User>,
    /// How the caller authenticated, for the audit trail: `api` (session)
    /// or `api token <id>`.
    via: String,
    lang: Lang,
    tr: Tr,
    request_id: Option<String>,
    /// The sender's address, for the public rate limit.
    peer: Option<String>,
}

impl FromRequestParts<AppState> for ApiCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::En, Lang::from_accept_language);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.strip_prefix("Bearer ").unwrap_or("").trim().to_owned());
        let jar = CookieJar::from_headers(&parts.headers);
        let now = Timestamp::now();
        let session = crate::ctx::CookieName::Session.read(app, &jar);
        let (user, via) = match (bearer, session) {
            // A token that is wrong, expired or revoked is refused outright,
            // never quietly replaced by a cookie.
            (Some(secret), _) => match app
                .store
                .token_user(&secret, now)
                .await
                .map_err(|e| ApiError::store(e, lang))?
            {
                Some((user, token_id)) => (Some(user), format!("api token {token_id}")),
                None => return Err(ApiError::unauthorised(app.locales.get(lang))),
            },
            (None, Some(token)) => (
                app.store
                    .session_user(&token, now, app.config.session)
                    .await
                    .map_err(|e| ApiError::store(e, lang))?,
                "api".to_owned(),
            ),
            (None, None) => (None, "api".to_owned()),
        };
        // Staff of another service sharing the database are strangers here;
        // a token of theirs is refused like any wrong token.
        let user = match user {
            // A session of someone whose roles need a second factor they
            // have not set up counts as no session (a token is a credential
            // of its own, issued by an operator).
            Some(u)
                if u.service_id != app.service.id
                    || (via == "api" && !crate::access::has_needed_factor(app, &u)) =>
            {
                return Err(ApiError::unauthorised(app.locales.get(lang)));
            }
            u => u,
        };
        Ok(ApiCtx {
            app: app.clone(),
            user,
            via,
            lang,
            tr: app.locales.get(lang),
            request_id: crate::ctx::request_id(parts),
            peer: crate::security::client_ip(
                parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|c| c.0.ip()),
                &parts.headers,
                &app.config.trusted_proxies,
            )
            .map(|ip| ip.to_string()),
        })
    }
}

/// The access each API endpoint needs (method, path under /api/v1, access).
/// The access test checks this list against the OpenAPI document and
/// against what each endpoint does for every role.
pub const ACCESS: &[(&str, &str, Access)] = &[
    (
        "POST",
        "/referrals",
        Access::PublicOr(Action::ReferralEnter),
    ),
    ("GET", "/referrals", Access::Can(Action::ReferralList)),
    ("GET", "/referrals/{id}", Access::Can(Action::ReferralRead)),
    ("GET", "/openapi.json", Access::Public),
];

impl ApiCtx {
    /// The signed-in user, if their roles allow `action`: 401 without a
    /// session, 403 (audited) without the role.
    async fn require(&self, action: Action) -> Result<&User, ApiError> {
        let user = self.require_staff()?;
        if policy::allows(&user.roles, action) {
            return Ok(user);
        }
        self.audit(
            Event::action(action.as_str())
                .outcome(Outcome::Denied)
                .detail(&self.via),
        )
        .await?;
        Err(ApiError {
            status: StatusCode::FORBIDDEN,
            body: ErrorBody {
                code: "forbidden".into(),
                message: self.tr.t("page-no-access-title"),
                errors: Vec::new(),
            },
        })
    }

    fn actor(&self) -> Actor {
        crate::ctx::actor(self.user.as_ref(), self.request_id.clone())
    }

    async fn audit(&self, event: Event<'_>) -> Result<(), ApiError> {
        self.app
            .store
            .audit(&self.actor(), event)
            .await
            .map_err(|e| ApiError::store(e, self.lang))
    }

    fn require_staff(&self) -> Result<&User, ApiError> {
        self.user
            .as_ref()
            .ok_or_else(|| ApiError::unauthorised(self.tr.clone()))
    }
}

/// One problem with one field.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FieldErrorBody {
    /// The field, as named in the request body.
    pub field: String,
    /// A stable code (the Fluent message id).
    pub code: String,
    /// The message in the requested language.
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldErrorBody>,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    fn unauthorised(tr: Tr) -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            body: ErrorBody {
                code: "unauthorised".into(),
                message: tr.t("api-unauthorised"),
                errors: Vec::new(),
            },
        }
    }

    fn not_found(lang: Lang) -> ApiError {
        // The strings are compiled in and checked at start-up; parse them
        // once for this path, which has no application state at hand.
        static LOCALES: std::sync::OnceLock<Option<Arc<crate::i18n::Locales>>> =
            std::sync::OnceLock::new();
        let message = LOCALES
            .get_or_init(|| crate::i18n::Locales::load().ok())
            .as_ref()
            .map_or_else(
                || "Not found.".to_owned(),
                |l| l.get(lang).t("api-not-found"),
            );
        ApiError {
            status: StatusCode::NOT_FOUND,
            body: ErrorBody {
                code: "not_found".into(),
                message,
                errors: Vec::new(),
            },
        }
    }

    /// 400: the query string has problems (each named in `errors`).
    fn bad_query(tr: &Tr, errors: Vec<FieldErrorBody>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: ErrorBody {
                code: "bad_query".into(),
                message: tr.t("api-bad-query"),
                errors,
            },
        }
    }

    fn store(e: StoreError, lang: Lang) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::not_found(lang),
            e => {
                tracing::error!(error = %e, "store error in API");
                ApiError {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    body: ErrorBody {
                        code: "unavailable".into(),
                        message: "The service is unavailable. Nothing acknowledged has been lost; try again.".into(),
                        errors: Vec::new(),
                    },
                }
            }
        }
    }
}

/// The API's answer to an error no handler answered in JSON: an address
/// refused before routing (400), a body over the limit (413), a panic
/// caught by the layers in `with_layers` (500), or a method or type the
/// router refused.
pub(crate) fn bare_error(status: StatusCode, tr: &Tr) -> Response {
    let (code, message) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "api-bad-request"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "api-too-large"),
        StatusCode::NOT_FOUND => ("not_found", "api-not-found"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "api-method-not-allowed"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "api-media-type"),
        s if s.is_server_error() => ("internal", "api-internal"),
        _ => ("bad_request", "api-bad-request"),
    };
    ApiError {
        status,
        body: ErrorBody {
            code: code.into(),
            message: tr.t(message),
            errors: Vec::new(),
        },
    }
    .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// A referral as the API returns it after creating it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedReferral {
    pub id: String,
    /// Short reference to quote, e.g. `K7QH-4MPX`.
    pub reference: String,
    pub status: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// Advice the person must be given now, most urgent first (`emergency`:
    /// 999 or A&E; `crisis`: NHS 111's mental health option, Samaritans
    /// 116 123, 999 in danger; `safeguarding`: domestic abuse helplines;
    /// `nhs_111`; `gp_today`). An integration that takes referrals must show
    /// it before anything else. Empty when there is none.
    pub immediate_advice: Vec<roots_core::triage::Advice>,
}

/// One row of the referral list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReferralListItem {
    pub id: String,
    pub reference: String,
    pub given_name: String,
    pub family_name: String,
    pub status: String,
    pub source: String,
    pub channel: String,
    pub practice_name: Option<String>,
    pub needs_help_now: bool,
    pub created_at: String,
}

impl From<ReferralSummary> for ReferralListItem {
    fn from(r: ReferralSummary) -> Self {
        ReferralListItem {
            id: r.id,
            reference: r.reference,
            given_name: r.given_name,
            family_name: r.family_name,
            status: r.status,
            source: r.source,
            channel: r.channel,
            practice_name: r.practice_name,
            needs_help_now: r.needs_help_now,
            created_at: roots_store::time_text(r.created_at),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReferralList {
    pub items: Vec<ReferralListItem>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// A referral in full.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReferralDetail {
    #[serde(flatten)]
    pub summary: ReferralListItem,
    /// ISO 8601 date.
    pub date_of_birth: String,
    pub nhs_number: Option<String>,
    pub postcode: Option<String>,
    pub practice_id: Option<String>,
    pub entered_by_name: Option<String>,
    /// The language the referral was made in: `en` or `cy`.
    pub language: String,
    pub answers: ReferralInput,
}

impl From<ReferralRow> for ReferralDetail {
    fn from(r: ReferralRow) -> Self {
        ReferralDetail {
            summary: r.summary.into(),
            date_of_birth: r.date_of_birth,
            nhs_number: r.nhs_number,
            postcode: r.postcode,
            practice_id: r.practice_id,
            entered_by_name: r.entered_by_name,
            language: r.language,
            answers: r.answers,
        }
    }
}

/// Submit a referral.
///
/// Without a staff session it is a self-referral (`source` is set to
/// `self`); with one, `source` is required. The response is sent only after
/// the referral is committed.
#[utoipa::path(
    post,
    path = "/referrals",
    tag = "referrals",
    request_body = ReferralInput,
    responses(
        (status = 201, description = "Committed", body = CreatedReferral,
         headers(("location" = String, description = "The referral's address"))),
        (status = 400, description = "The body is not JSON of the right shape", body = ErrorBody),
        (status = 422, description = "Answers break their rules; each error names its field", body = ErrorBody),
        (status = 503, description = "The service is not taking self-referrals (staff can still enter them)", body = ErrorBody),
    ),
    params(("accept-language" = Option<String>, Header, description = "`cy` for Welsh messages"))
)]
async fn create_referral(
    ctx: ApiCtx,
    body: Result<Json<ReferralInput>, JsonRejection>,
) -> Result<(StatusCode, HeaderMap, Json<CreatedReferral>), ApiError> {
    // Anyone may refer themselves; a signed-in caller is entering a referral
    // for someone else, which their roles must allow.
    if ctx.user.is_some() {
        ctx.require(Action::ReferralEnter).await?;
    } else if !ctx
        .app
        .store
        .intake(&ctx.app.service.id)
        .await
        .map_err(|e| ApiError::store(e, ctx.lang))?
        .open
    {
        return Err(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            body: ErrorBody {
                code: "closed".into(),
                message: ctx.tr.t("api-closed"),
                errors: Vec::new(),
            },
        });
    }
    let Json(input) = body.map_err(|e| ApiError {
        status: StatusCode::BAD_REQUEST,
        body: ErrorBody {
            code: "bad_request".into(),
            message: e.body_text(),
            errors: Vec::new(),
        },
    })?;
    let practices = ctx
        .app
        .store
        .practices(&ctx.app.service.id)
        .await
        .map_err(|e| ApiError::store(e, ctx.lang))?;
    let ids: Vec<String> = practices.into_iter().map(|p| p.id).collect();
    let limit = ctx.app.config.public_submissions_per_hour;
    let rate_key = ctx
        .peer
        .as_deref()
        .filter(|_| ctx.user.is_none() && limit > 0);
    // An early refusal (before the body is even checked); the store decides
    // again inside the referral's own transaction.
    if let Some(key) = rate_key {
        let since = Timestamp::now() - jiff::SignedDuration::from_hours(1);
        let sent = ctx
            .app
            .store
            .rate_events(roots_store::referrals::PUBLIC_REFERRAL, key, since)
            .await
            .map_err(|e| ApiError::store(e, ctx.lang))?;
        if sent >= limit {
            ctx.audit(
                Event::action("referral.create")
                    .outcome(Outcome::Denied)
                    .detail("rate limit"),
            )
            .await?;
            return Err(ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                body: ErrorBody {
                    code: "too_many".into(),
                    message: ctx.tr.t("page-too-many-title"),
                    errors: Vec::new(),
                },
            });
        }
    }
    let mode = if ctx.user.is_some() {
        Mode::Staff
    } else {
        Mode::Public
    };
    let core_ctx = Context {
        today: crate::public::today(),
        practices: &ids,
        mode,
    };
    let referral = input.validate(&core_ctx).map_err(|errors| ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        body: ErrorBody {
            code: "validation_failed".into(),
            message: ctx.tr.t("api-validation-failed"),
            errors: errors
                .iter()
                .map(|e| FieldErrorBody {
                    field: e.field.into(),
                    code: e.message.into(),
                    message: crate::forms::message(&ctx.tr, e),
                })
                .collect(),
        },
    })?;
    let now = Timestamp::now();
    let suggested = crate::triage_pages::suggest(&ctx.app, &referral.answers, now);
    let immediate_advice = suggested.decision.immediate_advice.clone();
    let submitted = ctx
        .app
        .store
        .submit_referral(
            &NewReferral {
                service_id: &ctx.app.service.id,
                referral: &referral,
                channel: Channel::Api,
                entered_by: ctx.user.as_ref().map(|u| u.id.as_str()),
                language: ctx.lang.code(),
                actor: &ctx.actor(),
                rate_key,
                rate_limit: limit,
                triage: &suggested,
            },
            None,
            now,
        )
        .await;
    let submitted = match submitted {
        Err(StoreError::Limited) => {
            ctx.audit(
                Event::action("referral.create")
                    .outcome(Outcome::Denied)
                    .detail("rate limit"),
            )
            .await?;
            return Err(ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                body: ErrorBody {
                    code: "too_many".into(),
                    message: ctx.tr.t("page-too-many-title"),
                    errors: Vec::new(),
                },
            });
        }
        other => other.map_err(|e| ApiError::store(e, ctx.lang))?,
    };
    let s = submitted.receipt().clone();
    let mut headers = HeaderMap::new();
    if let Ok(v) = format!("/api/v1/referrals/{}", s.id).parse() {
        headers.insert(header::LOCATION, v);
    }
    Ok((
        StatusCode::CREATED,
        headers,
        Json(CreatedReferral {
            id: s.id,
            reference: s.reference,
            status: s.status,
            created_at: roots_store::time_text(s.created_at),
            immediate_advice,
        }),
    ))
}

/// The list's query string, read as text so that a value that is not a
/// number gets the API's JSON error naming the parameter (not axum's plain
/// text rejection).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct Paging {
    /// At most this many (1 to 200; default 50).
    #[param(value_type = Option<i64>)]
    limit: Option<String>,
    /// Skip this many (0 to 1,000,000,000; default 0).
    #[param(value_type = Option<i64>)]
    offset: Option<String>,
}

/// The most a list's `offset` may skip.
const MAX_OFFSET: i64 = 1_000_000_000;

impl Paging {
    /// `(limit, offset)`, or the API's error naming each bad parameter.
    fn read(&self, tr: &Tr) -> Result<(i64, i64), ApiError> {
        let mut errors = Vec::new();
        let mut number = |field: &str,
                          value: &Option<String>,
                          range: std::ops::RangeInclusive<i64>,
                          default: i64| {
            match value.as_deref().map(str::trim) {
                None | Some("") => default,
                Some(v) => match v.parse::<i64>() {
                    Ok(n) if range.contains(&n) => n,
                    _ => {
                        errors.push(FieldErrorBody {
                            field: field.into(),
                            code: "api-query-number".into(),
                            message: tr.ts(
                                "api-query-number",
                                &[
                                    ("min", range.start().to_string()),
                                    ("max", range.end().to_string()),
                                ],
                            ),
                        });
                        default
                    }
                },
            }
        };
        let limit = number("limit", &self.limit, 1..=200, 50);
        let offset = number("offset", &self.offset, 0..=MAX_OFFSET, 0);
        if errors.is_empty() {
            Ok((limit, offset))
        } else {
            Err(ApiError::bad_query(tr, errors))
        }
    }
}

/// List referrals, newest first.
#[utoipa::path(
    get,
    path = "/referrals",
    tag = "referrals",
    params(Paging),
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "A page of referrals", body = ReferralList),
        (status = 401, description = "No staff session", body = ErrorBody),
    )
)]
async fn list_referrals(
    ctx: ApiCtx,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<ReferralList>, ApiError> {
    let user = ctx.require(Action::ReferralList).await?;
    let Query(paging) = paging.map_err(|_| ApiError::bad_query(&ctx.tr, Vec::new()))?;
    let (limit, offset) = paging.read(&ctx.tr)?;
    let service = &ctx.app.service.id;
    let store = &ctx.app.store;
    let items = store
        .list_referrals_for(service, Some(&user.id), limit, offset)
        .await
        .map_err(|e| ApiError::store(e, ctx.lang))?;
    let total = store
        .count_referrals_for(service, Some(&user.id))
        .await
        .map_err(|e| ApiError::store(e, ctx.lang))?;
    tracing::info!(user_id = %user.id, count = items.len(), "referrals listed via API");
    ctx.audit(Event::action("referral.list").detail(&ctx.via))
        .await?;
    Ok(Json(ReferralList {
        items: items.into_iter().map(Into::into).collect(),
        total,
        limit,
        offset,
    }))
}

/// Read one referral.
#[utoipa::path(
    get,
    path = "/referrals/{id}",
    tag = "referrals",
    params(("id" = String, Path, description = "The referral's id")),
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "The referral", body = ReferralDetail),
        (status = 401, description = "No staff session", body = ErrorBody),
        (status = 404, description = "No such referral in this service", body = ErrorBody),
    )
)]
async fn get_referral(
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> Result<Json<ReferralDetail>, ApiError> {
    let user = ctx.require(Action::ReferralRead).await?;
    // Ids are UUIDs: anything else is not found without a look in the
    // database, and the trail records the attempt without the text given
    // (which could be anything, and is not a record's id).
    if uuid::Uuid::parse_str(&id).is_err() {
        ctx.audit(
            Event::action("referral.view")
                .outcome(Outcome::Failure)
                .detail("not a referral id"),
        )
        .await?;
        return Err(ApiError::not_found(ctx.lang));
    }
    let mut found = ctx.app.store.referral(&ctx.app.service.id, &id).await;
    // Outside the caller's practices (and with no break-glass opening from
    // the staff pages, where a reason is given): not found, as if it did
    // not exist.
    if let Ok(r) = &found
        && !policy::in_scope(&user.practice_ids, r.practice_id.as_deref())
        && !ctx
            .app
            .store
            .break_glass_active(&user.id, &id, Timestamp::now())
            .await
            .map_err(|e| ApiError::store(e, ctx.lang))?
    {
        found = Err(StoreError::NotFound);
    }
    let outcome = if found.is_ok() {
        Outcome::Success
    } else {
        Outcome::Failure
    };
    ctx.audit(
        Event::on("referral.view", "referral", &id)
            .outcome(outcome)
            .detail(&ctx.via),
    )
    .await?;
    let r = found.map_err(|e| ApiError::store(e, ctx.lang))?;
    tracing::info!(user_id = %user.id, referral_id = %id, "referral read via API");
    Ok(Json(r.into()))
}
