//! HTTP tests of file uploads against the real router (sessions, CSRF guard, body limits) on a
//! fresh SQLite database and a throw-away data directory — and, for uploads and downloads, with
//! the attachments in an S3 bucket served by a real S3 server on loopback (`s3s-fs`).

#[path = "../service/tests/support/s3_server.rs"]
mod s3_server;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use bytes::Bytes;
use futures_util::stream;
use http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use portal_service::AppState;
use portal_service::attachments::{AttachmentStore, MAX_FILE_BYTES};
use portal_service::entity::attachment;
use portal_service::rate_limit::{Rate, RateLimits, Rates};
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::TestDatabase;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;
use server::RouterSettings;
use tower::ServiceExt;

const ORIGIN: &str = "http://portal.test";
const BOUNDARY: &str = "----portal-test-boundary-7MA4YWxkTrZu0gW";
const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1F\x15\xC4\x89";
const TYPE_NOT_ALLOWED_RU: &str =
    "Этот тип файлов нельзя прикрепить. Можно: изображения, PDF, текст и журналы, документы Office, архивы.";
const TOO_LARGE_RU: &str = "Файл больше 50 МБ. Уменьшите его или разделите на части.";

struct TestApp {
    router: Router,
    database: TestDatabase,
    data_dir: PathBuf,
}

impl TestApp {
    async fn start() -> TestApp {
        TestApp::start_with(|data_dir| AttachmentStore::new(data_dir)).await
    }

    /// The app with the attachment store `store_for(data_dir)`.
    async fn start_with(store_for: impl FnOnce(&std::path::Path) -> AttachmentStore) -> TestApp {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        let database = TestDatabase::sqlite().await;
        seed_demo_if_empty(&database.db, chrono::Utc::now()).await.unwrap();
        let data_dir = std::env::temp_dir().join(format!(
            "portal_uploads_test_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        let state = AppState {
            db: database.db.clone(),
            demo_mode: true,
            secure_cookies: false,
            attachments: store_for(&data_dir),
            // Beside the data directory: the tests count the files stored under it.
            kb_search: portal_service::kb::search::KbSearch::open(&search_index_dir(&data_dir), &database.db).await.unwrap(),
            live: portal_service::live::LiveHub::new(),
            unsubscribe_key: portal_service::notifications::unsubscribe::SigningKey::from_secret("uploads-test"),
            reopen_window: Default::default(),
        };
        let options = LeptosOptions::builder().output_name("portal").site_root("target/site").build();
        // The property test uploads hundreds of times as one user; the limit has its own test
        // (`security.rs`), so here it is out of the way.
        let unlimited = Rate { burst: 1_000_000, per_second: 1_000_000.0 };
        let settings = RouterSettings {
            rate_limits: RateLimits::new(Rates {
                sign_in: unlimited,
                password_reset_per_address: unlimited,
                password_reset_per_email: unlimited,
                suggestions: unlimited,
                uploads: unlimited,
            }),
            ..RouterSettings::default()
        };
        TestApp { router: server::build_router_with(state, options, settings), database, data_dir }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// Signs in and returns the session cookie.
    async fn sign_in(&self, email: &str) -> String {
        let body = format!("email={}&password=demo-password", email.replace('@', "%40"));
        let request = Request::post("/api/login")
            .header(header::HOST, "portal.test")
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
            .unwrap();
        let response = self.send(request).await;
        assert_eq!(response.status(), StatusCode::OK, "sign-in of {email}");
        response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|cookie| cookie.starts_with("portal_session="))
            .and_then(|cookie| cookie.split(';').next())
            .expect("a session cookie")
            .to_owned()
    }

    async fn upload(&self, file_name: &str, content: &[u8], cookies: &str) -> Response<Body> {
        let body = body_bytes(multipart_body(file_name, vec![Bytes::copy_from_slice(content)]));
        self.send(upload_request(cookies, ORIGIN).body(Body::from(body)).unwrap()).await
    }

    async fn delete(&self, id: i64, cookies: &str) -> Response<Body> {
        let mut request =
            Request::delete(format!("/api/attachments/{id}")).header(header::HOST, "portal.test").header(header::ORIGIN, ORIGIN);
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn download(&self, id: i64, cookies: &str) -> Response<Body> {
        let request =
            Request::get(format!("/attachments/{id}")).header(header::HOST, "portal.test").header(header::COOKIE, cookies);
        self.send(request.body(Body::empty()).unwrap()).await
    }

    fn attachments_dir(&self) -> PathBuf {
        self.data_dir.join("attachments")
    }

    /// Every file under the data directory, unfinished ones included.
    fn stored_files(&self) -> Vec<PathBuf> {
        portal_service::testing::files_under(&self.data_dir)
    }

    async fn rows(&self) -> u64 {
        attachment::Entity::find().count(&self.database.db).await.unwrap()
    }

    async fn finish(self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        let _ = std::fs::remove_dir_all(search_index_dir(&self.data_dir));
        self.database.finish().await;
    }
}

/// A multipart upload from the portal's own pages (`origin`) with the session `cookies`.
fn upload_request(cookies: &str, origin: &str) -> http::request::Builder {
    let mut request = Request::post("/api/attachments")
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, origin)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
    if !cookies.is_empty() {
        request = request.header(header::COOKIE, cookies);
    }
    request
}

/// The parts of a multipart body with one `file` field holding `content` (given as chunks).
fn multipart_body(file_name: &str, content: Vec<Bytes>) -> Vec<Bytes> {
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let mut parts = vec![Bytes::from(head)];
    parts.extend(content);
    parts.push(Bytes::from(format!("\r\n--{BOUNDARY}--\r\n")));
    parts
}

fn body_bytes(parts: Vec<Bytes>) -> Vec<u8> {
    parts.concat()
}

/// A streamed body: large content is sent as repeated references to one chunk.
fn streamed(parts: Vec<Bytes>) -> Body {
    Body::from_stream(stream::iter(parts.into_iter().map(Ok::<_, std::io::Error>)))
}

async fn json(response: Response<Body>) -> Value {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
}

fn fifty_mb_plus(extra_bytes: usize) -> Vec<Bytes> {
    let mebibyte = Bytes::from(vec![b'x'; 1024 * 1024]);
    let mut chunks = vec![mebibyte; (MAX_FILE_BYTES / (1024 * 1024)) as usize];
    if extra_bytes > 0 {
        chunks.push(Bytes::from(vec![b'x'; extra_bytes]));
    }
    chunks
}

#[tokio::test]
async fn a_png_is_stored_and_described() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let response = app.upload("Скриншот: ошибка?.png", PNG, &session).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body = json(response).await;
    assert_eq!(body["file_name"], "Скриншот ошибка.png");
    assert_eq!(body["size_bytes"], PNG.len());
    assert_eq!(body["content_type"], "image/png");
    assert!(body["id"].as_i64().is_some());
    let stored = app.stored_files();
    assert_eq!(stored.len(), 1);
    assert_eq!(std::fs::read(&stored[0]).unwrap(), PNG);
    assert_eq!(app.rows().await, 1);
    app.finish().await;
}

