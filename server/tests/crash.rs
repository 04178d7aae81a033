//! The portal process killed (SIGKILL: power cut, OOM killer) while a request is being created.
//! Creation is one database transaction, so after a restart each attempt is either a whole
//! request — number, author as participant, draft gone — or nothing, with the draft still in
//! «Черновики»; and repeating the attempt (what the form does with its key) gives exactly one.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portal_service::entity::{draft, request, request_participant};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// Kill delays after the creation call is sent, in microseconds: from "not read yet" to "done".
const KILL_DELAYS_US: [u64; 10] = [0, 500, 1_000, 2_000, 3_000, 4_000, 6_000, 9_000, 15_000, 200_000];

struct Portal {
    child: Child,
    addr: SocketAddr,
}

impl Portal {
    /// Starts the real `portal` binary on `data_dir` (SQLite, demo data) and waits until it listens.
    fn start(data_dir: &Path) -> Portal {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_portal"))
            .env("LEPTOS_OUTPUT_NAME", "portal")
            .env("PORTAL_DATA_DIR", data_dir)
            .env("PORTAL_ADDR", addr.to_string())
            .env("PORTAL_DEMO", "1")
            .env("RUST_LOG", "warn")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the portal binary");
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "the portal did not start listening");
            std::thread::sleep(Duration::from_millis(20));
        }
        Portal { child, addr }
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn raw_request(path: &str, content_type: &str, body: &str, cookie: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: portal.test\r\nOrigin: http://portal.test\r\nAccept: application/json\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// One call; answers with the status, the session cookie set (if any) and the body.
fn call(addr: SocketAddr, path: &str, content_type: &str, body: &str, cookie: &str) -> (u16, Option<String>, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(raw_request(path, content_type, body, cookie).as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let session = head
        .lines()
        .filter_map(|line| line.strip_prefix("set-cookie: ").or_else(|| line.strip_prefix("Set-Cookie: ")))
        .find(|cookie| cookie.starts_with("portal_session="))
        .map(|cookie| cookie.split(';').next().unwrap_or_default().to_owned());
    (status, session, body.to_owned())
}

fn creation(key: &str, draft_id: i64) -> String {
    serde_json::json!({ "input": {
        "kind": "Commercial",
        "subject": "Продление лицензий на 2027 год",
        "description": "Просим подготовить счёт на продление 40 лицензий.",
        "idempotency_key": key,
        "draft_id": draft_id,
    }})
    .to_string()
}

/// What a killed attempt left: `Some(request id)` when it committed.
async fn check_attempt(db: &DatabaseConnection, key: &str, draft_id: i32) -> Option<i32> {
    let found = request::Entity::find().filter(request::Column::IdempotencyKey.eq(key)).all(db).await.unwrap();
    let draft_left = draft::Entity::find_by_id(draft_id).one(db).await.unwrap().is_some();
    match found.as_slice() {
        [] => {
            assert!(draft_left, "{key}: no request, so the draft must still be there");
            None
        }
        [created] => {
            let participants = request_participant::Entity::find()
                .filter(request_participant::Column::RequestId.eq(created.id))
                .count(db)
                .await
                .unwrap();
            assert_eq!(participants, 1, "{key}: a created request has its author as participant");
            assert!(!draft_left, "{key}: the draft went with the creation");
            Some(created.id)
        }
        more => panic!("{key}: {} requests for one key", more.len()),
    }
}

#[test]
fn killing_the_portal_during_creation_leaves_whole_requests_or_kept_drafts() {
    let data_dir: PathBuf = std::env::temp_dir().join(format!("portal_crash_test_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let database_url = format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (mut committed, mut rolled_back) = (0, 0);

    for (attempt, delay_us) in KILL_DELAYS_US.iter().enumerate() {
        let key = format!("key-crash-test-attempt-{attempt:04}");
        let portal = Portal::start(&data_dir);
        let login = "email=client%40romashka.test&password=demo-password";
        let (status, session, _) = call(portal.addr, "/api/login", "application/x-www-form-urlencoded", login, "");
        assert_eq!(status, 200, "sign-in");
        let session = session.expect("a session cookie");
        let draft = serde_json::json!({ "payload": serde_json::json!({
            "kind": "commercial", "subject": "Продление лицензий на 2027 год", "idempotency_key": key, "tab": "description"
        }).to_string() });
        let (status, _, body) = call(portal.addr, "/api/drafts/save", "application/json", &draft.to_string(), &session);
        assert_eq!(status, 200, "draft saved: {body}");
        let draft_id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();

        // Send the creation, do not wait for the answer: kill the server after `delay_us`.
        let mut stream = TcpStream::connect(portal.addr).unwrap();
        stream.write_all(raw_request("/api/requests/create", "application/json", &creation(&key, draft_id), &session).as_bytes()).unwrap();
        std::thread::sleep(Duration::from_micros(*delay_us));
        portal.kill();
        drop(stream);

        // Restarted: the attempt is all or nothing, and repeating it gives one request.
        let portal = Portal::start(&data_dir);
        let outcome = runtime.block_on(async {
            let db = portal_service::db::connect(&database_url).await.unwrap();
            let outcome = check_attempt(&db, &key, draft_id as i32).await;
            db.close().await.ok();
            outcome
        });
        match outcome {
            Some(_) => committed += 1,
            None => rolled_back += 1,
        }
        let (status, _, body) = call(portal.addr, "/api/requests/create", "application/json", &creation(&key, draft_id), &session);
        assert_eq!(status, 200, "the repeated creation: {body}");
        let repeated = runtime.block_on(async {
            let db = portal_service::db::connect(&database_url).await.unwrap();
            let repeated = check_attempt(&db, &key, draft_id as i32).await;
            db.close().await.ok();
            repeated
        });
        assert!(repeated.is_some(), "{key}: the repeated creation made the request");
        assert!(outcome.is_none() || outcome == repeated, "{key}: the repeat answers with the same request");
        portal.kill();
    }
    eprintln!("killed {} creations: {committed} had committed, {rolled_back} had not", KILL_DELAYS_US.len());
    // The last delay (200 ms) is far longer than a creation takes.
    assert!(committed >= 1, "at least the slowest kill comes after the commit");
    let _ = std::fs::remove_dir_all(&data_dir);
}
