//! Who may see a request (one rule for the request page, the live stream, posting and every
//! attachment download) and who may close or share it.
//!
//! Customers (including the organization's administrator) see the requests of their own
//! organization — the same set «Запросы организации» lists; vendor staff see every request.
//! A request of another organization answers exactly like a missing one, so its existence is
//! not revealed.

use domain::Role;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::accounts::Account;
use crate::entity::{attachment, request, request_participant};
use crate::error::{ServiceError, ServiceResult};

pub fn can_view(account: &Account, request: &request::Model) -> bool {
    if !account.is_active {
        return false;
    }
    if account.role.is_staff() {
        return true;
    }
    account.organization_id == Some(request.organization_id)
}

/// The request with this number if the account may see it; `NotFound` otherwise.
pub async fn find_viewable(db: &impl ConnectionTrait, account: &Account, number: i64) -> ServiceResult<request::Model> {
    request::Entity::find()
        .filter(request::Column::Number.eq(number))
        .one(db)
        .await?
        .filter(|request| can_view(account, request))
        .ok_or(ServiceError::NotFound)
}

/// The request by id if the account may see it; `NotFound` otherwise.
pub async fn find_viewable_by_id(db: &impl ConnectionTrait, account: &Account, request_id: i32) -> ServiceResult<request::Model> {
    request::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .filter(|request| can_view(account, request))
        .ok_or(ServiceError::NotFound)
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

/// The attachment if the account may download it: a file of a request it may see, or an upload
/// of its own not yet attached (or attached only to a draft). `NotFound` otherwise, like a
/// missing file, so a file's existence is not revealed.
pub async fn find_downloadable(db: &impl ConnectionTrait, account: &Account, id: i32) -> ServiceResult<attachment::Model> {
    let file = attachment::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    match file.request_id {
        Some(request_id) => {
            find_viewable_by_id(db, account, request_id).await?;
        }
        None if file.uploader_id == account.id => {}
        None => return Err(ServiceError::NotFound),
    }
    Ok(file)
}
