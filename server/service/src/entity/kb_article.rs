use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kb_articles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub external_id: Option<String>,
    pub title: String,
    /// Markdown source.
    pub body: String,
    pub product_id: Option<i32>,
    pub version_id: Option<i32>,
    /// Comma-separated tags.
    pub tags: String,
    pub is_published: bool,
    /// How often «Это решило мою проблему» was pressed.
    pub deflections: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Taken from the `kb_revision` counter on every change; search indexes catch up by it.
    pub revision: i64,
    /// Folded (lower case, «ё» → «е») title and body for the staff list search.
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
