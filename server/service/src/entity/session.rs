use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The tower-sessions record as JSON.
    pub data: String,
    pub expires_at: DateTimeUtc,
    /// The signed-in user (from the record's axum-login entry); `None` for anonymous sessions
    /// and rows written before migration 15.
    pub user_id: Option<i32>,
    pub created_at: Option<DateTimeUtc>,
    pub last_seen_at: Option<DateTimeUtc>,
    /// Where the session was started (`session_store::CLIENT_KEY`).
    pub user_agent: Option<String>,
    pub address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
