//! Static files built into the binary: nhsuk-frontend's compiled CSS and
//! JavaScript (from the pinned npm package) and our own small additions.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

macro_rules! nhsuk {
    ($file:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../node_modules/nhsuk-frontend/dist/nhsuk/",
            $file
        ))
    };
}

/// (name under /assets/, content type, bytes)
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "nhsuk-frontend.min.css",
        "text/css; charset=utf-8",
        nhsuk!("nhsuk-frontend.min.css"),
    ),
    (
        "nhsuk-frontend.min.js",
        "text/javascript; charset=utf-8",
        nhsuk!("nhsuk-frontend.min.js"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../static/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../static/app.css"),
    ),
    (
        "images/favicon.svg",
        "image/svg+xml",
        nhsuk!("assets/images/favicon.svg"),
    ),
    (
        "images/favicon.ico",
        "image/x-icon",
        nhsuk!("assets/images/favicon.ico"),
    ),
    (
        "images/nhsuk-icon-arrow-down.svg",
        "image/svg+xml",
        nhsuk!("assets/images/nhsuk-icon-arrow-down.svg"),
    ),
    (
        "images/nhsuk-icon-arrow-up.svg",
        "image/svg+xml",
        nhsuk!("assets/images/nhsuk-icon-arrow-up.svg"),
    ),
    (
        "images/nhsuk-icon-arrow-up-down.svg",
        "image/svg+xml",
        nhsuk!("assets/images/nhsuk-icon-arrow-up-down.svg"),
    ),
    (
        "images/nhsuk-icon-cross.svg",
        "image/svg+xml",
        nhsuk!("assets/images/nhsuk-icon-cross.svg"),
    ),
];

pub async fn serve(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_image_the_css_uses_is_served() {
        let css = std::str::from_utf8(super::FILES[0].2).unwrap();
        for part in css.split("url(/assets/").skip(1) {
            let name = &part[..part.find(')').unwrap()];
            assert!(
                super::FILES.iter().any(|(n, _, _)| *n == name),
                "{name} is not served"
            );
        }
    }
}
