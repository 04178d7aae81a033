use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    /// A [domain::Role] code.
    pub role: String,
    pub organization_id: Option<i32>,
    pub is_active: bool,
    pub locale: String,
    pub time_zone: String,
    pub created_at: DateTimeUtc,
    pub deactivated_at: Option<DateTimeUtc>,
    pub last_sign_in_at: Option<DateTimeUtc>,
    /// «Профиль»: optional contact details.
    pub phone: Option<String>,
    pub position: Option<String>,
    /// «Какие письма получать» (`domain::profile::EmailPreferences`), all on by default.
    pub email_new_message: bool,
    pub email_status_changed: bool,
    pub email_resolved: bool,
    pub email_closed: bool,
    pub email_added_to_request: bool,
    /// The id of the record in the vendor's own system (`portal import`); unique when present.
    pub external_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
