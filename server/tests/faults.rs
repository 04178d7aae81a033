//! Fault tests: the database going away for a while, and the attachment disk filling up. The
//! user gets a clear sentence, nothing half-written stays behind, and the portal recovers by
//! itself once the fault is gone — without a restart.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode, header};
use portal_service::entity::{attachment, request};
use portal_service::testing::{TestDatabase, files_under};
use sea_orm::{ConnectionTrait, Database, EntityTrait, PaginatorTrait};
use tower::ServiceExt;

use support::{ORIGIN, body_text, get_page, page_request, portal_router, server_fn_request, session_cookie};

const UNAVAILABLE_RU: &str = "Сервис временно недоступен";
const STORAGE_FULL_RU: &str = "На сервере закончилось место для файлов";

async fn send(router: &Router, request: Request<Body>) -> Response<Body> {
    router.clone().oneshot(request).await.unwrap()
}

fn server_fn(path: &str, body: serde_json::Value, cookies: &str) -> Request<Body> {
    server_fn_request(path, "application/json", body.to_string(), cookies)
}

fn sign_in_request() -> Request<Body> {
    Request::post("/api/login")
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from("email=client%40romashka.test&password=demo-password"))
        .unwrap()
}

async fn sign_in(router: &Router) -> String {
    let response = send(router, sign_in_request()).await;
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie(&response).expect("a session cookie")
}

fn new_request(key: &str) -> serde_json::Value {
    serde_json::json!({ "input": {
        "kind": "Commercial",
        "subject": "Продление лицензий на 2027 год",
        "description": "Просим подготовить счёт на продление 40 лицензий.",
        "idempotency_key": key,
    }})
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("portal_faults_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// PostgreSQL stops accepting connections to the portal's database and drops the open ones (what
/// a restart or a failover looks like from the portal), then comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_gets_a_clear_answer_and_the_portal_recovers_by_itself() {
    let Some(database) = TestDatabase::postgres().await else { return };
    let name = database.url.rsplit('/').next().unwrap().split('?').next().unwrap().to_owned();
    let admin_url = std::env::var("PORTAL_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let admin = Database::connect(&admin_url).await.unwrap();
    let dir = scratch_dir("db_outage");
    let router = portal_router(&database.db, &dir).await;
    let session = sign_in(&router).await;
    let requests_before = request::Entity::find().count(&database.db).await.unwrap();

    admin.execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")).await.unwrap();
    admin
        .execute_unprepared(&format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        .await
        .unwrap();

    // A page: a sentence in Russian, 503 and when to come back — not a blank 500.
    let page = get_page(&router, || page_request("/requests/my", &session)).await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.headers().contains_key(header::RETRY_AFTER));
    let html = body_text(page).await;
    assert!(html.contains(UNAVAILABLE_RU), "{html}");
    // A server function (creating a request): the error the page turns into the same sentence.
    let created = send(&router, server_fn("/api/requests/create", new_request("key-fault-db-outage-0001"), &session)).await;
    assert_eq!(created.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body_text(created).await, "\"Unavailable\"");
    // Signing in (no session yet): the same.
    let login = send(&router, sign_in_request()).await;
    assert_eq!(login.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body_text(login).await, "\"Unavailable\"");

    admin.execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).await.unwrap();
    admin.close().await.ok();

    // Same router, same session: the pool reconnects on its own.
    let page = get_page(&router, || page_request("/requests/my", &session)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(body_text(page).await.contains("Не загружается графическая оболочка"));
    assert_eq!(request::Entity::find().count(&database.db).await.unwrap(), requests_before, "nothing half-written");
    // The user repeats the creation (the page keeps its key): one request.
    for _ in 0..2 {
        let created = send(&router, server_fn("/api/requests/create", new_request("key-fault-db-outage-0001"), &session)).await;
        assert_eq!(created.status(), StatusCode::OK);
    }
    assert_eq!(request::Entity::find().count(&database.db).await.unwrap(), requests_before + 1);
    let _ = std::fs::remove_dir_all(&dir);
    database.finish().await;
}

/// Where the child of the disk-full test finds its small file system.
const FULL_DISK_DIR: &str = "PORTAL_TEST_FULL_DISK_DIR";

/// Runs [`full_disk_child`] in a child process with its own mount namespace, in which the
/// attachment directory is a 1 MiB tmpfs — a real "No space left on device" from the kernel,
/// no root and nothing on the machine changed (`unshare` from util-linux, user namespaces).
#[test]
fn a_full_disk_refuses_an_upload_clearly_and_keeps_nothing_of_it() {
    let dir = scratch_dir("full_disk");
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
        .arg(r#"mount -t tmpfs -o size=1m portal-full-disk "$1" && shift && exec "$@""#)
        .arg("sh")
        .arg(&dir)
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", "full_disk_child", "--include-ignored", "--nocapture"])
        .env(FULL_DISK_DIR, &dir)
        .output()
        .expect("run unshare (util-linux)");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success() && log.contains("test full_disk_child ... ok"),
        "the disk-full check failed (it needs unshare and unprivileged user namespaces):\n{log}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
#[ignore = "run by a_full_disk_refuses_an_upload_clearly_and_keeps_nothing_of_it, on a small tmpfs"]
async fn full_disk_child() {
    let dir = PathBuf::from(std::env::var(FULL_DISK_DIR).expect("started by the disk-full test"));
    let database = TestDatabase::sqlite().await;
    let router = portal_router(&database.db, &dir).await;
    let session = sign_in(&router).await;

    // 3 MiB on a 1 MiB file system.
    let large = pdf_of_size(3 << 20);
    let response = send(&router, upload("contract.pdf", &large, &session)).await;
    assert_eq!(response.status(), StatusCode::INSUFFICIENT_STORAGE);
    let body = body_text(response).await;
    assert!(body.contains(STORAGE_FULL_RU), "{body}");
    assert!(files_under(&dir).is_empty(), "no partial file: {:?}", files_under(&dir));
    assert_eq!(attachment::Entity::find().count(&database.db).await.unwrap(), 0, "no row");

    // The space the failed upload took is free again: a small file goes through.
    let small = pdf_of_size(64 << 10);
    let response = send(&router, upload("act.pdf", &small, &session)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(files_under(&dir).len(), 1);
    assert_eq!(attachment::Entity::find().count(&database.db).await.unwrap(), 1);
    assert_stored_size(&dir, small.len());
    database.finish().await;
}

fn pdf_of_size(size: usize) -> Vec<u8> {
    let mut content = b"%PDF-1.4\n".to_vec();
    content.resize(size, b'0');
    content
}

fn assert_stored_size(dir: &Path, expected: usize) {
    let stored = files_under(dir);
    assert_eq!(std::fs::metadata(&stored[0]).unwrap().len() as usize, expected);
}

fn upload(file_name: &str, content: &[u8], cookies: &str) -> Request<Body> {
    const BOUNDARY: &str = "----portal-faults-boundary";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Request::post("/api/attachments")
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::COOKIE, cookies)
        .body(Body::from(body))
        .unwrap()
}
