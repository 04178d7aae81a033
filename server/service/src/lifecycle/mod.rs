//! Closing requests: by hand («Закрыть запрос») and by
//! the auto-close job once the reopen window after «Решено» has passed. The rules are
//! `domain::lifecycle`; this module applies them inside transactions (a customer's comment
//! reopening or refused is applied by `requests::chat::post_message`).
//!
//! The job is safe to run on several app instances at once: each request is closed by a
//! conditional `UPDATE … WHERE status = 'resolved' AND resolved_at < cutoff`, and only the
//! instance whose update changed the row writes the system line.

pub mod ratings;
use domain::validation::Code;

use chrono::{DateTime, Utc};
use domain::RequestStatus;
use domain::lifecycle::{self, CloseReason, ReopenWindow};
use domain::request_view::ParticipantKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use crate::accounts::Account;
use crate::entity::{request, request_participant};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::notifications::NotificationEvent;
use crate::requests::access::{find_viewable, may_close};
use crate::requests::events::{RequestChange, change_request};

/// Requests closed by one run of the job at most (the next run takes the rest).
const AUTO_CLOSE_BATCH: u64 = 200;

/// «Закрыть запрос»: closes the request for good (status «Закрыт», a system line).
/// `NotFound` when the account may not see it, `Forbidden` when it may not close it,
/// `Invalid(Code::RequestClosed)` when it is closed already.
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
    change_request(db, hub, &request, Some(account.id), now, async |change| {
        let from = change.current_status().await?;
        if !lifecycle::may_close(from) {
            return Err(ServiceError::Invalid(Code::RequestClosed));
        }
        change.close(from, CloseReason::ByUser).await?;
        change.notify(NotificationEvent::ClosedForGood).await
    })
    .await
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
        let finished = db
            .transaction::<_, Option<_>, ServiceError>(|txn| {
                let hub = hub.clone();
                Box::pin(async move {
                    // The conditional update is the claim: only one instance changes the row.
                    let changed = request::Entity::update_many()
                        .col_expr(request::Column::Status, Expr::value(RequestStatus::Closed.as_str()))
                        .col_expr(request::Column::UpdatedAt, Expr::value(now))
                        .filter(request::Column::Id.eq(candidate.id))
                        .filter(request::Column::Status.eq(RequestStatus::Resolved.as_str()))
                        .filter(request::Column::ResolvedAt.lt(cutoff))
                        .exec(txn)
                        .await?
                        .rows_affected;
                    if changed != 1 {
                        return Ok(None);
                    }
                    let mut change = RequestChange::claimed(txn, &candidate, None, now);
                    change.close(RequestStatus::Resolved, CloseReason::NoCustomerActivity).await?;
                    change.notify(NotificationEvent::ClosedForGood).await?;
                    change.finish(&hub).await.map(Some)
                })
            })
            .await?;
        if let Some(finished) = finished {
            finished.announce(hub);
            closed += 1;
        }
    }
    Ok(closed)
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
