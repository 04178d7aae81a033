//! `portal backup <dir>` and `portal restore <backup> [--force]` for the embedded default: the
//! SQLite database and the attachment files of `PORTAL_DATA_DIR`.
//!
//! Why it works this way:
//! - The database is copied with `VACUUM INTO`, which reads one consistent snapshot while the
//!   portal keeps serving (WAL mode lets writers go on), so no downtime is needed.
//! - Attachment files never change once written; rows point to them and record their SHA-256.
//!   The backup copies exactly the files the snapshot refers to and checks each against its
//!   row. A file deleted between the snapshot and the copy (an unused upload removed by the
//!   hourly cleanup or by its uploader) is gone from the live database too, so its row is
//!   dropped from the snapshot: the backup is the state just after that deletion.
//! - `manifest.json` lists every file with its size and SHA-256; restore checks all of them
//!   before it touches the data directory, stages the copies next to their destination
//!   (checked again) and only then swaps them in with renames. The files it replaces are kept
//!   aside with a `.before-restore-<time>` suffix.
//! - The search index is not backed up: the portal rebuilds it from the database at start.
//! - PostgreSQL installations use `pg_dump`; these commands refuse them.
//! - With attachments in an S3 bucket (`PORTAL_S3_*`) these commands refuse too: a copy of the
//!   database alone would look complete but restore rows whose files it does not have. The
//!   bucket is backed up with the store's own tools (versioning, replication, `mc mirror`,
//!   `aws s3 sync`), the database with them or with `pg_dump`.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use portal_service::attachments::AttachmentStore;
use portal_service::entity::attachment;
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, EntityTrait};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Config;

/// `format` of the manifest, and its version: restore refuses anything else.
pub const FORMAT: &str = "portal-backup";
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST_FILE: &str = "manifest.json";
/// The database file inside a backup.
pub const DATABASE_FILE: &str = "portal.db";
const ATTACHMENTS_DIR: &str = "attachments";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "DATABASE_URL points to PostgreSQL: back the database up with pg_dump (restore with pg_restore) and copy \
         {0}/attachments with it; portal backup/restore handle only the embedded SQLite database"
    )]
    Postgres(PathBuf),
    #[error(
        "attachments are kept in the bucket {0} (PORTAL_S3_*): back them up with the object store's own tools \
         (versioning, replication, mc mirror, aws s3 sync) together with the database; portal backup/restore \
         handle only a data directory with its attachments"
    )]
    AttachmentsInBucket(String),
    #[error("DATABASE_URL is not a SQLite file: {0}")]
    NotSqliteFile(String),
    #[error("there is no database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} exists and is not a directory")]
    TargetIsFile(PathBuf),
    #[error("{0} is not a portal backup: {1}")]
    NotABackup(PathBuf, String),
    #[error("the backup is damaged: {0} does not match its manifest entry; nothing was restored")]
    Corrupt(String),
    #[error("a portal is running on this data directory (it holds the search index {0}); stop it before restoring")]
    InUse(PathBuf),
    #[error("{0} already holds a database; add --force to replace it (the current files are kept aside)")]
    TargetHasData(PathBuf),
    #[error("attachment {0} is in the database but its file is missing from {1}")]
    MissingAttachment(i32, PathBuf),
    #[error("the file of attachment {0} does not match its recorded SHA-256")]
    ChangedAttachment(i32),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BackupError {
    let context = context.into();
    move |source| BackupError::Io { context, source }
}

/// Where the embedded data lives: the SQLite file and the data directory with `attachments/`.
#[derive(Clone, Debug)]
pub struct EmbeddedData {
    pub database_file: PathBuf,
    pub data_dir: PathBuf,
    /// `PORTAL_SEARCH_INDEX_DIR` of this configuration; its lock tells a running portal.
    pub search_index_dir: PathBuf,
}

