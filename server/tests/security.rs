//! HTTP tests of the security headers (CSP with a per-response nonce, HSTS behind https) and the
//! rate limits (429 with `Retry-After`, client addresses that a forged `X-Forwarded-For` cannot
//! change unless the peer is a trusted proxy), against the real router.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

mod support;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{HeaderMap, Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use portal_service::AppState;
use portal_service::attachments::AttachmentStore;
use portal_service::entity::sign_in_failure;
use portal_service::rate_limit::{Rate, RateLimits, Rates};
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::TestDatabase;
use sea_orm::EntityTrait;
use server::RouterSettings;
use server::downloads::FILE_CSP;
use server::middleware::client_address::TrustedProxies;
use tower::ServiceExt;

const ORIGIN: &str = "http://portal.test";
const CUSTOMER: &str = "client@romashka.test";
/// Three at once, then one an hour: a test never sees a token come back.
const TIGHT: Rate = Rate { burst: 3, per_second: 1.0 / 3600.0 };
const TIGHT_RATES: Rates = Rates {
    sign_in: TIGHT,
    password_reset_per_address: TIGHT,
    password_reset_per_email: TIGHT,
    suggestions: TIGHT,
    uploads: TIGHT,
};
const BOUNDARY: &str = "----portal-security-test-boundary";

struct TestApp {
    router: Router,
    database: TestDatabase,
    data_dir: PathBuf,
}

/// How a test's router is set up.
#[derive(Default)]
struct Setup {
    https: bool,
    trusted_proxies: &'static str,
    tight_limits: bool,
}

impl TestApp {
    async fn start(setup: Setup) -> TestApp {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        let database = TestDatabase::sqlite().await;
        seed_demo_if_empty(&database.db, chrono::Utc::now()).await.unwrap();
        let data_dir = std::env::temp_dir().join(format!(
            "portal_security_test_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        // A site root with one static file, as `cargo leptos` would leave it.
        let site_root = data_dir.join("site");
        std::fs::create_dir_all(&site_root).unwrap();
        std::fs::write(site_root.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
        let state = AppState {
            db: database.db.clone(),
            demo_mode: true,
            secure_cookies: setup.https,
            attachments: AttachmentStore::new(data_dir.join("files")),
            kb_search: portal_service::kb::search::KbSearch::open(&data_dir.join("index"), &database.db).await.unwrap(),
            live: portal_service::live::LiveHub::new(),
            unsubscribe_key: portal_service::notifications::unsubscribe::SigningKey::from_secret("security-test"),
            reopen_window: Default::default(),
        };
        let options = LeptosOptions::builder().output_name("portal").site_root(site_root.to_string_lossy().into_owned()).build();
        let settings = RouterSettings {
            trusted_proxies: TrustedProxies::parse(setup.trusted_proxies).unwrap(),
            rate_limits: if setup.tight_limits { RateLimits::new(TIGHT_RATES) } else { RateLimits::default() },
            ..RouterSettings::default()
        };
        TestApp { router: server::build_router_with(state, options, settings), database, data_dir }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    async fn get(&self, path: &str, cookies: &str) -> Response<Body> {
        support::get_page(&self.router, || support::page_request(path, cookies)).await
    }

    /// A server function call over a connection from `peer`, with extra headers.
    async fn post_from(&self, peer: &str, path: &str, form: &str, headers: &[(&str, &str)], cookies: &str) -> Response<Body> {
        let mut request = Request::post(path)
            .header(header::HOST, "portal.test")
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies);
        }
        let mut request = request.body(Body::from(form.to_owned())).unwrap();
        let peer: SocketAddr = peer.parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        self.send(request).await
    }

    /// A sign-in attempt that fails validation at once (no hashing): it still counts.
    async fn malformed_sign_in(&self, peer: &str, forwarded_for: Option<&str>) -> Response<Body> {
        let headers: Vec<(&str, &str)> = forwarded_for.map(|value| ("x-forwarded-for", value)).into_iter().collect();
        self.post_from(peer, "/api/login", "email=not-an-email&password=x", &headers, "").await
    }

    async fn sign_in(&self, email: &str) -> String {
        let form = format!("email={}&password=demo-password", email.replace('@', "%40"));
        let response = self.post_from("192.0.2.1:40000", "/api/login", &form, &[], "").await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {email}");
        header_values(response.headers(), header::SET_COOKIE)
            .into_iter()
            .find(|cookie| cookie.starts_with("portal_session="))
            .map(|cookie| cookie.split(';').next().unwrap().to_owned())
            .expect("a session cookie")
    }

    async fn upload(&self, file_name: &str, cookies: &str) -> Response<Body> {
        let body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n--{BOUNDARY}--\r\n"
        );
        let request = Request::post("/api/attachments")
            .header(header::HOST, "portal.test")
            .header(header::ORIGIN, ORIGIN)
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, cookies)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    async fn finish(self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        self.database.finish().await;
    }
}

fn header_values(headers: &HeaderMap, name: header::HeaderName) -> Vec<String> {
    headers.get_all(name).iter().map(|value| value.to_str().unwrap().to_owned()).collect()
}

fn one_header(response: &Response<Body>, name: header::HeaderName) -> Option<String> {
    let values = header_values(response.headers(), name.clone());
    assert!(values.len() <= 1, "{name} sent {} times: {values:?}", values.len());
    values.into_iter().next()
}

async fn text(response: Response<Body>) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

/// The nonce named by a CSP header's `script-src`.
fn csp_nonce(policy: &str) -> String {
    let start = policy.find("'nonce-").unwrap_or_else(|| panic!("no nonce in {policy}")) + "'nonce-".len();
    let end = policy[start..].find('\'').unwrap() + start;
    policy[start..end].to_owned()
}

/// Every `<script …>` opening tag of a page.
fn script_tags(html: &str) -> Vec<&str> {
    html.match_indices("<script").map(|(start, _)| &html[start..start + html[start..].find('>').unwrap() + 1]).collect()
}

/// The headers every response carries, whatever answered it.
fn assert_general_headers(response: &Response<Body>, what: &str) {
    assert_eq!(one_header(response, header::X_CONTENT_TYPE_OPTIONS).as_deref(), Some("nosniff"), "{what}");
    assert_eq!(one_header(response, header::X_FRAME_OPTIONS).as_deref(), Some("DENY"), "{what}");
    assert_eq!(one_header(response, header::REFERRER_POLICY).as_deref(), Some("same-origin"), "{what}");
    let policy = one_header(response, header::CONTENT_SECURITY_POLICY).unwrap_or_else(|| panic!("{what}: no CSP"));
    for directive in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "style-src 'self';",
    ] {
        assert!(policy.contains(directive), "{what}: {directive} missing from {policy}");
    }
}

#[tokio::test]
async fn every_script_of_a_page_carries_the_nonce_of_its_response() {
    let app = TestApp::start(Setup::default()).await;
    let session = app.sign_in(CUSTOMER).await;
    let mut nonces = Vec::new();
    // The sign-in page, and a page that streams its data in scripts after the shell.
    for (path, cookies) in [("/login", ""), ("/requests/my", session.as_str()), ("/requests/1001", session.as_str())] {
        let response = app.get(path, cookies).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_general_headers(&response, path);
        let nonce = csp_nonce(&one_header(&response, header::CONTENT_SECURITY_POLICY).unwrap());
        assert!(nonce.len() >= 22, "a nonce of at least 128 bits: {nonce}");
        let html = text(response).await;
        let scripts = script_tags(&html);
        assert!(!scripts.is_empty(), "{path} has no script at all");
        for script in scripts {
            assert!(script.contains(&format!("nonce=\"{nonce}\"")), "{path}: {script} lacks nonce {nonce}");
        }
        nonces.push(nonce);
    }
    // The same page twice: two nonces.
    let again = csp_nonce(&one_header(&app.get("/login", "").await, header::CONTENT_SECURITY_POLICY).unwrap());
    nonces.push(again);
    let mut distinct = nonces.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), nonces.len(), "nonces repeat: {nonces:?}");
    app.finish().await;
}

