//! `portal backup` / `portal restore` through the functions the commands call: a backup taken
//! while the database is open restores into a fresh data directory with equal requests and
//! attachment bytes; damaged backups, a running portal and an occupied target are refused.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use portal_service::attachments::{self, AttachmentStore};
use portal_service::entity::{attachment, request};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{DatabaseConnection, ServiceError};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::backup::{self, BackupError, EmbeddedData, MANIFEST_FILE};

const LOG: &[u8] = "2026-01-15 10:00 Ошибка печати: принтер не отвечает\n".as_bytes();

/// A throw-away directory, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(label: &str) -> Scratch {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "portal_backup_test_{label}_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        Scratch(path)
    }

    /// The embedded data of a portal whose `PORTAL_DATA_DIR` is `<scratch>/data`.
    fn data(&self) -> EmbeddedData {
        let data_dir = self.0.join("data");
        EmbeddedData {
            database_file: data_dir.join("portal.db"),
            search_index_dir: data_dir.join("search-index").join("3000"),
            data_dir,
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn open(data: &EmbeddedData) -> DatabaseConnection {
    std::fs::create_dir_all(&data.data_dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", data.database_file.display());
    portal_service::db::connect_and_migrate(&url).await.unwrap()
}

async fn requests_of(db: &DatabaseConnection) -> Vec<request::Model> {
    request::Entity::find().order_by_asc(request::Column::Id).all(db).await.unwrap()
}

/// The demo data plus a log file attached to the first request.
async fn populate(db: &DatabaseConnection, data: &EmbeddedData) -> attachment::Model {
    seed_demo_if_empty(db, chrono::Utc::now()).await.unwrap();
    let first = requests_of(db).await.remove(0);
    let author = first.author_id.expect("a demo request with an author");
    let chunks = futures_util::stream::iter([Ok::<_, ServiceError>(Bytes::from_static(LOG))]);
    let store = AttachmentStore::new(&data.data_dir);
    let stored = attachments::store_upload(db, &store, author, "журнал.log", chunks, chrono::Utc::now()).await.unwrap();
    attachments::attach_to_request(db, &[stored.id], author, first.id).await.unwrap();
    attachment::Entity::find_by_id(stored.id).one(db).await.unwrap().unwrap()
}

fn flip_a_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test]
async fn a_backup_taken_while_running_restores_into_a_fresh_data_directory() {
    let source = Scratch::new("source");
    let data = source.data();
    let db = open(&data).await;
    let upload = populate(&db, &data).await;
    let requests_before = requests_of(&db).await;

    // The database stays open (as under a running portal) while the backup is taken.
    let backups = Scratch::new("backups");
    let report = backup::backup(&data, &backups.0).await.unwrap();
    assert_eq!(report.directory, backups.0);
    assert_eq!(report.attachments, 1);
    assert_eq!(report.dropped_deleted_uploads, 0);
    assert!(backups.0.join(MANIFEST_FILE).is_file());
    let manifest = backup::verify(&backups.0).unwrap();
    assert_eq!(manifest.attachments[0].path, format!("attachments/{}", upload.storage_key));
    assert_eq!(manifest.attachments[0].sha256, upload.sha256);

    // Later changes are not in the backup.
    request::Entity::update_many()
        .col_expr(request::Column::Subject, Expr::value("Изменено после копии"))
        .exec(&db)
        .await
        .unwrap();
    attachment::Entity::delete_by_id(upload.id).exec(&db).await.unwrap();
    std::fs::remove_file(data.data_dir.join("attachments").join(&upload.storage_key)).unwrap();

    let target = Scratch::new("target");
    let fresh = target.data();
    let restored = backup::restore(&backups.0, &fresh, false).unwrap();
    assert_eq!(restored.attachments, 1);
    assert!(restored.previous_kept_as.is_empty());
    let restored_db = open(&fresh).await;
    assert_eq!(requests_of(&restored_db).await, requests_before);
    let row = attachment::Entity::find_by_id(upload.id).one(&restored_db).await.unwrap().expect("the attachment row");
    assert_eq!(row, upload);
    assert_eq!(std::fs::read(fresh.data_dir.join("attachments").join(&upload.storage_key)).unwrap(), LOG);
    restored_db.close().await.unwrap();

    // A database is there now: replacing it needs --force, and the replaced files are kept.
    assert!(matches!(backup::restore(&backups.0, &fresh, false), Err(BackupError::TargetHasData(_))));
    let forced = backup::restore(&backups.0, &fresh, true).unwrap();
    assert!(
        forced.previous_kept_as.iter().any(|kept| kept
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("portal.db.before-restore-"))
    );
    assert!(
        forced.previous_kept_as.iter().any(|kept| kept
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("attachments.before-restore-"))
    );

    // A second backup into the now non-empty directory goes into a dated subdirectory.
    let second = backup::backup(&data, &backups.0).await.unwrap();
    assert!(second.directory.starts_with(&backups.0) && second.directory != backups.0);
    assert_eq!(second.attachments, 0, "the attachment was deleted meanwhile");
    db.close().await.unwrap();
}

#[tokio::test]
async fn a_damaged_backup_is_refused_and_nothing_is_restored() {
    let source = Scratch::new("damaged_source");
    let data = source.data();
    let db = open(&data).await;
    let upload = populate(&db, &data).await;
    let backups = Scratch::new("damaged_backup");
    backup::backup(&data, &backups.0).await.unwrap();
    db.close().await.unwrap();

    let target = Scratch::new("damaged_target");
    let fresh = target.data();
    for damaged in [PathBuf::from("attachments").join(&upload.storage_key), PathBuf::from("portal.db")] {
        let file = backups.0.join(&damaged);
        let original = std::fs::read(&file).unwrap();
        flip_a_byte(&file);
        match backup::restore(&backups.0, &fresh, false) {
            Err(BackupError::Corrupt(path)) => assert_eq!(Path::new(&path), damaged),
            other => panic!("a changed byte in {} was not refused: {other:?}", damaged.display()),
        }
        assert!(!fresh.database_file.exists() && !fresh.data_dir.join("attachments").exists());
        std::fs::write(&file, original).unwrap();
    }

    // A manifest pointing outside the backup is refused too.
    let manifest_path = backups.0.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&manifest_path).unwrap();
    std::fs::write(&manifest_path, text.replace(&format!("attachments/{}", upload.storage_key), "../../etc/passwd")).unwrap();
    assert!(matches!(backup::restore(&backups.0, &fresh, false), Err(BackupError::Corrupt(_))));
    std::fs::write(&manifest_path, text).unwrap();
    assert!(matches!(backup::restore(&Scratch::new("empty").0, &fresh, false), Err(BackupError::NotABackup(..))));

    // Intact again, it restores.
    backup::restore(&backups.0, &fresh, false).unwrap();
}

#[tokio::test]
async fn restore_is_refused_while_a_portal_runs_on_the_data_directory() {
    let source = Scratch::new("running_source");
    let data = source.data();
    let db = open(&data).await;
    populate(&db, &data).await;
    let backups = Scratch::new("running_backup");
    backup::backup(&data, &backups.0).await.unwrap();

    // `data` is in use: its search index is open (as `portal serve` keeps it).
    let search = portal_service::kb::search::KbSearch::open(&data.search_index_dir, &db).await.unwrap();
    match backup::restore(&backups.0, &data, true) {
        Err(BackupError::InUse(dir)) => assert_eq!(dir, data.search_index_dir),
        other => panic!("restore under a running portal: {other:?}"),
    }
    drop(search);
    db.close().await.unwrap();
}

#[tokio::test]
async fn missing_files_postgresql_and_a_bucket_are_reported() {
    let source = Scratch::new("missing_source");
    let data = source.data();
    let db = open(&data).await;
    let upload = populate(&db, &data).await;
    std::fs::remove_file(data.data_dir.join("attachments").join(&upload.storage_key)).unwrap();
    let backups = Scratch::new("missing_backup");
    match backup::backup(&data, &backups.0).await {
        Err(BackupError::MissingAttachment(id, _)) => assert_eq!(id, upload.id),
        other => panic!("a missing attachment file: {other:?}"),
    }
    assert!(!backups.0.exists(), "no half-written backup is left");
    let rows = attachment::Entity::find().filter(attachment::Column::Id.eq(upload.id)).all(&db).await.unwrap();
    assert_eq!(rows.len(), 1, "the live database is not touched");
    db.close().await.unwrap();

    let config = server::Config::from_vars("127.0.0.1:3000".parse().unwrap(), |name| match name {
        "DATABASE_URL" => Some("postgres://portal@db.example:5432/portal".into()),
        "PORTAL_DATA_DIR" => Some("/srv/portal".into()),
        _ => None,
    })
    .unwrap();
    let refusal = EmbeddedData::from_config(&config).unwrap_err();
    assert!(matches!(refusal, BackupError::Postgres(_)));
    assert!(refusal.to_string().contains("pg_dump"), "{refusal}");

    // Attachments in a bucket: a database-only copy would restore rows without their files.
    let in_bucket = server::Config {
        database_url: "sqlite:///srv/portal/portal.db".into(),
        s3: Some(portal_service::attachments::S3Settings {
            bucket: "portal-files".into(),
            endpoint: Some("http://127.0.0.1:9000".into()),
            region: "us-east-1".into(),
            access_key_id: "portal".into(),
            secret_access_key: "secret".into(),
            prefix: Some("attachments".into()),
        }),
        ..config
    };
    let refusal = EmbeddedData::from_config(&in_bucket).unwrap_err();
    assert!(matches!(refusal, BackupError::AttachmentsInBucket(_)));
    assert!(refusal.to_string().contains("s3://portal-files/attachments"), "{refusal}");
}
