//! tower-sessions store on the portal's own database, so sessions survive restarts and are
//! shared by every app instance on one PostgreSQL.

use chrono::{DateTime, Utc};
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

/// The record key of the last noted activity (Unix seconds), set by the server's page guard at
/// most once per [`ACTIVITY_STEP`], so an active session is saved — and its row's
/// `last_seen_at` moves — without a write on every request.
pub const SEEN_AT_KEY: &str = "portal.seen_at";
pub const ACTIVITY_STEP: chrono::Duration = chrono::Duration::minutes(1);

/// The record key under which `app::server::start_session` keeps where the session was started:
/// `{"user_agent": "…", "address": "…"}` (a [`ClientInfo`]). The store copies it into columns.
pub const CLIENT_KEY: &str = "portal.client";

/// Where a session was started, as kept under [`CLIENT_KEY`].
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ClientInfo {
    pub user_agent: Option<String>,
    pub address: Option<String>,
}

impl ClientInfo {
    /// At most 512 characters of the `User-Agent`: it is shown, never parsed for access.
    pub fn new(user_agent: Option<&str>, address: Option<String>) -> ClientInfo {
        ClientInfo { user_agent: user_agent.map(|agent| agent.chars().take(512).collect()), address }
    }
}

/// The row of a record: its JSON, and — so «Активные сеансы» is an indexed query — whose it is
/// and where it was started, read from the record itself; `now` is its last activity.
fn to_row(record: &Record, now: DateTime<Utc>) -> session_store::Result<session::ActiveModel> {
    let data = serde_json::to_string(record).map_err(|error| session_store::Error::Encode(error.to_string()))?;
    let client: ClientInfo =
        record.data.get(CLIENT_KEY).and_then(|value| serde_json::from_value(value.clone()).ok()).unwrap_or_default();
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        expires_at: Set(to_chrono(record.expiry_date)),
        user_id: Set(record_user_id(record.data.values())),
        created_at: Set(Some(now)),
        last_seen_at: Set(Some(now)),
        user_agent: Set(client.user_agent),
        address: Set(client.address),
    })
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
        session::Entity::insert(to_row(record, Utc::now())?).exec(&self.db).await.map_err(backend_error)?;
        Ok(())
    }

    /// Updates the row and never inserts one: tower-sessions calls `save` only for a session it
    /// loaded (new ones go through `create`), so a missing row means the session was ended
    /// meanwhile («Завершить», a new password, deactivation) by another request, and a request
    /// of that session still in flight must not bring it back.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let mut row = to_row(record, Utc::now())?;
        row.created_at = sea_orm::ActiveValue::NotSet;
        session::Entity::update_many()
            .set(row)
            .filter(session::Column::Id.eq(record.id.to_string()))
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

/// Deletes every session of the user (deactivation, a new password) but `keep` (the id of the
/// session asking, when it stays signed in). Rows name their user (`user_id`, indexed); rows
/// written before that column existed are found by the user id in their JSON: the LIKE narrows
/// them, the JSON check confirms. (The auth backend also refuses inactive users and sessions are
/// bound to the password hash, so a session missed here still ends.)
pub(crate) async fn end_sessions_of(txn: &impl sea_orm::ConnectionTrait, user_id: i32, keep: Option<&str>) -> ServiceResult<u64> {
    let mut ended = 0;
    let mut by_column = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        by_column = by_column.filter(session::Column::Id.ne(keep));
    }
    ended += by_column.exec(txn).await?.rows_affected;
    let candidates = session::Entity::find()
        .filter(session::Column::UserId.is_null())
        .filter(session::Column::Data.like(format!("%\"user_id\":{user_id}%")))
        .all(txn)
        .await?;
    let ids: Vec<String> = candidates
        .into_iter()
        .filter(|row| Some(row.id.as_str()) != keep && session_user_id(&row.data) == Some(user_id))
        .map(|row| row.id)
        .collect();
    if !ids.is_empty() {
        ended += session::Entity::delete_many().filter(session::Column::Id.is_in(ids)).exec(txn).await?.rows_affected;
    }
    Ok(ended)
}

/// The opaque handle «Активные сеансы» names a session by: the SHA-256 of its id (the id is the
/// cookie and never leaves the server), 32 hex digits.
pub fn handle_of(session_id: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(session_id.as_bytes()).iter().take(16).map(|byte| format!("{byte:02x}")).collect()
}

fn session_user_id(data: &str) -> Option<i32> {
    let record: serde_json::Value = serde_json::from_str(data).ok()?;
    record_user_id(record.get("data")?.as_object()?.values())
}

/// Whatever key axum-login is configured with, its entry is the one holding `user_id`.
fn record_user_id<'a>(mut entries: impl Iterator<Item = &'a serde_json::Value>) -> Option<i32> {
    entries.find_map(|entry| entry.get("user_id")?.as_i64().and_then(|id| i32::try_from(id).ok()))
}
