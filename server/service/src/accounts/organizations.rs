//! Customer organizations.

use chrono::{DateTime, Utc};
use domain::validation::Code;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, Set};

use crate::entity::organization;
use crate::error::{ServiceError, ServiceResult};

pub async fn create(db: &impl ConnectionTrait, name: &str, now: DateTime<Utc>) -> ServiceResult<organization::Model> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ServiceError::Invalid(Code::OrganizationNameLength));
    }
    Ok(organization::ActiveModel { name: Set(name.to_owned()), created_at: Set(now), ..Default::default() }.insert(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> ServiceResult<Option<organization::Model>> {
    Ok(organization::Entity::find_by_id(id).one(db).await?)
}

pub async fn list(db: &impl ConnectionTrait) -> ServiceResult<Vec<organization::Model>> {
    Ok(organization::Entity::find().order_by_asc(organization::Column::Name).all(db).await?)
}

pub async fn count(db: &impl ConnectionTrait) -> ServiceResult<u64> {
    Ok(organization::Entity::find().count(db).await?)
}
