//! Words for bare failures. Some layers answer a failure with a status and nothing else: the
//! session and sign-in layers (axum-login answers 500 when the session cannot be loaded), the
//! download, PDF and chat-stream routes. This fills in a sentence in the user's language —
//! a small page for a browser, the server functions' JSON error for scripts — and tells an
//! unreachable database (503 with `Retry-After`: the same action works once it is back) from
//! other faults (500).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_service::DatabaseConnection;
use portal_service::notifications::render::escape_html;

use app::error::AppError;
use app::i18n::{Texts, locale_of_request};

/// How long a bare 500 waits for the database to answer a ping before calling it unreachable.
const PING_TIMEOUT: Duration = Duration::from_secs(2);
/// Seconds a client is told to wait before retrying while the database is away.
const RETRY_AFTER_SECS: &str = "30";

pub async fn explain_bare_errors(State(db): State<DatabaseConnection>, request: Request, next: Next) -> Response {
    let locale = locale_of_request(request.headers());
    let wants_page = wants_html(request.headers());
    let response = next.run(request).await;
    if !is_bare_server_error(&response) {
        return response;
    }
    let error = if response.status() == StatusCode::SERVICE_UNAVAILABLE || !database_answers(&db).await {
        AppError::Unavailable
    } else {
        AppError::Internal
    };
    let texts = Texts::for_locale(locale);
    let message = error.message(texts);
    let status = app::server::status(&error);
    let mut answer = if wants_page {
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page(locale.as_str(), texts, &message)).into_response()
    } else {
        let body = serde_json::to_string(&error).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    if error == AppError::Unavailable {
        answer.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECS));
    }
    answer
}

/// A server error with no body type: a layer's bare status, never one of the portal's own
/// answers (those always say what they carry).
fn is_bare_server_error(response: &Response) -> bool {
    response.status().is_server_error() && !response.headers().contains_key(header::CONTENT_TYPE)
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|value| value.to_str().ok()).is_some_and(|accept| accept.contains("text/html"))
}

async fn database_answers(db: &DatabaseConnection) -> bool {
    matches!(tokio::time::timeout(PING_TIMEOUT, db.ping()).await, Ok(Ok(())))
}

/// A page without scripts (none are needed to read a sentence) in the portal's look.
fn page(lang: &str, texts: &Texts, message: &str) -> String {
    let title = escape_html(texts.app_name);
    let message = escape_html(message);
    let home = escape_html(texts.go_home);
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/portal.css\"></head>\
         <body><main class=\"not-found\"><h1>{title}</h1><p>{message}</p>\
         <a class=\"btn btn--primary\" href=\"/\">{home}</a></main></body></html>"
    )
}
