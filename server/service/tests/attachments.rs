//! Attachment service tests: storing streamed uploads, claiming them for a request, the limits,
//! removal and the cleanup of unused uploads — on SQLite and PostgreSQL, with a throw-away
//! directory as the store.

use domain::validation::Code;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use futures_util::stream;
use portal_service::accounts::{self, Account};
use portal_service::attachments::{self, AttachmentStore, MAX_FILE_BYTES, MAX_FILES_PER_REQUEST};
use portal_service::entity::{attachment, request};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1A\n";

/// A store in a fresh temporary directory, removed when dropped.
struct TempStore {
    store: AttachmentStore,
    dir: PathBuf,
}

impl TempStore {
    fn new() -> Self {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "portal_attachments_test_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        TempStore { store: AttachmentStore::new(&dir), dir }
    }

    /// Every file under the store, unfinished ones included.
    fn files(&self) -> Vec<PathBuf> {
        portal_service::testing::files_under(self.store.local_dir().expect("a local store"))
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().expect(email)
}

async fn seeded_users(db: &DatabaseConnection) -> (Account, Account) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    (account(db, "client@romashka.test").await, account(db, "client@vector.test").await)
}

async fn new_request(db: &DatabaseConnection, author: &Account, number: i64) -> i32 {
    let now = Utc::now();
    request::ActiveModel {
        number: Set(number),
        kind: Set("technical_support".into()),
        organization_id: Set(author.organization_id.expect("a customer")),
        author_id: Set(Some(author.id)),
        subject: Set("Не запускается служба".into()),
        description: Set("Подробности во вложениях.".into()),
        status: Set("new".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

fn chunks(parts: Vec<Vec<u8>>) -> impl futures_util::Stream<Item = Result<Bytes, ServiceError>> {
    stream::iter(parts.into_iter().map(|part| Ok(Bytes::from(part))))
}

fn png(extra_bytes: usize) -> Vec<u8> {
    let mut content = PNG_SIGNATURE.to_vec();
    content.resize(PNG_SIGNATURE.len() + extra_bytes, 0x42);
    content
}

async fn upload(
    db: &DatabaseConnection,
    temp: &TempStore,
    uploader: &Account,
    name: &str,
    content: Vec<u8>,
    at: DateTime<Utc>,
) -> Result<attachment::Model, ServiceError> {
    attachments::store_upload(db, &temp.store, uploader.id, name, chunks(vec![content]), at).await
}

/// Rows that stand for large files without writing them: the total-size rule only reads sizes.
async fn fake_upload(db: &DatabaseConnection, uploader: &Account, size_bytes: i64, key: &str) -> i32 {
    attachment::ActiveModel {
        uploader_id: Set(uploader.id),
        file_name: Set("big.zip".into()),
        content_type: Set("application/zip".into()),
        size_bytes: Set(size_bytes),
        sha256: Set("0".repeat(64)),
        storage_key: Set(key.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

on_both_databases!(an_upload_is_stored_under_a_random_key_and_attached, |db: DatabaseConnection| async move {
    let (ivan, _) = seeded_users(&db).await;
    let temp = TempStore::new();
    let now = Utc::now();
    // The SHA-256 of "abc" is well known; the text arrives split across chunks.
    let stored = attachments::store_upload(
        &db,
        &temp.store,
        ivan.id,
        "../../logs/\u{202E}service.log",
        chunks(vec![b"a".to_vec(), b"bc".to_vec()]),
        now,
    )
    .await
    .unwrap();
    assert_eq!(stored.file_name, "service.log");
    assert_eq!(stored.content_type, "text/plain");
    assert_eq!(stored.size_bytes, 3);
    assert_eq!(stored.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!((stored.request_id, stored.message_id, stored.draft_id), (None, None, None));
    let path = temp.store.path_of(&stored.storage_key).expect("a generated key");
    assert_eq!(std::fs::read(&path).unwrap(), b"abc");
    assert_eq!(temp.files(), std::slice::from_ref(&path), "no unfinished file is left");

    let image = upload(&db, &temp, &ivan, "screen.png", png(20_000), now).await.unwrap();
    assert_eq!((image.content_type.as_str(), image.size_bytes), ("image/png", 20_008));
    assert_ne!(image.storage_key, stored.storage_key);

    let request_id = new_request(&db, &ivan, 900_001).await;
    // A repeated id counts once.
    attachments::attach_to_request(&db, &[stored.id, image.id, stored.id], ivan.id, request_id).await.unwrap();
    let attached = attachment::Entity::find_by_id(image.id).one(&db).await.unwrap().unwrap();
    assert_eq!(attached.request_id, Some(request_id));
    // Attached files belong to the request now: neither removable nor attachable again.
    assert!(matches!(
        attachments::delete_own_unattached(&db, &temp.store, stored.id, ivan.id).await,
        Err(ServiceError::NotFound)
    ));
    let other_request = new_request(&db, &ivan, 900_002).await;
    assert!(matches!(
        attachments::attach_to_request(&db, &[image.id], ivan.id, other_request).await,
        Err(ServiceError::NotFound)
    ));
    assert!(path.exists());
    attachments::attach_to_request(&db, &[], ivan.id, other_request).await.unwrap();

    // Removing one's own unattached upload takes the file with it.
    let unwanted = upload(&db, &temp, &ivan, "unwanted.txt", b"not needed".to_vec(), now).await.unwrap();
    let unwanted_path = temp.store.path_of(&unwanted.storage_key).unwrap();
    attachments::delete_own_unattached(&db, &temp.store, unwanted.id, ivan.id).await.unwrap();
    assert!(!unwanted_path.exists());
    assert!(attachment::Entity::find_by_id(unwanted.id).one(&db).await.unwrap().is_none());
});

on_both_databases!(nobody_can_touch_another_users_upload, |db: DatabaseConnection| async move {
    let (ivan, stranger) = seeded_users(&db).await;
    let temp = TempStore::new();
    let upload = upload(&db, &temp, &ivan, "secret.pdf", b"%PDF-1.4\n%\xE2\xE3".to_vec(), Utc::now()).await.unwrap();
    assert!(matches!(
        attachments::delete_own_unattached(&db, &temp.store, upload.id, stranger.id).await,
        Err(ServiceError::NotFound)
    ));
    let strangers_request = new_request(&db, &stranger, 900_010).await;
    assert!(matches!(
        attachments::attach_to_request(&db, &[upload.id], stranger.id, strangers_request).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(attachments::delete_own_unattached(&db, &temp.store, 999_999, ivan.id).await, Err(ServiceError::NotFound)));
    let unchanged = attachment::Entity::find_by_id(upload.id).one(&db).await.unwrap().unwrap();
    assert_eq!(unchanged.request_id, None);
    assert!(temp.store.path_of(&unchanged.storage_key).unwrap().exists());
});

on_both_databases!(a_request_takes_at_most_20_files_and_200_mb, |db: DatabaseConnection| async move {
    let (ivan, _) = seeded_users(&db).await;
    let temp = TempStore::new();
    let now = Utc::now();
    let mut ids = Vec::new();
    for n in 0..=MAX_FILES_PER_REQUEST {
        ids.push(upload(&db, &temp, &ivan, &format!("log-{n}.txt"), format!("line {n}\n").into_bytes(), now).await.unwrap().id);
    }
    let request_id = new_request(&db, &ivan, 900_020).await;
    assert!(matches!(
        attachments::attach_to_request(&db, &ids, ivan.id, request_id).await,
        Err(ServiceError::Invalid(Code::AttachmentsTooMany))
    ));
    // Twenty fit; one more on top of them does not, and the refusal changes nothing.
    attachments::attach_to_request(&db, &ids[..MAX_FILES_PER_REQUEST], ivan.id, request_id).await.unwrap();
    assert!(matches!(
        attachments::attach_to_request(&db, &ids[MAX_FILES_PER_REQUEST..], ivan.id, request_id).await,
        Err(ServiceError::Invalid(Code::AttachmentsTooMany))
    ));
    let last = attachment::Entity::find_by_id(ids[MAX_FILES_PER_REQUEST]).one(&db).await.unwrap().unwrap();
    assert_eq!(last.request_id, None);

    // 4 × 50 MB is exactly the limit; one byte more is not.
    let fifty_mb = MAX_FILE_BYTES as i64;
    let at_limit: Vec<i32> = vec![
        fake_upload(&db, &ivan, fifty_mb, &"a".repeat(32)).await,
        fake_upload(&db, &ivan, fifty_mb, &"b".repeat(32)).await,
        fake_upload(&db, &ivan, fifty_mb, &"c".repeat(32)).await,
        fake_upload(&db, &ivan, fifty_mb, &"d".repeat(32)).await,
    ];
    let one_byte = fake_upload(&db, &ivan, 1, &"e".repeat(32)).await;
    let big_request = new_request(&db, &ivan, 900_021).await;
    let over: Vec<i32> = at_limit.iter().copied().chain([one_byte]).collect();
    assert!(matches!(
        attachments::attach_to_request(&db, &over, ivan.id, big_request).await,
        Err(ServiceError::Invalid(Code::AttachmentsTooLarge))
    ));
    attachments::attach_to_request(&db, &at_limit, ivan.id, big_request).await.unwrap();
    assert!(matches!(
        attachments::attach_to_request(&db, &[one_byte], ivan.id, big_request).await,
        Err(ServiceError::Invalid(Code::AttachmentsTooLarge))
    ));
});

on_both_databases!(a_file_over_50_mb_is_refused_while_streaming, |db: DatabaseConnection| async move {
    let (ivan, _) = seeded_users(&db).await;
    let temp = TempStore::new();
    let mebibyte = Bytes::from(vec![b'x'; 1024 * 1024]);
    let exactly_limit = (MAX_FILE_BYTES / (1024 * 1024)) as usize;
    // 50 MB + 1 byte, from one shared buffer: never held whole in memory.
    let parts = std::iter::repeat_n(mebibyte.clone(), exactly_limit).chain([Bytes::from_static(b"x")]);
    let result = attachments::store_upload(
        &db,
        &temp.store,
        ivan.id,
        "huge.log",
        stream::iter(parts.map(Ok::<_, ServiceError>)),
        Utc::now(),
    )
    .await;
    assert!(matches!(result, Err(ServiceError::TooLarge)), "{result:?}");
    assert!(temp.files().is_empty(), "the partial file is removed: {:?}", temp.files());
    assert_eq!(attachment::Entity::find().count(&db).await.unwrap(), 0);

    // Exactly 50 MB is allowed.
    let parts = std::iter::repeat_n(mebibyte, exactly_limit);
    let stored = attachments::store_upload(
        &db,
        &temp.store,
        ivan.id,
        "big.log",
        stream::iter(parts.map(Ok::<_, ServiceError>)),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(stored.size_bytes as u64, MAX_FILE_BYTES);
});

on_both_databases!(a_failed_upload_leaves_no_file_and_no_row, |db: DatabaseConnection| async move {
    let (ivan, _) = seeded_users(&db).await;
    let temp = TempStore::new();
    let now = Utc::now();

    // The connection breaks after the type was recognised and writing began.
    let broken = stream::iter(vec![
        Ok(Bytes::from(png(16 * 1024))),
        Ok(Bytes::from(vec![0x42; 64 * 1024])),
        Err(ServiceError::Internal("connection reset".into())),
    ]);
    let result = attachments::store_upload(&db, &temp.store, ivan.id, "broken.png", broken, now).await;
    assert!(matches!(result, Err(ServiceError::Internal(_))), "{result:?}");

    // A text file that turns binary halfway is not text.
    let mut binary_tail = vec![b'a'; 20 * 1024];
    binary_tail.push(0);
    let result =
        attachments::store_upload(&db, &temp.store, ivan.id, "app.log", chunks(vec![b"ok\n".repeat(5000), binary_tail]), now)
            .await;
    assert!(matches!(result, Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))), "{result:?}");

    // Content that is not what the name says, unknown types and empty files.
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec();
    assert!(matches!(
        upload(&db, &temp, &ivan, "cat.png", html.clone(), now).await,
        Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))
    ));
    assert!(matches!(
        upload(&db, &temp, &ivan, "page.html", html, now).await,
        Err(ServiceError::Invalid(Code::AttachmentTypeNotAllowed))
    ));
    assert!(matches!(
        upload(&db, &temp, &ivan, "empty.txt", Vec::new(), now).await,
        Err(ServiceError::Invalid(Code::AttachmentEmpty))
    ));

    // A row that cannot be written (unknown uploader) takes its file back.
    let result = attachments::store_upload(&db, &temp.store, 999_999, "orphan.txt", chunks(vec![b"text".to_vec()]), now).await;
    assert!(matches!(result, Err(ServiceError::Db(_))), "{result:?}");

    assert!(temp.files().is_empty(), "left behind: {:?}", temp.files());
    assert_eq!(attachment::Entity::find().count(&db).await.unwrap(), 0);
});

on_both_databases!(unused_uploads_are_removed_after_a_day, |db: DatabaseConnection| async move {
    let (ivan, _) = seeded_users(&db).await;
    let temp = TempStore::new();
    let now = Utc::now();
    let day_ago = now - Duration::hours(attachments::UNUSED_UPLOAD_LIFETIME_HOURS);
    let forgotten = upload(&db, &temp, &ivan, "forgotten.txt", b"old".to_vec(), now - Duration::hours(25)).await.unwrap();
    let attached = upload(&db, &temp, &ivan, "attached.txt", b"old too".to_vec(), now - Duration::hours(25)).await.unwrap();
    let fresh = upload(&db, &temp, &ivan, "fresh.txt", b"new".to_vec(), now - Duration::hours(1)).await.unwrap();
    let request_id = new_request(&db, &ivan, 900_030).await;
    attachments::attach_to_request(&db, &[attached.id], ivan.id, request_id).await.unwrap();

    // Unfinished files left by a crash go too, once old.
    let incoming = temp.store.local_dir().unwrap().join("incoming");
    let crashed = incoming.join("0123456789abcdef0123456789abcdef.part");
    let in_progress = incoming.join("fedcba9876543210fedcba9876543210.part");
    for path in [&crashed, &in_progress] {
        std::fs::write(path, b"partial").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
    std::fs::File::options().write(true).open(&crashed).unwrap().set_modified(two_days_ago).unwrap();

    assert_eq!(attachments::delete_stale_unattached(&db, &temp.store, day_ago).await.unwrap(), 1);
    assert!(attachment::Entity::find_by_id(forgotten.id).one(&db).await.unwrap().is_none());
    assert!(!temp.store.path_of(&forgotten.storage_key).unwrap().exists());
    for kept in [&attached, &fresh] {
        assert!(attachment::Entity::find_by_id(kept.id).one(&db).await.unwrap().is_some());
        assert!(temp.store.path_of(&kept.storage_key).unwrap().exists());
    }
    assert!(!crashed.exists());
    assert!(in_progress.exists());
    // Nothing more to do the second time.
    assert_eq!(attachments::delete_stale_unattached(&db, &temp.store, day_ago).await.unwrap(), 0);
});
