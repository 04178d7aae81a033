//! Staff work on a request: status changes and assignment. Each change is one transaction that
//! updates the request, records an audit event and adds a system line to the chat, then the
//! live stream is told. The rules themselves are `domain::workflow`, shared with the page.

use chrono::{DateTime, Utc};
use domain::chat::SystemEvent;
use domain::request_view::{Participant, ParticipantKind};
use domain::{RequestKind, RequestStatus, Role, workflow};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use crate::accounts::Account;
use crate::chat::{current_status, insert_system_message, touch_request};
use crate::entity::{audit_event, request, request_participant, user};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::notifications::{self, NotificationEvent};
use crate::request_access::find_viewable;

/// Moves the request to `to`; returns the new status. `Forbidden` for customers,
/// `Invalid("status.transition")` for a move the life cycle does not allow from the current status.
pub async fn change_status(
    db: &DatabaseConnection,
    hub: &LiveHub,
    account: &Account,
    number: i64,
    to: RequestStatus,
    now: DateTime<Utc>,
) -> ServiceResult<RequestStatus> {
    let request = find_viewable(db, account, number).await?;
    if !account.role.is_staff() {
        return Err(ServiceError::Forbidden);
    }
    let actor = account.clone();
    let request_id = request.id;
    let message_id = db
        .transaction::<_, i64, ServiceError>(|txn| {
            let hub = hub.clone();
            Box::pin(async move {
                touch_request(txn, request.id, now).await?;
                // Checked against the status after the lock: a concurrent change may have won.
                let from = current_status(txn, request.id).await?;
                if !workflow::staff_may_change_status(actor.role, from, to) {
                    return Err(ServiceError::Invalid("status.transition"));
                }
                let message_id = record_status_change(txn, &actor, &request, from, to, now).await?;
                hub.notify_in_transaction(txn, request.id, message_id).await?;
                Ok(message_id)
            })
        })
        .await
        .map_err(transaction_error)?;
    hub.message_committed(request_id, message_id);
    Ok(to)
}

/// Assigns the request to the signed-in staff member; a new request also goes «В работе».
pub async fn take(
    db: &DatabaseConnection,
    hub: &LiveHub,
    account: &Account,
    number: i64,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    assign_to(db, hub, account, number, account.id, now).await
}

/// Assigns the request to another staff member who may handle its kind
/// (`Invalid("assignee.invalid")` otherwise).
pub async fn assign(
    db: &DatabaseConnection,
    hub: &LiveHub,
    account: &Account,
    number: i64,
    assignee_id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    assign_to(db, hub, account, number, assignee_id, now).await
}

async fn assign_to(
    db: &DatabaseConnection,
    hub: &LiveHub,
    account: &Account,
    number: i64,
    assignee_id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let request = find_viewable(db, account, number).await?;
    if !account.role.is_staff() {
        return Err(ServiceError::Forbidden);
    }
    let kind = parse_kind(&request)?;
    let assignee = user::Entity::find_by_id(assignee_id).one(db).await?.ok_or(ServiceError::Invalid("assignee.invalid"))?;
    let assignee_role = Role::parse(&assignee.role).ok_or(ServiceError::Invalid("assignee.invalid"))?;
    if !assignee.is_active || !workflow::may_handle(assignee_role, kind) {
        return Err(ServiceError::Invalid("assignee.invalid"));
    }
    if request.assignee_id == Some(assignee_id) {
        return Ok(());
    }
    let actor = account.clone();
    let request_id = request.id;
    let last_id = db
        .transaction::<_, i64, ServiceError>(|txn| {
            let hub = hub.clone();
            Box::pin(async move {
                touch_request(txn, request.id, now).await?;
                request::Entity::update_many()
                    .col_expr(request::Column::AssigneeId, Expr::value(assignee.id))
                    .filter(request::Column::Id.eq(request.id))
                    .exec(txn)
                    .await?;
                // The previous responsible stops being one; the new one is subscribed.
                request_participant::Entity::delete_many()
                    .filter(request_participant::Column::RequestId.eq(request.id))
                    .filter(request_participant::Column::Kind.eq(ParticipantKind::Responsible.as_str()))
                    .exec(txn)
                    .await?;
                let already_participant = request_participant::Entity::find_by_id((request.id, assignee.id)).one(txn).await?;
                if already_participant.is_none() {
                    request_participant::ActiveModel {
                        request_id: Set(request.id),
                        user_id: Set(assignee.id),
                        kind: Set(ParticipantKind::Responsible.as_str().to_owned()),
                        subscribed: Set(true),
                        added_at: Set(now),
                    }
                    .insert(txn)
                    .await?;
                }
                audit(txn, "request.assigned", &actor, &request, serde_json::json!({ "assignee_id": assignee.id }), now).await?;
                let mut last_id = insert_system_message(
                    txn,
                    request.id,
                    Some(actor.id),
                    &SystemEvent::Assigned { assignee_name: assignee.display_name.clone() },
                    now,
                )
                .await?;
                let status = current_status(txn, request.id).await?;
                if status == RequestStatus::New {
                    last_id = record_status_change(txn, &actor, &request, status, RequestStatus::InProgress, now).await?;
                }
                hub.notify_in_transaction(txn, request.id, last_id).await?;
                Ok(last_id)
            })
        })
        .await
        .map_err(transaction_error)?;
    hub.message_committed(request_id, last_id);
    Ok(())
}

