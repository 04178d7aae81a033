//! Where the bytes of attachments live: a local directory (the default) or a bucket of any
//! S3-compatible object store (AWS S3, MinIO, Ceph, …) through `object_store`.
//!
//! Why it works this way:
//! - The rest of the attachment code sees one small interface (write a new object, read it as a
//!   byte stream, delete it), so type sniffing, limits and hashing are shared by both backends.
//! - Local files are written to `incoming/<key>.part`, fsynced and renamed into place, so a
//!   crash leaves no half file under a real key.
//! - S3 objects become visible only when their upload completes: small files are one `PUT`,
//!   larger ones a multipart upload of [`S3_PART_BYTES`] parts with at most
//!   [`S3_PARTS_IN_FLIGHT`] in flight, so memory stays bounded (about 15 MiB per upload). A
//!   failed or abandoned multipart upload is aborted; one a crash leaves behind is invisible and
//!   is removed by the bucket's lifecycle rule (`AbortIncompleteMultipartUpload`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, PutPayloadMut, RetryConfig, WriteMultipart};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{ServiceError, ServiceResult};

/// Unfinished local uploads are written here, next to the final files, so the rename is atomic.
const INCOMING_DIR: &str = "incoming";
/// Bytes read from a local file per chunk of a download.
const READ_CHUNK_BYTES: usize = 64 * 1024;
/// A file up to this size is sent to S3 in one `PUT`; larger ones in parts of this size
/// (S3's smallest allowed part is 5 MiB).
pub const S3_PART_BYTES: usize = 5 * 1024 * 1024;
/// Parts of one upload sent at the same time.
const S3_PARTS_IN_FLIGHT: usize = 2;

/// Where uploaded files are kept. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AttachmentStore {
    backend: Backend,
}

#[derive(Clone, Debug)]
enum Backend {
    /// `<data dir>/attachments/<key>`.
    Local(Arc<PathBuf>),
    S3(Arc<Bucket>),
}

#[derive(Debug)]
struct Bucket {
    store: Arc<dyn ObjectStore>,
    /// Prepended to every key (`PORTAL_S3_PREFIX`); empty for the bucket's root.
    prefix: String,
    /// `s3://bucket/prefix`, for messages.
    label: String,
}

/// The settings of an S3-compatible bucket (`PORTAL_S3_*`).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// `https://…` or `http://…` of MinIO, Ceph, s3s…; `None`: AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Keys are stored as `<prefix>/<key>`; `None` or empty: at the bucket's root.
    pub prefix: Option<String>,
}

impl std::fmt::Debug for S3Settings {
    /// Without the secret: the configuration is logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl S3Settings {
    /// The key prefix as stored: without surrounding slashes, empty for the bucket's root.
    fn key_prefix(&self) -> String {
        self.prefix.as_deref().unwrap_or_default().trim_matches('/').to_owned()
    }

    /// `s3://bucket/prefix`, for messages (startup log, refusals of backup/restore).
    pub fn label(&self) -> String {
        let (bucket, prefix) = (self.bucket.trim(), self.key_prefix());
        if prefix.is_empty() { format!("s3://{bucket}") } else { format!("s3://{bucket}/{prefix}") }
    }
}

impl AttachmentStore {
    /// The local store under `data_dir`; directories are created at the first upload.
    pub fn new(data_dir: impl AsRef<Path>) -> Self {
        Self { backend: Backend::Local(Arc::new(data_dir.as_ref().join("attachments"))) }
    }

    /// A store in an S3-compatible bucket. Nothing is contacted yet; an unreachable store shows
    /// at the first upload or download as [`ServiceError::Unavailable`]. Errors (as text for
    /// the startup message) for settings that cannot work.
    pub fn s3(settings: &S3Settings) -> Result<Self, String> {
        let bucket = settings.bucket.trim();
        if bucket.is_empty() {
            return Err("the bucket name is empty".into());
        }
        if settings.access_key_id.is_empty() || settings.secret_access_key.is_empty() {
            return Err("both the access key id and the secret access key are needed".into());
        }
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            // A store that cannot be reached answers within seconds instead of the default
            // three minutes of retries; the user is told to try again.
            .with_retry(RetryConfig { max_retries: 2, retry_timeout: Duration::from_secs(15), ..Default::default() })
            .with_client_options(ClientOptions::new().with_connect_timeout(Duration::from_secs(5)));
        if let Some(endpoint) = settings.endpoint.as_deref().map(str::trim).filter(|endpoint| !endpoint.is_empty()) {
            let plain_http = endpoint.starts_with("http://");
            if !plain_http && !endpoint.starts_with("https://") {
                return Err(format!("the endpoint must start with https:// or http://, not {endpoint:?}"));
            }
            // Plain HTTP only when asked for explicitly by the endpoint itself (a local MinIO).
            builder = builder.with_endpoint(endpoint).with_allow_http(plain_http);
        }
        let store = builder.build().map_err(|error| error.to_string())?;
        let prefix = settings.key_prefix();
        if ObjectPath::parse(&prefix).is_err() {
            return Err(format!("the key prefix {prefix:?} is not a valid object path"));
        }
        let label = settings.label();
        Ok(Self { backend: Backend::S3(Arc::new(Bucket { store: Arc::new(store), prefix, label })) })
    }

