//! E-mail notifications about requests: which event happened, who should hear about it, and the
//! durable outbox row per recipient, written inside the transaction of the action itself.
//!
//! Why an outbox: the user's action must never wait for (or fail because of) a mail server. The
//! row commits or rolls back with the action; `notifications::delivery` sends it later, retrying with
//! back-off, exactly once even with several app instances.
//!
//! Wiring an event is one call: `notifications::enqueue(txn, request_id, Some(actor_id), event, now)`.
//! Account e-mails (invitation, password reset) use the same outbox through `link_mail`.

pub mod delivery;
pub mod link_mail;
pub mod render;
pub mod unsubscribe;

use chrono::{DateTime, Utc};
use domain::RequestStatus;
use domain::profile::EmailKind;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use crate::entity::{notification_outbox, request_participant, user};
use crate::error::{ServiceError, ServiceResult};

/// Something that happened to a request and is worth an e-mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationEvent {
    /// A chat message was posted (the e-mail quotes it).
    NewMessage {
        message_id: i64,
    },
    StatusChanged {
        from: RequestStatus,
        to: RequestStatus,
    },
    /// «Решено»: the request can be reopened until the deadline.
    Resolved {
        reopen_deadline: DateTime<Utc>,
    },
    /// «Закрыт» for good: no reopening.
    ClosedForGood,
    /// A follow-up request was created from this one.
    LinkedRequestCreated {
        new_number: i64,
    },
    /// «Поделиться»: the user was added to the request.
    AddedToRequest {
        user_id: i32,
    },
}

impl NotificationEvent {
    /// The kind of e-mail in «Какие письма получать» this event is. A linked request is created
    /// only from a closed one (`requests::linked`), so it is news of the closing and follows the
    /// «Запрос закрыт» choice.
    pub fn kind(&self) -> EmailKind {
        match self {
            NotificationEvent::NewMessage { .. } => EmailKind::NewMessage,
            NotificationEvent::StatusChanged { .. } => EmailKind::StatusChanged,
            NotificationEvent::Resolved { .. } => EmailKind::Resolved,
            NotificationEvent::ClosedForGood | NotificationEvent::LinkedRequestCreated { .. } => EmailKind::Closed,
            NotificationEvent::AddedToRequest { .. } => EmailKind::AddedToRequest,
        }
    }
}

/// The users who get an e-mail about `event`: subscribed participants except the one who caused
/// it; for «added to a request» only the added user. Inactive accounts get nothing.
pub async fn recipients<C: ConnectionTrait>(
    conn: &C,
    request_id: i32,
    actor_id: Option<i32>,
    event: &NotificationEvent,
) -> ServiceResult<Vec<i32>> {
    let mut participants = request_participant::Entity::find()
        .filter(request_participant::Column::RequestId.eq(request_id))
        .filter(request_participant::Column::Subscribed.eq(true));
    if let NotificationEvent::AddedToRequest { user_id } = event {
        participants = participants.filter(request_participant::Column::UserId.eq(*user_id));
    }
    let candidate_ids: Vec<i32> = participants
        .all(conn)
        .await?
        .into_iter()
        .map(|participant| participant.user_id)
        .filter(|user_id| Some(*user_id) != actor_id)
        .collect();
    if candidate_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut active: Vec<i32> = user::Entity::find()
        .filter(user::Column::Id.is_in(candidate_ids))
        .filter(user::Column::IsActive.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|user| user.id)
        .collect();
    active.sort_unstable();
    Ok(active)
}

/// Writes one outbox row per recipient of `event`. Call it with the transaction of the action
/// that caused the event, so the e-mail exists exactly when the action does.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    request_id: i32,
    actor_id: Option<i32>,
    event: NotificationEvent,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let recipients = recipients(conn, request_id, actor_id, &event).await?;
    if recipients.is_empty() {
        return Ok(());
    }
    let event_json = serde_json::to_string(&event).map_err(|error| ServiceError::Internal(error.to_string()))?;
    for recipient_id in recipients {
        pending_row(Some(request_id), recipient_id, event_json.clone(), now).insert(conn).await?;
    }
    Ok(())
}

/// A new outbox row, due now: a request's e-mail (`request_id`) or an account e-mail (`None`,
/// `link_mail`).
pub(crate) fn pending_row(
    request_id: Option<i32>,
    recipient_id: i32,
    event: String,
    now: DateTime<Utc>,
) -> notification_outbox::ActiveModel {
    notification_outbox::ActiveModel {
        request_id: Set(request_id),
        recipient_id: Set(recipient_id),
        event: Set(event),
        status: Set(OutboxStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(now),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
}

/// Where an outbox row is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxStatus {
    Pending,
    Sent,
    /// Not sent on purpose: the recipient unsubscribed or was deactivated meanwhile.
    Dropped,
    /// Gave up after the last retry.
    Failed,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Dropped => "dropped",
            OutboxStatus::Failed => "failed",
        }
    }
}
