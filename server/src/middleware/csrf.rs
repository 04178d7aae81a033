//! Cross-site request forgery guard.
//!
//! Leptos server functions are plain POST endpoints with no token of their own. Browsers tell
//! us where a request comes from (`Sec-Fetch-Site`, `Origin`); a state-changing request from
//! another site is refused with 403 before it reaches any handler, in the visitor's language.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn reject_cross_site_writes(request: Request, next: Next) -> Response {
    if is_state_changing(request.method()) && is_cross_site(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "cross-site write refused");
        let texts = app::i18n::Texts::for_locale(app::i18n::locale_of_request(request.headers()));
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            Body::from(texts.cross_site_refused),
        )
            .into_response();
    }
    next.run(request).await
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|value| value.to_str().ok()) else {
        // Non-browser clients send no Origin; browsers always send it on cross-origin POSTs.
        return false;
    };
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
    origin == "null" || origin_host != host
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn same_origin_requests_pass() {
        assert!(!is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(!is_cross_site(&headers(&[("host", "portal.example"), ("sec-fetch-site", "same-origin")])));
        assert!(!is_cross_site(&headers(&[("host", "portal.example")])));
    }

    #[test]
    fn foreign_requests_are_refused() {
        assert!(is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")])));
        assert!(is_cross_site(&headers(&[("host", "portal.example"), ("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("host", "portal.example"), ("sec-fetch-site", "same-site")])));
        assert!(is_cross_site(&headers(&[("host", "portal.example"), ("origin", "null")])));
        assert!(is_cross_site(&headers(&[("host", "portal.example"), ("origin", "http://portal.example.evil")])));
    }
}
