//! tower-sessions store on the portal's own database, so sessions survive restarts and are
//! shared by every app instance on one PostgreSQL.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use crate::entity::session;
use crate::error::ServiceResult;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend_error(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn to_chrono(at: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn to_row(record: &Record) -> session_store::Result<session::ActiveModel> {
    let data = serde_json::to_string(record).map_err(|error| session_store::Error::Encode(error.to_string()))?;
    Ok(session::ActiveModel { id: Set(record.id.to_string()), data: Set(data), expires_at: Set(to_chrono(record.expiry_date)) })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; a collision is astronomically unlikely but still handled.
        loop {
            let exists = session::Entity::find_by_id(record.id.to_string()).one(&self.db).await.map_err(backend_error)?.is_some();
            if !exists {
                break;
            }
            record.id = Id::default();
        }
        session::Entity::insert(to_row(record)?).exec(&self.db).await.map_err(backend_error)?;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(to_row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([session::Column::Data, session::Column::ExpiresAt])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend_error)?;
        row.map(|row| serde_json::from_str(&row.data).map_err(|error| session_store::Error::Decode(error.to_string())))
            .transpose()
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend_error)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(Utc::now()))
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}

/// Deletes every session of the user (deactivation, a new password). axum-login keeps the user id in the session record
/// (`"<its key>":{"user_id":N,…}`); the LIKE narrows the rows, the JSON check confirms.
/// (The auth backend also refuses inactive users, so a session missed here still ends.)
pub(crate) async fn end_sessions_of(txn: &impl sea_orm::ConnectionTrait, user_id: i32) -> ServiceResult<()> {
    let candidates =
        session::Entity::find().filter(session::Column::Data.like(format!("%\"user_id\":{user_id}%"))).all(txn).await?;
    let ids: Vec<String> =
        candidates.into_iter().filter(|row| session_user_id(&row.data) == Some(user_id)).map(|row| row.id).collect();
    if !ids.is_empty() {
        session::Entity::delete_many().filter(session::Column::Id.is_in(ids)).exec(txn).await?;
    }
    Ok(())
}

fn session_user_id(data: &str) -> Option<i32> {
    let record: serde_json::Value = serde_json::from_str(data).ok()?;
    // Whatever key axum-login is configured with, its entry is the one holding `user_id`.
    record
        .get("data")?
        .as_object()?
        .values()
        .find_map(|entry| entry.get("user_id")?.as_i64().and_then(|id| i32::try_from(id).ok()))
}
