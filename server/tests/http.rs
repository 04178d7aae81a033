//! HTTP tests against the real router (pages, server functions, guards) on a fresh database,
//! talking to it the way a browser or a script would.

use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use portal_service::AppState;
use portal_service::attachments::AttachmentStore;
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::TestDatabase;
use sea_orm::ConnectionTrait;
use tower::ServiceExt;

mod support;

const ORIGIN: &str = "http://portal.test";

struct TestApp {
    router: Router,
    database: TestDatabase,
    state: AppState,
}

impl TestApp {
    async fn start() -> TestApp {
        support::log_to_test_output();
        let database = TestDatabase::sqlite().await;
        seed_demo_if_empty(&database.db, chrono::Utc::now()).await.unwrap();
        let attachments = AttachmentStore::new(std::env::temp_dir().join(format!("portal_http_test_{}", std::process::id())));
        static SEARCH_INDEXES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let index_dir = std::env::temp_dir().join(format!(
            "portal_http_test_index_{}_{}",
            std::process::id(),
            SEARCH_INDEXES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let kb_search = portal_service::kb::search::KbSearch::open(&index_dir, &database.db).await.unwrap();
        let state = AppState {
            db: database.db.clone(),
            demo_mode: true,
            secure_cookies: false,
            attachments,
            kb_search,
            live: portal_service::live::LiveHub::new(),
            unsubscribe_key: portal_service::notifications::unsubscribe::SigningKey::from_secret("http-test"),
            reopen_window: Default::default(),
        };
        let options = support::leptos_options();
        TestApp { router: server::build_router(state.clone(), options), database, state }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    async fn get(&self, path: &str, cookies: &str) -> Response<Body> {
        support::get_page(&self.router, || support::page_request(path, cookies)).await
    }

    /// Calls a server function the way the hydrated page does (form-encoded in, JSON out).
    async fn post(&self, path: &str, form: &[(&str, &str)], cookies: &str) -> Response<Body> {
        let body = form.iter().map(|(key, value)| format!("{key}={}", urlencode(value))).collect::<Vec<_>>().join("&");
        self.send(support::server_fn_request(path, "application/x-www-form-urlencoded", body, cookies)).await
    }

    /// Signs in and returns the session cookie.
    async fn sign_in(&self, email: &str) -> String {
        let response = self.post("/api/login", &[("email", email), ("password", "demo-password")], "").await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {email}");
        session_cookie(&response).expect("a session cookie")
    }
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn set_cookies(response: &Response<Body>) -> Vec<String> {
    response.headers().get_all(header::SET_COOKIE).iter().filter_map(|value| value.to_str().ok().map(str::to_owned)).collect()
}

fn session_cookie(response: &Response<Body>) -> Option<String> {
    set_cookies(response)
        .into_iter()
        .find(|cookie| cookie.starts_with("portal_session="))
        .map(|cookie| cookie.split(';').next().unwrap().to_owned())
}

async fn text(response: Response<Body>) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

fn location(response: &Response<Body>) -> &str {
    response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn signing_in_opens_the_customer_pages() {
    let app = TestApp::start().await;
    let response = app.post("/api/login", &[("email", "Client@Romashka.test"), ("password", "demo-password")], "").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookies = set_cookies(&response);
    let session = cookies.iter().find(|c| c.starts_with("portal_session=")).expect("session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(!session.contains("Secure"), "plain http must not mark the cookie Secure: {session}");
    let session = session_cookie(&response).unwrap();

    let page = app.get("/requests/my", &session).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    assert!(html.contains("Иван Петров"), "the header names the user");
    assert!(html.contains("ООО «Ромашка»"));
    assert!(html.contains("Не загружается графическая оболочка после обновления до 1.7.6"));
    assert!(!html.contains("Ошибка ввода рабочей станции"), "Мария's request is not in Иван's list");
    assert!(!html.contains("/queue"), "customers get no queue link");

    // `/` and `/login` send a signed-in user to their start page.
    assert_eq!(location(&app.get("/", &session).await), "/requests/my");
    assert_eq!(location(&app.get("/login", &session).await), "/requests/my");
    app.database.finish().await;
}

/// Pages rendering while another router is built (every test builds one, in parallel) all
/// finish. Leptos lists a router's routes with resource loading switched off for the whole
/// process; listing them for each router left concurrent pages waiting forever for their data
/// (`router::page_routes` lists them once per process).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_finish_while_other_routers_are_built() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let builder = {
        let (stop, state, runtime) = (stop.clone(), app.state.clone(), tokio::runtime::Handle::current());
        std::thread::spawn(move || {
            let _runtime = runtime.enter();
            let mut built = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                drop(server::build_router(state.clone(), support::leptos_options()));
                built += 1;
            }
            built
        })
    };
    for round in 0..40 {
        let path = if round % 2 == 0 { "/login" } else { "/requests/my" };
        let cookies = if round % 2 == 0 { "" } else { session.as_str() };
        assert_eq!(app.get(path, cookies).await.status(), StatusCode::OK, "{path} in round {round}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let built = builder.join().unwrap();
    assert!(built > 0, "routers were built while the pages rendered");
    app.database.finish().await;
}

#[tokio::test]
async fn wrong_credentials_get_one_generic_answer() {
    let app = TestApp::start().await;
    for (email, password) in [("client@romashka.test", "wrong-password"), ("nobody@romashka.test", "demo-password")] {
        let response = app.post("/api/login", &[("email", email), ("password", password)], "").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(session_cookie(&response).is_none());
        assert_eq!(text(response).await, "\"WrongCredentials\"");
    }
    let malformed = app.post("/api/login", &[("email", "not-an-email"), ("password", "x")], "").await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(malformed).await.contains("email.invalid"));
    app.database.finish().await;
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_429() {
    let app = TestApp::start().await;
    for _ in 0..5 {
        let response = app.post("/api/login", &[("email", "client@vector.test"), ("password", "guess")], "").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused until the window passes.
    let response = app.post("/api/login", &[("email", "client@vector.test"), ("password", "demo-password")], "").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert!(text(response).await.contains("Throttled"));
    // Other accounts are not affected.
    app.sign_in("client@lyutik.test").await;
    app.database.finish().await;
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_and_back() {
    let app = TestApp::start().await;
    let response = app.get("/requests/org?status=new", "").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?next=/requests/org%3Fstatus%3Dnew");
    assert_eq!(location(&app.get("/", "").await), "/login");
    assert_eq!(location(&app.get("/queue", "").await), "/login?next=/queue");
    let login = app.get("/login", "").await;
    assert_eq!(login.status(), StatusCode::OK);
    assert!(text(login).await.contains("Вход"));

    let response = app
        .post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password"), ("next", "/requests/org")], "")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(text(response).await, "\"/requests/org\"");
    // A foreign destination is ignored.
    let response = app
        .post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password"), ("next", "//evil.example/")], "")
        .await;
    assert_eq!(text(response).await, "\"/requests/my\"");

    // Without JavaScript the form post itself is redirected.
    let form_post = Request::post("/api/login")
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("email=client%40romashka.test&password=demo-password&next=%2Fdrafts"))
        .unwrap();
    let response = app.send(form_post).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/drafts");
    app.database.finish().await;
}

/// A plain form post (no JavaScript) as the browser sends it from «Вход».
fn plain_login_post(body: &str) -> Request<Body> {
    Request::post("/api/login")
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, format!("{ORIGIN}/login"))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn without_javascript_a_failed_sign_in_shows_the_page_with_the_message() {
    let app = TestApp::start().await;
    for (body, sentence) in [
        ("email=client%40romashka.test&password=wrong-password&next=%2Fdrafts", "Неверный email или пароль"),
        ("email=&password=", "Заполните это поле"),
        ("email=not-an-address&password=x", "Введите адрес электронной почты"),
    ] {
        let response = app.send(plain_login_post(body)).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{body}");
        let target = location(&response).to_owned();
        assert!(target.starts_with("/login?error="), "{body} → {target}");
        assert!(!target.contains("password"), "the password never goes into the URL: {target}");
        assert!(!text(response).await.is_empty());
        let page = text(app.get(&target, "").await).await;
        assert!(page.contains(sentence), "{body}: the page says why");
        if body.contains("romashka") {
            assert!(target.contains("email=client%40romashka.test") && target.contains("next=/drafts"), "{target}");
            assert!(page.contains("value=\"client@romashka.test\""), "the typed e-mail is kept");
        }
    }
    app.database.finish().await;
}

#[tokio::test]
async fn list_pages_and_the_creation_form_are_complete_in_the_html() {
    let app = TestApp::start().await;
    let cookie = app.sign_in("client@romashka.test").await;
    for path in ["/requests/my", "/requests/org", "/requests/new", "/requests/new?type=commercial", "/drafts"] {
        let response = app.get(path, &cookie).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let page = text(response).await;
        assert!(!page.contains("page-loading"), "{path} is sent with «Загрузка…» instead of its content");
        assert!(page.contains("class=\"page__title\""), "{path} has its heading in the HTML");
    }
    let list = text(app.get("/requests/my", &cookie).await).await;
    assert!(list.contains("requests-table__link"), "the rows are in the HTML");
    let form = text(app.get("/requests/new?type=commercial", &cookie).await).await;
    assert!(form.contains("method=\"post\""), "the creation form never sends its text as a GET");
    assert!(form.contains("<noscript>"), "without JavaScript the form says what it needs");
    app.database.finish().await;
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::start().await;
    let forged = |origin: Option<&str>, fetch_site: Option<&str>| {
        let mut request = Request::post("/api/login")
            .header(header::HOST, "portal.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.body(Body::from("email=client%40romashka.test&password=demo-password")).unwrap()
    };
    for request in [forged(Some("https://evil.example"), None), forged(None, Some("cross-site")), forged(Some("null"), None)] {
        let response = app.send(request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(session_cookie(&response).is_none());
    }
    let same_origin = app.send(forged(Some(ORIGIN), Some("same-origin"))).await;
    assert_ne!(same_origin.status(), StatusCode::FORBIDDEN);
    app.database.finish().await;
}

#[tokio::test]
async fn roles_are_kept_out_of_each_others_pages_and_data() {
    let app = TestApp::start().await;
    let customer = app.sign_in("client@romashka.test").await;
    let agent = app.sign_in("agent@support.test").await;

    let page = app.get("/queue", &customer).await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(text(page).await.contains("Нет доступа"));
    assert_eq!(app.get("/requests/my", &agent).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/drafts", &agent).await.status(), StatusCode::FORBIDDEN);
    let queue = app.get("/queue", &agent).await;
    assert_eq!(queue.status(), StatusCode::OK);
    assert!(text(queue).await.contains("Миграция 120 рабочих мест"));

    // The server functions enforce the same rule on their own.
    let denied = app.post("/api/requests/list", &[("scope", "Queue")], &customer).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    let denied = app.post("/api/drafts/count", &[], &agent).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    let denied = app.post("/api/requests/form-options", &[], &agent).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    let anonymous = app.post("/api/requests/list", &[("scope", "Mine")], "").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // Another organization's customer sees none of Ромашка's requests.
    let sergey = app.sign_in("client@vector.test").await;
    let other = app.post("/api/requests/list", &[("scope", "Organization")], &sergey).await;
    assert_eq!(other.status(), StatusCode::OK);
    assert!(text(other).await.contains("\"total\":0"));
    let allowed = app.post("/api/requests/list", &[("scope", "Organization")], &customer).await;
    assert_eq!(allowed.status(), StatusCode::OK);
    assert!(text(allowed).await.contains("\"total\":8"));
    app.database.finish().await;
}

#[tokio::test]
async fn the_session_id_rotates_at_sign_in_and_ends_at_sign_out() {
    let app = TestApp::start().await;
    let first = app.sign_in("client@romashka.test").await;
    let response = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password")], &first).await;
    let second = session_cookie(&response).expect("a new session cookie");
    assert_ne!(first, second, "signing in issues a new session id");
    assert_eq!(app.get("/requests/my", &first).await.status(), StatusCode::SEE_OTHER, "the old id is dead");

    let response = app.post("/api/logout", &[], &second).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(location(&app.get("/requests/my", &second).await), "/login?next=/requests/my");
    app.database.finish().await;
}

#[tokio::test]
async fn the_language_switch_sets_a_cookie_and_the_profile() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let response = app.post("/api/locale", &[("locale", "en")], &session).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(set_cookies(&response).iter().any(|c| c.starts_with("portal_locale=en")));
    let html = text(app.get("/requests/my", &format!("{session}; portal_locale=en")).await).await;
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("My requests"), "{html}");
    assert!(html.contains("In progress"), "{html}");

    // The profile remembers it: the next sign-in answers with an English cookie.
    let response = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password")], "").await;
    assert!(set_cookies(&response).iter().any(|c| c.starts_with("portal_locale=en")));

    let bad = app.post("/api/locale", &[("locale", "de")], &session).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.database.finish().await;
}

#[tokio::test]
async fn errors_never_carry_sql_or_internals() {
    let app = TestApp::start().await;
    app.database.db.execute_unprepared("DROP TABLE sign_in_failures").await.unwrap();
    let response = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "wrong")], "").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = text(response).await;
    assert_eq!(body, "\"Internal\"");
    for leak in ["SQL", "sqlite", "table", "sign_in_failures", "Db"] {
        assert!(!body.contains(leak), "{leak} leaked: {body}");
    }
    app.database.finish().await;
}

#[tokio::test]
async fn unknown_pages_answer_404_in_russian() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let response = app.get("/no-such-page", &session).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(text(response).await.contains("Страница не найдена"));
    app.database.finish().await;
}

/// Posts JSON to a server function (the encoding `create_request` uses).
async fn post_json(app: &TestApp, path: &str, body: serde_json::Value, cookies: &str) -> Response<Body> {
    app.send(support::server_fn_request(path, "application/json", body.to_string(), cookies)).await
}

#[tokio::test]
async fn request_creation_is_validated_and_idempotent_over_http() {
    let app = TestApp::start().await;
    let ivan = app.sign_in("client@romashka.test").await;
    let commercial = |subject: &str, key: &str| {
        serde_json::json!({ "input": {
            "kind": "Commercial",
            "subject": subject,
            "description": "Просим выставить счёт на продление.",
            "idempotency_key": key,
        }})
    };

    let missing = post_json(&app, "/api/requests/create", serde_json::json!({ "input": {} }), &ivan).await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(missing).await.contains("idempotency_key.invalid"));
    let no_kind = serde_json::json!({ "input": { "idempotency_key": "key-http-missing-kind-1" } });
    let response = post_json(&app, "/api/requests/create", no_kind, &ivan).await;
    assert!(text(response).await.contains("kind.required"));
    let long = post_json(&app, "/api/requests/create", commercial(&"я".repeat(201), "key-http-long-subject-1"), &ivan).await;
    assert_eq!(long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(long).await.contains("subject.too_long"));
    let garbage = post_json(&app, "/api/requests/create", serde_json::json!({ "input": { "kind": "Hacking" } }), &ivan).await;
    assert!(garbage.status().is_client_error() || garbage.status().is_server_error());
    let garbage_body = text(garbage).await;
    assert_eq!(garbage_body, r#"{"Invalid":{"field":"request","code":"malformed"}}"#, "no parser internals");

    let created =
        post_json(&app, "/api/requests/create", commercial("Продление лицензий", "key-http-created-00001"), &ivan).await;
    assert_eq!(created.status(), StatusCode::OK);
    let created: serde_json::Value = serde_json::from_str(&text(created).await).unwrap();
    let replay = post_json(&app, "/api/requests/create", commercial("Продление лицензий", "key-http-created-00001"), &ivan).await;
    let replay: serde_json::Value = serde_json::from_str(&text(replay).await).unwrap();
    assert_eq!(created["number"], replay["number"], "a replay answers with the same request");
    assert_eq!(created["number"], 1009);

    // Staff and anonymous visitors cannot create customer requests.
    let agent = app.sign_in("agent@support.test").await;
    let staff = post_json(&app, "/api/requests/create", commercial("Продление лицензий", "key-http-staff-000001"), &agent).await;
    assert_eq!(staff.status(), StatusCode::FORBIDDEN);
    let anonymous = post_json(&app, "/api/requests/create", commercial("Продление лицензий", "key-http-anon-0000001"), "").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    app.database.finish().await;
}

#[tokio::test]
async fn drafts_over_http_are_private_and_validated() {
    let app = TestApp::start().await;
    let ivan = app.sign_in("client@romashka.test").await;
    let maria = app.sign_in("colleague@romashka.test").await;
    let payload = |subject: &str| {
        serde_json::json!({ "kind": "commercial", "subject": subject, "idempotency_key": "key-http-draft-000001", "tab": "description" })
            .to_string()
    };
    // The page-hide beacon posts exactly this shape.
    let saved = post_json(&app, "/api/drafts/save", serde_json::json!({ "payload": payload("Продление лицензий") }), &ivan).await;
    let status = saved.status();
    let saved = text(saved).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let id = saved["id"].as_i64().unwrap().to_string();

    let opened = app.post("/api/drafts/open", &[("id", &id)], &ivan).await;
    assert_eq!(opened.status(), StatusCode::OK);
    assert!(text(opened).await.contains("Продление лицензий"));
    // A colleague of the same organization gets «not found», and cannot delete it.
    assert_eq!(app.post("/api/drafts/open", &[("id", &id)], &maria).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.post("/api/drafts/delete", &[("id", &id)], &maria).await.status(), StatusCode::NOT_FOUND);
    assert!(!text(app.post("/api/drafts/list", &[], &maria).await).await.contains("Продление"));

    // Staff and anonymous visitors have no drafts; another site cannot write one.
    let agent = app.sign_in("agent@support.test").await;
    let staff = post_json(&app, "/api/drafts/save", serde_json::json!({ "payload": payload("x") }), &agent).await;
    assert_eq!(staff.status(), StatusCode::FORBIDDEN);
    let anonymous = post_json(&app, "/api/drafts/save", serde_json::json!({ "payload": payload("x") }), "").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let forged = Request::post("/api/drafts/save")
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &ivan)
        .body(Body::from(serde_json::json!({ "payload": payload("Подделка") }).to_string()))
        .unwrap();
    assert_eq!(app.send(forged).await.status(), StatusCode::FORBIDDEN);

    // Bad payloads get a rule code, never parser details.
    let broken = post_json(&app, "/api/drafts/save", serde_json::json!({ "payload": "{\"kind\": 5" }), &ivan).await;
    assert_eq!(broken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(broken).await, r#"{"Invalid":{"field":"draft","code":"draft.malformed"}}"#);
    let huge = post_json(&app, "/api/drafts/save", serde_json::json!({ "payload": payload(&"я".repeat(150_000)) }), &ivan).await;
    assert_eq!(huge.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(huge).await.contains("draft.too_large"));

    assert_eq!(app.post("/api/drafts/delete", &[("id", &id)], &ivan).await.status(), StatusCode::OK);
    assert_eq!(app.post("/api/drafts/open", &[("id", &id)], &ivan).await.status(), StatusCode::NOT_FOUND);
    app.database.finish().await;
}

// --- requests without author, members, unsubscribe ---

async fn id_of_user(app: &TestApp, email: &str) -> i32 {
    portal_service::accounts::find_by_email(&app.database.db, email).await.unwrap().unwrap().id
}

async fn id_of_request(app: &TestApp, number: i64) -> i32 {
    use portal_service::entity::request;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    request::Entity::find().filter(request::Column::Number.eq(number)).one(&app.database.db).await.unwrap().unwrap().id
}

#[tokio::test]
async fn only_org_admins_reach_the_authorless_tab_and_its_server_functions() {
    let app = TestApp::start().await;
    let customer = app.sign_in("client@romashka.test").await;
    let agent = app.sign_in("agent@support.test").await;
    let admin = app.sign_in("admin@romashka.test").await;
    let request_id = id_of_request(&app, 1007).await.to_string();
    let ivan = id_of_user(&app, "client@romashka.test").await.to_string();
    let olga = id_of_user(&app, "admin@romashka.test").await.to_string();

    for path in ["/requests/authorless", "/org/members"] {
        let page = app.get(path, &customer).await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(text(page).await.contains("Нет доступа"));
        assert_eq!(app.get(path, &agent).await.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(app.get(path, &admin).await.status(), StatusCode::OK, "{path}");
    }
    let calls: [(&str, Vec<(&str, &str)>); 4] = [
        ("/api/org/authorless", vec![]),
        ("/api/org/members", vec![]),
        ("/api/org/assign-author", vec![("request_id", request_id.as_str()), ("author_id", ivan.as_str())]),
        ("/api/org/member-active", vec![("user_id", olga.as_str()), ("active", "false")]),
    ];
    for (path, form) in &calls {
        assert_eq!(app.post(path, form, &customer).await.status(), StatusCode::FORBIDDEN, "customer on {path}");
        assert_eq!(app.post(path, form, &agent).await.status(), StatusCode::FORBIDDEN, "agent on {path}");
        assert_eq!(app.post(path, form, "").await.status(), StatusCode::UNAUTHORIZED, "anonymous on {path}");
    }
    // Nothing changed; then the admin assigns Иван.
    let listed = app.post("/api/org/authorless", &[], &admin).await;
    assert_eq!(listed.status(), StatusCode::OK);
    assert!(text(listed).await.contains("Алексей Смирнов"));
    let assigned = app.post("/api/org/assign-author", &calls[2].1, &admin).await;
    assert_eq!(assigned.status(), StatusCode::OK);
    let again = app.post("/api/org/assign-author", &calls[2].1, &admin).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The admin cannot deactivate themselves.
    let own = app.post("/api/org/member-active", &calls[3].1, &admin).await;
    assert_eq!(own.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.database.finish().await;
}

#[tokio::test]
async fn a_deactivated_member_is_signed_out_at_once_and_cannot_sign_in() {
    let app = TestApp::start().await;
    let ivan_session = app.sign_in("client@romashka.test").await;
    let admin = app.sign_in("admin@romashka.test").await;
    let ivan = id_of_user(&app, "client@romashka.test").await.to_string();
    assert_eq!(app.get("/requests/my", &ivan_session).await.status(), StatusCode::OK);
    let done = app.post("/api/org/member-active", &[("user_id", ivan.as_str()), ("active", "false")], &admin).await;
    assert_eq!(done.status(), StatusCode::OK);
    let after = app.get("/requests/my", &ivan_session).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "the old session no longer signs him in");
    let refused = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password")], "").await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let back = app.post("/api/org/member-active", &[("user_id", ivan.as_str()), ("active", "true")], &admin).await;
    assert_eq!(back.status(), StatusCode::OK);
    app.sign_in("client@romashka.test").await;
    app.database.finish().await;
}

#[tokio::test]
async fn unsubscribe_links_work_without_signing_in_and_refuse_forgeries() {
    let app = TestApp::start().await;
    let key = portal_service::notifications::unsubscribe::SigningKey::from_secret("http-test");
    let ivan = id_of_user(&app, "client@romashka.test").await;
    let request_id = id_of_request(&app, 1001).await;
    let other_request = id_of_request(&app, 1004).await;
    let token = key.token(ivan, request_id);

    let page = app.get(&format!("/unsubscribe?token={token}"), "").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    assert!(html.contains("№ 1001") && html.contains("Отписаться"), "{html}");

    let signature = token.splitn(3, '.').nth(2).unwrap();
    let moved = app.get(&format!("/unsubscribe?token={ivan}.{other_request}.{signature}"), "").await;
    assert_eq!(moved.status(), StatusCode::BAD_REQUEST);
    assert!(text(moved).await.contains("Ссылка для отписки недействительна"));
    let forged = app.post(&format!("/unsubscribe?token={ivan}.{other_request}.AAAA"), &[], "").await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);

    let done = app.post("/unsubscribe", &[("token", token.as_str())], "").await;
    assert_eq!(done.status(), StatusCode::OK);
    assert!(text(done).await.contains("Вы отписались"));
    use sea_orm::EntityTrait;
    let participant = portal_service::entity::request_participant::Entity::find_by_id((request_id, ivan))
        .one(&app.database.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!participant.subscribed);
    // RFC 8058 one-click from a mail client: token in the query, fixed body.
    let other_token = key.token(ivan, other_request);
    let one_click = app.post(&format!("/unsubscribe?token={other_token}"), &[("List-Unsubscribe", "One-Click")], "").await;
    assert_eq!(one_click.status(), StatusCode::OK);
    app.database.finish().await;
}

#[tokio::test]
async fn only_staff_register_requests_on_behalf_of_an_organization() {
    let app = TestApp::start().await;
    let customer = app.sign_in("client@romashka.test").await;
    let admin = app.sign_in("admin@romashka.test").await;
    let agent = app.sign_in("agent@support.test").await;
    let romashka = portal_service::accounts::find_by_email(&app.database.db, "client@romashka.test")
        .await
        .unwrap()
        .unwrap()
        .organization_id
        .unwrap();
    let body = |key: &str, email: &str| {
        serde_json::json!({
            "organization_id": romashka,
            "contact_name": "Ирина Белова",
            "contact_email": email,
            "input": {
                "kind": "Commercial", "subject": "Счёт на продление лицензий", "description": "Звонок в поддержку.",
                "product_id": null, "version_id": null, "update_id": null, "certificate_id": null,
                "classification_id": null, "idempotency_key": key, "attachment_ids": []
            }
        })
    };
    let path = "/api/requests/create-on-behalf";
    assert_eq!(
        post_json(&app, path, body("behalf-key-000001-x", "belova@romashka.test"), &customer).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post_json(&app, path, body("behalf-key-000002-x", "belova@romashka.test"), &admin).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post_json(&app, path, body("behalf-key-000003-x", "belova@romashka.test"), "").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_json(&app, path, body("behalf-key-000004-x", "no-at-sign"), &agent).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let created = post_json(&app, path, body("behalf-key-000005-x", "belova@romashka.test"), &agent).await;
    assert_eq!(created.status(), StatusCode::OK);
    assert!(text(created).await.contains("\"number\":1009"));
    let listed = app.post("/api/org/authorless", &[], &admin).await;
    assert!(text(listed).await.contains("Ирина Белова"));

    // The staff form: its page and its choices are staff-only too.
    assert_eq!(app.get("/queue/new", &customer).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/queue/new", &admin).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/queue/new", &agent).await.status(), StatusCode::OK);
    let romashka_id = romashka.to_string();
    let options = "/api/requests/on-behalf-options";
    let choose = [("organization_id", romashka_id.as_str())];
    assert_eq!(app.post(options, &choose, &customer).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.post(options, &choose, &admin).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.post(options, &choose, "").await.status(), StatusCode::UNAUTHORIZED);
    let choices = app.post(options, &choose, &agent).await;
    assert_eq!(choices.status(), StatusCode::OK);
    let choices = text(choices).await;
    assert!(choices.contains("ООО «Ромашка»") && choices.contains("АО «Вектор»"), "every organization is offered: {choices}");
    assert!(choices.contains("ТП-2026-00117"), "the chosen organization's certificates: {choices}");
    let unknown = app.post(options, &[("organization_id", "999999")], &agent).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.database.finish().await;
}

/// A plain form post (no JavaScript) from «Задать пароль».
fn plain_password_post(body: &str) -> Request<Body> {
    plain_form_post("/api/password/set", body)
}

/// A plain form post (no JavaScript) to a server function.
fn plain_form_post(path: &str, body: &str) -> Request<Body> {
    plain_form_post_as(path, body, "")
}

/// A plain form post (no JavaScript) by the holder of `cookies`.
fn plain_form_post_as(path: &str, body: &str, cookies: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookies)
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn a_password_link_opens_without_signing_in_and_sets_the_password_without_javascript() {
    use domain::account_link::LinkPurpose;
    use portal_service::accounts::{self, links};
    let app = TestApp::start().await;
    let ivan = accounts::find_by_email(&app.database.db, "client@romashka.test").await.unwrap().unwrap();
    let token = links::issue(&app.database.db, ivan.id, LinkPurpose::PasswordReset, chrono::Utc::now()).await.unwrap();

    let page = app.get(&format!("/password/set?token={token}"), "").await;
    assert_eq!(page.status(), StatusCode::OK, "open to anonymous visitors");
    let html = text(page).await;
    assert!(html.contains("Новый пароль") && html.contains("client@romashka.test"), "{html}");
    let unknown = text(app.get("/password/set?token=nonsense", "").await).await;
    assert!(unknown.contains("Ссылка не работает"), "{unknown}");

    let mismatch = app.send(plain_password_post(&format!("token={token}&password=klubnika-na-snegu&repeat=klubnika"))).await;
    assert_eq!(mismatch.status(), StatusCode::FOUND);
    assert!(location(&mismatch).starts_with("/password/set?error="), "{}", location(&mismatch));
    assert!(location(&mismatch).contains(&format!("token={token}")), "back to the same link");

    let saved =
        app.send(plain_password_post(&format!("token={token}&password=klubnika-na-snegu&repeat=klubnika-na-snegu"))).await;
    assert_eq!(saved.status(), StatusCode::FOUND);
    assert_eq!(location(&saved), "/requests/my", "signed in, at the start page");
    assert!(support::session_cookie(&saved).is_some());

    let old = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password")], "").await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED, "the old password no longer works");
    let new = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "klubnika-na-snegu")], "").await;
    assert_eq!(new.status(), StatusCode::OK);
    app.database.finish().await;
}

