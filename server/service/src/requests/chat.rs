//! The chat of a request: reading messages after a position and posting new ones.
//!
//! Posting is idempotent: the browser mints a client message id per message, and a retry with
//! the same id returns the message already stored (the unique index on
//! `(request_id, client_message_id)` settles concurrent retries). Every posting transaction
//! first touches the request row, which serialises posts to one request, so message ids of a
//! request grow in commit order — what lets the live stream resume "after id N" without gaps.

use chrono::{DateTime, Utc};
use domain::chat::{
    AuthorRole, ChatMessage, MessageKind, NewMessage, SystemEvent, is_valid_client_message_id, limits, validate_message_body,
};
use domain::lifecycle::{self, CustomerComment, ReopenWindow};
use domain::validation::Code;
use domain::{Role, workflow};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqlErr,
};

use crate::accounts::Account;
use crate::attachments;
use crate::entity::{attachment, message, request, user};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::local_time::ReaderClock;
use crate::notifications::NotificationEvent;
use crate::requests::access::find_viewable;
use crate::requests::events::{RequestChange, change_request};

/// Messages of the request with this number after `after_id`, oldest first, at most
/// [`limits::MESSAGE_BATCH`]. `NotFound` when the account may not see the request.
pub async fn messages_after(
    db: &impl ConnectionTrait,
    account: &Account,
    number: i64,
    after_id: i64,
) -> ServiceResult<Vec<ChatMessage>> {
    let request = find_viewable(db, account, number).await?;
    messages_of_request_after(db, request.id, after_id, ReaderClock::of(&account.time_zone)).await
}

/// The same without the access check, for a caller that has checked it (the live stream checks
/// once when it opens); times on the reader's `clock`.
pub async fn messages_of_request_after(
    db: &impl ConnectionTrait,
    request_id: i32,
    after_id: i64,
    clock: ReaderClock,
) -> ServiceResult<Vec<ChatMessage>> {
    let models = message::Entity::find()
        .filter(message::Column::RequestId.eq(request_id))
        .filter(message::Column::Id.gt(after_id))
        .order_by_asc(message::Column::Id)
        .limit(limits::MESSAGE_BATCH)
        .all(db)
        .await?;
    to_chat_messages(db, models, clock).await
}

