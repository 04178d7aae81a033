//! Closing requests: by hand («Закрыть запрос»), by a customer's late comment (refused), and by
//! the auto-close job once the reopen window after «Решено» has passed. The rules are
//! `domain::lifecycle`; this module applies them inside transactions.
//!
//! The job is safe to run on several app instances at once: each request is closed by a
//! conditional `UPDATE … WHERE status = 'resolved' AND resolved_at < cutoff`, and only the
//! instance whose update changed the row writes the system line.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use domain::chat::SystemEvent;
use domain::lifecycle::{self, CloseReason, CustomerComment, ReopenWindow};
use domain::request_view::ParticipantKind;
use domain::{RequestStatus, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

use crate::accounts::Account;
use crate::chat::{current_status, insert_system_message, touch_request};
use crate::entity::{audit_event, request, request_participant};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::notifications::{self, NotificationEvent};
use crate::request_access::find_viewable;

/// Requests closed by one run of the job at most (the next run takes the rest).
const AUTO_CLOSE_BATCH: u64 = 200;

/// The reopen window of this process: `PORTAL_REOPEN_WINDOW_HOURS` (default 72), read once.
pub fn reopen_window() -> ReopenWindow {
    static WINDOW: OnceLock<ReopenWindow> = OnceLock::new();
    *WINDOW.get_or_init(|| ReopenWindow::parse_hours(std::env::var("PORTAL_REOPEN_WINDOW_HOURS").ok().as_deref()))
}

/// Called by `chat::post_message` inside its transaction, after the request row is locked, for a
/// message written by the customer side. Reopens an awaiting or (within the window) resolved
/// request and returns the system line's id; refuses the comment with `request.closed` when the
/// request is closed or its window has passed.
pub async fn on_customer_comment(
    txn: &impl ConnectionTrait,
    author: &Account,
    request_id: i32,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> ServiceResult<Option<i64>> {
    let request = request::Entity::find_by_id(request_id).one(txn).await?.ok_or(ServiceError::NotFound)?;
    let status = parse_status(&request)?;
    match lifecycle::customer_comment(status, request.resolved_at, now, window) {
        CustomerComment::Accepted => Ok(None),
        CustomerComment::Refused => Err(ServiceError::Invalid("request.closed")),
        CustomerComment::Reopens(to) => {
            let id = crate::workflow::apply_status_change(txn, author, &request, status, to, now).await?;
            Ok(Some(id))
        }
    }
}

/// Who may close a request by hand: its initiator, its participants and the administrator of its
/// organization (staff close through statuses, not through this button).
pub async fn may_close(db: &impl ConnectionTrait, account: &Account, request: &request::Model) -> ServiceResult<bool> {
    if !account.role.is_customer_side() || account.organization_id != Some(request.organization_id) {
        return Ok(false);
    }
    if account.role == Role::OrgAdmin || request.author_id == Some(account.id) {
        return Ok(true);
    }
    Ok(request_participant::Entity::find_by_id((request.id, account.id)).one(db).await?.is_some())
}

/// «Закрыть запрос»: closes the request for good (status «Закрыт», a system line).
/// `NotFound` when the account may not see it, `Forbidden` when it may not close it,
/// `Invalid("request.closed")` when it is closed already.
pub async fn close(
    db: &DatabaseConnection,
    hub: &LiveHub,
    account: &Account,
    number: i64,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let request = find_viewable(db, account, number).await?;
    if !may_close(db, account, &request).await? {
        return Err(ServiceError::Forbidden);
    }
    let actor = account.clone();
    let request_id = request.id;
    let message_id = db
        .transaction::<_, i64, ServiceError>(|txn| {
            let hub = hub.clone();
            Box::pin(async move {
                touch_request(txn, request.id, now).await?;
                let from = current_status(txn, request.id).await?;
                if !lifecycle::may_close(from) {
                    return Err(ServiceError::Invalid("request.closed"));
                }
                mark_closed(txn, request.id, CloseReason::ByUser, now).await?;
                audit(txn, Some(actor.id), &request, CloseReason::ByUser, from, now).await?;
                let id = system_line(txn, request.id, Some(actor.id), from, now).await?;
                notifications::enqueue(txn, request.id, Some(actor.id), NotificationEvent::ClosedForGood, now).await?;
                hub.notify_in_transaction(txn, request.id, id).await?;
                Ok(id)
            })
        })
        .await
        .map_err(transaction_error)?;
    hub.message_committed(request_id, message_id);
    Ok(())
}

/// One run of the auto-close job: closes every resolved request whose reopen window ended before
/// `now`. Returns how many requests THIS run closed (another instance may have closed others).
pub async fn auto_close_due(
    db: &DatabaseConnection,
    hub: &LiveHub,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> ServiceResult<usize> {
    let cutoff = lifecycle::auto_close_cutoff(now, window);
    let candidates: Vec<request::Model> = request::Entity::find()
        .filter(request::Column::Status.eq(RequestStatus::Resolved.as_str()))
        .filter(request::Column::ResolvedAt.lt(cutoff))
        .order_by_asc(request::Column::Id)
        .limit(AUTO_CLOSE_BATCH)
        .all(db)
        .await?;
    let mut closed = 0;
    for candidate in candidates {
        let request_id = candidate.id;
        let outcome = db
            .transaction::<_, Option<i64>, ServiceError>(|txn| {
                let hub = hub.clone();
                Box::pin(async move {
                    // The conditional update is the claim: only one instance changes the row.
                    let changed = request::Entity::update_many()
                        .col_expr(request::Column::Status, Expr::value(RequestStatus::Closed.as_str()))
                        .col_expr(request::Column::ClosedAt, Expr::value(now))
                        .col_expr(request::Column::UpdatedAt, Expr::value(now))
                        .col_expr(request::Column::CloseReason, Expr::value(CloseReason::NoCustomerActivity.as_str()))
                        .filter(request::Column::Id.eq(candidate.id))
                        .filter(request::Column::Status.eq(RequestStatus::Resolved.as_str()))
                        .filter(request::Column::ResolvedAt.lt(cutoff))
                        .exec(txn)
                        .await?
                        .rows_affected;
                    if changed != 1 {
                        return Ok(None);
                    }
                    audit(txn, None, &candidate, CloseReason::NoCustomerActivity, RequestStatus::Resolved, now).await?;
                    let id = system_line(txn, candidate.id, None, RequestStatus::Resolved, now).await?;
                    notifications::enqueue(txn, candidate.id, None, NotificationEvent::ClosedForGood, now).await?;
                    hub.notify_in_transaction(txn, candidate.id, id).await?;
                    Ok(Some(id))
                })
            })
            .await
            .map_err(transaction_error)?;
        if let Some(message_id) = outcome {
            hub.message_committed(request_id, message_id);
            closed += 1;
        }
    }
    Ok(closed)
}

async fn mark_closed(txn: &impl ConnectionTrait, request_id: i32, reason: CloseReason, now: DateTime<Utc>) -> ServiceResult<()> {
    request::Entity::update_many()
        .col_expr(request::Column::Status, Expr::value(RequestStatus::Closed.as_str()))
        .col_expr(request::Column::ClosedAt, Expr::value(now))
        .col_expr(request::Column::CloseReason, Expr::value(reason.as_str()))
        .filter(request::Column::Id.eq(request_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The chat's «status changed to Закрыт» line; `actor` None for the job.
async fn system_line(
    txn: &impl ConnectionTrait,
    request_id: i32,
    actor: Option<i32>,
    from: RequestStatus,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    insert_system_message(txn, request_id, actor, &SystemEvent::StatusChanged { from, to: RequestStatus::Closed }, now).await
}

async fn audit(
    txn: &impl ConnectionTrait,
    actor: Option<i32>,
    request: &request::Model,
    reason: CloseReason,
    from: RequestStatus,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    audit_event::ActiveModel {
        kind: Set("request.closed".to_owned()),
        actor_id: Set(actor),
        organization_id: Set(Some(request.organization_id)),
        request_id: Set(Some(request.id)),
        subject: Set(None),
        details: Set(serde_json::json!({ "from": from.as_str(), "reason": reason.as_str() }).to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Whether the account is a participant of the request of this kind (for the page's buttons).
pub async fn participant_kind(
    db: &impl ConnectionTrait,
    account: &Account,
    request_id: i32,
) -> ServiceResult<Option<ParticipantKind>> {
    Ok(request_participant::Entity::find_by_id((request_id, account.id))
        .one(db)
        .await?
        .and_then(|row| ParticipantKind::parse(&row.kind)))
}

pub(crate) fn parse_status(request: &request::Model) -> ServiceResult<RequestStatus> {
    RequestStatus::parse(&request.status)
        .ok_or_else(|| ServiceError::Internal(format!("request {} has status {}", request.id, request.status)))
}

pub(crate) fn transaction_error(error: sea_orm::TransactionError<ServiceError>) -> ServiceError {
    match error {
        sea_orm::TransactionError::Transaction(error) => error,
        sea_orm::TransactionError::Connection(error) => error.into(),
    }
}