impl EmbeddedData {
    /// The embedded data of `config`; an error for PostgreSQL or an in-memory database.
    pub fn from_config(config: &Config) -> Result<EmbeddedData, BackupError> {
        if let Some(settings) = &config.s3 {
            return Err(BackupError::AttachmentsInBucket(settings.label()));
        }
        let url = config.database_url.as_str();
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            return Err(BackupError::Postgres(config.data_dir.clone()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .map(|rest| rest.split('?').next().unwrap_or_default())
            .filter(|path| !path.is_empty() && !path.starts_with(":memory:"))
            .ok_or_else(|| BackupError::NotSqliteFile(config.database_label()))?;
        Ok(EmbeddedData {
            database_file: PathBuf::from(path),
            data_dir: config.data_dir.clone(),
            search_index_dir: config.search_index_dir.clone(),
        })
    }

    /// Always the local store: [`EmbeddedData::from_config`] refuses a bucket.
    fn attachments(&self) -> AttachmentStore {
        AttachmentStore::new(&self.data_dir)
    }

    fn attachments_dir(&self) -> PathBuf {
        self.data_dir.join(ATTACHMENTS_DIR)
    }

    fn database_url(&self, mode: &str) -> String {
        format!("sqlite://{}?mode={mode}", self.database_file.display())
    }
}

/// `manifest.json`: what the backup holds, so restore can tell a complete, unchanged backup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub created_at: DateTime<Utc>,
    pub portal_version: String,
    pub database: FileEntry,
    pub attachments: Vec<FileEntry>,
}

/// One file, by its path inside the backup (`portal.db`, `attachments/<key>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Clone, Debug)]
pub struct BackupReport {
    pub directory: PathBuf,
    pub attachments: usize,
    /// Database and attachments together.
    pub total_bytes: u64,
    /// Rows dropped because their upload was deleted while the backup ran.
    pub dropped_deleted_uploads: usize,
}

/// Writes a backup of `data` into `target`: a new directory, or an existing empty one, or — when
/// `target` is a directory with other things in it — a new `portal-backup-<time>` inside it.
pub async fn backup(data: &EmbeddedData, target: &Path) -> Result<BackupReport, BackupError> {
    if !data.database_file.is_file() {
        return Err(BackupError::NoDatabase(data.database_file.clone()));
    }
    let now = Utc::now();
    let directory = backup_directory(target, now)?;
    let staging = sibling(&directory, &format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(staging.join(ATTACHMENTS_DIR)).map_err(io(format!("creating {}", staging.display())))?;
    let (dropped, manifest) = match write_backup(data, &staging, now).await {
        Ok(written) => written,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
    };
    if directory.is_dir() {
        // An empty directory given as the target: the rename replaces it.
        std::fs::remove_dir(&directory).map_err(io(format!("replacing the empty directory {}", directory.display())))?;
    }
    std::fs::rename(&staging, &directory).map_err(io(format!("moving the backup to {}", directory.display())))?;
    Ok(BackupReport {
        directory,
        attachments: manifest.attachments.len(),
        total_bytes: manifest.database.size + manifest.attachments.iter().map(|entry| entry.size).sum::<u64>(),
        dropped_deleted_uploads: dropped,
    })
}

fn backup_directory(target: &Path, now: DateTime<Utc>) -> Result<PathBuf, BackupError> {
    if !target.exists() {
        return Ok(target.to_owned());
    }
    if !target.is_dir() {
        return Err(BackupError::TargetIsFile(target.to_owned()));
    }
    let empty = std::fs::read_dir(target).map_err(io(format!("reading {}", target.display())))?.next().is_none();
    if empty {
        Ok(target.to_owned())
    } else {
        let named = target.join(format!("portal-backup-{}", now.format("%Y%m%d-%H%M%S")));
        if named.exists() {
            return Err(BackupError::TargetIsFile(named));
        }
        Ok(named)
    }
}

/// `<dir>/.<name>.<suffix>`: on the same file system, so the final rename is atomic.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "backup".into());
    path.with_file_name(format!(".{name}.{suffix}"))
}

/// The snapshot, the attachment files and the manifest, written into `staging`. Returns the
/// number of rows dropped for uploads deleted meanwhile, and the manifest.
async fn write_backup(data: &EmbeddedData, staging: &Path, now: DateTime<Utc>) -> Result<(usize, Manifest), BackupError> {
    let live = portal_service::db::connect(&data.database_url("rw")).await?;
    let snapshot_file = staging.join(DATABASE_FILE);
    let quoted = snapshot_file.to_string_lossy().replace('\'', "''");
    live.execute_unprepared(&format!("VACUUM INTO '{quoted}'")).await?;

    let snapshot = open_snapshot(&snapshot_file).await?;
    let store = data.attachments();
    let mut entries = Vec::new();
    let mut dropped = 0;
    for row in attachment::Entity::find().all(&snapshot).await? {
        let source = store.path_of(&row.storage_key).ok_or(BackupError::ChangedAttachment(row.id))?;
        let destination = staging.join(ATTACHMENTS_DIR).join(&row.storage_key);
        match copy_hashed(&source, &destination) {
            Ok((size, sha256)) if sha256 == row.sha256 => {
                entries.push(FileEntry { path: format!("{ATTACHMENTS_DIR}/{}", row.storage_key), size, sha256 });
            }
            Ok(_) => return Err(BackupError::ChangedAttachment(row.id)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if attachment::Entity::find_by_id(row.id).one(&live).await?.is_some() {
                    return Err(BackupError::MissingAttachment(row.id, data.attachments_dir()));
                }
                attachment::Entity::delete_by_id(row.id).exec(&snapshot).await?;
                dropped += 1;
            }
            Err(error) => return Err(io(format!("copying {}", source.display()))(error)),
        }
    }
    snapshot.close().await?;
    live.close().await?;

    let (size, sha256) = hash_file(&snapshot_file).map_err(io(format!("reading {}", snapshot_file.display())))?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        created_at: now,
        portal_version: env!("CARGO_PKG_VERSION").to_owned(),
        database: FileEntry { path: DATABASE_FILE.to_owned(), size, sha256 },
        attachments: entries,
    };
    let text = serde_json::to_vec_pretty(&manifest)
        .map_err(|error| BackupError::Io { context: "writing the manifest".into(), source: std::io::Error::other(error) })?;
    let manifest_path = staging.join(MANIFEST_FILE);
    let mut file = File::create(&manifest_path).map_err(io(format!("creating {}", manifest_path.display())))?;
    file.write_all(&text).and_then(|()| file.sync_all()).map_err(io(format!("writing {}", manifest_path.display())))?;
    Ok((dropped, manifest))
}