#[tokio::test]
async fn a_directory_in_the_name_is_dropped_and_the_key_is_generated() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let response = app.upload("../../etc/passwd.txt", b"root:x:0:0:root:/root:/bin/bash\n", &session).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(json(response).await["file_name"], "passwd.txt");
    let stored = app.stored_files();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let path = &stored[0];
    assert_eq!(path.parent(), Some(app.attachments_dir().as_path()), "stored directly in the attachments directory");
    let key = path.file_name().unwrap().to_str().unwrap();
    assert!(key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()), "a generated key: {key}");
    assert!(!app.data_dir.join("etc").exists());
    app.finish().await;
}

#[tokio::test]
async fn a_file_over_50_mb_gets_413_and_leaves_nothing() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let body = streamed(multipart_body("huge.log", fifty_mb_plus(1)));
    let response = app.send(upload_request(&session, ORIGIN).body(body).unwrap()).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = json(response).await;
    assert_eq!(body["code"], "attachment.too_large");
    assert_eq!(body["message"], TOO_LARGE_RU);
    assert_eq!(app.rows().await, 0);
    assert!(app.stored_files().is_empty(), "left behind: {:?}", app.stored_files());

    // The answer follows the language of the interface.
    let body = streamed(multipart_body("huge.log", fifty_mb_plus(1)));
    let request = upload_request(&format!("{session}; portal_locale=en"), ORIGIN).body(body).unwrap();
    let body = json(app.send(request).await).await;
    assert_eq!(body["message"], "The file is larger than 50 MB. Make it smaller or split it into parts.");
    app.finish().await;
}

