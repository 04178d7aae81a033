//! `GET /requests/{number}/pdf`: «Скачать в PDF» on the request page.
//!
//! The access rule is the page's (`requests::view::request_details` → `requests::access`): another
//! organization's or a missing request answers 404; an anonymous visitor is sent to «Вход» by the
//! page guard before reaching here (401 if the guard is ever bypassed).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use portal_service::{AppState, requests::pdf};

use app::server::AuthSession;

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new().route("/requests/{number}/pdf", get(download_pdf)).with_state(state)
}

async fn download_pdf(State(state): State<AppState>, auth: AuthSession, Path(number): Path<String>) -> Response {
    let Some(account) = auth.user else { return StatusCode::UNAUTHORIZED.into_response() };
    let Ok(number) = number.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let document = match pdf::request_pdf(&state.db, &account, number).await {
        Ok(document) => document,
        Err(error) => return app::server::status_of(error).into_response(),
    };
    let disposition = content_disposition(document.number, &document.file_name);
    let mut response = document.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(crate::downloads::FILE_CSP));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// RFC 6266: the reader's file name («Запрос-N.pdf») in `filename*`, an ASCII name for old
/// clients (transliterated when the reader's name is not ASCII).
fn content_disposition(number: i64, file_name: &str) -> String {
    let ascii = if file_name.is_ascii() { file_name.to_owned() } else { format!("Zapros-{number}.pdf") };
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", domain::validation::percent_encode(file_name, b""))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_file_name_is_russian_with_an_ascii_fallback() {
        assert_eq!(
            super::content_disposition(1001, &portal_service::requests::pdf::file_name(1001, domain::Locale::Ru)),
            "attachment; filename=\"Zapros-1001.pdf\"; filename*=UTF-8''%D0%97%D0%B0%D0%BF%D1%80%D0%BE%D1%81-1001.pdf"
        );
    }

    #[test]
    fn an_english_reader_gets_an_english_file_name() {
        assert_eq!(
            super::content_disposition(1001, &portal_service::requests::pdf::file_name(1001, domain::Locale::En)),
            "attachment; filename=\"Request-1001.pdf\"; filename*=UTF-8''Request-1001.pdf"
        );
    }
}
