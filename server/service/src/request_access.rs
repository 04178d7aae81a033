//! Who may see a request: one rule for the request page, the live stream, posting and every
//! attachment download.
//!
//! Customers (including the organization's administrator) see the requests of their own
//! organization — the same set «Запросы организации» lists; vendor staff see every request.
//! A request of another organization answers exactly like a missing one, so its existence is
//! not revealed.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::accounts::Account;
use crate::entity::request;
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