#[tokio::test]
async fn a_body_over_the_route_limit_gets_413_without_being_read_whole() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;

    // Announced too large: refused before reading; the body would fail if it were read.
    let unreadable = Body::from_stream(stream::iter([Err::<Bytes, _>(std::io::Error::other("must not be read"))]));
    let request = upload_request(&session, ORIGIN)
        .header(header::CONTENT_LENGTH, (MAX_FILE_BYTES + 2 * 1024 * 1024).to_string())
        .body(unreadable)
        .unwrap();
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(response).await["code"], "attachment.too_large");

    // Not announced: a field before `file` pushes the body past the limit while streaming.
    let mut parts = vec![Bytes::from(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"padding\"\r\n\r\n"))];
    parts.extend(fifty_mb_plus(2 * 1024 * 1024));
    parts.push(Bytes::from("\r\n"));
    parts.extend(multipart_body("small.txt", vec![Bytes::from_static(b"hello")]));
    let response = app.send(upload_request(&session, ORIGIN).body(streamed(parts)).unwrap()).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.rows().await, 0);
    assert!(app.stored_files().is_empty());
    app.finish().await;
}

#[tokio::test]
async fn content_that_is_not_what_the_name_says_gets_415() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let response = app.upload("cat.png", b"<!DOCTYPE html><script>alert(1)</script>", &session).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body = json(response).await;
    assert_eq!(body["code"], "attachment.type_mismatch");
    assert!(body["message"].as_str().unwrap().contains("Можно: изображения, PDF"));

    let response = app.upload("setup.exe", b"MZ\x90\0\x03\0\0\0", &session).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body = json(response).await;
    assert_eq!(body["code"], "attachment.type_not_allowed");
    assert_eq!(body["message"], TYPE_NOT_ALLOWED_RU);

    let response = app.upload("empty.txt", b"", &session).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(response).await["code"], "attachment.empty");

    // A form without the `file` field.
    let body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--{BOUNDARY}--\r\n");
    let response = app.send(upload_request(&session, ORIGIN).body(Body::from(body)).unwrap()).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.rows().await, 0);
    assert!(app.stored_files().is_empty());
    app.finish().await;
}

#[tokio::test]
async fn anonymous_uploads_get_401() {
    let app = TestApp::start().await;
    let response = app.upload("notes.txt", b"hello", "").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body = json(response).await;
    assert_eq!(body["code"], "unauthenticated");
    assert_eq!(app.delete(1, "").await.status(), StatusCode::UNAUTHORIZED);
    assert!(app.stored_files().is_empty());
    app.finish().await;
}

#[tokio::test]
async fn only_the_uploader_can_delete_an_upload() {
    let app = TestApp::start().await;
    let ivan = app.sign_in("client@romashka.test").await;
    let stranger = app.sign_in("client@vector.test").await;
    let uploaded = json(app.upload("notes.txt", b"hello", &ivan).await).await;
    let id = uploaded["id"].as_i64().unwrap();

    let response = app.delete(id, &stranger).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(json(response).await["code"], "attachment.not_found");
    assert_eq!(app.stored_files().len(), 1);
    assert_eq!(app.delete(999_999, &ivan).await.status(), StatusCode::NOT_FOUND);

    assert_eq!(app.delete(id, &ivan).await.status(), StatusCode::NO_CONTENT);
    assert!(app.stored_files().is_empty());
    assert_eq!(app.rows().await, 0);
    assert_eq!(app.delete(id, &ivan).await.status(), StatusCode::NOT_FOUND);
    app.finish().await;
}

#[tokio::test]
async fn cross_site_uploads_are_refused() {
    let app = TestApp::start().await;
    let session = app.sign_in("client@romashka.test").await;
    let body = body_bytes(multipart_body("notes.txt", vec![Bytes::from_static(b"hello")]));
    let request = upload_request(&session, "https://evil.example").body(Body::from(body)).unwrap();
    assert_eq!(app.send(request).await.status(), StatusCode::FORBIDDEN);
    let uploaded = json(app.upload("notes.txt", b"hello", &session).await).await;
    let delete = Request::delete(format!("/api/attachments/{}", uploaded["id"]))
        .header(header::HOST, "portal.test")
        .header("sec-fetch-site", "cross-site")
        .header(header::COOKIE, &session);
    assert_eq!(app.send(delete.body(Body::empty()).unwrap()).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.rows().await, 1);
    app.finish().await;
}

fn search_index_dir(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.with_extension("search-index")
}

/// One part of a generated multipart body: its headers as raw text and its content.
#[derive(Clone, Debug)]
struct GeneratedPart {
    disposition: String,
    content_type: Option<String>,
    content: Vec<u8>,
}

