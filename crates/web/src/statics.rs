//! The web client's static files, built into the binary so `coforum serve`
//! needs nothing installed beside it.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const FILES: [(&str, &str, &str); 3] = [
    (
        "site.css",
        "text/css; charset=utf-8",
        include_str!("../static/site.css"),
    ),
    (
        "enhance.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/enhance.js"),
    ),
    ("icon.svg", "image/svg+xml", include_str!("../static/icon.svg")),
];

/// `GET /static/{file}`.
pub async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=300"),
                ),
            ],
            *body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