#[tokio::test]
async fn server_functions_static_files_errors_and_refusals_get_the_headers() {
    let app = TestApp::start(Setup::default()).await;
    let server_fn = app.malformed_sign_in("192.0.2.10:5000", None).await;
    assert_eq!(server_fn.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_general_headers(&server_fn, "server function");

    let file = app.get("/favicon.svg", "").await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_general_headers(&file, "static file");

    let missing = app.get("/pkg/missing.js", "").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_general_headers(&missing, "404");

    let redirect = app.get("/requests/my", "").await;
    assert_eq!(redirect.status(), StatusCode::SEE_OTHER);
    assert_general_headers(&redirect, "redirect to sign-in");

    let cross_site =
        app.post_from("192.0.2.10:5000", "/api/login", "email=a%40b.c&password=x", &[("sec-fetch-site", "cross-site")], "").await;
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);
    assert_general_headers(&cross_site, "cross-site refusal");

    assert!(one_header(&file, header::STRICT_TRANSPORT_SECURITY).is_none(), "no HSTS over plain http");
    app.finish().await;
}

#[tokio::test]
async fn hsts_is_sent_only_behind_https() {
    let app = TestApp::start(Setup { https: true, ..Setup::default() }).await;
    for path in ["/login", "/favicon.svg", "/pkg/missing.js"] {
        let response = app.get(path, "").await;
        assert_eq!(one_header(&response, header::STRICT_TRANSPORT_SECURITY).as_deref(), Some("max-age=31536000"), "{path}");
    }
    app.finish().await;
}

