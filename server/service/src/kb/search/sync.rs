//! Bringing the index up to date from the database.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::RequestStatus;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tantivy::{TantivyDocument, Term};

use super::{Fields, KIND_ARTICLE, KIND_REQUEST, KbSearch, internal};
use crate::entity::{kb_article, request};
use crate::error::{ServiceError, ServiceResult};
use crate::kb::{ScopeNames, plain_text, split_tags};

/// How often every instance looks for changes made elsewhere.
pub(super) const SYNC_INTERVAL: Duration = Duration::from_millis(1500);
/// Articles read per database round trip while catching up.
const BATCH: u64 = 1000;
/// Requests have no revision counter (they change in many places), so each look re-reads the ones
/// updated within this window before the newest seen: it covers transactions that committed late
/// and clocks of several instances that disagree a little.
const REQUEST_OVERLAP_SECS: i64 = 120;

#[derive(Default)]
pub(super) struct SyncState {
    /// Highest article revision applied to the index.
    article_revision: i64,
    /// Newest `updated_at` of a request seen so far (None before the first look).
    request_watermark: Option<DateTime<Utc>>,
    /// `updated_at` of the requests looked at inside the overlap window, to skip re-indexing
    /// unchanged ones.
    requests_seen: HashMap<i32, DateTime<Utc>>,
}

impl KbSearch {
    /// Applies every change in the database since the last call. Cheap when nothing changed (two
    /// indexed queries). Call it right after a local change so the local user sees it at once.
    ///
    /// The database is read here, on the async side; the index is written and committed by
    /// [`KbSearch::write`] on a blocking thread, because a tantivy commit writes and syncs files
    /// and must not hold up the runtime's few workers (and every page they serve) meanwhile.
    pub async fn catch_up(&self, db: &DatabaseConnection) -> ServiceResult<()> {
        let mut state = self.inner.sync.lock().await;
        let mut changed = self.catch_up_articles(db, &mut state).await?;
        changed |= self.catch_up_requests(db, &mut state).await?;
        if changed {
            self.write(Vec::new(), Commit::Yes).await?;
        }
        Ok(())
    }

    async fn catch_up_articles(&self, db: &DatabaseConnection, state: &mut SyncState) -> ServiceResult<bool> {
        let mut changed = false;
        let mut names: Option<ScopeNames> = None;
        loop {
            let batch = kb_article::Entity::find()
                .filter(kb_article::Column::Revision.gt(state.article_revision))
                .order_by_asc(kb_article::Column::Revision)
                .limit(BATCH)
                .all(db)
                .await?;
            let Some(last) = batch.last() else { break };
            let last_revision = last.revision;
            if names.is_none() {
                names = Some(ScopeNames::load(db).await?);
            }
            let names = names.as_ref().ok_or_else(poisoned)?;
            let fields = self.inner.fields;
            let changes = batch
                .iter()
                .map(|article| {
                    let key = format!("a{}", article.id);
                    if article.is_published {
                        IndexChange::Put(key, article_document(&fields, article, names))
                    } else {
                        IndexChange::Remove(key)
                    }
                })
                .collect();
            self.write(changes, Commit::No).await?;
            state.article_revision = last_revision;
            changed = true;
        }
        Ok(changed)
    }

    async fn catch_up_requests(&self, db: &DatabaseConnection, state: &mut SyncState) -> ServiceResult<bool> {
        let indexed = [RequestStatus::Resolved.as_str(), RequestStatus::Closed.as_str()];
        let (requests, mut newest) = match state.request_watermark {
            // First look: only what belongs in the index; later looks start from the newest change.
            None => {
                let newest = request::Entity::find().order_by_desc(request::Column::UpdatedAt).one(db).await?;
                let requests = request::Entity::find()
                    .filter(request::Column::Status.is_in(indexed))
                    .order_by_asc(request::Column::UpdatedAt)
                    .all(db)
                    .await?;
                (requests, newest.map(|found| found.updated_at))
            }
            Some(watermark) => {
                let since = watermark.checked_sub_signed(chrono::Duration::seconds(REQUEST_OVERLAP_SECS)).unwrap_or(watermark);
                let requests = request::Entity::find()
                    .filter(request::Column::UpdatedAt.gte(since))
                    .order_by_asc(request::Column::UpdatedAt)
                    .all(db)
                    .await?;
                (requests, Some(watermark))
            }
        };
        let fields = self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let mut changes = Vec::new();
        let mut seen = Vec::new();
        for found in &requests {
            newest = newest.max(Some(found.updated_at));
            if state.requests_seen.get(&found.id) == Some(&found.updated_at) {
                continue;
            }
            seen.push((found.id, found.updated_at));
            let key = format!("r{}", found.id);
            if indexed.contains(&found.status.as_str()) {
                changes.push(IndexChange::Put(key, request_document(&fields, found)));
            } else if in_index(&searcher, fields.key, &key)? {
                // Reopened (or otherwise left resolved/closed): it no longer belongs in the index.
                // Most changed requests were never in it; they need no write and no commit.
                changes.push(IndexChange::Remove(key));
            }
        }
        drop(searcher);
        let changed = !changes.is_empty();
        if changed {
            self.write(changes, Commit::No).await?;
        }
        state.requests_seen.extend(seen);
        state.request_watermark = newest;
        // Forget what fell out of the overlap window; it will not be read again.
        if let Some(horizon) = newest.and_then(|n| n.checked_sub_signed(chrono::Duration::seconds(REQUEST_OVERLAP_SECS))) {
            state.requests_seen.retain(|_, updated_at| *updated_at >= horizon);
        }
        Ok(changed)
    }