    /// The directory of a local store; `None` for a bucket.
    pub fn local_dir(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Local(root) => Some(root.as_path()),
            Backend::S3(_) => None,
        }
    }

    /// Where the files are, for messages: a directory or `s3://bucket/prefix`.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Local(root) => root.display().to_string(),
            Backend::S3(bucket) => bucket.label.clone(),
        }
    }

    /// The local file of a stored attachment; `None` for anything that is not a key this store
    /// makes, and for a bucket.
    pub fn path_of(&self, storage_key: &str) -> Option<PathBuf> {
        match &self.backend {
            Backend::Local(root) => is_storage_key(storage_key).then(|| root.join(storage_key)),
            Backend::S3(_) => None,
        }
    }

    /// Starts writing a new object under a fresh random key.
    pub(super) async fn create(&self) -> ServiceResult<ObjectWriter> {
        let key = new_storage_key()?;
        let sink = match &self.backend {
            Backend::Local(root) => {
                let incoming_dir = root.join(INCOMING_DIR);
                tokio::fs::create_dir_all(&incoming_dir)
                    .await
                    .map_err(|error| io_error("creating the attachments directory", error))?;
                let partial_path = incoming_dir.join(format!("{key}.part"));
                let file = tokio::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&partial_path)
                    .await
                    .map_err(|error| io_error("creating an upload file", error))?;
                Sink::Local { file, partial: PartialFile { path: Some(partial_path) }, final_path: root.join(&key) }
            }
            Backend::S3(bucket) => Sink::S3 {
                bucket: bucket.clone(),
                location: bucket.location(&key),
                buffer: PutPayloadMut::new(),
                multipart: None,
            },
        };
        Ok(ObjectWriter { key, sink })
    }

    /// The content of an attachment as a byte stream. `NotFound` when it is missing,
    /// `Unavailable` when the store cannot be reached, `Internal` for a malformed key.
    pub async fn open(&self, storage_key: &str) -> ServiceResult<BoxStream<'static, std::io::Result<Bytes>>> {
        if !is_storage_key(storage_key) {
            return Err(ServiceError::Internal(format!("malformed storage key {storage_key:?}")));
        }
        match &self.backend {
            Backend::Local(root) => {
                let file = tokio::fs::File::open(root.join(storage_key)).await.map_err(|error| match error.kind() {
                    std::io::ErrorKind::NotFound => ServiceError::NotFound,
                    _ => io_error("opening an attachment", error),
                })?;
                Ok(read_in_chunks(file).boxed())
            }
            Backend::S3(bucket) => {
                let object = bucket.store.get(&bucket.location(storage_key)).await.map_err(object_error)?;
                Ok(object.into_stream().map_err(std::io::Error::other).boxed())
            }
        }
    }

    /// The whole content of an attachment (for checks and tests; downloads use [`Self::open`]).
    pub async fn read(&self, storage_key: &str) -> ServiceResult<Vec<u8>> {
        let mut stream = self.open(storage_key).await?;
        let mut content = Vec::new();
        while let Some(chunk) = stream.next().await {
            content.extend_from_slice(&chunk.map_err(|error| io_error("reading an attachment", error))?);
        }
        Ok(content)
    }

    /// Deletes an attachment's bytes. A failure is logged, not returned: the row is already
    /// gone, and an orphan costs only space.
    pub(crate) async fn remove(&self, storage_key: &str) {
        if !is_storage_key(storage_key) {
            tracing::warn!(storage_key, "an attachment row has a malformed storage key");
            return;
        }
        match &self.backend {
            Backend::Local(root) => remove_local_file(&root.join(storage_key)).await,
            Backend::S3(bucket) => {
                // S3 answers success for a missing key, so only real failures are logged.
                if let Err(error) = bucket.store.delete(&bucket.location(storage_key)).await {
                    tracing::warn!(%error, storage_key, store = %bucket.label, "removing an attachment object failed");
                }
            }
        }
    }

    /// Removes unfinished local files older than `older_than` (only a crash or a kill leaves
    /// them). In a bucket an unfinished upload is invisible and the lifecycle rule removes it.
    pub(super) async fn remove_unfinished(&self, older_than: DateTime<Utc>) {
        let Backend::Local(root) = &self.backend else { return };
        let Ok(mut entries) = tokio::fs::read_dir(root.join(INCOMING_DIR)).await else { return };
        let cutoff = std::time::SystemTime::from(older_than);
        while let Ok(Some(entry)) = entries.next_entry().await {
            let modified = entry.metadata().await.and_then(|metadata| metadata.modified());
            if modified.is_ok_and(|modified| modified < cutoff) {
                remove_local_file(&entry.path()).await;
            }
        }
    }

    /// Every object of the store, unfinished local files included (`incoming/<key>.part`), as
    /// paths relative to the store, sorted. For checks that nothing was left behind.
    pub async fn list(&self) -> ServiceResult<Vec<String>> {
        let mut names = match &self.backend {
            Backend::Local(root) => {
                let root = root.to_path_buf();
                tokio::task::spawn_blocking(move || {
                    files_under(&root)
                        .iter()
                        .filter_map(|path| path.strip_prefix(&root).ok())
                        .map(|relative| relative.to_string_lossy().replace('\\', "/"))
                        .collect::<Vec<_>>()
                })
                .await
                .map_err(|error| ServiceError::Internal(format!("listing attachments: {error}")))?
            }
            Backend::S3(bucket) => {
                let prefix = (!bucket.prefix.is_empty()).then(|| ObjectPath::from(bucket.prefix.as_str()));
                let objects: Vec<_> = bucket.store.list(prefix.as_ref()).try_collect().await.map_err(object_error)?;
                let strip = if bucket.prefix.is_empty() { String::new() } else { format!("{}/", bucket.prefix) };
                objects
                    .into_iter()
                    .map(|object| object.location.as_ref().strip_prefix(&strip).unwrap_or(object.location.as_ref()).to_owned())
                    .collect()
            }
        };
        names.sort();
        Ok(names)
    }
}

