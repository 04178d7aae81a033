//! The e-mail that carries an account link («Задать пароль»): an invitation to the portal or a
//! password reset (`domain::account_link::LinkPurpose`). It goes through the notification outbox
//! like request e-mails (a row without request), so an invitation exists exactly when its person
//! does, and the same worker delivers it with the same retries.
//!
//! The link itself is issued when the e-mail is built for sending (`accounts::links::issue`): its
//! token then exists only in the e-mail — not in the outbox row, not in the database — and its
//! lifetime starts when it is sent. A retry issues a fresh link, which spends the unsent one.

use chrono::{DateTime, Utc};
use domain::Locale;
use domain::account_link::{LinkPurpose, link_path};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, TransactionTrait};

use crate::accounts::links;
use crate::entity::{notification_outbox, organization, user};
use crate::error::{ServiceError, ServiceResult};
use crate::notifications::pending_row;
use crate::notifications::render::{LinkEmailContext, RenderedEmail, render_link};

/// Queues the e-mail with a `purpose` link for `user_id`. Call it in the transaction that makes
/// the reason (the invited person, the reset request), so both commit or neither does.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, user_id: i32, purpose: LinkPurpose, now: DateTime<Utc>) -> ServiceResult<()> {
    let event = serde_json::to_string(&purpose).map_err(|error| ServiceError::Internal(error.to_string()))?;
    pending_row(None, user_id, event, now).insert(conn).await?;
    Ok(())
}

/// The purpose of an outbox row without request.
pub fn purpose_of(row: &notification_outbox::Model) -> ServiceResult<LinkPurpose> {
    serde_json::from_str(&row.event).map_err(|error| ServiceError::Internal(format!("outbox {}: {error}", row.id)))
}

/// The e-mail of `row` with a freshly issued link, or `None` when it must not be sent any more
/// (the person or their organization was switched off since).
pub(crate) async fn render_for(
    db: &DatabaseConnection,
    public_url: &str,
    row: &notification_outbox::Model,
    now: DateTime<Utc>,
) -> ServiceResult<Option<(user::Model, RenderedEmail)>> {
    let purpose = purpose_of(row)?;
    let Some(recipient) = user::Entity::find_by_id(row.recipient_id).one(db).await? else { return Ok(None) };
    // The one rule of "may sign in" (the person and their organization): no link for someone
    // who could not use it.
    let may_sign_in = crate::accounts::find_by_id(db, recipient.id).await?.is_some_and(|account| account.is_active);
    if !may_sign_in {
        return Ok(None);
    }
    let organization_name = match recipient.organization_id {
        Some(id) => organization::Entity::find_by_id(id).one(db).await?.map(|organization| organization.name),
        None => None,
    };
    let transaction = db.begin().await?;
    let token = links::issue(&transaction, recipient.id, purpose, now).await?;
    transaction.commit().await?;
    let ctx = LinkEmailContext {
        locale: Locale::parse(&recipient.locale).unwrap_or_default(),
        recipient_name: &recipient.display_name,
        organization_name: organization_name.as_deref(),
        link_url: format!("{public_url}{}", link_path(&token)),
        sign_in_url: format!("{public_url}/login"),
    };
    let rendered = render_link(purpose, &ctx);
    Ok(Some((recipient, rendered)))
}