    /// Applies `changes` to the index writer, then commits and reloads the reader when asked, on
    /// a blocking thread. If the caller goes away meanwhile the write still completes; the sync
    /// state is advanced only after it, so an interrupted catch-up is simply repeated
    /// (every change replaces by key, so repeating one is harmless).
    async fn write(&self, changes: Vec<IndexChange>, commit: Commit) -> ServiceResult<()> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let mut writer = inner.writer.lock().map_err(|_| poisoned())?;
            for change in changes {
                match change {
                    IndexChange::Remove(key) => {
                        writer.delete_term(Term::from_field_text(inner.fields.key, &key));
                    }
                    IndexChange::Put(key, document) => {
                        writer.delete_term(Term::from_field_text(inner.fields.key, &key));
                        writer.add_document(document).map_err(internal("add a document"))?;
                    }
                }
            }
            if commit == Commit::Yes {
                writer.commit().map_err(internal("commit"))?;
                drop(writer);
                inner.reader.reload().map_err(internal("reload"))?;
            }
            Ok(())
        })
        .await
        .map_err(|_| poisoned())?
    }
}

/// One change to the index, prepared from a database row: the document with this key is removed,
/// or replaced by the given one.
enum IndexChange {
    Remove(String),
    Put(String, TantivyDocument),
}

#[derive(PartialEq, Eq)]
enum Commit {
    Yes,
    No,
}

/// Whether a document with `key` is in the searchable index (removed documents may still count
/// until segments merge: then a removal is written that was not needed, which is harmless).
fn in_index(searcher: &tantivy::Searcher, key_field: tantivy::schema::Field, key: &str) -> ServiceResult<bool> {
    let count = searcher.doc_freq(&Term::from_field_text(key_field, key)).map_err(internal("look up a key"))?;
    Ok(count > 0)
}

fn poisoned() -> ServiceError {
    ServiceError::Internal("search index: a writer thread panicked".into())
}

fn article_document(fields: &Fields, article: &kb_article::Model, names: &ScopeNames) -> TantivyDocument {
    let body = plain_text(&article.body);
    let tags = split_tags(&article.tags).join(", ");
    let product_name = names.product(article.product_id);
    let version_name = names.version(article.version_id);
    let mut document = TantivyDocument::default();
    document.add_text(fields.key, format!("a{}", article.id));
    document.add_text(fields.kind, KIND_ARTICLE);
    document.add_i64(fields.id, i64::from(article.id));
    if let Some(product) = article.product_id {
        document.add_i64(fields.product, i64::from(product));
    }
    if let Some(version) = article.version_id {
        document.add_i64(fields.version, i64::from(version));
    }
    document.add_text(fields.title, &article.title);
    document.add_text(fields.title_exact, &article.title);
    document.add_text(fields.body, &body);
    document.add_text(fields.body_exact, &body);
    document.add_text(fields.tags, &tags);
    document.add_text(fields.body_exact, &tags);
    let scope = [product_name.as_deref(), version_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    document.add_text(fields.scope, &scope);
    if let Some(product_name) = product_name {
        document.add_text(fields.product_name, product_name);
    }
    document
}

fn request_document(fields: &Fields, found: &request::Model) -> TantivyDocument {
    let mut document = TantivyDocument::default();
    document.add_text(fields.key, format!("r{}", found.id));
    document.add_text(fields.kind, KIND_REQUEST);
    document.add_i64(fields.id, i64::from(found.id));
    document.add_i64(fields.organization, i64::from(found.organization_id));
    document.add_text(fields.title, &found.subject);
    document.add_text(fields.title_exact, &found.subject);
    document.add_text(fields.body, &found.description);
    document.add_text(fields.body_exact, &found.description);
    document.add_i64(fields.number, found.number);
    document.add_text(fields.status, &found.status);
    document
}
