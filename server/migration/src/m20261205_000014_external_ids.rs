//! `portal import`: the records a vendor loads from its CRM carry the CRM's own id, so a second
//! run of the same file finds them again. Seven tables get a nullable `external_id` with a unique
//! index (rows made in the administration pages have none; unique indexes let NULLs repeat on
//! both backends).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imported {
    ExternalId,
}

/// The tables, with the name each index gets.
const TABLES: [&str; 7] =
    ["organizations", "users", "certificates", "products", "product_versions", "product_updates", "service_classifications"];

fn index_name(table: &str) -> String {
    format!("idx_{table}_external_id")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on every backend: seven tables change together or not at all.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .alter_table(Table::alter().table(Alias::new(table)).add_column(string_null(Imported::ExternalId)).to_owned())
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name(index_name(table))
                        .table(Alias::new(table))
                        .col(Imported::ExternalId)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager.drop_index(Index::drop().name(index_name(table)).table(Alias::new(table)).to_owned()).await?;
            manager.alter_table(Table::alter().table(Alias::new(table)).drop_column(Imported::ExternalId).to_owned()).await?;
        }
        Ok(())
    }
}