#[tokio::test]
async fn forgotten_password_answers_alike_for_any_address_and_mails_only_an_account() {
    use portal_service::entity::notification_outbox;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::start().await;
    let page = text(app.get("/password/forgot", "").await).await;
    assert!(page.contains("Восстановление пароля") || page.contains("Забыли пароль"), "{page}");
    let before = notification_outbox::Entity::find().count(&app.database.db).await.unwrap();

    for email in ["client@romashka.test", "nobody@romashka.test"] {
        let answer = app.send(plain_form_post("/api/password/forgot", &format!("email={}", urlencode(email)))).await;
        assert_eq!(answer.status(), StatusCode::FOUND, "{email}");
        assert_eq!(location(&answer), "/password/forgot?sent=1", "the same answer for {email}");
    }
    let sent = text(app.get("/password/forgot?sent=1", "").await).await;
    assert!(sent.contains("Проверьте почту"), "{sent}");
    let queued = notification_outbox::Entity::find().count(&app.database.db).await.unwrap() - before;
    assert_eq!(queued, 1, "only the existing account gets an e-mail");

    let invalid = app.send(plain_form_post("/api/password/forgot", "email=client-at-romashka")).await;
    assert_eq!(invalid.status(), StatusCode::FOUND);
    assert!(location(&invalid).starts_with("/password/forgot?error="), "{}", location(&invalid));
    assert!(location(&invalid).contains("email=client-at-romashka"), "the typed address is kept");
    let shown = text(app.get(location(&invalid), "").await).await;
    assert!(shown.contains("адрес электронной почты"), "{shown}");

    // Three requests for one address within 20 minutes, then a clear refusal.
    for _ in 0..2 {
        let again = app.post("/api/password/forgot", &[("email", "client@romashka.test")], "").await;
        assert_eq!(again.status(), StatusCode::OK);
    }
    let limited = app.post("/api/password/forgot", &[("email", "client@romashka.test")], "").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key(header::RETRY_AFTER));
    let limited = app.send(plain_form_post("/api/password/forgot", "email=client%40romashka.test")).await;
    let shown = text(app.get(location(&limited), "").await).await;
    assert!(shown.contains("Слишком много запросов"), "the page says why, in Russian: {shown}");
    let queued = notification_outbox::Entity::find().count(&app.database.db).await.unwrap() - before;
    assert_eq!(queued, 1, "one e-mail while the first link waits");
    app.database.finish().await;
}