fn generated_part() -> impl proptest::strategy::Strategy<Value = GeneratedPart> {
    use proptest::prelude::*;
    let name = proptest::sample::select(&["file", "file", "other", "", "FILE", "file\"; x=\""][..]);
    let file_name = prop_oneof![
        proptest::sample::select(
            &[
                "notes.txt",
                "shot.png",
                "../../etc/passwd.txt",
                "a\\b.pdf",
                "отчёт.log",
                ".txt",
                "x.html",
                "",
                "\u{202E}gpj.exe",
                "%00.txt",
                "a\"b.txt",
                "a;b=c.txt",
                "con.txt",
                "a.tar.gz",
            ][..]
        )
        .prop_map(str::to_owned),
        "[ -~]{0,30}",
    ];
    let disposition = (name, proptest::option::of(file_name), proptest::bool::ANY).prop_map(|(name, file_name, star)| {
        match (file_name, star) {
            (Some(file_name), false) => format!("form-data; name=\"{name}\"; filename=\"{file_name}\""),
            (Some(file_name), true) => {
                format!("form-data; name=\"{name}\"; filename*=UTF-8''{}", domain::validation::percent_encode(&file_name, b""))
            }
            (None, _) => format!("form-data; name=\"{name}\""),
        }
    });
    let content = prop_oneof![
        Just(PNG.to_vec()),
        Just("Журнал: всё в порядке\n".as_bytes().to_vec()),
        Just(b"%PDF-1.7\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..300),
        Just(format!("\r\n--{BOUNDARY}\r\n").into_bytes()),
    ];
    let content_type = proptest::option::of(proptest::sample::select(&["image/png", "text/html", "", "a/b; x=\"y"][..]));
    (disposition, content_type, content).prop_map(|(disposition, content_type, content)| GeneratedPart {
        disposition,
        content_type: content_type.map(str::to_owned),
        content,
    })
}

/// A whole upload body: well-formed parts with random content, damaged framing, or noise.
fn generated_body() -> impl proptest::strategy::Strategy<Value = (String, Vec<u8>)> {
    use proptest::prelude::*;
    let header_boundary = prop_oneof![
        4 => Just(BOUNDARY.to_owned()),
        1 => "[ -~]{0,80}",
    ];
    let framing = proptest::sample::select(&["closed", "unclosed", "no-final-crlf", "truncated", "garbage-preamble"][..]);
    let structured = (header_boundary, proptest::collection::vec(generated_part(), 0..4), framing, any::<prop::sample::Index>())
        .prop_map(|(boundary, parts, framing, cut)| {
            let mut body = Vec::new();
            if framing == "garbage-preamble" {
                body.extend_from_slice(b"preamble \x00\xff\r\n");
            }
            for part in &parts {
                body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: {}\r\n", part.disposition).as_bytes());
                if let Some(content_type) = &part.content_type {
                    body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
                }
                body.extend_from_slice(b"\r\n");
                body.extend_from_slice(&part.content);
                body.extend_from_slice(b"\r\n");
            }
            match framing {
                "unclosed" => {}
                "no-final-crlf" => body.extend_from_slice(format!("--{BOUNDARY}--").as_bytes()),
                _ => body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes()),
            }
            if framing == "truncated" {
                body.truncate(cut.index(body.len() + 1));
            }
            (boundary, body)
        });
    prop_oneof![
        4 => structured,
        1 => ("[ -~]{0,40}", proptest::collection::vec(any::<u8>(), 0..400)),
    ]
}

/// Whatever arrives as an upload, the answer is one of the documented ones with a JSON body,
/// and every stored file has its row: a refused or broken upload leaves nothing on disk.
#[test]
fn arbitrary_multipart_bodies_get_a_clear_answer_and_leave_no_debris() {
    use proptest::prelude::*;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let app = runtime.block_on(TestApp::start());
    let session = runtime.block_on(app.sign_in("client@romashka.test"));
    let config = proptest::test_runner::Config { cases: 128, failure_persistence: None, ..Default::default() };
    proptest::test_runner::TestRunner::new(config)
        .run(&generated_body(), |(boundary, body)| {
            runtime.block_on(async {
                let request = Request::post("/api/attachments")
                    .header(header::HOST, "portal.test")
                    .header(header::ORIGIN, ORIGIN)
                    .header(header::ACCEPT, "application/json")
                    .header(header::COOKIE, &session)
                    .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
                    .body(Body::from(body.clone()))
                    .unwrap();
                let response = app.send(request).await;
                let status = response.status();
                prop_assert!(
                    [StatusCode::CREATED, StatusCode::UNSUPPORTED_MEDIA_TYPE, StatusCode::UNPROCESSABLE_ENTITY].contains(&status),
                    "{status} for {:?}",
                    String::from_utf8_lossy(&body)
                );
                let answer = json(response).await;
                if status == StatusCode::CREATED {
                    let name = answer["file_name"].as_str().unwrap_or_default();
                    prop_assert!(!name.is_empty() && !name.contains(['/', '\\', '<', '>', '"', '\0']), "{name:?}");
                } else {
                    prop_assert!(answer["code"].is_string() && answer["message"].is_string(), "{answer}");
                }
                let files = app.stored_files();
                prop_assert!(files.iter().all(|file| file.parent() == Some(app.attachments_dir().as_path())), "{files:?}");
                prop_assert_eq!(files.len() as u64, app.rows().await);
                Ok(())
            })
        })
        .unwrap();
    runtime.block_on(app.finish());
}

