use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_classifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub parent_id: Option<i32>,
    pub name: String,
    pub sort_order: i32,
    /// When an administrator retired it: the request form no longer offers it (nor what lies
    /// under it), existing requests keep showing its name.
    pub retired_at: Option<DateTimeUtc>,
    /// The id of the record in the vendor's own system (`portal import`); unique when present.
    pub external_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
