use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub created_at: DateTimeUtc,
    /// Checked by `domain::organization::check_inn`; unique when present.
    pub inn: Option<String>,
    pub kpp: Option<String>,
    pub contact_email: Option<String>,
    /// A deactivated organization's people cannot sign in (`accounts::Account::is_active`).
    pub is_active: bool,
    pub deactivated_at: Option<DateTimeUtc>,
    /// `name` folded for search (`domain::request::normalize_for_search`), written with it.
    pub name_search: String,
    /// The id of the record in the vendor's own system (`portal import`); unique when present.
    pub external_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
