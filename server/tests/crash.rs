//! The portal process killed (SIGKILL: power cut, OOM killer) while a request is being created.
//! Creation is one database transaction, so after a restart each attempt is either a whole
//! request — number, author as participant, draft gone — or nothing, with the draft still in
//! «Черновики»; and repeating the attempt (what the form does with its key) gives exactly one.

mod support;

use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Duration;

use portal_service::entity::{draft, request, request_participant};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use support::process::{Portal, call, raw_request, sign_in};

/// Kill delays after the creation call is sent, in microseconds: from "not read yet" to "done".
const KILL_DELAYS_US: [u64; 10] = [0, 500, 1_000, 2_000, 3_000, 4_000, 6_000, 9_000, 15_000, 200_000];

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
        let portal = Portal::start(&[("PORTAL_DATA_DIR", data_dir.display().to_string()), ("PORTAL_DEMO", "1".into())]);
        let session = sign_in(portal.addr, "client@romashka.test");
        let draft = serde_json::json!({ "payload": serde_json::json!({
            "kind": "commercial", "subject": "Продление лицензий на 2027 год", "idempotency_key": key, "tab": "description"
        }).to_string() });
        let (status, _, body) = call(portal.addr, "/api/drafts/save", "application/json", &draft.to_string(), &session);
        assert_eq!(status, 200, "draft saved: {body}");
        let draft_id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap();

        // Send the creation, do not wait for the answer: kill the server after `delay_us`.
        let mut stream = TcpStream::connect(portal.addr).unwrap();
        stream
            .write_all(raw_request("/api/requests/create", "application/json", &creation(&key, draft_id), &session).as_bytes())
            .unwrap();
        std::thread::sleep(Duration::from_micros(*delay_us));
        portal.kill();
        drop(stream);

        // Restarted: the attempt is all or nothing, and repeating it gives one request.
        let portal = Portal::start(&[("PORTAL_DATA_DIR", data_dir.display().to_string()), ("PORTAL_DEMO", "1".into())]);
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
        let (status, _, body) =
            call(portal.addr, "/api/requests/create", "application/json", &creation(&key, draft_id), &session);
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