/// Every role but the portal administrator's: a customer, an organization admin, an engineer and a
/// manager of the demo.
const NOT_ADMINISTRATORS: [&str; 4] =
    ["client@romashka.test", "admin@romashka.test", "agent@support.test", "manager@support.test"];

/// The access matrix of an administration area: anonymous visitors are sent to sign in from each
/// of `pages` and get 401 from each of `functions`; every other role gets 403 from both.
async fn expect_administrators_only(app: &TestApp, pages: &[&str], functions: &[(&str, Vec<(&str, &str)>)]) {
    for page in pages {
        assert_eq!(location(&app.get(page, "").await), domain::access::sign_in_path(page), "anonymous {page}");
    }
    for (path, form) in functions {
        assert_eq!(app.post(path, form, "").await.status(), StatusCode::UNAUTHORIZED, "anonymous {path}");
    }
    for email in NOT_ADMINISTRATORS {
        let cookies = app.sign_in(email).await;
        for page in pages {
            assert_eq!(app.get(page, &cookies).await.status(), StatusCode::FORBIDDEN, "{email} {page}");
        }
        for (path, form) in functions {
            assert_eq!(app.post(path, form, &cookies).await.status(), StatusCode::FORBIDDEN, "{email} {path}");
        }
    }
}

/// Every page and server function of «Администрирование» × every role: only the portal
/// administrator gets in; the others are refused by the server itself, also when they try many
/// times at once.
#[tokio::test]
async fn administration_is_for_portal_administrators_only() {
    use portal_service::entity::organization;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::start().await;
    let romashka = portal_service::organizations::list(&app.database.db)
        .await
        .unwrap()
        .into_iter()
        .find(|org| org.name == "ООО «Ромашка»")
        .unwrap()
        .id;
    let romashka_id = romashka.to_string();
    let pages =
        ["/admin/organizations".to_owned(), "/admin/organizations/new".to_owned(), format!("/admin/organizations/{romashka}")];
    let functions: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/api/admin/organizations/page", vec![]),
        ("/api/admin/organizations/card", vec![("id", &romashka_id)]),
        ("/api/admin/organizations/create", vec![("name", "ООО «Чужая»"), ("inn", ""), ("kpp", ""), ("contact_email", "")]),
        (
            "/api/admin/organizations/update",
            vec![("id", &romashka_id), ("name", "ООО «Захват»"), ("inn", ""), ("kpp", ""), ("contact_email", "")],
        ),
        ("/api/admin/organizations/active", vec![("id", &romashka_id), ("active", "false")]),
    ];
    let page_refs: Vec<&str> = pages.iter().map(String::as_str).collect();
    expect_administrators_only(&app, &page_refs, &functions).await;
    // Many refused writes at once change nothing.
    let customer = app.sign_in("admin@romashka.test").await;
    let attempts = (0..8).map(|_| app.post("/api/admin/organizations/create", &functions[2].1, &customer));
    for answer in futures_util::future::join_all(attempts).await {
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(organization::Entity::find().count(&app.database.db).await.unwrap(), 3);
    let romashka_now = organization::Entity::find_by_id(romashka).one(&app.database.db).await.unwrap().unwrap();
    assert_eq!((romashka_now.name.as_str(), romashka_now.is_active), ("ООО «Ромашка»", true));

    let admin = app.sign_in("admin@support.test").await;
    for page in &pages {
        let answer = app.get(page, &admin).await;
        assert_eq!(answer.status(), StatusCode::OK, "{page}");
    }
    let list = text(app.get("/admin/organizations", &admin).await).await;
    assert!(list.contains("ООО «Ромашка»") && list.contains("7736864549"), "{list}");
    for (path, form) in &functions[..2] {
        assert_eq!(app.post(path, form, &admin).await.status(), StatusCode::OK, "{path}");
    }
    app.database.finish().await;
}

