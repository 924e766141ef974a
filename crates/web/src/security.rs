//! Headers every response carries, request tracing without personal data,
//! and the readiness check.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::error::ErrorPage;
use crate::i18n::Lang;

/// No inline script or style anywhere, so the policy needs no nonces.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; object-src 'none'";

pub async fn layer(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let lang = Lang::of_path(req.uri().path());
    let is_asset = req.uri().path().starts_with("/assets/");
    let is_api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    // A body over the limit is refused by the limit layer with a bare 413:
    // give the person a page that says what to do.
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_api && !is_html(&res) {
        res.extensions_mut().insert(crate::error::TOO_LARGE);
    }
    if !is_api && let Some(page) = res.extensions().get::<ErrorPage>().copied() {
        res = crate::error::render_page(app.locales.get(lang), res.status(), page);
    }
    let h = res.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if app.config.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !is_asset {
        // Pages hold personal data: never keep them in a shared cache or
        // the browser's back-forward store on a shared PC.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

fn is_html(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Logs each request with its path (never the query), status and timing.
pub fn trace_layer() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    impl Fn(&Request<Body>) -> tracing::Span + Clone,
> {
    TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
        // Paths carry only slugs and opaque ids, never personal data; the
        // query string is left out all the same.
        let path = req.uri().path().to_owned();
        let request_id = req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        tracing::info_span!("request", method = %req.method(), path, request_id)
    })
}

/// `/readyz`: 200 when the database answers, 503 when it does not.
pub async fn ready(State(app): State<AppState>) -> impl IntoResponse {
    match app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
