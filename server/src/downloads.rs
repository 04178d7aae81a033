//! `GET /attachments/{id}`: downloading a file of a request or of one of its messages.
//!
//! The access rule is `requests::access::find_downloadable` (the request's; an upload not yet
//! attached is its uploader's alone). A file the user may not see answers 404 like a missing one. Files are
//! always offered as downloads (`Content-Disposition: attachment`, `nosniff`, a sandboxing CSP),
//! so nothing uploaded is ever rendered as a page of the portal. The bytes are streamed from the
//! attachment store (a local file in 64 KiB chunks, or an S3 object as it arrives).

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use portal_service::{AppState, ServiceError, requests::access};

use app::server::AuthSession;

/// The policy of every file download: a document opened from it anyway runs nothing and loads
/// nothing (the general security headers leave a route's own policy alone).
pub const FILE_CSP: &str = "sandbox; default-src 'none'";

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new().route("/attachments/{id}", get(download)).with_state(state)
}

async fn download(State(state): State<AppState>, auth: AuthSession, Path(id): Path<String>) -> Response {
    let Some(account) = auth.user else { return StatusCode::UNAUTHORIZED.into_response() };
    let Ok(id) = id.parse::<i32>() else { return StatusCode::NOT_FOUND.into_response() };
    let file = match access::find_downloadable(&state.db, &account, id).await {
        Ok(file) => file,
        Err(error) => return app::server::status_of(error).into_response(),
    };
    let body = match state.attachments.open(&file.storage_key).await {
        Ok(content) => Body::from_stream(content),
        Err(ServiceError::NotFound) => {
            tracing::error!(id, store = %state.attachments.describe(), "an attachment's file is missing");
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(error) => return app::server::status_of(error).into_response(),
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(length) = HeaderValue::from_str(&file.size_bytes.to_string()) {
        headers.insert(header::CONTENT_LENGTH, length);
    }
    if let Ok(disposition) = HeaderValue::from_str(&content_disposition(&file.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FILE_CSP));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// RFC 6266: an ASCII `filename` for old clients and the exact name as UTF-8 in `filename*`.
pub fn content_disposition(file_name: &str) -> String {
    let ascii: String =
        file_name.chars().map(|c| if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' { c } else { '_' }).collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", domain::validation::percent_encode(file_name, b""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_encoded_for_every_client() {
        assert_eq!(
            content_disposition("отчёт 1.pdf"),
            "attachment; filename=\"_____ 1.pdf\"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%201.pdf"
        );
        assert_eq!(content_disposition("a\"b.txt"), "attachment; filename=\"a_b.txt\"; filename*=UTF-8''a%22b.txt");
    }
}
