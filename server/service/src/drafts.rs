//! Unsent request forms («Черновики»).
//!
//! A draft is private to its author: every function takes the signed-in user's id and finds
//! only that user's drafts, so somebody else's draft reads as `NotFound`. A draft is named by
//! the form's idempotency key (`form_key`): autosave, the page-hide beacon and a local copy sent
//! after an outage all update the same row. Uploads made in the form are linked to the draft
//! (`attachments.draft_id`), which keeps them from the hourly cleanup of unattached uploads;
//! deleting the draft deletes them, creating the request from it moves them to the request.

use chrono::{DateTime, Utc};
use domain::draft::{DraftForm, OpenedDraft};
use domain::validation::Code;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use crate::attachments::{self, AttachmentStore};
use crate::entity::{attachment, draft, request};
use crate::error::{ServiceError, ServiceResult};
use crate::local_time::ReaderClock;

pub async fn count_of_user(db: &impl ConnectionTrait, user_id: i32) -> ServiceResult<u64> {
    Ok(draft::Entity::find().filter(draft::Column::UserId.eq(user_id)).count(db).await?)
}

/// Stores the form `payload` (JSON of [`DraftForm`]) as the user's draft of that form, creating
/// it on the first save. Checks: size, shape, kind code, field lengths (`Invalid` codes of
/// [`DraftForm::parse`]); `Invalid(Code::DraftAlreadySent)` once the form became a request.
///
/// Uploads listed in the form are linked to the draft when they are the user's own and not in a
/// request; ids that no longer qualify (removed meanwhile) are dropped rather than refused, so
/// a late local copy still saves. Uploads the form no longer lists are unlinked.
pub async fn save<C>(db: &C, user_id: i32, payload: &str, now: DateTime<Utc>) -> ServiceResult<draft::Model>
where
    C: ConnectionTrait + TransactionTrait,
{
    let mut form = DraftForm::parse(payload).map_err(ServiceError::Invalid)?;
    let sent =
        request::Entity::find().filter(request::Column::IdempotencyKey.eq(form.idempotency_key.as_str())).count(db).await?;
    if sent > 0 {
        return Err(ServiceError::Invalid(Code::DraftAlreadySent));
    }
    let txn = db.begin().await?;
    // The first statement writes: SQLite takes its write lock here instead of failing to upgrade
    // a read snapshot when another save commits meanwhile ("database is locked").
    draft::Entity::update_many()
        .col_expr(draft::Column::UpdatedAt, Expr::value(now))
        .filter(draft::Column::UserId.eq(user_id))
        .filter(draft::Column::FormKey.eq(form.idempotency_key.as_str()))
        .exec(&txn)
        .await?;
    let existing = find_by_key(&txn, user_id, &form.idempotency_key).await?;
    if let Some(existing) = &existing
        && let Ok(stored) = serde_json::from_str::<DraftForm>(&existing.payload)
        && stored.revision > form.revision
    {
        // A newer state is already stored: this copy arrived late.
        return Ok(existing.clone());
    }
    let subject = Some(form.subject.trim().to_owned()).filter(|s| !s.is_empty());
    let saved = match existing {
        Some(existing) => {
            let mut model: draft::ActiveModel = existing.into();
            model.kind = Set(Some(form.kind.clone()));
            model.subject = Set(subject);
            model.updated_at = Set(now);
            model.update(&txn).await?
        }
        None => {
            draft::ActiveModel {
                user_id: Set(user_id),
                kind: Set(Some(form.kind.clone())),
                subject: Set(subject),
                payload: Set(String::new()),
                form_key: Set(Some(form.idempotency_key.clone())),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    form.attachment_ids = link_attachments(&txn, user_id, saved.id, &form.attachment_ids).await?;
    let mut model: draft::ActiveModel = saved.into();
    model.payload = Set(serde_json::to_string(&form).map_err(|error| ServiceError::Internal(error.to_string()))?);
    let saved = model.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Links the qualifying uploads to the draft, unlinks the rest of its uploads; returns the ids
/// now linked, in the form's order.
async fn link_attachments(db: &impl ConnectionTrait, user_id: i32, draft_id: i32, ids: &[i32]) -> ServiceResult<Vec<i32>> {
    attachment::Entity::update_many()
        .col_expr(attachment::Column::DraftId, Expr::value(Option::<i32>::None))
        .filter(attachment::Column::DraftId.eq(draft_id))
        .filter(attachment::Column::Id.is_not_in(ids.to_vec()))
        .exec(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let free_or_ours = Condition::any().add(attachment::Column::DraftId.is_null()).add(attachment::Column::DraftId.eq(draft_id));
    attachment::Entity::update_many()
        .col_expr(attachment::Column::DraftId, Expr::value(draft_id))
        .filter(attachment::Column::Id.is_in(ids.to_vec()))
        .filter(attachment::Column::UploaderId.eq(user_id))
        .filter(attachment::Column::RequestId.is_null())
        .filter(attachment::Column::MessageId.is_null())
        .filter(free_or_ours)
        .exec(db)
        .await?;
    let linked: Vec<i32> = attachment::Entity::find()
        .filter(attachment::Column::DraftId.eq(draft_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut kept: Vec<i32> = ids.iter().copied().filter(|id| linked.contains(id)).collect();
    kept.dedup();
    Ok(kept)
}

async fn find_by_key(db: &impl ConnectionTrait, user_id: i32, key: &str) -> ServiceResult<Option<draft::Model>> {
    Ok(draft::Entity::find().filter(draft::Column::UserId.eq(user_id)).filter(draft::Column::FormKey.eq(key)).one(db).await?)
}

async fn find_own(db: &impl ConnectionTrait, user_id: i32, draft_id: i32) -> ServiceResult<draft::Model> {
    draft::Entity::find_by_id(draft_id).filter(draft::Column::UserId.eq(user_id)).one(db).await?.ok_or(ServiceError::NotFound)
}

/// The user's drafts, most recently saved first.
pub async fn list_of_user(db: &impl ConnectionTrait, user_id: i32) -> ServiceResult<Vec<draft::Model>> {
    Ok(draft::Entity::find()
        .filter(draft::Column::UserId.eq(user_id))
        .order_by_desc(draft::Column::UpdatedAt)
        .order_by_desc(draft::Column::Id)
        .all(db)
        .await?)
}

/// One of the user's drafts, to restore the form, with its save time on the user's `clock`.
/// Uploads are those still linked to it, in the form's order.
pub async fn open(db: &impl ConnectionTrait, user_id: i32, draft_id: i32, clock: ReaderClock) -> ServiceResult<OpenedDraft> {
    let draft = find_own(db, user_id, draft_id).await?;
    let mut form: DraftForm = serde_json::from_str(&draft.payload)
        .map_err(|error| ServiceError::Internal(format!("draft {draft_id} holds an unreadable payload: {error}")))?;
    let linked = attachment::Entity::find().filter(attachment::Column::DraftId.eq(draft.id)).all(db).await?;
    let attachments: Vec<_> =
        form.attachment_ids.iter().filter_map(|id| linked.iter().find(|a| a.id == *id)).map(attachments::info).collect();
    form.attachment_ids = attachments.iter().map(|a| a.id).collect();
    Ok(OpenedDraft { id: draft.id, form, attachments, saved_time: clock.time(draft.updated_at) })
}

/// Deletes one of the user's drafts with its uploads (rows and files).
pub async fn delete<C>(db: &C, store: &AttachmentStore, user_id: i32, draft_id: i32) -> ServiceResult<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let draft = find_own(db, user_id, draft_id).await?;
    remove_with_uploads(db, store, draft.id, &[]).await
}

/// «Не сохранять»: removes the user's draft of the form `form_key` if one was saved, and the
/// form's own unattached uploads `upload_ids`, so nothing of the form stays behind.
pub async fn discard<C>(db: &C, store: &AttachmentStore, user_id: i32, form_key: &str, upload_ids: &[i32]) -> ServiceResult<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let own_loose = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(upload_ids.to_vec()))
        .filter(attachment::Column::UploaderId.eq(user_id))
        .filter(attachment::Column::RequestId.is_null())
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::DraftId.is_null())
        .all(db)
        .await?;
    match find_by_key(db, user_id, form_key).await? {
        Some(draft) => remove_with_uploads(db, store, draft.id, &own_loose).await,
        None => remove_with_uploads_only(db, store, &own_loose).await,
    }
}

async fn remove_with_uploads<C>(db: &C, store: &AttachmentStore, draft_id: i32, loose: &[attachment::Model]) -> ServiceResult<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    // Writes first, for SQLite's write lock (see `save`).
    draft::Entity::update_many()
        .col_expr(draft::Column::UpdatedAt, Expr::col(draft::Column::UpdatedAt))
        .filter(draft::Column::Id.eq(draft_id))
        .exec(&txn)
        .await?;
    let linked = attachment::Entity::find().filter(attachment::Column::DraftId.eq(draft_id)).all(&txn).await?;
    attachment::Entity::delete_many().filter(attachment::Column::DraftId.eq(draft_id)).exec(&txn).await?;
    draft::Entity::delete_by_id(draft_id).exec(&txn).await?;
    txn.commit().await?;
    for upload in &linked {
        store.remove(&upload.storage_key).await;
    }
    remove_with_uploads_only(db, store, loose).await
}

async fn remove_with_uploads_only(
    db: &impl ConnectionTrait,
    store: &AttachmentStore,
    loose: &[attachment::Model],
) -> ServiceResult<()> {
    for upload in loose {
        let deleted = attachment::Entity::delete_many()
            .filter(attachment::Column::Id.eq(upload.id))
            .filter(attachment::Column::DraftId.is_null())
            .filter(attachment::Column::RequestId.is_null())
            .filter(attachment::Column::MessageId.is_null())
            .exec(db)
            .await?;
        if deleted.rows_affected == 1 {
            store.remove(&upload.storage_key).await;
        }
    }
    Ok(())
}

/// Checks, before a request is created from `draft_id`, that the draft is the author's.
pub async fn check_own(db: &impl ConnectionTrait, user_id: i32, draft_id: i32) -> ServiceResult<()> {
    find_own(db, user_id, draft_id).await.map(|_| ())
}

/// Called inside the transaction that creates the request of form `form_key`: removes the
/// author's draft of that form (found by `draft_id` or by the key) and frees its uploads, so the
/// request can claim the ones it lists. Uploads it does not list become ordinary unattached
/// uploads, removed by the hourly cleanup.
pub async fn remove_for_request(
    db: &impl ConnectionTrait,
    user_id: i32,
    draft_id: Option<i32>,
    form_key: &str,
) -> ServiceResult<()> {
    let mut which = Condition::any().add(draft::Column::FormKey.eq(form_key));
    if let Some(id) = draft_id {
        which = which.add(draft::Column::Id.eq(id));
    }
    let drafts = draft::Entity::find().filter(draft::Column::UserId.eq(user_id)).filter(which).all(db).await?;
    let ids: Vec<i32> = drafts.iter().map(|d| d.id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    attachment::Entity::update_many()
        .col_expr(attachment::Column::DraftId, Expr::value(Option::<i32>::None))
        .filter(attachment::Column::DraftId.is_in(ids.clone()))
        .exec(db)
        .await?;
    draft::Entity::delete_many().filter(draft::Column::Id.is_in(ids)).exec(db).await?;
    Ok(())
}