#[tokio::test]
async fn downloads_and_the_pdf_keep_their_sandbox_policy() {
    let app = TestApp::start(Setup::default()).await;
    let session = app.sign_in(CUSTOMER).await;
    let uploaded = app.upload("notes.txt", &session).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let id = serde_json::from_str::<serde_json::Value>(&text(uploaded).await).unwrap()["id"].as_i64().unwrap();

    let download = app.get(&format!("/attachments/{id}"), &session).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(one_header(&download, header::CONTENT_SECURITY_POLICY).as_deref(), Some(FILE_CSP));
    assert_eq!(one_header(&download, header::X_CONTENT_TYPE_OPTIONS).as_deref(), Some("nosniff"));
    assert!(one_header(&download, header::CONTENT_DISPOSITION).unwrap().starts_with("attachment;"));

    let pdf = app.get("/requests/1001/pdf", &session).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(one_header(&pdf, header::CONTENT_SECURITY_POLICY).as_deref(), Some(FILE_CSP));
    assert_eq!(one_header(&pdf, header::X_FRAME_OPTIONS).as_deref(), Some("DENY"));
    app.finish().await;
}

#[tokio::test]
async fn sign_in_attempts_over_the_limit_get_429_and_a_forged_forwarded_for_changes_nothing() {
    let app = TestApp::start(Setup { tight_limits: true, ..Setup::default() }).await;
    for _ in 0..TIGHT.burst {
        assert_eq!(app.malformed_sign_in("198.51.100.7:40001", None).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = app.malformed_sign_in("198.51.100.7:40002", None).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = one_header(&limited, header::RETRY_AFTER).unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry_after), "{retry_after}");
    assert_general_headers(&limited, "429");
    assert!(text(limited).await.contains("RateLimited"));

    // No proxy is trusted: whatever the client claims, it is still 198.51.100.7.
    for forged in ["203.0.113.50", "203.0.113.51, 10.0.0.1", "unknown"] {
        let response = app.malformed_sign_in("198.51.100.7:40003", Some(forged)).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "X-Forwarded-For: {forged}");
    }
    // Another address has its own budget.
    assert_eq!(app.malformed_sign_in("198.51.100.8:40001", None).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.finish().await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_limited_and_recorded() {
    let app = TestApp::start(Setup { tight_limits: true, trusted_proxies: "127.0.0.1, 10.0.0.0/8", ..Setup::default() }).await;
    const PROXY: &str = "127.0.0.1:51000";
    for _ in 0..TIGHT.burst {
        let response = app.malformed_sign_in(PROXY, Some("203.0.113.1")).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(app.malformed_sign_in(PROXY, Some("203.0.113.1")).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // An address written to the left by the client itself is not believed; trusted hops are skipped.
    assert_eq!(app.malformed_sign_in(PROXY, Some("198.51.100.99, 203.0.113.1")).await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.malformed_sign_in(PROXY, Some("203.0.113.1, 10.1.2.3")).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // Other clients behind the same proxy have their own budgets.
    assert_eq!(app.malformed_sign_in(PROXY, Some("203.0.113.2")).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The database sign-in throttle sees the same address.
    let failed = app
        .post_from(PROXY, "/api/login", "email=client%40vector.test&password=wrong", &[("x-forwarded-for", "203.0.113.3")], "")
        .await;
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    let recorded: Vec<Option<String>> =
        sign_in_failure::Entity::find().all(&app.database.db).await.unwrap().into_iter().map(|row| row.address).collect();
    assert_eq!(recorded, vec![Some("203.0.113.3".to_owned())]);
    app.finish().await;
}

#[tokio::test]
async fn suggestions_and_uploads_over_the_limit_get_429_in_russian() {
    let app = TestApp::start(Setup { tight_limits: true, ..Setup::default() }).await;
    let session = app.sign_in(CUSTOMER).await;
    for _ in 0..TIGHT.burst {
        let response =
            app.post_from("192.0.2.20:6000", "/api/kb/suggest", "text=%D0%BF%D0%B5%D1%87%D0%B0%D1%82%D1%8C", &[], &session).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let limited = app.post_from("192.0.2.21:6000", "/api/kb/suggest", "text=abc", &[], &session).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(one_header(&limited, header::RETRY_AFTER).is_some());
    assert!(text(limited).await.contains("RateLimited"));

    for n in 0..TIGHT.burst {
        assert_eq!(app.upload(&format!("file-{n}.txt"), &session).await.status(), StatusCode::CREATED);
    }
    let limited = app.upload("one-more.txt", &session).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = one_header(&limited, header::RETRY_AFTER).unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry_after), "{retry_after}");
    let body: serde_json::Value = serde_json::from_str(&text(limited).await).unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert!(body["message"].as_str().unwrap().starts_with("Слишком много запросов подряд."), "{body}");

    // Another user has an untouched budget.
    let colleague = app.sign_in("colleague@romashka.test").await;
    assert_eq!(app.upload("theirs.txt", &colleague).await.status(), StatusCode::CREATED);
    app.finish().await;
}
