//! Reading what a browser sends, strictly: the bytes of a form and the
//! characters of an address, before any handler sees them.
//!
//! - [`Strict`] wraps a form extractor (`axum::Form<T>`,
//!   `axum_extra::extract::Form<T>`) and refuses a body whose names or values
//!   are not UTF-8 once percent-decoded. The extractors underneath decode
//!   such bytes lossily, to U+FFFD, so without this "Siân" typed in a
//!   Latin-1 page would be stored as "Si�n". The refusal is a 400 page in
//!   the person's language ("There is a problem … nothing from that page
//!   was saved"), and because it comes before the handler, a draft or a
//!   record stays as it was. [`Pairs`] is the same for handlers that read
//!   every name and value in order.
//! - [`address_has_controls`]: NUL and the other C0 control characters (and
//!   DEL) have no place anywhere in a path or a query string once decoded;
//!   `security::layer` refuses such a request with a 400 page before it is
//!   routed, so no lookup can pass one to the database. This is defence in
//!   depth: handlers still put other text through `roots_core::text`.
//! - [`ids_are_uuids`]: a staff route's record ids (`{id}`, `{entry}`,
//!   `{doc}`, `{appt}`) that are not UUIDs are "not found" before any
//!   handler runs.
//!
//! What the text says (control characters, invisible formatting, names
//! without a letter) is the text rule's business, field by field, so the
//! message can name the field and keep everything else typed.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::ErrorPage;

/// "Some of what was sent could not be read as text."
pub const UNREADABLE: ErrorPage = ErrorPage {
    title: "page-unreadable-title",
    text: "page-unreadable-text",
    link: None,
};

/// "This address has characters in it that cannot be used."
pub const BAD_ADDRESS: ErrorPage = ErrorPage {
    title: "page-bad-address-title",
    text: "page-bad-address-text",
    link: None,
};

fn marked(page: ErrorPage) -> Response {
    let mut res = StatusCode::BAD_REQUEST.into_response();
    res.extensions_mut().insert(page);
    res
}

/// The answer to a form whose bytes are not UTF-8 (for readers of a body
/// that do not go through [`Strict`], such as the step-up guard).
pub fn unreadable() -> Response {
    marked(UNREADABLE)
}

/// The request that refers to an address with control characters in it.
pub fn bad_address() -> Response {
    marked(BAD_ADDRESS)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes `s` (and `+` as a space when `plus` is set): the bytes
/// it stands for. A `%` not followed by two hex digits is kept as it is,
/// as browsers and the form parsers do.
fn percent_decoded(s: &[u8], plus: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b == b'%'
            && let (Some(h), Some(l)) = (
                s.get(i + 1).copied().and_then(hex),
                s.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(if plus && b == b'+' { b' ' } else { b });
        i += 1;
    }
    out
}

/// Whether every name and value of an `application/x-www-form-urlencoded`
/// body is UTF-8 once decoded.
pub fn form_is_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&')
        .all(|pair| std::str::from_utf8(&percent_decoded(pair, true)).is_ok())
}

/// Whether a path or query, decoded, holds a C0 control character or DEL.
pub fn has_controls(s: &str) -> bool {
    percent_decoded(s.as_bytes(), false)
        .iter()
        .any(|b| *b < 0x20 || *b == 0x7F)
}

/// Whether the request's path or query string holds a control character.
pub fn address_has_controls(uri: &axum::http::Uri) -> bool {
    has_controls(uri.path()) || uri.query().is_some_and(has_controls)
}

/// The path parameters that name a record: UUIDs, always
/// (ARCHITECTURE.md: ids in URLs are opaque UUIDs).
const ID_PARAMS: &[&str] = &["id", "entry", "doc", "appt"];