#[tokio::test]
async fn an_administrator_runs_an_organization_without_javascript() {
    let app = TestApp::start().await;
    let admin = app.sign_in("admin@support.test").await;
    let refused = app
        .send(plain_form_post_as(
            "/api/admin/organizations/create",
            "name=%D0%9E%D0%9E%D0%9E+%C2%AB%D0%91%D0%B5%D1%80%D1%91%D0%B7%D0%BA%D0%B0%C2%BB&inn=7707083894&kpp=&contact_email=",
            &admin,
        ))
        .await;
    assert_eq!(refused.status(), StatusCode::FOUND);
    let back = location(&refused).to_owned();
    assert!(back.starts_with("/admin/organizations/new?error="), "{back}");
    let shown = text(app.get(&back, &admin).await).await;
    assert!(shown.contains("контрольная цифра не сходится"), "the message at the field");
    assert!(!shown.contains("disabled"), "without JavaScript the button must be usable");
    assert!(shown.contains("ООО «Берёзка»") && shown.contains("7707083894"), "what was typed is kept");

    let created = app
        .send(plain_form_post_as(
            "/api/admin/organizations/create",
            "name=%D0%9E%D0%9E%D0%9E+%C2%AB%D0%91%D0%B5%D1%80%D1%91%D0%B7%D0%BA%D0%B0%C2%BB&inn=7707083893&kpp=773601001&contact_email=office%40berezka.test",
            &admin,
        ))
        .await;
    assert_eq!(created.status(), StatusCode::FOUND);
    let card = location(&created).to_owned();
    assert!(card.starts_with("/admin/organizations/"), "{card}");
    let id = card.rsplit('/').next().unwrap().to_owned();
    let page = text(app.get(&card, &admin).await).await;
    assert!(page.contains("ООО «Берёзка»") && page.contains("773601001") && page.contains("office@berezka.test"));

    let saved = app
        .send(plain_form_post_as(
            "/api/admin/organizations/update",
            &format!("id={id}&name=%D0%9E%D0%9E%D0%9E+%C2%AB%D0%91%D0%B5%D1%80%D1%91%D0%B7%D0%BA%D0%B0-%D0%9C%C2%BB&inn=7707083893&kpp=&contact_email="),
            &admin,
        ))
        .await;
    assert_eq!(location(&saved), format!("{card}?saved=1"));
    let page = text(app.get(&format!("{card}?saved=1"), &admin).await).await;
    assert!(page.contains("ООО «Берёзка-М»") && page.contains("Изменения сохранены"));

    // Deactivating Ромашка signs its people out and keeps them out until it is restored.
    let ivan = app.sign_in("client@romashka.test").await;
    let romashka = portal_service::accounts::find_by_email(&app.database.db, "client@romashka.test")
        .await
        .unwrap()
        .unwrap()
        .organization_id
        .unwrap();
    let off =
        app.send(plain_form_post_as("/api/admin/organizations/active", &format!("id={romashka}&active=false"), &admin)).await;
    assert_eq!(location(&off), format!("/admin/organizations/{romashka}"));
    assert!(text(app.get(location(&off), &admin).await).await.contains("Организация отключена"));
    assert_eq!(location(&app.get("/requests/my", &ivan).await), "/login?next=/requests/my", "his session ended");
    let again = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password")], "").await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    app.send(plain_form_post_as("/api/admin/organizations/active", &format!("id={romashka}&active=true"), &admin)).await;
    app.sign_in("client@romashka.test").await;
    let list = text(app.get("/admin/organizations", &admin).await).await;
    assert!(list.contains("ООО «Берёзка-М»"));
    app.database.finish().await;
}

