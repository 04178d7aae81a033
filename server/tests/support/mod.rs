//! Shared by the HTTP test files (each includes it with `mod support;`).
// Each test file uses part of these helpers.
#![allow(dead_code)]

pub mod process;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use http::{Request, Response};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The origin the portal's pages post from (the cross-site check compares it with `Host`).
pub const ORIGIN: &str = "http://portal.test";

/// A GET of a page as a browser sends it (no cookie header when `cookies` is empty).
pub fn page_request(path: &str, cookies: &str) -> Request<Body> {
    let mut request = Request::get(path).header(http::header::HOST, "portal.test").header(http::header::ACCEPT, "text/html");
    if !cookies.is_empty() {
        request = request.header(http::header::COOKIE, cookies);
    }
    request.body(Body::empty()).unwrap()
}

/// A server function call as the hydrated page makes it: `content_type` in, JSON out.
pub fn server_fn_request(path: &str, content_type: &str, body: impl Into<Body>, cookies: &str) -> Request<Body> {
    let mut request = Request::post(path)
        .header(http::header::HOST, "portal.test")
        .header(http::header::ORIGIN, ORIGIN)
        .header(http::header::CONTENT_TYPE, content_type)
        .header(http::header::ACCEPT, "application/json");
    if !cookies.is_empty() {
        request = request.header(http::header::COOKIE, cookies);
    }
    request.body(body.into()).unwrap()
}

/// A page whose whole answer takes longer than this fails the test. The router itself ends a
/// render that makes no progress for 15 s (`middleware::page_render`), so this only catches a
/// hang outside it; nothing is ever requested twice.
const PAGE_BOUND: Duration = Duration::from_secs(30);

/// Sends the GET that `build` makes and returns the answer with its whole body read.
pub async fn get_page(router: &Router, build: impl Fn() -> Request<Body>) -> Response<Body> {
    let request = build();
    let uri = request.uri().clone();
    let exchange = async {
        let (parts, body) = router.clone().oneshot(request).await.unwrap().into_parts();
        Response::from_parts(parts, Body::from(body.collect().await.unwrap().to_bytes()))
    };
    match tokio::time::timeout(PAGE_BOUND, exchange).await {
        Ok(response) => response,
        Err(_) => panic!("GET {uri}: no whole answer within {PAGE_BOUND:?}"),
    }
}

/// Sends the portal's warnings and errors to the test's output, so a failing test shows what
/// the server logged (libtest shows a test's output only when it fails).
pub fn log_to_test_output() {
    let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter(tracing_subscriber::EnvFilter::new("warn")).try_init();
}

/// The Leptos options every test router is built with (the bundle is not served by the tests).
pub fn leptos_options() -> leptos::config::LeptosOptions {
    leptos::config::LeptosOptions::builder().output_name("portal").site_root("target/site").build()
}

/// The portal's router on `db` (demo data seeded), with attachments stored under `attachments`
/// and the search index in its own temporary directory.
pub async fn portal_router(db: &portal_service::DatabaseConnection, attachments: &std::path::Path) -> Router {
    log_to_test_output();
    use std::sync::atomic::{AtomicU32, Ordering};
    static INDEXES: AtomicU32 = AtomicU32::new(0);
    portal_service::seed::seed_demo_if_empty(db, chrono::Utc::now()).await.unwrap();
    let index_dir = std::env::temp_dir().join(format!(
        "portal_test_index_{}_{}",
        std::process::id(),
        INDEXES.fetch_add(1, Ordering::Relaxed)
    ));
    let state = portal_service::AppState {
        db: db.clone(),
        demo_mode: true,
        secure_cookies: false,
        attachments: portal_service::attachments::AttachmentStore::new(attachments),
        kb_search: portal_service::kb::search::KbSearch::open(&index_dir, db).await.unwrap(),
        live: portal_service::live::LiveHub::new(),
        unsubscribe_key: portal_service::notifications::unsubscribe::SigningKey::from_secret("test"),
        reopen_window: Default::default(),
    };
    let options = leptos_options();
    server::build_router(state, options)
}

/// The value of the session cookie set by `response`, as `name=value`.
pub fn session_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with("portal_session="))
        .map(|cookie| cookie.split(';').next().unwrap_or_default().to_owned())
}

pub async fn body_text(response: Response<Body>) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}
