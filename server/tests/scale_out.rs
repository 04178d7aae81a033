//! Scale-out: two `portal` processes on one PostgreSQL database and one shared attachment store
//! — the data directory, or an S3 bucket (s3s-fs on loopback) — as behind a reverse proxy
//! (docs/DEPLOYMENT.md). What one
//! instance does, the other sees: chat messages reach a stream opened on the other instance,
//! request numbers stay unique and gap-free under concurrent creation on both, a file uploaded
//! through one downloads through the other, the auto-close job that both run closes a request
//! once, and each notification e-mail is written once.

#[path = "../service/tests/support/s3_server.rs"]
mod s3_server;
mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use portal_service::entity::{message, notification_outbox, request};
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::TestDatabase;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use support::process::{Portal, call, exchange, sign_in};

/// Resolved 80 h ago: past the 72 h reopen window when the instances start.
const RESOLVED_LONG_AGO: i64 = 1004;
const IN_PROGRESS: i64 = 1001;
const CREATIONS_PER_INSTANCE: usize = 8;

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

async fn request_of(db: &DatabaseConnection, number: i64) -> request::Model {
    request::Entity::find().filter(request::Column::Number.eq(number)).one(db).await.unwrap().unwrap()
}

async fn message_count(db: &DatabaseConnection, request_id: i32) -> u64 {
    message::Entity::find().filter(message::Column::RequestId.eq(request_id)).count(db).await.unwrap()
}

fn create(addr: SocketAddr, session: &str, key: &str) -> i64 {
    let body = serde_json::json!({ "input": {
        "kind": "Commercial",
        "subject": "Счёт на продление лицензий",
        "description": "Просим выставить счёт на продление 40 лицензий до конца года.",
        "idempotency_key": key,
    }});
    let (status, _, answer) = call(addr, "/api/requests/create", "application/json", &body.to_string(), session);
    assert_eq!(status, 200, "creation {key}: {answer}");
    serde_json::from_str::<serde_json::Value>(&answer).unwrap()["number"].as_i64().unwrap()
}

/// Opens the request's live chat stream and reads it until `text` arrives.
fn stream_until(addr: SocketAddr, session: &str, number: i64, text: &str, limit: Duration) -> bool {
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!(
        "GET /api/requests/{number}/events HTTP/1.1\r\nHost: portal.test\r\nAccept: text/event-stream\r\nCookie: {session}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    while started.elapsed() < limit {
        match stream.read(&mut buffer) {
            Ok(0) => return false,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
            Err(_) => {}
        }
        if String::from_utf8_lossy(&received).contains(text) {
            return true;
        }
    }
    false
}

fn upload(addr: SocketAddr, session: &str, file_name: &str, content: &str) -> i64 {
    const BOUNDARY: &str = "----portal-scale-out-boundary";
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/plain\r\n\r\n{content}\r\n--{BOUNDARY}--\r\n"
    );
    let request = format!(
        "POST /api/attachments HTTP/1.1\r\nHost: portal.test\r\nOrigin: http://portal.test\r\nAccept: application/json\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\nCookie: {session}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, _, answer) = exchange(addr, request.as_bytes());
    assert_eq!(status, 201, "upload: {answer}");
    serde_json::from_str::<serde_json::Value>(&answer).unwrap()["id"].as_i64().unwrap()
}

fn download(addr: SocketAddr, session: &str, id: i64) -> (u16, String) {
    let request =
        format!("GET /attachments/{id} HTTP/1.1\r\nHost: portal.test\r\nCookie: {session}\r\nConnection: close\r\n\r\n");
    let (status, _, body) = exchange(addr, request.as_bytes());
    (status, body)
}

