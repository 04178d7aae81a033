//! Who may open a request's page, its live stream, post to its chat and download its files —
//! over the real router, for every kind of visitor, denials included.

use std::path::PathBuf;
use std::time::Duration;

mod support;

use axum::Router;
use axum::body::Body;
use bytes::Bytes;
use domain::Role;
use http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use portal_service::accounts::{self, NewUser};
use portal_service::attachments::{self, AttachmentStore};
use portal_service::entity::{message, request, request_participant};
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::TestDatabase;
use portal_service::{AppState, ServiceError};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tower::ServiceExt;

const HOST: &str = "portal.test";
const ORIGIN: &str = "http://portal.test";
/// Demo request № 1001 of ООО «Ромашка», opened by Иван Петров.
const NUMBER: i64 = 1001;
const SUBJECT: &str = "Не загружается графическая оболочка после обновления до 1.7.6";
const FILE_TEXT: &[u8] = "Журнал fly-dm: Cannot open display\n".as_bytes();

struct TestApp {
    router: Router,
    database: TestDatabase,
    data_dir: PathBuf,
}

impl TestApp {
    async fn start() -> TestApp {
        let database = TestDatabase::sqlite().await;
        seed_demo_if_empty(&database.db, chrono::Utc::now()).await.unwrap();
        // One directory per test: tests run in parallel and each removes its own at the end.
        static SEQUENCE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let sequence = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let data_dir = std::env::temp_dir().join(format!("portal_request_access_{}_{sequence}", std::process::id()));
        let state = AppState {
            db: database.db.clone(),
            demo_mode: true,
            secure_cookies: false,
            attachments: AttachmentStore::new(&data_dir),
            kb_search: portal_service::kb::search::KbSearch::open(&data_dir.join("search-index"), &database.db).await.unwrap(),
            live: portal_service::live::LiveHub::new(),
            unsubscribe_key: portal_service::notifications::unsubscribe::SigningKey::from_secret("access-test"),
            reopen_window: Default::default(),
        };
        let options = support::leptos_options();
        TestApp { router: server::build_router(state, options), database, data_dir }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// A GET; pages (`text/html`) are read whole, other answers (event streams) are left open.
    async fn get(&self, path: &str, accept: &str, cookies: &str) -> Response<Body> {
        let build = || {
            let mut request = Request::get(path).header(header::HOST, HOST).header(header::ACCEPT, accept);
            if !cookies.is_empty() {
                request = request.header(header::COOKIE, cookies);
            }
            request.body(Body::empty()).unwrap()
        };
        if accept == "text/html" { support::get_page(&self.router, build).await } else { self.send(build()).await }
    }

    async fn post_form(&self, path: &str, body: String, cookies: &str, origin: &str) -> Response<Body> {
        let mut request = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    async fn sign_in(&self, email: &str) -> String {
        let body = format!("email={}&password=demo-password", email.replace('@', "%40"));
        let response = self.post_form("/api/login", body, "", ORIGIN).await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {email}");
        response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|cookie| cookie.starts_with("portal_session="))
            .map(|cookie| cookie.split(';').next().unwrap().to_owned())
            .expect("a session cookie")
    }

    async fn finish(self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        self.database.finish().await;
    }
}

/// The first chunk of a streaming body (an SSE stream never ends by itself).
async fn first_chunk(response: Response<Body>) -> String {
    let mut body = response.into_body();
    let frame = tokio::time::timeout(Duration::from_secs(10), body.frame()).await.expect("a first event in time");
    let data = frame.expect("a frame").expect("no body error").into_data().unwrap_or_default();
    String::from_utf8(data.to_vec()).unwrap()
}

async fn text(response: Response<Body>) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

fn location(response: &Response<Body>) -> String {
    response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

fn header_of(response: &Response<Body>, name: header::HeaderName) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Allowed,
    /// Another organization's customer: the request does not exist for them.
    Hidden,
}

#[tokio::test]
async fn only_the_organization_and_staff_reach_a_request() {
    let app = TestApp::start().await;
    let db = app.database.db.clone();
    let request_model = request::Entity::find().filter(request::Column::Number.eq(NUMBER)).one(&db).await.unwrap().unwrap();
    let romashka = request_model.organization_id;

    // A colleague the request was shared with, besides the demo accounts.
    let shared = accounts::create(
        &db,
        NewUser {
            email: "shared@romashka.test".into(),
            display_name: "Пётр Васильев".into(),
            password: "demo-password".into(),
            role: Role::Customer,
            organization_id: Some(romashka),
            locale: domain::Locale::Ru,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    request_participant::ActiveModel {
        request_id: Set(request_model.id),
        user_id: Set(shared.id),
        kind: Set("shared".into()),
        subscribed: Set(true),
        added_at: Set(chrono::Utc::now()),
    }
    .insert(&db)
    .await
    .unwrap();

    // A file of the request, uploaded by Иван and attached the way the form does it.
    let ivan = accounts::find_by_email(&db, "client@romashka.test").await.unwrap().unwrap();
    let store = AttachmentStore::new(&app.data_dir);
    let chunks = futures_util::stream::iter([Ok::<_, ServiceError>(Bytes::from_static(FILE_TEXT))]);
    let file = attachments::store_upload(&db, &store, ivan.id, "журнал fly-dm.log", chunks, chrono::Utc::now()).await.unwrap();
    attachments::attach_to_request(&db, &[file.id], ivan.id, request_model.id).await.unwrap();
    // An upload nobody attached yet belongs to its uploader only.
    let chunks = futures_util::stream::iter([Ok::<_, ServiceError>(Bytes::from_static(FILE_TEXT))]);
    let loose = attachments::store_upload(&db, &store, ivan.id, "черновик.txt", chunks, chrono::Utc::now()).await.unwrap();

    // Anonymous: pages and downloads send to «Вход», the stream answers 401, a post goes to «Вход».
    let page = app.get(&format!("/requests/{NUMBER}"), "text/html", "").await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert!(location(&page).starts_with("/login?next="), "{}", location(&page));
    let stream = app.get(&format!("/api/requests/{NUMBER}/events"), "text/event-stream", "").await;
    assert_eq!(stream.status(), StatusCode::UNAUTHORIZED);
    let post = app.post_form(&format!("/requests/{NUMBER}/messages"), "body=x".into(), "", ORIGIN).await;
    assert_eq!(post.status(), StatusCode::SEE_OTHER);
    assert!(location(&post).starts_with("/login"), "{}", location(&post));
    let download = app.get(&format!("/attachments/{}", file.id), "*/*", "").await;
    assert_ne!(download.status(), StatusCode::OK);
    assert!(location(&download).starts_with("/login"));

    let visitors = [
        ("client@vector.test", Expect::Hidden),
        ("client@romashka.test", Expect::Allowed),
        ("colleague@romashka.test", Expect::Allowed),
        ("shared@romashka.test", Expect::Allowed),
        ("admin@romashka.test", Expect::Allowed),
        ("agent@support.test", Expect::Allowed),
        ("manager@support.test", Expect::Allowed),
    ];
    for (n, (email, expect)) in visitors.into_iter().enumerate() {
        let session = app.sign_in(email).await;
        let messages_before = message::Entity::find().count(&db).await.unwrap();

        let page = app.get(&format!("/requests/{NUMBER}"), "text/html", &session).await;
        let page_status = page.status();
        let html = text(page).await;

        let post = app
            .post_form(
                &format!("/requests/{NUMBER}/messages"),
                format!(
                    "body=%D0%9F%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D0%BA%D0%B0&client_message_id=4b0e1c2d-3e4f-4a5b-8c6d-{n:012}"
                ),
                &session,
                ORIGIN,
            )
            .await;
        let stream = app.get(&format!("/api/requests/{NUMBER}/events"), "text/event-stream", &session).await;
        let download = app.get(&format!("/attachments/{}", file.id), "*/*", &session).await;
        let loose_download = app.get(&format!("/attachments/{}", loose.id), "*/*", &session).await;

        match expect {
            Expect::Allowed => {
                assert_eq!(page_status, StatusCode::OK, "{email}: page");
                assert!(html.contains(SUBJECT), "{email}: the page shows the request");
                assert_eq!(post.status(), StatusCode::SEE_OTHER, "{email}: post");
                assert_eq!(location(&post), format!("/requests/{NUMBER}#chat"), "{email}: post");
                assert_eq!(message::Entity::find().count(&db).await.unwrap(), messages_before + 1, "{email}: stored");
                assert_eq!(stream.status(), StatusCode::OK, "{email}: stream");
                assert!(header_of(&stream, header::CONTENT_TYPE).starts_with("text/event-stream"));
                let first = first_chunk(stream).await;
                assert!(first.contains("event: message"), "{email}: {first}");
                assert!(first.contains("Проверка"), "{email}: the backlog holds the posted messages: {first}");
                assert_eq!(download.status(), StatusCode::OK, "{email}: download");
                assert_eq!(header_of(&download, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
                assert!(
                    header_of(&download, header::CONTENT_DISPOSITION)
                        .ends_with("filename*=UTF-8''%D0%B6%D1%83%D1%80%D0%BD%D0%B0%D0%BB%20fly-dm.log"),
                    "{email}: {}",
                    header_of(&download, header::CONTENT_DISPOSITION)
                );
                assert_eq!(text(download).await.as_bytes(), FILE_TEXT);
            }
            Expect::Hidden => {
                assert_eq!(page_status, StatusCode::NOT_FOUND, "{email}: page");
                assert!(!html.contains(SUBJECT), "{email}: nothing of the request leaks");
                assert_eq!(post.status(), StatusCode::NOT_FOUND, "{email}: post");
                assert_eq!(message::Entity::find().count(&db).await.unwrap(), messages_before, "{email}: nothing stored");
                assert_eq!(stream.status(), StatusCode::NOT_FOUND, "{email}: stream");
                assert_eq!(download.status(), StatusCode::NOT_FOUND, "{email}: download");
            }
        }
        let loose_expected = if email == "client@romashka.test" { StatusCode::OK } else { StatusCode::NOT_FOUND };
        assert_eq!(loose_download.status(), loose_expected, "{email}: an unattached upload");
    }
    app.finish().await;
}

#[tokio::test]
async fn the_form_post_reports_refusals_and_cross_site_posts_are_blocked() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let empty =
        app.post_form(&format!("/requests/{NUMBER}/messages"), "body=%20%20&client_message_id=".into(), &session, ORIGIN).await;
    assert_eq!(empty.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&empty), format!("/requests/{NUMBER}?chat_error=message.required#chat"));
    let foreign = app.post_form(&format!("/requests/{NUMBER}/messages"), "body=hi".into(), &session, "http://evil.test").await;
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let missing = app.post_form("/requests/99999/messages", "body=hi".into(), &session, ORIGIN).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(message::Entity::find().count(&app.database.db).await.unwrap(), 0);
    // A stream resumes after the id the browser already has.
    let ok = app.post_form(&format!("/requests/{NUMBER}/messages"), "body=first".into(), &session, ORIGIN).await;
    assert_eq!(location(&ok), format!("/requests/{NUMBER}#chat"));
    app.post_form(&format!("/requests/{NUMBER}/messages"), "body=second".into(), &session, ORIGIN).await;
    let first_id =
        message::Entity::find().filter(message::Column::Body.eq("first")).one(&app.database.db).await.unwrap().unwrap().id;
    let mut request = Request::get(format!("/api/requests/{NUMBER}/events"))
        .header(header::HOST, HOST)
        .header(header::COOKIE, &session)
        .header("last-event-id", first_id.to_string());
    request = request.header(header::ACCEPT, "text/event-stream");
    let stream = app.send(request.body(Body::empty()).unwrap()).await;
    let chunk = first_chunk(stream).await;
    assert!(chunk.contains("second") && !chunk.contains("first"), "{chunk}");
    let bad = app.get(&format!("/api/requests/{NUMBER}/events?after=abc"), "text/event-stream", &session).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    app.finish().await;
}

/// «Скачать в PDF»: the page's access rule, the Russian file name, a real PDF.
#[tokio::test]
async fn the_request_pdf_follows_the_page_rule() {
    let app = TestApp::start().await;
    let path = format!("/requests/{NUMBER}/pdf");

    let anonymous = app.get(&path, "application/pdf", "").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "anonymous goes to «Вход»");
    assert!(location(&anonymous).starts_with("/login?next="), "{}", location(&anonymous));

    let other_org = app.sign_in("client@vector.test").await;
    assert_eq!(app.get(&path, "application/pdf", &other_org).await.status(), StatusCode::NOT_FOUND);
    let ivan = app.sign_in("client@romashka.test").await;
    assert_eq!(app.get("/requests/99999/pdf", "application/pdf", &ivan).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/requests/abc/pdf", "application/pdf", &ivan).await.status(), StatusCode::NOT_FOUND);

    for cookies in [ivan, app.sign_in("agent@support.test").await] {
        let response = app.get(&path, "application/pdf", &cookies).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "application/pdf");
        assert_eq!(
            header_of(&response, header::CONTENT_DISPOSITION),
            "attachment; filename=\"Zapros-1001.pdf\"; filename*=UTF-8''%D0%97%D0%B0%D0%BF%D1%80%D0%BE%D1%81-1001.pdf"
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(body.starts_with(b"%PDF-"));
    }
    app.finish().await;
}

/// Without JavaScript the closed request's composer is still a form: a post is refused with
/// «Запрос закрыт», shown on the page it returns to, and nothing is stored.
#[tokio::test]
async fn a_form_post_to_a_closed_request_shows_the_closed_error() {
    let app = TestApp::start().await;
    let maria = app.sign_in("colleague@romashka.test").await;
    let page = text(app.get("/requests/1005", "text/html", &maria).await).await;
    assert!(page.contains("data-testid=\"closed-composer\""), "the closed composer is rendered");
    assert!(page.contains("action=\"/requests/1005/messages\""), "and it is a plain form");

    let refused = app.post_form("/requests/1005/messages", "body=%D0%95%D1%89%D1%91".into(), &maria, ORIGIN).await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&refused), "/requests/1005?chat_error=request.closed#chat");
    let back = text(app.get("/requests/1005?chat_error=request.closed", "text/html", &maria).await).await;
    assert!(back.contains("Запрос закрыт — в него больше нельзя писать"), "the refusal is shown");
    assert_eq!(message::Entity::find().filter(message::Column::Body.eq("Ещё")).count(&app.database.db).await.unwrap(), 0);
    app.finish().await;
}
