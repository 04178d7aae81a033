//! The one writer of changes to a request: status, system lines of the chat, audit events, queued
//! e-mails and the live signal that makes open pages fetch what changed.
//!
//! [`change_request`] runs one change in its own transaction. Inside a transaction of the
//! caller's (several requests at once, or a conditional update that claims the row first):
//! 1. [`RequestChange::lock`] (or [`RequestChange::claimed`] after a conditional update that
//!    already took the row) — the first write, which orders concurrent changes of one request;
//! 2. the change itself through its methods (status, lines, audit, e-mail); the caller writes
//!    whatever else belongs to it (an assignee, a participant, a user message) with
//!    [`RequestChange::txn`];
//! 3. [`RequestChange::finish`] inside the transaction (tells the other instances), then, after
//!    the commit, [`Finished::announce`] (tells the pages open on this instance).
//!
//! Rules (who may do what, which status may follow which) stay with their features; this module
//! only writes.

use chrono::{DateTime, Utc};
use domain::RequestStatus;
use domain::chat::{MessageKind, SystemEvent};
use domain::lifecycle::CloseReason;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use crate::audit::{self, AuditEvent};
use crate::entity::{message, request};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::notifications::{self, NotificationEvent};
use domain::audit::{AuditKind, AuditTopic, AuditVerb};

/// Changes one request in a transaction of its own: locks the row, lets `apply` make the change
/// (an error rolls everything back), then commits and signals the open pages.
pub(crate) async fn change_request<T>(
    db: &DatabaseConnection,
    hub: &LiveHub,
    request: &request::Model,
    actor_id: Option<i32>,
    now: DateTime<Utc>,
    apply: impl AsyncFnOnce(&mut RequestChange<'_, DatabaseTransaction>) -> ServiceResult<T>,
) -> ServiceResult<T> {
    let txn = db.begin().await?;
    let mut change = RequestChange::lock(&txn, request, actor_id, now).await?;
    let value = apply(&mut change).await?;
    let finished = change.finish(hub).await?;
    txn.commit().await?;
    finished.announce(hub);
    Ok(value)
}

/// One change to one request, open inside a transaction.
pub(crate) struct RequestChange<'t, C: ConnectionTrait> {
    txn: &'t C,
    request_id: i32,
    organization_id: i32,
    /// Who made the change: the audit's actor and the e-mails' sender; None for the system.
    actor_id: Option<i32>,
    now: DateTime<Utc>,
    /// The newest chat line this change wrote: what the live signal points at.
    last_line: Option<i64>,
}

/// A finished change whose transaction is about to commit: announce it once it has.
#[must_use = "announce the change after the transaction committed"]
pub(crate) struct Finished {
    signal: Option<(i32, i64)>,
}

