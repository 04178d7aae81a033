//! «Создать связанный запрос»: a closed request is never reopened; the customer opens a new one
//! that copies its type, product parameters and a subject «Связан с № N» (not the chat), with
//! the additional information they write. Numbering and creation go through
//! `requests::create_related`, the one creation path.

use chrono::{DateTime, Utc};
use domain::RequestStatus;
use domain::lifecycle::linked;
use domain::request::NewRequest;
use domain::validation::Code;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::accounts::Account;
use crate::entity::request;
use crate::error::{ServiceError, ServiceResult};
use crate::requests::access::find_viewable;
use crate::requests::{self, Author, Created};

/// The links of one request, by number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    /// The closed request this one was created from.
    pub continues: Option<i64>,
    /// Requests created from this one, oldest first.
    pub continued_by: Vec<i64>,
}

pub async fn links_of(db: &impl ConnectionTrait, request: &request::Model) -> ServiceResult<Links> {
    let continues = match request.related_request_id {
        Some(id) => request::Entity::find_by_id(id).one(db).await?.map(|related| related.number),
        None => None,
    };
    let continued_by = request::Entity::find()
        .filter(request::Column::RelatedRequestId.eq(request.id))
        .order_by_asc(request::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(|linked| linked.number)
        .collect();
    Ok(Links { continues, continued_by })
}

/// Creates the linked request to closed request `number`. `NotFound` when the account may not
/// see it, `Forbidden` for staff (customers write requests), `Invalid(Code::LinkedNotClosed)` when
/// it is not closed, `linked.info_required`/`linked.info_too_long` for the text, and whatever
/// `requests::create` refuses (e.g. an expired certificate for a services request).
pub async fn create_linked(
    db: &DatabaseConnection,
    account: &Account,
    number: i64,
    info: &str,
    idempotency_key: &str,
    attachment_ids: &[i32],
    now: DateTime<Utc>,
) -> ServiceResult<Created> {
    let closed = find_viewable(db, account, number).await?;
    let organization_id = match (account.role.is_customer_side(), account.organization_id) {
        (true, Some(organization_id)) if organization_id == closed.organization_id => organization_id,
        _ => return Err(ServiceError::Forbidden),
    };
    if RequestStatus::parse(&closed.status) != Some(RequestStatus::Closed) {
        return Err(ServiceError::Invalid(Code::LinkedNotClosed));
    }
    linked::validate_info(info).map_err(ServiceError::Invalid)?;
    let kind = closed.parsed_kind()?;
    let input = NewRequest {
        kind: Some(kind),
        subject: linked::subject(closed.number),
        description: info.trim().to_owned(),
        product_id: closed.product_id,
        version_id: closed.version_id,
        update_id: closed.update_id,
        certificate_id: closed.certificate_id,
        classification_id: closed.classification_id,
        idempotency_key: idempotency_key.to_owned(),
        attachment_ids: attachment_ids.to_vec(),
        draft_id: None,
    };
    let author = Author { user_id: account.id, organization_id };
    requests::create_related(db, author, input, Some(closed.id), now).await
}
