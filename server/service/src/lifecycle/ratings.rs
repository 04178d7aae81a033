//! «Оцените работу поддержки»: one rating (1–5 stars, optional comment) per request and user,
//! changeable while the request is «Решено»; staff read them and their average.

use chrono::{DateTime, Utc};
use domain::lifecycle::{self, ReopenWindow, rating};
use domain::validation::Code;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqlErr,
};
use serde::{Deserialize, Serialize};

use crate::accounts::Account;
use crate::entity::{rating as rating_entity, user};
use crate::error::{ServiceError, ServiceResult};
use crate::requests::access::find_viewable;

/// A rating as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    pub author_name: String,
    pub stars: i16,
    pub comment: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// The workspace's average rating and how many ratings it is taken over.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingSummary {
    pub average: f64,
    pub count: u64,
}

/// Saves the signed-in customer's rating of the request (creates or changes it).
/// `Forbidden` for staff; `Invalid`: rating.stars, rating.comment_too_long, rating.not_finished
/// (not resolved/closed), rating.final (closed and already rated).
pub async fn rate(
    db: &DatabaseConnection,
    account: &Account,
    number: i64,
    stars: i16,
    comment: Option<&str>,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> ServiceResult<RatingView> {
    let request = find_viewable(db, account, number).await?;
    if !account.role.is_customer_side() {
        return Err(ServiceError::Forbidden);
    }
    let comment = comment.map(str::trim).filter(|text| !text.is_empty());
    rating::validate(stars, comment).map_err(ServiceError::Invalid)?;
    let status = lifecycle::effective_status(request.parsed_status()?, request.resolved_at, now, window);
    if !rating::may_rate(status) {
        return Err(ServiceError::Invalid(Code::RatingNotFinished));
    }
    let existing = find(db, request.id, account.id).await?;
    if !rating::may_save(status, existing.is_some()) {
        return Err(ServiceError::Invalid(Code::RatingFinal));
    }
    let comment = comment.map(str::to_owned);
    let saved = match existing {
        Some(row) => {
            let mut row: rating_entity::ActiveModel = row.into();
            row.stars = Set(stars);
            row.comment = Set(comment);
            row.updated_at = Set(now);
            row.update(db).await?
        }
        None => {
            let inserted = rating_entity::ActiveModel {
                request_id: Set(request.id),
                user_id: Set(account.id),
                stars: Set(stars),
                comment: Set(comment.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await;
            match inserted {
                Ok(row) => row,
                // A double submit raced us: the unique (request, user) index kept one row; update it.
                Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    let row = find(db, request.id, account.id).await?.ok_or(ServiceError::Db(error))?;
                    let mut row: rating_entity::ActiveModel = row.into();
                    row.stars = Set(stars);
                    row.comment = Set(comment);
                    row.updated_at = Set(now);
                    row.update(db).await?
                }
                Err(error) => return Err(error.into()),
            }
        }
    };
    Ok(RatingView {
        author_name: account.display_name.clone(),
        stars: saved.stars,
        comment: saved.comment,
        updated_at: saved.updated_at,
    })
}

/// The signed-in account's own rating of the request, if any.
pub async fn my_rating(db: &impl ConnectionTrait, account: &Account, request_id: i32) -> ServiceResult<Option<RatingView>> {
    Ok(find(db, request_id, account.id).await?.map(|row| RatingView {
        author_name: account.display_name.clone(),
        stars: row.stars,
        comment: row.comment,
        updated_at: row.updated_at,
    }))
}

/// Every rating of the request, for support staff (`Forbidden` for customers).
pub async fn request_ratings(db: &DatabaseConnection, account: &Account, number: i64) -> ServiceResult<Vec<RatingView>> {
    let request = find_viewable(db, account, number).await?;
    if !account.role.is_staff() {
        return Err(ServiceError::Forbidden);
    }
    let rows = rating_entity::Entity::find()
        .filter(rating_entity::Column::RequestId.eq(request.id))
        .order_by_asc(rating_entity::Column::Id)
        .all(db)
        .await?;
    let authors = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|row| row.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| RatingView {
            author_name: authors.iter().find(|u| u.id == row.user_id).map(|u| u.display_name.clone()).unwrap_or_default(),
            stars: row.stars,
            comment: row.comment,
            updated_at: row.updated_at,
        })
        .collect())
}

/// The average of all ratings, for the staff workspace (`Forbidden` for customers).
pub async fn average(db: &DatabaseConnection, account: &Account) -> ServiceResult<Option<RatingSummary>> {
    if !account.role.is_staff() || !account.is_active {
        return Err(ServiceError::Forbidden);
    }
    // SUM and COUNT come back as 64-bit integers on both SQLite and PostgreSQL (AVG would not).
    let (total, count): (Option<i64>, i64) = rating_entity::Entity::find()
        .select_only()
        .column_as(Expr::expr(Func::sum(Expr::col(rating_entity::Column::Stars))), "total")
        .column_as(Expr::expr(Func::count(Expr::col(rating_entity::Column::Id))), "count")
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((None, 0));
    match total {
        Some(total) if count > 0 => Ok(Some(RatingSummary { average: total as f64 / count as f64, count: count as u64 })),
        _ => Ok(None),
    }
}

async fn find(db: &impl ConnectionTrait, request_id: i32, user_id: i32) -> ServiceResult<Option<rating_entity::Model>> {
    Ok(rating_entity::Entity::find()
        .filter(rating_entity::Column::RequestId.eq(request_id))
        .filter(rating_entity::Column::UserId.eq(user_id))
        .one(db)
        .await?)
}
