//! Support requests: who sees which ones.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entity::{request, request_participant};
use crate::error::ServiceResult;

/// Requests a user authored or takes part in («Мои запросы»).
pub fn of_user_condition(user_id: i32) -> Condition {
    Condition::any().add(request::Column::AuthorId.eq(user_id)).add(
        request::Column::Id.in_subquery(
            Query::select()
                .column(request_participant::Column::RequestId)
                .from(request_participant::Entity)
                .and_where(request_participant::Column::UserId.eq(user_id))
                .to_owned(),
        ),
    )
}

pub async fn count_of_user(db: &impl ConnectionTrait, user_id: i32) -> ServiceResult<u64> {
    Ok(request::Entity::find().filter(of_user_condition(user_id)).count(db).await?)
}

pub async fn count_of_organization(db: &impl ConnectionTrait, organization_id: i32) -> ServiceResult<u64> {
    Ok(request::Entity::find().filter(request::Column::OrganizationId.eq(organization_id)).count(db).await?)
}

pub async fn count_all(db: &impl ConnectionTrait) -> ServiceResult<u64> {
    Ok(request::Entity::find().count(db).await?)
}