fn eml_files(outbox: &Path) -> usize {
    std::fs::read_dir(outbox)
        .map(|entries| entries.flatten().filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml")).count())
        .unwrap_or(0)
}

#[test]
fn two_instances_sharing_a_directory_share_chat_numbers_files_auto_close_and_mail() {
    two_instances(None);
}

#[test]
fn two_instances_sharing_an_s3_bucket_share_chat_numbers_files_auto_close_and_mail() {
    // The bucket's server runs on its own threads while this test blocks on the instances.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let bucket = runtime.block_on(s3_server::S3Server::start());
    two_instances(Some(&bucket));
    let stored = std::fs::read_dir(bucket.dir.join(s3_server::BUCKET).join("scale-out")).map_or(0, |dir| dir.count());
    assert_eq!(stored, 1, "the uploaded file is in the bucket, not in the data directory");
}

/// The scenario, with the attachments in `bucket` when given, else in the shared data directory.
fn two_instances(bucket: Option<&s3_server::S3Server>) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(database) = runtime.block_on(TestDatabase::postgres()) else { return };
    let db = database.db.clone();
    let data_dir = std::env::temp_dir().join(format!("portal_scale_out_{}_{}", std::process::id(), bucket.is_some()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let (resolved_id, messages_before) = runtime.block_on(async {
        seed_demo_if_empty(&db, Utc::now()).await.unwrap();
        request::Entity::update_many()
            .col_expr(request::Column::ResolvedAt, Expr::value(Utc::now() - chrono::Duration::hours(80)))
            .filter(request::Column::Number.eq(RESOLVED_LONG_AGO))
            .exec(&db)
            .await
            .unwrap();
        let resolved = request_of(&db, RESOLVED_LONG_AGO).await;
        assert_eq!(resolved.status, "resolved");
        (resolved.id, message_count(&db, resolved.id).await)
    });

    let mut env = vec![
        ("DATABASE_URL", database.url.clone()),
        ("PORTAL_DATA_DIR", data_dir.display().to_string()),
        ("PORTAL_DEMO", "1".to_owned()),
    ];
    if let Some(bucket) = bucket {
        let settings = bucket.settings(Some("scale-out"));
        env.extend([
            ("PORTAL_S3_BUCKET", settings.bucket),
            ("PORTAL_S3_ENDPOINT", settings.endpoint.unwrap_or_default()),
            ("PORTAL_S3_REGION", settings.region),
            ("PORTAL_S3_ACCESS_KEY_ID", settings.access_key_id),
            ("PORTAL_S3_SECRET_ACCESS_KEY", settings.secret_access_key),
            ("PORTAL_S3_PREFIX", "scale-out".to_owned()),
        ]);
    }
    let first = Portal::start(&env);
    let second = Portal::start(&env);

    // Auto-close: both instances run the job at start; the request is closed with one system line.
    wait_until("auto-close of 1004", Duration::from_secs(30), || {
        runtime.block_on(request_of(&db, RESOLVED_LONG_AGO)).status == "closed"
    });
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(runtime.block_on(message_count(&db, resolved_id)), messages_before + 1, "closed once, one system line");

    // Numbering: concurrent creations on both instances, by two people of one organization.
    let ivan = sign_in(first.addr, "client@romashka.test");
    let maria = sign_in(second.addr, "colleague@romashka.test");
    let mut workers = Vec::new();
    for n in 0..CREATIONS_PER_INSTANCE {
        for (addr, session, who) in [(first.addr, ivan.clone(), "ivan"), (second.addr, maria.clone(), "maria")] {
            workers.push(std::thread::spawn(move || create(addr, &session, &format!("key-scale-out-{who}-{n:04}"))));
        }
    }
    let mut numbers: Vec<i64> = workers.into_iter().map(|worker| worker.join().unwrap()).collect();
    numbers.sort_unstable();
    let expected: Vec<i64> = (1009..1009 + 2 * CREATIONS_PER_INSTANCE as i64).collect();
    assert_eq!(numbers, expected, "unique, gap-free numbers across instances");

    // Chat: a stream opened on the second instance receives what is posted on the first.
    let text = "Сообщение через первый экземпляр: журнал приложен";
    let listener = {
        let (addr, session) = (second.addr, ivan.clone());
        std::thread::spawn(move || stream_until(addr, &session, IN_PROGRESS, text, Duration::from_secs(15)))
    };
    std::thread::sleep(Duration::from_millis(500));
    let post = serde_json::json!({ "message": {
        "number": IN_PROGRESS,
        "body": text,
        "client_message_id": "6a1e2b3c-4d5e-4f60-8a7b-5ca1e0000001",
        "attachment_ids": [],
    }});
    let (status, _, answer) = call(first.addr, "/api/request-page/post", "application/json", &post.to_string(), &ivan);
    assert_eq!(status, 200, "post: {answer}");
    assert!(listener.join().unwrap(), "the message reached the stream on the other instance");

    // Files: uploaded through one instance, downloaded through the other; still refused to others.
    let content = "Журнал загрузки рабочей станции бухгалтерии";
    let id = upload(first.addr, &ivan, "boot.log", content);
    let (status, body) = download(second.addr, &ivan, id);
    assert_eq!(status, 200);
    assert!(body.contains(content), "{body}");
    let local_files = portal_service::testing::files_under(&data_dir.join("attachments"));
    assert_eq!(local_files.len(), usize::from(bucket.is_none()), "files where the store keeps them: {local_files:?}");
    let stranger = sign_in(second.addr, "client@vector.test");
    assert_eq!(download(second.addr, &stranger, id).0, 404);

    // Mail: every notification row is sent, and written once although both instances deliver.
    let outbox = data_dir.join("outbox");
    wait_until("the outbox drained", Duration::from_secs(40), || {
        runtime.block_on(async {
            notification_outbox::Entity::find()
                .filter(notification_outbox::Column::Status.eq("pending"))
                .count(&db)
                .await
                .unwrap()
        }) == 0
    });
    let sent = runtime.block_on(async {
        notification_outbox::Entity::find().filter(notification_outbox::Column::Status.eq("sent")).count(&db).await.unwrap()
    });
    assert!(sent > 0, "the close and the chat message notified someone");
    assert_eq!(eml_files(&outbox) as u64, sent, "one e-mail per notification");

    first.kill();
    second.kill();
    let _ = std::fs::remove_dir_all(&data_dir);
    runtime.block_on(database.finish());
}
