//! Unsent request forms. Drafts are private to their author.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entity::draft;
use crate::error::ServiceResult;

pub async fn count_of_user(db: &impl ConnectionTrait, user_id: i32) -> ServiceResult<u64> {
    Ok(draft::Entity::find().filter(draft::Column::UserId.eq(user_id)).count(db).await?)
}