/// Route middleware: a staff page whose record ids are not UUIDs names
/// nothing, so it is "not found" before any handler asks the database for
/// it. (The public Open Referral API also finds a service by the id its
/// feed gave it, which need not be a UUID.)
pub async fn ids_are_uuids(req: Request, next: axum::middleware::Next) -> Response {
    let (mut parts, body) = req.into_parts();
    if parts.uri.path().starts_with("/staff/")
        && let Ok(params) = axum::extract::RawPathParams::from_request_parts(&mut parts, &()).await
        && params
            .iter()
            .any(|(name, value)| ID_PARAMS.contains(&name) && uuid::Uuid::parse_str(value).is_err())
    {
        return crate::error::AppError::NotFound.into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

/// Text typed into a form, through the text rule (`roots_core::text`): the
/// text to keep (trimmed, NFC), or the message for its field in the
/// person's language.
pub fn typed(
    tr: &crate::i18n::Tr,
    kind: roots_core::text::Kind,
    value: &str,
    max: usize,
) -> Result<String, String> {
    roots_core::text::field("text", kind, value, max).map_err(|e| crate::forms::message(tr, &e))
}

fn is_form(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// A form extractor `E` that first refuses bytes that are not UTF-8.
#[derive(Debug)]
pub struct Strict<E>(pub E);

impl<S, E> FromRequest<S> for Strict<E>
where
    S: Send + Sync,
    E: FromRequest<S>,
    E::Rejection: IntoResponse,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_form(&req) {
            // Not a form: the extractor underneath refuses it as before.
            return E::from_request(req, state)
                .await
                .map(Strict)
                .map_err(IntoResponse::into_response);
        }
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        if !form_is_utf8(&bytes) {
            return Err(marked(UNREADABLE));
        }
        E::from_request(Request::from_parts(parts, Body::from(bytes)), state)
            .await
            .map(Strict)
            .map_err(IntoResponse::into_response)
    }
}

impl<E> std::ops::Deref for Strict<E> {
    type Target = E;

    fn deref(&self) -> &E {
        &self.0
    }
}

/// Every name and value of a form, in order, read strictly ([`Strict`]).
#[derive(Debug)]
pub struct Pairs(pub Vec<(String, String)>);

impl std::ops::Deref for Pairs {
    type Target = Vec<(String, String)>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<S: Send + Sync> FromRequest<S> for Pairs {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Strict(axum::Form(pairs)) =
            Strict::<axum::Form<Vec<(String, String)>>>::from_request(req, state).await?;
        Ok(Pairs(pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_strictly() {
        // (body, UTF-8 once decoded, why)
        let cases: &[(&[u8], bool, &str)] = &[
            (
                b"given_name=Si%C3%A2n&family_name=Jones",
                true,
                "UTF-8 escaped",
            ),
            ("given_name=Siân".as_bytes(), true, "UTF-8 raw"),
            (b"given_name=Si%E2n", false, "Latin-1 escaped"),
            (b"given_name=Si\xE2n", false, "Latin-1 raw"),
            (b"a=%FF", false, "a byte that never starts UTF-8"),
            (b"a=%C0%AF", false, "an overlong slash"),
            (b"a=%ED%A0%80", false, "a surrogate"),
            (b"%FF=x", false, "in a name too"),
            (b"a=100%&b=%2", true, "a stray percent sign is kept"),
            (b"a=%00", true, "NUL is UTF-8: the text rule refuses it"),
            (b"", true, "empty"),
            (b"a=b+c", true, "plus is a space"),
        ];
        for (body, ok, why) in cases {
            assert_eq!(form_is_utf8(body), *ok, "{why}");
        }
    }

    #[test]
    fn addresses_with_controls_are_found() {
        for (s, has, why) in [
            ("/staff/episodes/%00", true, "NUL in a path"),
            ("user=%00", true, "NUL in a query"),
            ("q=a%1Bb", true, "ESC"),
            ("q=a%7F", true, "DEL"),
            ("q=%0A", true, "a line feed"),
            ("q=Si%C3%A2n+Jones", false, "letters and a space"),
            (
                "q=%E2%80%AE",
                false,
                "a direction override: for the text rule",
            ),
            ("q=100%", false, "a stray percent sign"),
            (
                "/staff/episodes/0f8fad5b-d9cb-469f-a165-70867728950e",
                false,
                "an id",
            ),
        ] {
            assert_eq!(has_controls(s), has, "{why}");
        }
    }
}