/// Posts a user message with its attachments; returns it (the stored one on a retry).
pub async fn post_message(
    db: &DatabaseConnection,
    hub: &LiveHub,
    account: &Account,
    message: &NewMessage,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> ServiceResult<ChatMessage> {
    let NewMessage { number, body, client_message_id, attachment_ids } = message;
    let number = *number;
    let client_message_id = client_message_id.trim();
    if !is_valid_client_message_id(client_message_id) {
        return Err(ServiceError::Invalid(Code::ClientMessageIdInvalid));
    }
    let request = find_viewable(db, account, number).await?;
    if let Some(existing) = find_by_client_id(db, request.id, client_message_id).await? {
        return replayed(db, existing, account).await;
    }
    validate_message_body(body).map_err(ServiceError::Invalid)?;
    let body = body.trim_end().to_owned();
    let client_id = client_message_id.to_owned();
    let author = account.clone();
    let attachment_ids = attachment_ids.to_vec();
    let request_id = request.id;
    let posted = change_request(db, hub, &request, Some(author.id), now, async |change| {
        // The lock (taken by the change) orders posts to one request, so their ids grow in commit
        // order.
        let status = change.current_status().await?;
        if !workflow::accepts_messages(status) {
            return Err(ServiceError::Invalid(Code::RequestClosed));
        }
        let txn = change.txn();
        let inserted = message::ActiveModel {
            request_id: Set(request.id),
            author_id: Set(Some(author.id)),
            kind: Set(MessageKind::User.as_str().to_owned()),
            body: Set(body),
            client_message_id: Set(Some(client_id)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        change.message_written(inserted.id);
        attachments::attach_to_message(txn, &attachment_ids, author.id, request.id, inserted.id).await.map_err(|error| {
            match error {
                ServiceError::NotFound => ServiceError::Invalid(Code::AttachmentsInvalid),
                other => other,
            }
        })?;
        change.notify(NotificationEvent::NewMessage { message_id: inserted.id }).await?;
        // The reopen rule (awaiting, or resolved within the window) is domain::lifecycle's.
        if author.role.is_customer_side() {
            on_customer_comment(change, window).await?;
        }
        Ok(inserted.id)
    })
    .await;
    match posted {
        Ok(message_id) => {
            let model = message::Entity::find_by_id(message_id).one(db).await?.ok_or(ServiceError::NotFound)?;
            single(db, model, account).await
        }
        Err(ServiceError::Db(error)) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            // A concurrent retry of the same message won the race: answer with its message.
            let existing = find_by_client_id(db, request_id, client_message_id).await?.ok_or(ServiceError::Db(error))?;
            replayed(db, existing, account).await
        }
        Err(error) => Err(error),
    }
}

async fn find_by_client_id(db: &impl ConnectionTrait, request_id: i32, client_id: &str) -> ServiceResult<Option<message::Model>> {
    Ok(message::Entity::find()
        .filter(message::Column::RequestId.eq(request_id))
        .filter(message::Column::ClientMessageId.eq(client_id))
        .one(db)
        .await?)
}

async fn replayed(db: &impl ConnectionTrait, existing: message::Model, account: &Account) -> ServiceResult<ChatMessage> {
    if existing.author_id != Some(account.id) {
        return Err(ServiceError::Invalid(Code::ClientMessageIdInvalid));
    }
    single(db, existing, account).await
}

async fn single(db: &impl ConnectionTrait, model: message::Model, reader: &Account) -> ServiceResult<ChatMessage> {
    to_chat_messages(db, vec![model], ReaderClock::of(&reader.time_zone))
        .await?
        .pop()
        .ok_or_else(|| ServiceError::Internal("a stored message did not convert".into()))
}

/// Stored rows → what the browser shows, with authors and files looked up in two queries.
pub async fn to_chat_messages(
    db: &impl ConnectionTrait,
    models: Vec<message::Model>,
    clock: ReaderClock,
) -> ServiceResult<Vec<ChatMessage>> {
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let author_ids: Vec<i32> = models.iter().filter_map(|m| m.author_id).collect();
    let message_ids: Vec<i64> = models.iter().map(|m| m.id).collect();
    let authors = user::Entity::find().filter(user::Column::Id.is_in(author_ids)).all(db).await?;
    let files = attachment::Entity::find()
        .filter(attachment::Column::MessageId.is_in(message_ids))
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?;
    models
        .into_iter()
        .map(|model| {
            let author = model.author_id.and_then(|id| authors.iter().find(|u| u.id == id));
            let kind = MessageKind::parse(&model.kind)
                .ok_or_else(|| ServiceError::Internal(format!("message {} has kind {}", model.id, model.kind)))?;
            let (body, system) = match kind {
                MessageKind::User => (model.body, None),
                MessageKind::System => {
                    let event: SystemEvent = serde_json::from_str(&model.body)
                        .map_err(|error| ServiceError::Internal(format!("message {}: {error}", model.id)))?;
                    (String::new(), Some(event))
                }
            };
            Ok(ChatMessage {
                id: model.id,
                kind,
                author_name: author.map(|u| u.display_name.clone()),
                author_role: author.and_then(|u| Role::parse(&u.role)).map(AuthorRole::of),
                body,
                system,
                created_at: model.created_at,
                time: clock.date_time(model.created_at),
                attachments: files.iter().filter(|file| file.message_id == Some(model.id)).map(attachments::info).collect(),
            })
        })
        .collect()
}

/// Called by [`post_message`] inside its change, after the request row is locked, for a
/// message written by the customer side. Reopens an awaiting or (within the window) resolved
/// request; refuses the comment with `request.closed` when the request is closed or its window
/// has passed.
async fn on_customer_comment<C: ConnectionTrait>(change: &mut RequestChange<'_, C>, window: ReopenWindow) -> ServiceResult<()> {
    let request = request::Entity::find_by_id(change.request_id()).one(change.txn()).await?.ok_or(ServiceError::NotFound)?;
    let status = request.parsed_status()?;
    match lifecycle::customer_comment(status, request.resolved_at, change.now(), window) {
        CustomerComment::Accepted => Ok(()),
        CustomerComment::Refused => Err(ServiceError::Invalid(Code::RequestClosed)),
        CustomerComment::Reopens(to) => change.set_status(status, to).await,
    }
}