/// The download's status, the headers that matter and the body.
async fn download_parts(response: Response<Body>) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let status = response.status();
    let headers = [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_DISPOSITION,
        header::X_CONTENT_TYPE_OPTIONS,
        header::CONTENT_SECURITY_POLICY,
        header::CACHE_CONTROL,
    ]
    .iter()
    .map(|name| {
        let value = response.headers().get(name).map(|value| value.to_str().unwrap().to_owned()).unwrap_or_default();
        (name.to_string(), value)
    })
    .collect();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

/// Uploads and downloads through the router behave the same whether the files are in the data
/// directory or in an S3 bucket: same bytes, same headers, same 404 for another organisation.
#[tokio::test]
async fn an_s3_bucket_serves_uploads_and_downloads_like_the_local_directory() {
    let server = s3_server::S3Server::start().await;
    // Larger than one S3 part, so the upload is a multipart one.
    let mut content = PNG.to_vec();
    content.extend((0..6 * 1024 * 1024).map(|n: u32| (n % 253) as u8));
    let mut answers = Vec::new();
    for in_bucket in [false, true] {
        let app = if in_bucket { TestApp::start_with(|_| server.store(Some("portal"))).await } else { TestApp::start().await };
        let ivan = app.sign_in("client@romashka.test").await;
        let response = app.upload("отчёт 1.png", &content, &ivan).await;
        assert_eq!(response.status(), StatusCode::CREATED, "in bucket: {in_bucket}");
        let id = json(response).await["id"].as_i64().unwrap();

        let (status, headers, body) = download_parts(app.download(id, &ivan).await).await;
        assert_eq!(status, StatusCode::OK, "in bucket: {in_bucket}");
        assert!(body == content, "in bucket: {in_bucket}: {} bytes downloaded", body.len());
        answers.push(headers);

        let stranger = app.sign_in("client@vector.test").await;
        assert_eq!(app.download(id, &stranger).await.status(), StatusCode::NOT_FOUND, "in bucket: {in_bucket}");

        let row = attachment::Entity::find_by_id(id as i32).one(&app.database.db).await.unwrap().unwrap();
        if in_bucket {
            assert!(app.stored_files().is_empty(), "nothing is written locally: {:?}", app.stored_files());
            let object = server.dir.join(s3_server::BUCKET).join("portal").join(&row.storage_key);
            assert_eq!(std::fs::read(&object).unwrap(), content);
            // An object gone from the bucket answers 404 like a missing file.
            std::fs::remove_file(&object).unwrap();
        } else {
            std::fs::remove_file(app.attachments_dir().join(&row.storage_key)).unwrap();
        }
        assert_eq!(app.download(id, &ivan).await.status(), StatusCode::NOT_FOUND, "in bucket: {in_bucket}");
        app.finish().await;
    }
    assert_eq!(answers[0], answers[1], "the same headers from both stores");
    assert!(answers[1].iter().any(|(name, value)| name == "content-security-policy" && value == server::downloads::FILE_CSP));
}

/// The S3 store unreachable: uploads answer 503, and nothing is recorded.
#[tokio::test]
async fn an_unreachable_bucket_answers_503() {
    let server = s3_server::S3Server::start().await;
    let mut settings = server.settings(None);
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    settings.endpoint = Some(format!("http://{closed}"));
    let app = TestApp::start_with(|_| AttachmentStore::s3(&settings).unwrap()).await;
    let ivan = app.sign_in("client@romashka.test").await;
    let response = app.upload("notes.txt", b"hello", &ivan).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.rows().await, 0);
    app.finish().await;
}
