//! Staff work on a request: status changes and assignment. Each change is one transaction written
//! through [`RequestChange`] (request, audit event, system line, e-mail, live signal). The rules
//! themselves are `domain::workflow`, shared with the page.

use chrono::{DateTime, Utc};
use domain::chat::SystemEvent;
use domain::lifecycle::ReopenWindow;
use domain::request_view::{Participant, ParticipantKind};
use domain::validation::Code;
use domain::{RequestKind, RequestStatus, Role, workflow};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::accounts::Account;
use crate::entity::{request, request_participant, user};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::notifications::NotificationEvent;
use crate::requests::access::find_viewable;
use crate::requests::events::{RequestChange, change_request};

/// Moves the request to `to`; returns the new status. `Forbidden` for customers,
/// `Invalid(Code::StatusTransition)` for a move the life cycle does not allow from the current status.
pub async fn change_status(
    db: &DatabaseConnection,
    hub: &LiveHub,
    account: &Account,
    number: i64,
    to: RequestStatus,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> ServiceResult<RequestStatus> {
    let request = find_viewable(db, account, number).await?;
    if !account.role.is_staff() {
        return Err(ServiceError::Forbidden);
    }
    change_request(db, hub, &request, Some(account.id), now, async |change| {
        // Checked against the status after the lock: a concurrent change may have won.
        let from = change.current_status().await?;
        if !workflow::staff_may_change_status(account.role, from, to) {
            return Err(ServiceError::Invalid(Code::StatusTransition));
        }
        // «Закрыт» is no staff target (`allowed_targets`): closing is `lifecycle::close`.
        let event = match to {
            RequestStatus::Resolved => NotificationEvent::Resolved { reopen_deadline: window.deadline(change.now()) },
            _ => NotificationEvent::StatusChanged { from, to },
        };
        record_status_change(change, from, to, event).await
    })
    .await?;
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
    assign(db, hub, account, number, account.id, now).await
}

/// Assigns the request to another staff member who may handle its kind
/// (`Invalid(Code::AssigneeInvalid)` otherwise).
pub async fn assign(
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
    let kind = request.parsed_kind()?;
    let assignee = user::Entity::find_by_id(assignee_id).one(db).await?.ok_or(ServiceError::Invalid(Code::AssigneeInvalid))?;
    let assignee_role = Role::parse(&assignee.role).ok_or(ServiceError::Invalid(Code::AssigneeInvalid))?;
    if !assignee.is_active || !workflow::may_handle(assignee_role, kind) {
        return Err(ServiceError::Invalid(Code::AssigneeInvalid));
    }
    if request.assignee_id == Some(assignee_id) {
        return Ok(());
    }
    change_request(db, hub, &request, Some(account.id), now, async |change| {
        let txn = change.txn();
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
        change.audit(domain::audit::AuditVerb::Assigned, serde_json::json!({ "assignee_id": assignee.id })).await?;
        change.line(&SystemEvent::Assigned { assignee_name: assignee.display_name.clone() }).await?;
        let status = change.current_status().await?;
        if status == RequestStatus::New {
            let to = RequestStatus::InProgress;
            record_status_change(change, status, to, NotificationEvent::StatusChanged { from: status, to }).await?;
        }
        Ok(())
    })
    .await
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

/// The status change and its e-mail to the subscribed participants.
async fn record_status_change<C: ConnectionTrait>(
    change: &mut RequestChange<'_, C>,
    from: RequestStatus,
    to: RequestStatus,
    event: NotificationEvent,
) -> ServiceResult<()> {
    change.set_status(from, to).await?;
    change.notify(event).await
}
