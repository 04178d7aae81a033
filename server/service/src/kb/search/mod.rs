//! Full-text search for the knowledge base and for similar past requests (tantivy).
//!
//! The database is the source of truth; the index is a disposable copy kept in the data
//! directory. At start it is rebuilt from the database, then [`KbSearch::catch_up`] applies what
//! changed since the last look: articles whose `revision` (from the `kb_revision` counter) is
//! above the last one seen, and requests whose `updated_at` is recent. Every instance polls (see
//! [`KbSearch::spawn_sync`]), so several instances sharing one PostgreSQL converge within
//! seconds; the instance that made a change wakes its sync at once ([`KbSearch::changed`]), so the
//! change is searchable as soon as one catch-up has run (tens of milliseconds), while the user's
//! save answers without waiting for the index.
//!
//! Only published articles and resolved or closed requests are in the index: unpublishing an
//! article or reopening a request removes it on the next catch-up.

pub mod analyzer;
mod query;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sea_orm::DatabaseConnection;
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use crate::error::{ServiceError, ServiceResult};

pub use query::{ArticleHit, RequestHit, SuggestQuery};

/// Memory the index writer may use before it flushes a segment.
const WRITER_MEMORY_BYTES: usize = 48 * 1024 * 1024;

/// The search index with its writer; cheap to clone (one shared instance per process).
#[derive(Clone)]
pub struct KbSearch {
    inner: Arc<Inner>,
}

struct Inner {
    index_dir: PathBuf,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    fields: Fields,
    /// Watermarks of what is already indexed; the async lock also serialises catch-ups.
    sync: tokio::sync::Mutex<sync::SyncState>,
    /// Wakes the background sync before its next tick (see [`KbSearch::changed`]).
    wake: tokio::sync::Notify,
}

impl std::fmt::Debug for KbSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KbSearch").field("index_dir", &self.inner.index_dir).finish_non_exhaustive()
    }
}

/// The index schema. Articles and requests share one index, told apart by `kind`.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// `a<id>` or `r<id>`: the term a document is replaced by.
    key: Field,
    kind: Field,
    id: Field,
    /// Requests: the organization that owns them (similar requests never cross it).
    organization: Field,
    product: Field,
    version: Field,
    /// Article title or request subject, stemmed; stored for display.
    title: Field,
    title_exact: Field,
    /// Article text without Markdown or request description, stemmed; stored for snippets.
    body: Field,
    body_exact: Field,
    tags: Field,
    /// Product and version names of an article, exact words ("ald", "pro", "2.4").
    scope: Field,
    product_name: Field,
    /// Request number and status code.
    number: Field,
    status: Field,
}

const KIND_ARTICLE: &str = "article";
const KIND_REQUEST: &str = "request";

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Fields scored by BM25 keep term frequencies; the ones only prefix-matched need just the documents.
    let text_with = |analyzer: &str, stored: bool, record: IndexRecordOption| {
        let options = TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(record));
        if stored { options.set_stored() } else { options }
    };
    let text = |analyzer: &str, stored: bool| text_with(analyzer, stored, IndexRecordOption::WithFreqs);
    let fields = Fields {
        key: builder.add_text_field("key", STRING),
        kind: builder.add_text_field("kind", STRING),
        id: builder.add_i64_field("id", STORED | FAST),
        organization: builder.add_i64_field("organization", INDEXED),
        product: builder.add_i64_field("product", INDEXED),
        version: builder.add_i64_field("version", INDEXED),
        title: builder.add_text_field("title", text(analyzer::STEM, true)),
        title_exact: builder.add_text_field("title_exact", text(analyzer::EXACT, false)),
        body: builder.add_text_field("body", text(analyzer::STEM, true)),
        body_exact: builder.add_text_field("body_exact", text_with(analyzer::EXACT, false, IndexRecordOption::Basic)),
        tags: builder.add_text_field("tags", text(analyzer::STEM, false)),
        scope: builder.add_text_field("scope", text(analyzer::EXACT, false)),
        product_name: builder.add_text_field("product_name", STORED),
        number: builder.add_i64_field("number", STORED),
        status: builder.add_text_field("status", STORED),
    };
    (builder.build(), fields)
}