#[tokio::test]
async fn only_the_portal_administrator_manages_people() {
    use portal_service::entity::user;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::start().await;
    let ivan = id_of_user(&app, "client@romashka.test").await.to_string();
    let romashka = portal_service::accounts::find_by_email(&app.database.db, "client@romashka.test")
        .await
        .unwrap()
        .unwrap()
        .organization_id
        .unwrap()
        .to_string();
    let invite: Vec<(&str, &str)> = vec![
        ("email", "pavel@romashka.test"),
        ("display_name", "Павел Зайцев"),
        ("role", "org_admin"),
        ("organization", &romashka),
    ];
    let functions: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/api/admin/people/page", vec![]),
        ("/api/admin/people/organizations", vec![]),
        ("/api/admin/people/invite", invite.clone()),
        ("/api/admin/people/resend", vec![("id", &ivan)]),
        ("/api/admin/people/role", vec![("id", &ivan), ("role", "org_admin")]),
        ("/api/admin/people/active", vec![("id", &ivan), ("active", "false")]),
    ];
    let pages = ["/admin/people", "/admin/people/new"];
    expect_administrators_only(&app, &pages, &functions).await;
    // The organization admin, trying to make himself… anything, in parallel: nothing changes.
    let olga = app.sign_in("admin@romashka.test").await;
    let attempts = (0..8).map(|_| app.post("/api/admin/people/invite", &invite, &olga));
    for answer in futures_util::future::join_all(attempts).await {
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(user::Entity::find().count(&app.database.db).await.unwrap(), 8);
    assert!(portal_service::accounts::find_by_email(&app.database.db, "client@romashka.test").await.unwrap().unwrap().is_active);

    let admin = app.sign_in("admin@support.test").await;
    for page in pages {
        assert_eq!(app.get(page, &admin).await.status(), StatusCode::OK, "{page}");
    }
    let list = text(app.get("/admin/people?organization=", &admin).await).await;
    assert!(list.contains("client@romashka.test") && list.contains("Иван Петров"), "{list}");
    // Invited without JavaScript: on to the invited, who is listed there.
    let body = format!(
        "email=pavel%40romashka.test&display_name=%D0%9F%D0%B0%D0%B2%D0%B5%D0%BB+%D0%97%D0%B0%D0%B9%D1%86%D0%B5%D0%B2&role=customer&organization={romashka}"
    );
    let invited = app.send(plain_form_post_as("/api/admin/people/invite", &body, &admin)).await;
    assert_eq!(location(&invited), "/admin/people?state=invited&done=invited");
    let shown = text(app.get(location(&invited), &admin).await).await;
    assert!(shown.contains("Приглашение отправлено") && shown.contains("pavel@romashka.test"), "{shown}");
    let again = app.send(plain_form_post_as("/api/admin/people/invite", &body, &admin)).await;
    assert!(location(&again).starts_with("/admin/people/new?error="), "{}", location(&again));
    let shown = text(app.get(location(&again), &admin).await).await;
    assert!(shown.contains("pavel@romashka.test"), "the form keeps what was typed");
    // Staff have no organization.
    let staff = app
        .post(
            "/api/admin/people/invite",
            &[
                ("email", "new@support.test"),
                ("display_name", "Новый Инженер"),
                ("role", "support_agent"),
                ("organization", &romashka),
            ],
            &admin,
        )
        .await;
    assert_eq!(staff.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let malformed = app.post("/api/admin/people/role", &[("id", &ivan), ("role", "superuser")], &admin).await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.database.finish().await;
}

#[tokio::test]
async fn certificates_are_issued_and_revoked_by_the_portal_administrator_only() {
    use portal_service::entity::certificate;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::start().await;
    let lyutik = portal_service::accounts::find_by_email(&app.database.db, "client@lyutik.test")
        .await
        .unwrap()
        .unwrap()
        .organization_id
        .unwrap()
        .to_string();
    let some_certificate = certificate::Entity::find().one(&app.database.db).await.unwrap().unwrap().id.to_string();
    let today = chrono::Utc::now().date_naive();
    let (from, to) = (today.to_string(), (today + chrono::Duration::days(20)).to_string());
    let issue = vec![
        ("organization", lyutik.as_str()),
        ("kind", "services"),
        ("number", "УС-2026-07777"),
        ("valid_from", &from),
        ("valid_to", &to),
    ];
    let functions: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/api/admin/certificates/expiring", vec![]),
        ("/api/admin/certificates/options", vec![("organization", &lyutik)]),
        ("/api/admin/certificates/issue", issue.clone()),
        ("/api/admin/certificates/revoke", vec![("id", &some_certificate), ("organization", &lyutik)]),
    ];
    let new_page = format!("/admin/certificates/new?organization={lyutik}");
    let pages = ["/admin/certificates", new_page.as_str()];
    expect_administrators_only(&app, &pages, &functions).await;
    let anna = app.sign_in("client@lyutik.test").await;
    let attempts = (0..6).map(|_| app.post("/api/admin/certificates/issue", &issue, &anna));
    for answer in futures_util::future::join_all(attempts).await {
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(certificate::Entity::find().count(&app.database.db).await.unwrap(), 5);

    let admin = app.sign_in("admin@support.test").await;
    for page in pages {
        assert_eq!(app.get(page, &admin).await.status(), StatusCode::OK, "{page}");
    }
    // Without JavaScript: a support certificate needs products; the ticked ones arrive as products[i].
    let products = portal_service::catalog::product_tree(&app.database.db).await.unwrap();
    let ald_pro = products.iter().find(|p| p.name == "ALD Pro").unwrap().id;
    let without = format!("organization={lyutik}&kind=support&number=%D0%A2%D0%9F-2026-07778&valid_from={from}&valid_to={to}");
    let refused = app.send(plain_form_post_as("/api/admin/certificates/issue", &without, &admin)).await;
    assert!(
        location(&refused).starts_with(&format!("/admin/certificates/new?organization={lyutik}&error=")),
        "{}",
        location(&refused)
    );
    let page = text(app.get(location(&refused), &admin).await).await;
    assert!(page.contains("Отметьте продукты"), "{page}");
    let with = format!("{without}&products%5B3%5D={ald_pro}");
    let issued = app.send(plain_form_post_as("/api/admin/certificates/issue", &with, &admin)).await;
    assert_eq!(location(&issued), format!("/admin/organizations/{lyutik}"));
    let expiring = text(app.get("/admin/certificates", &admin).await).await;
    assert!(expiring.contains("ТП-2026-07778") && expiring.contains("ALD Pro"), "{expiring}");
    // Анна may now ask about ALD Pro: the creation form's options follow at once.
    let options = text(app.post("/api/requests/form-options", &[], &anna).await).await;
    assert!(options.contains("ТП-2026-07778"), "{options}");
    app.database.finish().await;
}

/// The product named `name`, if there is one.
async fn product_named(db: &sea_orm::DatabaseConnection, name: &str) -> Option<portal_service::entity::product::Model> {
    use portal_service::entity::product;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    product::Entity::find().filter(product::Column::Name.eq(name)).one(db).await.unwrap()
}

/// The catalog's page and every one of its server functions × every role: only the portal
/// administrator gets in, also when others try many times at once; he runs the catalog without
/// JavaScript, and a refused deletion is said in Russian on the page the form comes back to.
#[tokio::test]
async fn catalog_administration_is_for_portal_administrators_only() {
    use portal_service::entity::{audit_event, product, service_classification};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::start().await;
    let db = &app.database.db;
    let astra = product_named(db, "Astra Linux Special Edition").await.unwrap();
    let astra_id = astra.id.to_string();
    let migration = service_classification::Entity::find()
        .filter(service_classification::Column::Name.eq("Миграция"))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let page = "/admin/catalog";
    let create = vec![("list", "products"), ("name", "Чужой продукт")];
    let functions: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/api/admin/catalog/tree", vec![]),
        ("/api/admin/catalog/create", create.clone()),
        ("/api/admin/catalog/rename", vec![("kind", "product"), ("id", &astra_id), ("name", "Захват")]),
        ("/api/admin/catalog/move", vec![("kind", "product"), ("id", &astra_id), ("direction", "down")]),
        ("/api/admin/catalog/retire", vec![("kind", "product"), ("id", &astra_id)]),
        ("/api/admin/catalog/restore", vec![("kind", "product"), ("id", &astra_id)]),
        ("/api/admin/catalog/delete", vec![("kind", "classification"), ("id", &migration)]),
    ];
    expect_administrators_only(&app, &[page], &functions).await;
    // Many refused writes at once, of every kind, change nothing and write no audit event.
    let events = audit_event::Entity::find().count(db).await.unwrap();
    let olga = app.sign_in("admin@romashka.test").await;
    let attempts = (0..4).flat_map(|_| functions[1..].iter().map(|(path, form)| app.post(path, form, &olga)));
    for answer in futures_util::future::join_all(attempts).await {
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(product::Entity::find().count(db).await.unwrap(), 6);
    let astra_now = product_named(db, "Astra Linux Special Edition").await.expect("neither renamed nor deleted");
    assert_eq!((astra_now.sort_order, astra_now.retired_at), (astra.sort_order, None));
    assert!(
        service_classification::Entity::find()
            .filter(service_classification::Column::Name.eq("Миграция"))
            .one(db)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(audit_event::Entity::find().count(db).await.unwrap(), events);

    let admin = app.sign_in("admin@support.test").await;
    let answer = app.get(page, &admin).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let html = text(answer).await;
    assert!(html.contains("Продукты") && html.contains("Классификация услуг"), "{html}");
    assert!(html.contains("Astra Linux Special Edition") && html.contains("1.7.5") && html.contains("Курс администрирования"));
    assert!(html.contains("в 1 запросе") && html.contains("в 2 запросах"), "RuBackup 2.2 is named by two requests");
    assert!(html.contains(r#"href="/admin/catalog" aria-current="page""#), "the section is marked in the navigation");
    // Every button says which item it is for; deleting is offered only for what no request names.
    assert!(html.contains("aria-label=\"Выше — Astra Linux Special Edition / 1.7\""));
    assert!(html.contains("aria-label=\"Удалить — Брест / 3.3\""));
    assert!(!html.contains("aria-label=\"Удалить — Внедрение / Миграция\""));
    let button = |label: &str| {
        let start = html.find(&format!("aria-label=\"{label}\"")).unwrap_or_else(|| panic!("no button {label}"));
        html[start..start + html[start..].find('>').unwrap()].to_owned()
    };
    assert!(button("Выше — Astra Linux Special Edition").contains("disabled"), "the first cannot go up");
    assert!(!button("Ниже — Astra Linux Special Edition").contains("disabled"), "the buttons work before the wasm");
    assert_eq!(app.post("/api/admin/catalog/tree", &[], &admin).await.status(), StatusCode::OK);
    let malformed = app.post("/api/admin/catalog/retire", &[("kind", "article"), ("id", &astra_id)], &admin).await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let taken =
        app.post("/api/admin/catalog/create", &[("list", "products"), ("name", "astra linux  special edition")], &admin).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Without JavaScript: create, rename, retire, each time back on the page that says so.
    let created =
        app.send(plain_form_post_as("/api/admin/catalog/create", "list=products&name=Astra+Linux+Server", &admin)).await;
    assert_eq!(created.status(), StatusCode::FOUND);
    assert_eq!(location(&created), "/admin/catalog?done=created");
    let shown = text(app.get(location(&created), &admin).await).await;
    assert!(shown.contains("Добавлено.") && shown.contains("Astra Linux Server"), "{shown}");
    let server = product_named(db, "Astra Linux Server").await.expect("created").id;
    let renamed = app
        .send(plain_form_post_as(
            "/api/admin/catalog/rename",
            &format!("kind=product&id={server}&name={}", urlencode("Astra Linux Server Edition")),
            &admin,
        ))
        .await;
    assert_eq!(location(&renamed), "/admin/catalog?done=renamed");
    let shown = text(app.get(location(&renamed), &admin).await).await;
    assert!(shown.contains("Название изменено.") && shown.contains("Astra Linux Server Edition"), "{shown}");
    let retired = app.send(plain_form_post_as("/api/admin/catalog/retire", &format!("kind=product&id={server}"), &admin)).await;
    assert_eq!(location(&retired), "/admin/catalog?done=retired");
    let shown = text(app.get(location(&retired), &admin).await).await;
    assert!(shown.contains("Выведен из употребления"), "the badge: {shown}");
    assert!(shown.contains("aria-label=\"Вернуть — Astra Linux Server Edition\""), "and the way back");
    assert!(product::Entity::find_by_id(server).one(db).await.unwrap().unwrap().retired_at.is_some());

    // A request names «Миграция»: deleting it is refused, and the page says why.
    let refused =
        app.send(plain_form_post_as("/api/admin/catalog/delete", &format!("kind=classification&id={migration}"), &admin)).await;
    assert_eq!(refused.status(), StatusCode::FOUND);
    let back = location(&refused).to_owned();
    assert!(back.starts_with("/admin/catalog?error="), "{back}");
    let shown = text(app.get(&back, &admin).await).await;
    assert!(shown.contains("Удалить нельзя: элемент указан в запросах"), "{shown}");
    assert!(
        service_classification::Entity::find()
            .filter(service_classification::Column::Name.eq("Миграция"))
            .one(db)
            .await
            .unwrap()
            .is_some()
    );
    // What nothing names goes.
    let deleted = app.send(plain_form_post_as("/api/admin/catalog/delete", &format!("kind=product&id={server}"), &admin)).await;
    assert_eq!(location(&deleted), "/admin/catalog?done=deleted");
    assert!(product_named(db, "Astra Linux Server Edition").await.is_none());
    app.database.finish().await;
}

/// «Журнал изменений»: the page and its server function are the administrator's only; the
/// administrator sees a change made through the catalog form with its before → after, narrowed
/// by the address's filters, and a wrong date in the address is worded on the page (422).
#[tokio::test]
async fn the_change_log_is_for_administrators_and_shows_each_change() {
    let app = TestApp::start().await;
    let functions: Vec<(&str, Vec<(&str, &str)>)> = vec![("/api/admin/audit/page", vec![])];
    expect_administrators_only(&app, &["/admin/audit", "/admin/audit?area=people"], &functions).await;

    let admin = app.sign_in("admin@support.test").await;
    let created =
        app.send(plain_form_post_as("/api/admin/catalog/create", "list=products&name=Astra+Linux+Server", &admin)).await;
    assert_eq!(created.status(), StatusCode::FOUND);
    let html = text(app.get("/admin/audit?area=catalog", &admin).await).await;
    assert!(html.contains("Продукт: создание") && html.contains("Astra Linux Server"), "{html}");
    assert!(html.contains("Дмитрий Орлов"), "who made the change");
    assert!(html.contains(r#"href="/admin/audit" aria-current="page""#), "the section is marked in the navigation");
    assert!(html.contains(r#"<option value="catalog" selected"#), "the filter shows what it narrows to");
    let people_only = text(app.get("/admin/audit?area=people", &admin).await).await;
    assert!(!people_only.contains("Astra Linux Server"), "{people_only}");

    let wrong = app.get("/admin/audit?from=2026-13-01", &admin).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = text(wrong).await;
    assert!(wrong.contains("Укажите дату в виде ГГГГ-ММ-ДД") && wrong.contains("Журнал изменений"), "the page, worded");
    let reversed = app.post("/api/admin/audit/page", &[("from", "2026-12-02"), ("to", "2026-12-01")], &admin).await;
    assert_eq!(reversed.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // An organization's card links to its part of the journal.
    let romashka = portal_service::organizations::list(&app.database.db)
        .await
        .unwrap()
        .into_iter()
        .find(|org| org.name == "ООО «Ромашка»")
        .unwrap()
        .id;
    let card = text(app.get(&format!("/admin/organizations/{romashka}"), &admin).await).await;
    assert!(card.contains(&format!(r#"href="/admin/audit?organization={romashka}""#)), "{card}");
}

/// The demo's five roles: customer, organization admin, engineer, manager, administrator.
const EVERY_ROLE: [&str; 5] =
    ["client@romashka.test", "admin@romashka.test", "agent@support.test", "manager@support.test", "admin@support.test"];

/// The session handles «Активные сеансы» shows the holder of `cookies`: (handle, is this one).
async fn profile_sessions(app: &TestApp, cookies: &str) -> Vec<(String, bool)> {
    let answer = app.post("/api/profile/page", &[], cookies).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let view: domain::profile::ProfileView = serde_json::from_str(&text(answer).await).unwrap();
    view.sessions.into_iter().map(|row| (row.handle, row.current)).collect()
}

/// «Профиль» × every role: anonymous visitors are sent to sign in (401 from the functions); each
/// role opens its own profile and changes only its own data and sessions.
#[tokio::test]
async fn every_role_has_a_profile_of_its_own_only() {
    use portal_service::entity::user;
    use sea_orm::EntityTrait;
    let app = TestApp::start().await;
    let person_form = |name: &'static str| {
        vec![("display_name", name), ("phone", ""), ("position", ""), ("locale", "ru"), ("time_zone", "Europe/Samara")]
    };
    let functions: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/api/profile/page", vec![]),
        ("/api/profile/update", person_form("Аноним")),
        ("/api/profile/emails", vec![("resolved", "on")]),
        ("/api/profile/password", vec![("current_password", "demo-password"), ("password", "x"), ("repeat", "x")]),
        ("/api/profile/sessions/end", vec![("handle", "0123")]),
        ("/api/profile/sessions/end-others", vec![]),
    ];
    assert_eq!(location(&app.get("/profile", "").await), domain::access::sign_in_path("/profile"));
    for (path, form) in &functions {
        assert_eq!(app.post(path, form, "").await.status(), StatusCode::UNAUTHORIZED, "anonymous {path}");
    }
    // Ольга's other session, whose handle every other role tries to end.
    let olga_elsewhere = app.sign_in("admin@romashka.test").await;
    let olga_handle = profile_sessions(&app, &olga_elsewhere).await.into_iter().find(|(_, current)| *current).unwrap().0;
    for email in EVERY_ROLE {
        let cookies = app.sign_in(email).await;
        let page = app.get("/profile", &cookies).await;
        assert_eq!(page.status(), StatusCode::OK, "{email}");
        let html = text(page).await;
        assert!(html.contains(email) && html.contains("Активные сеансы") && html.contains("Сменить пароль"), "{email}");
        assert!(html.contains("href=\"/profile\""), "the header links the name to the profile");
        let others: Vec<&str> = EVERY_ROLE.iter().copied().filter(|other| *other != email).collect();
        assert!(others.iter().all(|other| !html.contains(other)), "{email} sees only their own profile");
        let cookie_value = cookies.split_once('=').unwrap().1;
        assert!(!html.contains(cookie_value), "no raw session id on the page");

        let name = format!("Новое имя {email}");
        let answer = app
            .post(
                "/api/profile/update",
                &[("display_name", &name), ("phone", ""), ("position", ""), ("locale", "ru"), ("time_zone", "Europe/Samara")],
                &cookies,
            )
            .await;
        assert_eq!(answer.status(), StatusCode::OK, "{email}");
        assert_eq!(app.post("/api/profile/emails", &[("resolved", "on")], &cookies).await.status(), StatusCode::OK);
        if email != "admin@romashka.test" {
            let ended = app.post("/api/profile/sessions/end", &[("handle", &olga_handle)], &cookies).await;
            assert_eq!(ended.status(), StatusCode::NOT_FOUND, "{email} cannot end another person's session");
        }
    }
    for email in EVERY_ROLE {
        let person = portal_service::accounts::find_by_email(&app.database.db, email).await.unwrap().unwrap();
        assert_eq!(person.display_name, format!("Новое имя {email}"), "each changed their own name only");
        let stored = user::Entity::find_by_id(person.id).one(&app.database.db).await.unwrap().unwrap();
        assert!(stored.email_resolved && !stored.email_new_message);
    }
    assert_eq!(app.get("/requests/my", &olga_elsewhere).await.status(), StatusCode::OK, "Ольга's session lives on");
    app.database.finish().await;
}

/// Every profile form as a plain HTML post (no JavaScript): back to the page with the message
/// of the field and what was typed, or with the notice; the password change ends the other
/// session and keeps this browser signed in; «Завершить» ends exactly that session.
#[tokio::test]
async fn the_profile_forms_work_without_javascript() {
    use portal_service::entity::user;
    use sea_orm::EntityTrait;
    let app = TestApp::start().await;
    let here = app.sign_in("client@romashka.test").await;
    let elsewhere = app.sign_in("client@romashka.test").await;

    let refused = app
        .send(plain_form_post_as(
            "/api/profile/update",
            "display_name=%D0%98%D0%B2%D0%B0%D0%BD&phone=call-me&position=&locale=ru&time_zone=Asia%2FOmsk",
            &here,
        ))
        .await;
    assert_eq!(refused.status(), StatusCode::FOUND);
    assert!(location(&refused).starts_with("/profile?error="), "{}", location(&refused));
    assert!(location(&refused).contains("form=personal") && location(&refused).contains("phone=call-me"));
    let shown = text(app.get(location(&refused), &here).await).await;
    assert!(shown.contains("Телефон — это от 5 до 20 цифр"), "the field's own message: {shown}");
    assert!(shown.contains("value=\"call-me\""), "what was typed stays");

    let saved = app
        .send(plain_form_post_as(
            "/api/profile/update",
            "display_name=%D0%98%D0%B2%D0%B0%D0%BD+%D0%A1%D0%B8%D0%B4%D0%BE%D1%80%D0%BE%D0%B2&phone=%2B7+3812+55-44-33&position=&locale=ru&time_zone=Asia%2FOmsk",
            &here,
        ))
        .await;
    assert_eq!(location(&saved), "/profile?done=saved");
    assert!(set_cookies(&saved).iter().any(|cookie| cookie.starts_with("portal_locale=ru")));
    let shown = text(app.get("/profile?done=saved", &here).await).await;
    assert!(shown.contains("Данные сохранены") && shown.contains("Иван Сидоров"), "{shown}");
    assert!(shown.contains("<option value=\"Asia/Omsk\" selected"), "the zone is chosen: {shown}");

    let emails = app.send(plain_form_post_as("/api/profile/emails", "status_changed=on&closed=on", &here)).await;
    assert_eq!(location(&emails), "/profile?done=emails");
    let ivan = portal_service::accounts::find_by_email(&app.database.db, "client@romashka.test").await.unwrap().unwrap();
    let stored = user::Entity::find_by_id(ivan.id).one(&app.database.db).await.unwrap().unwrap();
    assert_eq!(
        (
            stored.email_new_message,
            stored.email_status_changed,
            stored.email_resolved,
            stored.email_closed,
            stored.email_added_to_request
        ),
        (false, true, false, true, false)
    );
    assert!(text(app.get("/profile?done=emails", &here).await).await.contains("Выбор писем сохранён"));

    let wrong = app
        .send(plain_form_post_as(
            "/api/profile/password",
            "current_password=guess&password=klubnika-na-snegu&repeat=klubnika-na-snegu",
            &here,
        ))
        .await;
    assert!(
        location(&wrong).starts_with("/profile?error=") && location(&wrong).contains("form=password"),
        "{}",
        location(&wrong)
    );
    assert!(!location(&wrong).contains("klubnika"), "passwords never go into the address");
    let shown = text(app.get(location(&wrong), &here).await).await;
    assert!(shown.contains("Текущий пароль указан неверно"), "{shown}");
    let mismatch = app
        .post(
            "/api/profile/password",
            &[("current_password", "demo-password"), ("password", "klubnika-na-snegu"), ("repeat", "x")],
            &here,
        )
        .await;
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let changed = app
        .send(plain_form_post_as(
            "/api/profile/password",
            "current_password=demo-password&password=klubnika-na-snegu&repeat=klubnika-na-snegu",
            &here,
        ))
        .await;
    assert_eq!(location(&changed), "/profile?done=password");
    let here = session_cookie(&changed).expect("this browser is signed in again");
    assert_eq!(app.get("/requests/my", &here).await.status(), StatusCode::OK, "this browser stays signed in");
    assert_eq!(app.get("/requests/my", &elsewhere).await.status(), StatusCode::SEE_OTHER, "the other session ended");
    assert!(text(app.get("/profile?done=password", &here).await).await.contains("Пароль изменён"));
    let old = app.post("/api/login", &[("email", "client@romashka.test"), ("password", "demo-password")], "").await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);

    // «Завершить» one session, then «Завершить все остальные».
    let new_password = [("email", "client@romashka.test"), ("password", "klubnika-na-snegu")];
    let phone = session_cookie(&app.post("/api/login", &new_password, "").await).unwrap();
    let tablet = session_cookie(&app.post("/api/login", &new_password, "").await).unwrap();
    let sessions = profile_sessions(&app, &here).await;
    assert_eq!(sessions.len(), 3);
    let phone_handle = profile_sessions(&app, &phone).await.into_iter().find(|(_, current)| *current).unwrap().0;
    let ended = app.send(plain_form_post_as("/api/profile/sessions/end", &format!("handle={phone_handle}"), &here)).await;
    assert_eq!(location(&ended), "/profile?done=session");
    assert_eq!(app.get("/requests/my", &phone).await.status(), StatusCode::SEE_OTHER, "that session ended");
    assert_eq!(app.get("/requests/my", &tablet).await.status(), StatusCode::OK, "the others did not");
    let again = app.send(plain_form_post_as("/api/profile/sessions/end", &format!("handle={phone_handle}"), &here)).await;
    assert!(
        location(&again).starts_with("/profile?error=") && location(&again).contains("form=sessions"),
        "{}",
        location(&again)
    );
    let all = app.send(plain_form_post_as("/api/profile/sessions/end-others", "", &here)).await;
    assert_eq!(location(&all), "/profile?done=sessions");
    assert_eq!(app.get("/requests/my", &tablet).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(profile_sessions(&app, &here).await.len(), 1);
    assert!(text(app.get("/profile?done=sessions", &here).await).await.contains("Других сеансов нет"));
    app.database.finish().await;
}