impl Bucket {
    fn location(&self, key: &str) -> ObjectPath {
        if self.prefix.is_empty() { ObjectPath::from(key) } else { ObjectPath::from(format!("{}/{key}", self.prefix)) }
    }
}

/// Every file below `dir`, recursively (unfinished uploads in `incoming/` included).
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() { walk(&path, found) } else { found.push(path) }
        }
    }
    let mut found = Vec::new();
    walk(dir, &mut found);
    found
}

fn read_in_chunks(file: tokio::fs::File) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> {
    futures_util::stream::unfold(file, |mut file| async move {
        let mut chunk = vec![0u8; READ_CHUNK_BYTES];
        match file.read(&mut chunk).await {
            Ok(0) => None,
            Ok(read) => {
                chunk.truncate(read);
                Some((Ok(Bytes::from(chunk)), file))
            }
            Err(error) => Some((Err(error), file)),
        }
    })
}

/// 128 random bits as 32 lowercase hex digits.
pub(super) fn new_storage_key() -> ServiceResult<String> {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|error| ServiceError::Internal(format!("random storage key: {error}")))?;
    Ok(random.iter().map(|byte| format!("{byte:02x}")).collect())
}

pub(super) fn is_storage_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

fn io_error(context: &str, error: std::io::Error) -> ServiceError {
    crate::error::storage_error(context, error)
}

/// A failure of the object store: a missing object is `NotFound`; a store that cannot be
/// reached (connection refused, timed out, cut off, after the retries) is `Unavailable`, so the
/// user hears "try again later"; anything else (refused credentials, an error status) is
/// internal.
fn object_error(error: object_store::Error) -> ServiceError {
    use object_store::client::{HttpError, HttpErrorKind};
    if let object_store::Error::NotFound { .. } = error {
        return ServiceError::NotFound;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(current) = source {
        if let Some(http) = current.downcast_ref::<HttpError>()
            && matches!(http.kind(), HttpErrorKind::Connect | HttpErrorKind::Timeout | HttpErrorKind::Interrupted)
        {
            return ServiceError::Unavailable(format!("attachment store: {error}"));
        }
        source = current.source();
    }
    ServiceError::Internal(format!("attachment store: {error}"))
}

async fn remove_local_file(path: &Path) {
    if let Err(error) = tokio::fs::remove_file(path).await
        && error.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(%error, path = %path.display(), "removing an attachment file failed");
    }
}