impl<'t, C: ConnectionTrait> RequestChange<'t, C> {
    /// Starts a change with its first write: `updated_at`, which also locks the request row, so
    /// changes of one request commit one after the other (and chat ids grow in commit order).
    pub async fn lock(
        txn: &'t C,
        request: &request::Model,
        actor_id: Option<i32>,
        now: DateTime<Utc>,
    ) -> ServiceResult<RequestChange<'t, C>> {
        request::Entity::update_many()
            .col_expr(request::Column::UpdatedAt, Expr::value(now))
            .filter(request::Column::Id.eq(request.id))
            .exec(txn)
            .await?;
        Ok(RequestChange::claimed(txn, request, actor_id, now))
    }

    /// Starts a change after the caller's own conditional update took the row (and set
    /// `updated_at` if the change should count as one).
    pub fn claimed(txn: &'t C, request: &request::Model, actor_id: Option<i32>, now: DateTime<Utc>) -> RequestChange<'t, C> {
        RequestChange { txn, request_id: request.id, organization_id: request.organization_id, actor_id, now, last_line: None }
    }

    /// The request being changed.
    pub fn request_id(&self) -> i32 {
        self.request_id
    }

    /// When the change is made.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The transaction, for what the caller writes besides the change itself.
    pub fn txn(&self) -> &'t C {
        self.txn
    }

    /// The status as it is now, read after [`RequestChange::lock`]: a concurrent change that
    /// committed first is seen.
    pub async fn current_status(&self) -> ServiceResult<RequestStatus> {
        let model = request::Entity::find_by_id(self.request_id).one(self.txn).await?.ok_or(ServiceError::NotFound)?;
        model.parsed_status()
    }

    /// Moves the request from `from` to `to` (with its «решён» time) and records it: audit event
    /// and the chat's status line. E-mails are the caller's: a status reached by a customer's
    /// comment is announced by the comment's own e-mail.
    pub async fn set_status(&mut self, from: RequestStatus, to: RequestStatus) -> ServiceResult<()> {
        let update = request::Entity::update_many()
            .col_expr(request::Column::Status, Expr::value(to.as_str()))
            .filter(request::Column::Id.eq(self.request_id));
        let update = match to {
            RequestStatus::Resolved => update.col_expr(request::Column::ResolvedAt, Expr::value(self.now)),
            RequestStatus::InProgress | RequestStatus::AwaitingCustomer | RequestStatus::New => {
                update.col_expr(request::Column::ResolvedAt, Expr::value(Option::<DateTime<Utc>>::None))
            }
            RequestStatus::Closed => update.col_expr(request::Column::ClosedAt, Expr::value(self.now)),
        };
        update.exec(self.txn).await?;
        self.audit(AuditVerb::StatusChanged, serde_json::json!({ "from": from.as_str(), "to": to.as_str() })).await?;
        self.line(&SystemEvent::StatusChanged { from, to }).await
    }

    /// Closes the request for good (`reason` is kept on the request) and records it: audit event
    /// `request.closed` and the chat's status line.
    pub async fn close(&mut self, from: RequestStatus, reason: CloseReason) -> ServiceResult<()> {
        request::Entity::update_many()
            .col_expr(request::Column::Status, Expr::value(RequestStatus::Closed.as_str()))
            .col_expr(request::Column::ClosedAt, Expr::value(self.now))
            .col_expr(request::Column::CloseReason, Expr::value(reason.as_str()))
            .filter(request::Column::Id.eq(self.request_id))
            .exec(self.txn)
            .await?;
        self.audit(AuditVerb::Closed, serde_json::json!({ "from": from.as_str(), "reason": reason.as_str() })).await?;
        self.line(&SystemEvent::StatusChanged { from, to: RequestStatus::Closed }).await
    }

    /// Adds a system line signed by the actor.
    pub async fn line(&mut self, event: &SystemEvent) -> ServiceResult<()> {
        self.insert_line(self.actor_id, event).await
    }

    /// Adds a system line the system states itself (the event names who acted).
    pub async fn unsigned_line(&mut self, event: &SystemEvent) -> ServiceResult<()> {
        self.insert_line(None, event).await
    }

    /// A user message written by the caller in this change: the live signal points at it unless
    /// a later line follows.
    pub fn message_written(&mut self, message_id: i64) {
        self.last_line = Some(self.last_line.map_or(message_id, |last| last.max(message_id)));
    }

    /// Records an audit event of this request by the actor.
    pub async fn audit(&self, verb: AuditVerb, details: serde_json::Value) -> ServiceResult<()> {
        let event = AuditEvent {
            kind: AuditKind::new(AuditTopic::Request, verb),
            actor_id: self.actor_id,
            organization_id: Some(self.organization_id),
            request_id: Some(self.request_id),
            subject: None,
            details,
        };
        audit::record(self.txn, event, self.now).await
    }

    /// Queues the e-mails of `event` to the request's subscribed participants.
    pub async fn notify(&self, event: NotificationEvent) -> ServiceResult<()> {
        notifications::enqueue(self.txn, self.request_id, self.actor_id, event, self.now).await
    }

    /// Ends the change inside the transaction: tells the other instances (delivered when the
    /// transaction commits). A change that wrote no chat line sends no signal.
    pub async fn finish(self, hub: &LiveHub) -> ServiceResult<Finished> {
        let signal = self.last_line.map(|line| (self.request_id, line));
        if let Some((request_id, line)) = signal {
            hub.notify_in_transaction(self.txn, request_id, line).await?;
        }
        Ok(Finished { signal })
    }

    /// The one writer of system lines, so every line is a [`SystemEvent`] the UI and the PDF can
    /// word.
    async fn insert_line(&mut self, author_id: Option<i32>, event: &SystemEvent) -> ServiceResult<()> {
        let body = serde_json::to_string(event).map_err(|error| ServiceError::Internal(format!("system event: {error}")))?;
        let inserted = message::ActiveModel {
            request_id: Set(self.request_id),
            author_id: Set(author_id),
            kind: Set(MessageKind::System.as_str().to_owned()),
            body: Set(body),
            client_message_id: Set(None),
            created_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.txn)
        .await?;
        self.message_written(inserted.id);
        Ok(())
    }
}

impl Finished {
    /// After the commit: the pages open on this instance fetch the new lines.
    pub fn announce(self, hub: &LiveHub) {
        if let Some((request_id, line)) = self.signal {
            hub.message_committed(request_id, line);
        }
    }
}

/// Announces every change of a transaction that changed several requests, after it committed.
pub(crate) fn announce_all(finished: Vec<Finished>, hub: &LiveHub) {
    for change in finished {
        change.announce(hub);
    }
}