/// The snapshot as a plain rollback-journal database, so closing it leaves a single file.
async fn open_snapshot(file: &Path) -> Result<DatabaseConnection, BackupError> {
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=rw", file.display()));
    options.max_connections(1).sqlx_logging(false);
    options.map_sqlx_sqlite_opts(|opts| opts.journal_mode(SqliteJournalMode::Delete));
    Ok(Database::connect(options).await?)
}

#[derive(Clone, Debug)]
pub struct RestoreReport {
    pub attachments: usize,
    /// Where the replaced database and attachments were moved, if there were any.
    pub previous_kept_as: Vec<PathBuf>,
}

/// Restores the backup in `backup_dir` into `data`. Checks the whole backup first; refuses
/// while a portal runs on the data directory, and when a database is already there unless
/// `force`.
pub fn restore(backup_dir: &Path, data: &EmbeddedData, force: bool) -> Result<RestoreReport, BackupError> {
    let manifest = verify(backup_dir)?;
    if let Some(busy) = running_instance(data) {
        return Err(BackupError::InUse(busy));
    }
    if data.database_file.exists() && !force {
        return Err(BackupError::TargetHasData(data.database_file.clone()));
    }

    // Stage next to the destinations, checking the copies against the manifest once more.
    for dir in [Some(data.data_dir.as_path()), data.database_file.parent()].into_iter().flatten() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(io(format!("creating {}", dir.display())))?;
        }
    }
    let suffix = format!("restoring-{}", std::process::id());
    let staged_database = sibling(&data.database_file, &suffix);
    let staged_attachments = data.data_dir.join(format!(".{ATTACHMENTS_DIR}.{suffix}"));
    let cleanup = || {
        let _ = std::fs::remove_file(&staged_database);
        let _ = std::fs::remove_dir_all(&staged_attachments);
    };
    cleanup();
    let staged = stage(backup_dir, &manifest, &staged_database, &staged_attachments);
    if let Err(error) = staged {
        cleanup();
        return Err(error);
    }

    // Swap: the current files go aside, the staged ones take their place.
    let aside = format!("before-restore-{}", Utc::now().format("%Y%m%d-%H%M%S"));
    let mut previous_kept_as = Vec::new();
    let attachments_dir = data.attachments_dir();
    let database_name = data.database_file.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let current = data.database_file.with_file_name(format!("{database_name}{suffix}"));
        if current.exists() {
            let kept = current.with_file_name(format!("{database_name}{suffix}.{aside}"));
            std::fs::rename(&current, &kept).map_err(io(format!("moving {} aside", current.display())))?;
            previous_kept_as.push(kept);
        }
    }
    if attachments_dir.exists() {
        let kept = data.data_dir.join(format!("{ATTACHMENTS_DIR}.{aside}"));
        std::fs::rename(&attachments_dir, &kept).map_err(io(format!("moving {} aside", attachments_dir.display())))?;
        previous_kept_as.push(kept);
    }
    std::fs::rename(&staged_attachments, &attachments_dir)
        .map_err(io(format!("moving {} into place", attachments_dir.display())))?;
    std::fs::rename(&staged_database, &data.database_file)
        .map_err(io(format!("moving {} into place", data.database_file.display())))?;
    Ok(RestoreReport { attachments: manifest.attachments.len(), previous_kept_as })
}

