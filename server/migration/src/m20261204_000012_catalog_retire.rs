//! Catalog administration: products, versions, updates and service classifications can be
//! retired (`retired_at`) instead of deleted, so the request form stops offering them while
//! existing requests keep their names. Also the `catalog_revision` counter every catalog change
//! increments as its first write: that row lock (SQLite: the write lock) serialises catalog
//! changes, which is what keeps sibling names unique case-insensitively (see
//! `portal_service::catalog::admin`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Products {
    Table,
}

#[derive(DeriveIden)]
enum ProductVersions {
    Table,
}

#[derive(DeriveIden)]
enum ProductUpdates {
    Table,
}

#[derive(DeriveIden)]
enum ServiceClassifications {
    Table,
}

#[derive(DeriveIden)]
enum Catalog {
    RetiredAt,
}

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

/// The counter row catalog changes take first (`portal_service::catalog::admin`).
const CATALOG_REVISION: &str = "catalog_revision";

fn tables() -> [TableRef; 4] {
    [
        Products::Table.into_table_ref(),
        ProductVersions::Table.into_table_ref(),
        ProductUpdates::Table.into_table_ref(),
        ServiceClassifications::Table.into_table_ref(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on every backend: four tables change together or not at all.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager
                .alter_table(Table::alter().table(table).add_column(timestamp_with_time_zone_null(Catalog::RetiredAt)).to_owned())
                .await?;
        }
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Counters::Table)
                    .columns([Counters::Name, Counters::Value])
                    .values_panic([CATALOG_REVISION.into(), 0i64.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete().from_table(Counters::Table).and_where(Expr::col(Counters::Name).eq(CATALOG_REVISION)).to_owned(),
            )
            .await?;
        for table in tables() {
            manager.alter_table(Table::alter().table(table).drop_column(Catalog::RetiredAt).to_owned()).await?;
        }
        Ok(())
    }
}
