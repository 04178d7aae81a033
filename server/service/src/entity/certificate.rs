use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// A [domain::CertificateKind] code.
    pub kind: String,
    pub number: String,
    pub organization_id: i32,
    pub covers_all_products: bool,
    pub valid_from: Date,
    pub valid_to: Date,
    /// The id of the record in the vendor's own system (`portal import`); unique when present.
    pub external_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