fn internal(what: &str) -> impl Fn(tantivy::TantivyError) -> ServiceError + '_ {
    move |error| ServiceError::Internal(format!("search index: {what}: {error}"))
}

/// Removes an index left by an earlier run. Refuses to touch a directory that holds anything but
/// a search index (a mistyped `PORTAL_SEARCH_INDEX_DIR` must not wipe the data directory) or an
/// index another running instance is writing to.
fn clear_previous_index(index_dir: &Path) -> ServiceResult<()> {
    let refuse = |why: &str| ServiceError::Internal(format!("search index at {}: {why}", index_dir.display()));
    let Ok(mut entries) = std::fs::read_dir(index_dir) else {
        return Ok(());
    };
    if entries.next().is_none() {
        return Ok(());
    }
    if !index_dir.join("meta.json").exists() {
        return Err(refuse("the directory is not empty and holds no search index; choose another directory"));
    }
    let previous = Index::open_in_dir(index_dir).map_err(internal("open the previous index"))?;
    match previous.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY_BYTES) {
        Ok(writer) => drop(writer),
        Err(tantivy::TantivyError::LockFailure(..)) => {
            return Err(refuse("another running instance uses it; give each instance its own directory"));
        }
        Err(error) => return Err(internal("check the previous index")(error)),
    }
    drop(previous);
    std::fs::remove_dir_all(index_dir).map_err(|error| refuse(&error.to_string()))
}

/// Whether a running portal holds the writer lock of the index in `index_dir`. Maintenance
/// commands (`portal restore`) use it to refuse to replace the files under a live instance.
pub fn index_in_use(index_dir: &Path) -> bool {
    if !index_dir.join("meta.json").exists() {
        return false;
    }
    let Ok(index) = Index::open_in_dir(index_dir) else {
        return false;
    };
    matches!(
        index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY_BYTES),
        Err(tantivy::TantivyError::LockFailure(..))
    )
}

impl KbSearch {
    /// Creates the index in `index_dir` (whatever was there is discarded: the database is the
    /// source of truth) and fills it from the database.
    pub async fn open(index_dir: &Path, db: &DatabaseConnection) -> ServiceResult<KbSearch> {
        let search = KbSearch::create_empty(index_dir)?;
        search.catch_up(db).await?;
        Ok(search)
    }

    fn create_empty(index_dir: &Path) -> ServiceResult<KbSearch> {
        let io = |error: std::io::Error| ServiceError::Internal(format!("search index at {}: {error}", index_dir.display()));
        clear_previous_index(index_dir)?;
        std::fs::create_dir_all(index_dir).map_err(io)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(index_dir, schema).map_err(internal("create"))?;
        index.tokenizers().register(analyzer::EXACT, analyzer::exact_analyzer());
        index.tokenizers().register(analyzer::STEM, analyzer::stem_analyzer());
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY_BYTES).map_err(internal("open the writer"))?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(internal("open a reader"))?;
        Ok(KbSearch {
            inner: Arc::new(Inner {
                index_dir: index_dir.to_owned(),
                reader,
                writer: Mutex::new(writer),
                fields,
                sync: tokio::sync::Mutex::new(sync::SyncState::default()),
                wake: tokio::sync::Notify::new(),
            }),
        })
    }

    /// Where the index lives.
    pub fn index_dir(&self) -> &Path {
        &self.inner.index_dir
    }

    /// Number of documents (articles + requests) searchable right now.
    pub fn indexed_documents(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Keeps the index in step with the database: every `SYNC_INTERVAL`, and at once after
    /// [`KbSearch::changed`], applies what other instances (or this one) changed. Runs until the
    /// process ends.
    pub fn spawn_sync(&self, db: DatabaseConnection) {
        let search = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(sync::SYNC_INTERVAL);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticker.tick() => {}
                    () = search.inner.wake.notified() => {}
                }
                if let Err(error) = search.catch_up(&db).await {
                    tracing::warn!(%error, "search index catch-up failed; retrying");
                }
            }
        });
    }

    /// Tells this instance's sync that the database changed, so it catches up now instead of at
    /// its next tick. Never waits: the caller's answer does not depend on the index (a wake-up
    /// while a catch-up runs is kept and starts the next one right after it).
    pub fn changed(&self) {
        self.inner.wake.notify_one();
    }
}
