use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `None` for an account e-mail (`notifications::AccountMail`).
    pub request_id: Option<i32>,
    pub recipient_id: i32,
    /// The `notifications::NotificationEvent` as JSON; the text is rendered when sending.
    pub event: String,
    /// pending | sent | dropped (recipient no longer subscribed or inactive)
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A worker owns the row until then; afterwards another worker may take it over.
    pub claimed_until: DateTimeUtc,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
