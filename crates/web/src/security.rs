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
    let api_lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::En, Lang::from_accept_language);
    // NUL or another control character in the path or query: refused
    // before routing, so no lookup can pass one on (crate::input).
    let mut res = if crate::input::address_has_controls(req.uri()) {
        crate::input::bad_address()
    } else {
        next.run(req).await
    };
    // A body over the limit is refused by the limit layer with a bare 413:
    // give the person a page that says what to do.
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_api && !is_html(&res) {
        res.extensions_mut().insert(crate::error::TOO_LARGE);
    }
    if is_api {
        // The API's handlers answer with its JSON error body; what reaches
        // here without one (an address refused before routing, a body over
        // the limit, a panic) gets the same shape, in the caller's language.
        let json = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !json && (res.status().is_client_error() || res.status().is_server_error()) {
            res = crate::api::bare_error(res.status(), &app.locales.get(api_lang));
        }
    } else if let Some(page) = res.extensions().get::<ErrorPage>().copied() {
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
    tower_http::trace::DefaultOnRequest,
    tower_http::trace::DefaultOnResponse,
> {
    TraceLayer::new_for_http()
        // One line per request at `info`, so an operator sees traffic at the
        // default log level; 5xx are errors.
        .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO))
        .make_span_with(|req: &Request<Body>| {
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

/// An address range (`10.0.0.0/8`, `::1/128`) or a single address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: std::net::IpAddr,
    prefix: u8,
}

impl std::str::FromStr for IpNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (a, p) = s.split_once('/').unwrap_or((s, ""));
        let addr: std::net::IpAddr = a
            .parse()
            .map_err(|_| format!("{s:?} is not an IP address or range"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = if p.is_empty() {
            max
        } else {
            p.parse::<u8>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| format!("{s:?} has a prefix length that is not 0 to {max}"))?
        };
        Ok(IpNet { addr, prefix })
    }
}

impl IpNet {
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr::{V4, V6};
        let ip = match ip {
            V6(v6) => v6.to_ipv4_mapped().map_or(V6(v6), V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (V4(net), V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (V6(net), V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The address a request came from. When the connection is from a trusted
/// proxy, `X-Forwarded-For` is read from the right, skipping trusted proxies,
/// and the first address that is not one is the person's. Anything
/// malformed falls back to the connection's own address, so a client
/// cannot choose its address by sending the header itself.
pub fn client_ip(
    peer: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
    trusted: &[IpNet],
) -> Option<std::net::IpAddr> {
    let peer = peer?;
    let is_trusted = |ip: std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return Some(peer);
    }
    // Read from the right: the nearest proxy appended the address it saw.
    // Skip our own proxies; the first other address is the person's. A
    // malformed entry is as far as we trust: anything left of it could have
    // been written by the client.
    let mut parts: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        match value.to_str() {
            Ok(v) => parts.extend(v.split(',')),
            Err(_) => parts.push(""),
        }
    }
    for part in parts.iter().rev() {
        match part.trim().parse::<std::net::IpAddr>() {
            Ok(ip) if is_trusted(ip) => continue,
            Ok(ip) => return Some(ip),
            Err(_) => return Some(peer),
        }
    }
    Some(peer)
}

/// Drops any `x-request-id` a client sent, so the id in logs and the audit
/// trail is always one the server made.
pub async fn fresh_request_id(mut req: Request, next: Next) -> Response {
    req.headers_mut().remove("x-request-id");
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn ip(s: &str) -> std::net::IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_parse_and_contain() {
        let cases = [
            ("10.0.0.0/8", "10.200.3.4", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.1.7", "192.168.1.7", true),
            ("192.168.1.7", "192.168.1.8", false),
            ("0.0.0.0/0", "203.0.113.9", true),
            ("fd00::/8", "fd12::1", true),
            ("fd00::/8", "fe80::1", false),
            ("127.0.0.1", "::ffff:127.0.0.1", true),
        ];
        for (net, addr, want) in cases {
            let n: IpNet = net.parse().unwrap();
            assert_eq!(n.contains(ip(addr)), want, "{net} {addr}");
        }
        for bad in ["", "10.0.0.0/33", "host.example", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<IpNet>().is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let xff = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert("x-forwarded-for", v.parse().unwrap());
            h
        };
        let cases = [
            // (peer, header, expected, why)
            (
                "203.0.113.5",
                Some("198.51.100.1"),
                "203.0.113.5",
                "untrusted peer: header ignored",
            ),
            (
                "10.0.0.2",
                Some("198.51.100.1"),
                "198.51.100.1",
                "one proxy",
            ),
            (
                "10.0.0.2",
                Some("6.6.6.6, 198.51.100.1, 10.0.0.9"),
                "198.51.100.1",
                "rightmost untrusted hop; a forged left part is ignored",
            ),
            (
                "10.0.0.2",
                None,
                "10.0.0.2",
                "no header: the proxy's own address",
            ),
            (
                "10.0.0.2",
                Some("not-an-ip"),
                "10.0.0.2",
                "malformed: the proxy's own address",
            ),
            (
                "10.0.0.2",
                Some("junk, 198.51.100.1"),
                "198.51.100.1",
                "junk a client sent on the left does not hide its address",
            ),
            (
                "10.0.0.2",
                Some("198.51.100.1, junk, 10.0.0.9"),
                "10.0.0.2",
                "junk nearer than any untrusted hop: the proxy",
            ),
            (
                "10.0.0.2",
                Some("10.0.0.7"),
                "10.0.0.2",
                "only proxies: the peer",
            ),
        ];
        for (peer, header, want, why) in cases {
            let h = header.map(xff).unwrap_or_default();
            assert_eq!(
                client_ip(Some(ip(peer)), &h, &trusted),
                Some(ip(want)),
                "{why}"
            );
        }
        assert_eq!(client_ip(None, &HeaderMap::new(), &trusted), None);
    }
}