// --------------------------------------------------------------------------------------------
// Writing
// --------------------------------------------------------------------------------------------

/// A new object being written. Dropped before [`ObjectWriter::finish`] (an error, or the
/// client went away), it leaves nothing: the partial file is removed, the multipart upload
/// aborted.
pub(super) struct ObjectWriter {
    key: String,
    sink: Sink,
}

enum Sink {
    Local {
        file: tokio::fs::File,
        partial: PartialFile,
        final_path: PathBuf,
    },
    S3 {
        bucket: Arc<Bucket>,
        location: ObjectPath,
        /// Bytes not yet sent; at most one part.
        buffer: PutPayloadMut,
        /// Started once the file outgrows one part.
        multipart: Option<WriteMultipart>,
    },
}

impl ObjectWriter {
    pub(super) fn key(&self) -> &str {
        &self.key
    }

    pub(super) async fn write(&mut self, chunk: Bytes) -> ServiceResult<()> {
        match &mut self.sink {
            Sink::Local { file, .. } => file.write_all(&chunk).await.map_err(|error| io_error("writing an upload", error)),
            Sink::S3 { bucket, location, buffer, multipart } => {
                if let Some(upload) = multipart {
                    // Waits while the parts in flight are at the limit: memory stays bounded.
                    upload.wait_for_capacity(S3_PARTS_IN_FLIGHT).await.map_err(object_error)?;
                    upload.put(chunk);
                    return Ok(());
                }
                buffer.push(chunk);
                if buffer.content_length() > S3_PART_BYTES {
                    let started = bucket.store.put_multipart(location).await.map_err(object_error)?;
                    let mut upload = WriteMultipart::new_with_chunk_size(started, S3_PART_BYTES);
                    for piece in std::mem::take(buffer).freeze() {
                        upload.put(piece);
                    }
                    *multipart = Some(upload);
                }
                Ok(())
            }
        }
    }

    /// Makes the object durable and visible under its key.
    pub(super) async fn finish(mut self) -> ServiceResult<()> {
        match &mut self.sink {
            Sink::Local { file, partial, final_path } => {
                file.flush().await.map_err(|error| io_error("flushing an upload", error))?;
                file.sync_all().await.map_err(|error| io_error("syncing an upload", error))?;
                let partial_path = partial.path.clone().unwrap_or_default();
                tokio::fs::rename(&partial_path, &*final_path)
                    .await
                    .map_err(|error| io_error("moving an upload into place", error))?;
                partial.path = None;
            }
            Sink::S3 { bucket, location, buffer, multipart } => match multipart.take() {
                // `finish` aborts the upload itself when a part or the completion fails.
                Some(upload) => {
                    upload.finish().await.map_err(object_error)?;
                }
                None => {
                    let payload: PutPayload = std::mem::take(buffer).freeze();
                    bucket.store.put(location, payload).await.map_err(object_error)?;
                }
            },
        }
        Ok(())
    }
}

impl Drop for ObjectWriter {
    fn drop(&mut self) {
        // Parts already sent are stored (and billed) until the upload is aborted.
        if let Sink::S3 { multipart, bucket, .. } = &mut self.sink
            && let Some(mut upload) = multipart.take()
        {
            let label = bucket.label.clone();
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(async move {
                        // A part still being sent when the abort arrives can be stored after it
                        // (S3 documents this; s3s-fs showed it): let every part land first. Each
                        // error consumes one finished part, so this ends.
                        while upload.wait_for_capacity(0).await.is_err() {}
                        if let Err(error) = upload.abort().await {
                            tracing::warn!(%error, store = %label, "aborting an unfinished upload failed");
                        }
                    });
                }
                Err(_) => tracing::warn!(store = %label, "an unfinished upload is left to the bucket's lifecycle rule"),
            }
        }
    }
}

/// Removes an unfinished local file unless its path is taken — also when the upload's future
/// is dropped halfway.
struct PartialFile {
    path: Option<PathBuf>,
}

impl Drop for PartialFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take()
            && let Err(error) = std::fs::remove_file(&path)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(%error, path = %path.display(), "removing an unfinished upload failed");
        }
    }
}
