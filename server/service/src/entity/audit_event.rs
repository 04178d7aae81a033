use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub actor_id: Option<i32>,
    pub organization_id: Option<i32>,
    pub request_id: Option<i32>,
    /// What the event is about when there is no row to point to (e.g. the e-mail of a failed sign-in).
    pub subject: Option<String>,
    /// JSON object with event details.
    pub details: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
