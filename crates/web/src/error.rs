//! One error type for the web layer, and the policy for showing it.
//!
//! - A problem with what a person typed is not an error here: handlers show
//!   the same page again with the error summary and everything they typed.
//! - `NotFound`, `Csrf` and `SignIn` are expected: a helpful page or a
//!   redirect, in the person's language, never a 500.
//! - `Store` and `Internal` are faults: logged (without personal data) and
//!   shown as a generic page that says nothing already sent is lost.
//! - API routes turn the same errors into JSON (see `api.rs`).
//!
//! An error becomes a response carrying an [`ErrorPage`] marker; the
//! middleware in `security.rs`, which knows the request's language, renders
//! it. So every error page is in English or Welsh as the person chose.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use roots_store::StoreError;

use crate::i18n::{Lang, Tr};
use crate::layout::{Layout, MessagePage, render};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("sign in required")]
    SignIn(Lang),
    #[error("not allowed")]
    Forbidden,
    #[error("too many submissions from one address")]
    TooMany,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

/// Which message page to show; rendered by the middleware.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage {
    pub title: &'static str,
    pub text: &'static str,
    pub link: Option<(&'static str, &'static str)>,
}

const NOT_FOUND: ErrorPage = ErrorPage {
    title: "page-not-found-title",
    text: "page-not-found-text",
    link: Some(("/", "page-not-found-home")),
};
const FORBIDDEN: ErrorPage = ErrorPage {
    title: "page-forbidden-title",
    text: "page-forbidden-text",
    link: None,
};
const FAULT: ErrorPage = ErrorPage {
    title: "page-error-title",
    text: "page-error-text",
    link: None,
};
const TOO_MANY: ErrorPage = ErrorPage {
    title: "page-too-many-title",
    text: "page-too-many-text",
    link: None,
};
pub const TOO_LARGE: ErrorPage = ErrorPage {
    title: "page-too-large-title",
    text: "page-too-large-text",
    link: None,
};

fn marked(status: StatusCode, page: ErrorPage) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(page);
    res
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound | AppError::Store(StoreError::NotFound) => {
                marked(StatusCode::NOT_FOUND, NOT_FOUND)
            }
            AppError::Csrf => marked(StatusCode::FORBIDDEN, FORBIDDEN),
            AppError::Forbidden => marked(StatusCode::FORBIDDEN, crate::access::FORBIDDEN_ROLE),
            AppError::TooMany | AppError::Store(StoreError::Limited) => {
                marked(StatusCode::TOO_MANY_REQUESTS, TOO_MANY)
            }
            AppError::SignIn(lang) => {
                Redirect::to(&format!("{}/staff/sign-in", lang.prefix())).into_response()
            }
            AppError::Store(e) => {
                tracing::error!(error = %e, "store error");
                marked(StatusCode::SERVICE_UNAVAILABLE, FAULT)
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                marked(StatusCode::INTERNAL_SERVER_ERROR, FAULT)
            }
        }
    }
}

/// The answer to a request whose handler panicked (tower-http's
/// `CatchPanicLayer` calls this): the generic fault page in the person's
/// language, never a closed connection. The panic's message is not logged:
/// it could hold what someone typed; the panic hook set by the binary logs
/// where it happened.
pub fn panicked(_payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked; answered with the error page");
    marked(StatusCode::INTERNAL_SERVER_ERROR, FAULT)
}

/// Renders a marked error response in the request's language.
pub fn render_page(tr: Tr, status: StatusCode, page: ErrorPage) -> Response {
    let lang = tr.lang;
    let body = render(&MessagePage {
        paragraphs: vec![tr.t(page.text)],
        link: page
            .link
            .map(|(href, id)| (format!("{}{}", lang.prefix(), href), tr.t(id))),
        l: Layout::bare(tr.clone(), tr.t(page.title)),
    });
    (status, Html(body)).into_response()
}

/// Any path no route matches.
pub async fn not_found() -> Response {
    AppError::NotFound.into_response()
}
