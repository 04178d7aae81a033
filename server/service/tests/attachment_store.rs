//! One contract for both attachment backends: the local directory and an S3-compatible bucket
//! (a real S3 server, `s3s-fs`, on loopback). The same function runs against each, on SQLite and
//! PostgreSQL: what is stored can be read back byte for byte, and every refused or failed upload
//! leaves neither an object nor a row.

#[path = "support/s3_server.rs"]
mod s3_server;

use domain::validation::Code;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration as StdDuration;

use bytes::Bytes;
use chrono::{Duration, Utc};
use futures_util::stream;
use portal_service::accounts::{self, Account};
use portal_service::attachments::{self, AttachmentStore, MAX_FILE_BYTES, S3_PART_BYTES, S3Settings};
use portal_service::entity::attachment;
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use s3_server::S3Server;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use sha2::{Digest, Sha256};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1A\n";

fn sha256_hex(content: &[u8]) -> String {
    Sha256::digest(content).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A PNG of `size` bytes (the signature, then a repeating pattern that shows misplaced parts).
fn png(size: usize) -> Vec<u8> {
    let mut content = PNG_SIGNATURE.to_vec();
    content.extend((0..size - PNG_SIGNATURE.len()).map(|n| (n % 251) as u8));
    content
}

/// `content` in chunks of `chunk` bytes, as a multipart body arrives.
fn chunked(content: &[u8], chunk: usize) -> impl futures_util::Stream<Item = Result<Bytes, ServiceError>> + use<> {
    let parts: Vec<_> = content.chunks(chunk).map(|part| Ok(Bytes::copy_from_slice(part))).collect();
    stream::iter(parts)
}

async fn rows(db: &DatabaseConnection) -> u64 {
    attachment::Entity::find().count(db).await.unwrap()
}

/// What every backend must do; `store` starts empty.
async fn store_contract(db: &DatabaseConnection, store: &AttachmentStore) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    let ivan: Account = accounts::find_by_email(db, "client@romashka.test").await.unwrap().unwrap();
    let now = Utc::now();
    assert_eq!(store.list().await.unwrap(), Vec::<String>::new(), "starts empty");

    // A small text file, split across chunks: one object with the same bytes and hash.
    let text = attachments::store_upload(db, store, ivan.id, "service.log", chunked(b"abc", 2), now).await.unwrap();
    assert_eq!(text.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(store.read(&text.storage_key).await.unwrap(), b"abc");
    assert_eq!(store.list().await.unwrap(), vec![text.storage_key.clone()], "no unfinished file or object is left");

    // Larger than one S3 part: sent as a multipart upload, read back whole and in order.
    let big = png(2 * S3_PART_BYTES + 12_345);
    let image = attachments::store_upload(db, store, ivan.id, "screen.png", chunked(&big, 64 * 1024), now).await.unwrap();
    assert_eq!((image.content_type.as_str(), image.size_bytes), ("image/png", big.len() as i64));
    assert_eq!(image.sha256, sha256_hex(&big));
    let read_back = store.read(&image.storage_key).await.unwrap();
    assert!(read_back == big, "the multipart object differs: {} bytes read", read_back.len());

    let before = (store.list().await.unwrap(), rows(db).await);
    assert_eq!(before.0.len(), 2);

    // Refused by content: nothing is written at all.
    let html = b"<!DOCTYPE html><script>alert(1)</script>".to_vec();
    let refused = attachments::store_upload(db, store, ivan.id, "cat.png", chunked(&html, 16), now).await;
    assert!(matches!(refused, Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))), "{refused:?}");

    // Text that turns binary after the first part has gone out.
    let mut turns_binary = vec![b'x'; S3_PART_BYTES + 100_000];
    turns_binary.push(0);
    let refused = attachments::store_upload(db, store, ivan.id, "long.txt", chunked(&turns_binary, 64 * 1024), now).await;
    assert!(matches!(refused, Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))), "{refused:?}");

    // Over the limit, in 1 MiB chunks: refused at the first byte too many.
    let one_mib = Bytes::from(png(1024 * 1024));
    let over_limit = (MAX_FILE_BYTES / one_mib.len() as u64 + 1) as usize;
    let too_large = stream::iter((0..over_limit).map(|_| Ok::<_, ServiceError>(one_mib.clone())));
    let refused = attachments::store_upload(db, store, ivan.id, "huge.png", too_large, now).await;
    assert!(matches!(refused, Err(ServiceError::TooLarge)), "{refused:?}");

    // The client goes away after several parts.
    let broken =
        stream::iter((0..8).map(|_| Ok(one_mib.clone())).chain([Err(ServiceError::Internal("connection reset".into()))]));
    let failed = attachments::store_upload(db, store, ivan.id, "cut.png", broken, now).await;
    assert!(matches!(failed, Err(ServiceError::Internal(_))), "{failed:?}");

    // The row cannot be written (an unknown uploader): the stored object is taken back.
    let orphan = attachments::store_upload(db, store, 999_999, "orphan.txt", chunked(b"text", 4), now).await;
    assert!(matches!(orphan, Err(ServiceError::Db(_))), "{orphan:?}");

    assert_eq!((store.list().await.unwrap(), rows(db).await), before, "a failed upload left something behind");

    // Removing one's own upload removes its object; reading it then is NotFound.
    attachments::delete_own_unattached(db, store, text.id, ivan.id).await.unwrap();
    assert_eq!(store.list().await.unwrap(), vec![image.storage_key.clone()]);
    assert!(matches!(store.read(&text.storage_key).await, Err(ServiceError::NotFound)));

    // The daily cleanup removes forgotten uploads with their objects and keeps fresh ones.
    let forgotten =
        attachments::store_upload(db, store, ivan.id, "old.txt", chunked(b"old", 3), now - Duration::hours(25)).await.unwrap();
    let day_ago = now - Duration::hours(attachments::UNUSED_UPLOAD_LIFETIME_HOURS);
    assert_eq!(attachments::delete_stale_unattached(db, store, day_ago).await.unwrap(), 1);
    assert!(matches!(store.read(&forgotten.storage_key).await, Err(ServiceError::NotFound)));
    assert_eq!(store.list().await.unwrap(), vec![image.storage_key.clone()]);
    assert_eq!(store.read(&image.storage_key).await.unwrap().len(), big.len());
}

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        TempDir(std::env::temp_dir().join(format!(
            "portal_store_contract_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        )))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

on_both_databases!(the_local_directory_keeps_the_contract, |db: DatabaseConnection| async move {
    let dir = TempDir::new();
    store_contract(&db, &AttachmentStore::new(&dir.0)).await;
});

on_both_databases!(an_s3_bucket_keeps_the_contract, |db: DatabaseConnection| async move {
    let server = S3Server::start().await;
    store_contract(&db, &server.store(Some("portal/attachments"))).await;
    // Keys really are under the prefix, and the aborted multipart uploads left no parts.
    let bucket_dir = server.dir.join(s3_server::BUCKET).join("portal").join("attachments");
    assert_eq!(std::fs::read_dir(&bucket_dir).unwrap().count(), 1, "one object under the prefix");
    let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
    while !server.unfinished_parts().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    assert_eq!(server.unfinished_parts(), Vec::<String>::new(), "aborted uploads keep no parts");
});

// A store that cannot be reached answers `Unavailable` within seconds, and nothing is recorded.
on_both_databases!(an_unreachable_store_is_unavailable, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let ivan = accounts::find_by_email(&db, "client@romashka.test").await.unwrap().unwrap();
    // A port that was free a moment ago: connections are refused.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let store = AttachmentStore::s3(&S3Settings {
        bucket: s3_server::BUCKET.into(),
        endpoint: Some(format!("http://{closed}")),
        region: "us-east-1".into(),
        access_key_id: "portal".into(),
        secret_access_key: "secret".into(),
        prefix: None,
    })
    .unwrap();
    let started = std::time::Instant::now();
    let result = attachments::store_upload(&db, &store, ivan.id, "notes.txt", chunked(b"hello", 5), Utc::now()).await;
    assert!(matches!(result, Err(ServiceError::Unavailable(_))), "{result:?}");
    assert!(started.elapsed() < StdDuration::from_secs(30), "took {:?}", started.elapsed());
    assert!(matches!(store.read(&"0".repeat(32)).await, Err(ServiceError::Unavailable(_))));
    assert_eq!(rows(&db).await, 0);
});