/// Reads the manifest and checks every file it lists; the manifest if all are intact.
pub fn verify(backup_dir: &Path) -> Result<Manifest, BackupError> {
    let not_a_backup = |why: String| BackupError::NotABackup(backup_dir.to_owned(), why);
    let text =
        std::fs::read(backup_dir.join(MANIFEST_FILE)).map_err(|error| not_a_backup(format!("{MANIFEST_FILE}: {error}")))?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|error| not_a_backup(format!("{MANIFEST_FILE}: {error}")))?;
    if manifest.format != FORMAT || manifest.format_version != FORMAT_VERSION {
        return Err(not_a_backup(format!(
            "format {} version {} (this portal reads {FORMAT} version {FORMAT_VERSION})",
            manifest.format, manifest.format_version
        )));
    }
    // Paths come from a file: only the two shapes a backup writes are accepted, so a crafted
    // manifest cannot make restore read or write outside the backup and the data directory.
    let valid_attachment_path =
        |path: &str| path.strip_prefix(ATTACHMENTS_DIR).and_then(|rest| rest.strip_prefix('/')).is_some_and(is_storage_key);
    if manifest.database.path != DATABASE_FILE {
        return Err(BackupError::Corrupt(manifest.database.path.clone()));
    }
    if let Some(entry) = manifest.attachments.iter().find(|entry| !valid_attachment_path(&entry.path)) {
        return Err(BackupError::Corrupt(entry.path.clone()));
    }
    for entry in std::iter::once(&manifest.database).chain(&manifest.attachments) {
        match hash_file(&backup_dir.join(&entry.path)) {
            Ok((size, sha256)) if size == entry.size && sha256 == entry.sha256 => {}
            _ => return Err(BackupError::Corrupt(entry.path.clone())),
        }
    }
    Ok(manifest)
}

fn is_storage_key(key: &str) -> bool {
    AttachmentStore::new("").path_of(key).is_some()
}

fn stage(backup_dir: &Path, manifest: &Manifest, database: &Path, attachments: &Path) -> Result<(), BackupError> {
    let copy_checked = |entry: &FileEntry, destination: &Path| -> Result<(), BackupError> {
        let (size, sha256) =
            copy_hashed(&backup_dir.join(&entry.path), destination).map_err(io(format!("copying {}", entry.path)))?;
        if size == entry.size && sha256 == entry.sha256 { Ok(()) } else { Err(BackupError::Corrupt(entry.path.clone())) }
    };
    copy_checked(&manifest.database, database)?;
    std::fs::create_dir_all(attachments).map_err(io(format!("creating {}", attachments.display())))?;
    for entry in &manifest.attachments {
        let key = entry.path.trim_start_matches(&format!("{ATTACHMENTS_DIR}/"));
        copy_checked(entry, &attachments.join(key))?;
    }
    Ok(())
}

/// A search index of this data directory locked by a running portal, if any.
fn running_instance(data: &EmbeddedData) -> Option<PathBuf> {
    let mut candidates = vec![data.search_index_dir.clone()];
    if let Ok(entries) = std::fs::read_dir(data.data_dir.join("search-index")) {
        candidates.extend(entries.flatten().map(|entry| entry.path()));
    }
    candidates.into_iter().find(|dir| portal_service::kb::search::index_in_use(dir))
}

/// Copies `source` to `destination` (synced to disk) and returns its size and SHA-256.
fn copy_hashed(source: &Path, destination: &Path) -> std::io::Result<(u64, String)> {
    let mut input = File::open(source)?;
    let mut output = File::create(destination)?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = input.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        output.write_all(&buffer[..read])?;
        size += read as u64;
    }
    output.sync_all()?;
    Ok((size, hex(hasher.finalize().as_slice())))
}

fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut input = File::open(path)?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut input, &mut hasher)?;
    Ok((size, hex(hasher.finalize().as_slice())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
