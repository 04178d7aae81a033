//! HTTP tests of the knowledge-base server functions and pages: who may read, write and publish.

mod support;

use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use portal_service::AppState;
use portal_service::attachments::AttachmentStore;
use portal_service::kb::search::KbSearch;
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::TestDatabase;
use tower::ServiceExt;

const CUSTOMER: &str = "client@romashka.test";
const AGENT: &str = "agent@support.test";

struct TestApp {
    router: Router,
    _database: TestDatabase,
    data_dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

impl TestApp {
    async fn start(name: &str) -> TestApp {
        let database = TestDatabase::sqlite().await;
        seed_demo_if_empty(&database.db, chrono::Utc::now()).await.unwrap();
        let data_dir = std::env::temp_dir().join(format!("portal_kb_http_{}_{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        let state = AppState {
            db: database.db.clone(),
            demo_mode: true,
            secure_cookies: false,
            attachments: AttachmentStore::new(data_dir.join("attachments")),
            kb_search: KbSearch::open(&data_dir.join("search-index"), &database.db).await.unwrap(),
            live: portal_service::live::LiveHub::new(),
            unsubscribe_key: portal_service::notifications::unsubscribe::SigningKey::from_secret("kb-http-test"),
            reopen_window: Default::default(),
        };
        let options = support::leptos_options();
        TestApp { router: server::build_router(state, options), _database: database, data_dir }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    async fn get(&self, path: &str, cookies: &str) -> Response<Body> {
        support::get_page(&self.router, || support::page_request(path, cookies)).await
    }

    /// A server function with form-encoded arguments, as the hydrated page calls it.
    async fn post_form(&self, path: &str, form: &[(&str, &str)], cookies: &str) -> Response<Body> {
        let body = form.iter().map(|(key, value)| format!("{key}={}", urlencode(value))).collect::<Vec<_>>().join("&");
        self.post(path, "application/x-www-form-urlencoded", body, cookies).await
    }

    /// A server function with JSON arguments (`input = Json`).
    async fn post_json(&self, path: &str, json: serde_json::Value, cookies: &str) -> Response<Body> {
        self.post(path, "application/json", json.to_string(), cookies).await
    }

    async fn post(&self, path: &str, content_type: &str, body: String, cookies: &str) -> Response<Body> {
        self.send(support::server_fn_request(path, content_type, body, cookies)).await
    }

    async fn sign_in(&self, email: &str) -> String {
        let response = self.post_form("/api/login", &[("email", email), ("password", "demo-password")], "").await;
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

    /// Saves an unpublished article as the support agent and returns its id.
    async fn create_unpublished_article(&self, agent: &str, title: &str) -> i32 {
        let response = self.post_json("/api/kb/save", article_json(title), agent).await;
        assert_eq!(response.status(), StatusCode::OK);
        text(response).await.parse().expect("the new article's id")
    }
}

fn article_json(title: &str) -> serde_json::Value {
    serde_json::json!({
        "id": null,
        "fields": {
            "title": title,
            "body": "Перезапустите службу **cups** и повторите печать.",
            "product_id": null,
            "version_id": null,
            "tags": ["печать"],
            "is_published": false
        }
    })
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

async fn text(response: Response<Body>) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

#[tokio::test]
async fn customers_may_not_write_list_or_publish_articles() {
    let app = TestApp::start("write").await;
    let agent = app.sign_in(AGENT).await;
    let customer = app.sign_in(CUSTOMER).await;
    let id = app.create_unpublished_article(&agent, "Заметка для инженеров").await;
    let id_text = id.to_string();

    let response = app.post_json("/api/kb/save", article_json("Статья клиента"), &customer).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a customer creating an article");
    let mut update = article_json("Подменённый заголовок");
    update["id"] = serde_json::json!(id);
    let response = app.post_json("/api/kb/save", update, &customer).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a customer editing an article");
    let response = app.post_form("/api/kb/publish", &[("id", &id_text), ("published", "true")], &customer).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a customer publishing");
    let response = app.post_form("/api/kb/list", &[], &customer).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a customer listing every article");
    let response = app.post_form("/api/kb/editor", &[("id", &id_text)], &customer).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a customer opening the editor's data");

    // Nothing changed: the agent still sees the original, unpublished article.
    let response = app.post_form("/api/kb/article", &[("id", &id_text)], &agent).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = text(response).await;
    assert!(body.contains("Заметка для инженеров"), "{body}");
    assert!(body.contains("\"is_published\":false"), "{body}");

    let response = app.post_json("/api/kb/save", article_json("Статья"), "").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "anonymous");
}

#[tokio::test]
async fn customers_read_published_articles_only() {
    let app = TestApp::start("read").await;
    let agent = app.sign_in(AGENT).await;
    let customer = app.sign_in(CUSTOMER).await;
    let id = app.create_unpublished_article(&agent, "Черновик про печать").await;
    let id_text = id.to_string();

    let response = app.post_form("/api/kb/article", &[("id", &id_text)], &customer).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "an unpublished article is not found for customers");
    assert!(!text(response).await.contains("Черновик"));
    let response = app.post_form("/api/kb/deflection", &[("id", &id_text)], &customer).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "no deflection on an unpublished article");

    let response = app.post_form("/api/kb/publish", &[("id", &id_text), ("published", "true")], &agent).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = app.post_form("/api/kb/article", &[("id", &id_text)], &customer).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = text(response).await;
    assert!(body.contains("Черновик про печать"), "{body}");
    assert!(body.contains("<strong>cups</strong>"), "the body is rendered Markdown: {body}");
    assert!(body.contains("\"can_edit\":false"), "{body}");
    let response = app.post_form("/api/kb/deflection", &[("id", &id_text)], &customer).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn suggestions_are_for_signed_in_customers() {
    let app = TestApp::start("suggest").await;
    let agent = app.sign_in(AGENT).await;
    let customer = app.sign_in(CUSTOMER).await;
    let form = [("text", "не печатает принтер")];
    assert_eq!(app.post_form("/api/kb/suggest", &form, "").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.post_form("/api/kb/suggest", &form, &agent).await.status(), StatusCode::FORBIDDEN);
    let response = app.post_form("/api/kb/suggest", &form, &customer).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(body["search_failed"], false, "{body}");

    let too_long = "принтер ".repeat(30);
    let response = app.post_form("/api/kb/suggest", &[("text", &too_long)], &customer).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_editor_reports_invalid_fields_by_name() {
    let app = TestApp::start("invalid").await;
    let agent = app.sign_in(AGENT).await;
    let response = app.post_json("/api/kb/save", article_json("   "), &agent).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
    assert_eq!(body["Invalid"]["field"], "title", "{body}");
    assert_eq!(body["Invalid"]["code"], "kb.title.required", "{body}");
}

#[tokio::test]
async fn kb_pages_are_for_staff_and_articles_for_everyone_signed_in() {
    let app = TestApp::start("pages").await;
    let agent = app.sign_in(AGENT).await;
    let customer = app.sign_in(CUSTOMER).await;
    for path in ["/kb", "/kb/new", "/kb/1/edit"] {
        assert_eq!(app.get(path, &customer).await.status(), StatusCode::FORBIDDEN, "{path} for a customer");
        assert_eq!(app.get(path, &agent).await.status(), StatusCode::OK, "{path} for an agent");
    }
    assert_ne!(app.get("/kb/articles/1", &customer).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/kb/articles/1", "").await.status(), StatusCode::SEE_OTHER, "anonymous: sign in first");
}