/// Active staff who may handle requests of this kind, by name.
pub async fn assignable_staff(db: &impl ConnectionTrait, kind: RequestKind) -> ServiceResult<Vec<Participant>> {
    let staff = user::Entity::find()
        .filter(user::Column::IsActive.eq(true))
        .filter(user::Column::Role.is_in([Role::SupportAgent.as_str(), Role::Manager.as_str(), Role::Administrator.as_str()]))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    Ok(staff
        .into_iter()
        .filter_map(|model| {
            let role = Role::parse(&model.role)?;
            workflow::may_handle(role, kind).then_some(Participant {
                user_id: model.id,
                display_name: model.display_name,
                role,
                kind: ParticipantKind::Responsible,
            })
        })
        .collect())
}

/// Inside a transaction that locked the request: [`apply_status_change`] and the e-mail to the
/// subscribed participants («Решено» carries the reopen deadline); returns the system line's id.
pub(crate) async fn record_status_change(
    txn: &impl ConnectionTrait,
    actor: &Account,
    request: &request::Model,
    from: RequestStatus,
    to: RequestStatus,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let line_id = apply_status_change(txn, actor, request, from, to, now).await?;
    let event = match to {
        RequestStatus::Resolved => {
            NotificationEvent::Resolved { reopen_deadline: crate::lifecycle::reopen_window().deadline(now) }
        }
        RequestStatus::Closed => NotificationEvent::ClosedForGood,
        _ => NotificationEvent::StatusChanged { from, to },
    };
    notifications::enqueue(txn, request.id, Some(actor.id), event, now).await?;
    Ok(line_id)
}

/// Inside a transaction that locked the request: sets the status, records the audit event and
/// the system line; returns the system line's id. No e-mail: a customer's comment that reopens a
/// request is already announced by the message's own notification.
pub(crate) async fn apply_status_change(
    txn: &impl ConnectionTrait,
    actor: &Account,
    request: &request::Model,
    from: RequestStatus,
    to: RequestStatus,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let mut update = request::Entity::update_many()
        .col_expr(request::Column::Status, Expr::value(to.as_str()))
        .filter(request::Column::Id.eq(request.id));
    update = match to {
        RequestStatus::Resolved => update.col_expr(request::Column::ResolvedAt, Expr::value(now)),
        RequestStatus::InProgress | RequestStatus::AwaitingCustomer | RequestStatus::New => {
            update.col_expr(request::Column::ResolvedAt, Expr::value(Option::<DateTime<Utc>>::None))
        }
        RequestStatus::Closed => update.col_expr(request::Column::ClosedAt, Expr::value(now)),
    };
    update.exec(txn).await?;
    audit(txn, "request.status_changed", actor, request, serde_json::json!({ "from": from.as_str(), "to": to.as_str() }), now)
        .await?;
    insert_system_message(txn, request.id, Some(actor.id), &SystemEvent::StatusChanged { from, to }, now).await
}

async fn audit(
    txn: &impl ConnectionTrait,
    kind: &str,
    actor: &Account,
    request: &request::Model,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    audit_event::ActiveModel {
        kind: Set(kind.to_owned()),
        actor_id: Set(Some(actor.id)),
        organization_id: Set(Some(request.organization_id)),
        request_id: Set(Some(request.id)),
        subject: Set(None),
        details: Set(details.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

fn parse_kind(request: &request::Model) -> ServiceResult<RequestKind> {
    RequestKind::parse(&request.kind)
        .ok_or_else(|| ServiceError::Internal(format!("request {} has kind {}", request.id, request.kind)))
}

fn transaction_error(error: sea_orm::TransactionError<ServiceError>) -> ServiceError {
    match error {
        sea_orm::TransactionError::Transaction(error) => error,
        sea_orm::TransactionError::Connection(error) => error.into(),
    }
}
