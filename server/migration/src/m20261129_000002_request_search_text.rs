//! Requests get a normalised search column (lower case, «ё» → «е»): SQLite's LOWER() only folds
//! ASCII, so case-insensitive search over Cyrillic subjects needs the folded text stored.
//! Also creates the counter that numbers requests.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Requests {
    Table,
    SearchText,
}

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

/// Request numbers continue from here: the first request is № 1001.
const FIRST_REQUEST_NUMBER_MINUS_ONE: i64 = 1000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Requests::Table).add_column(string(Requests::SearchText).default("")).to_owned(),
            )
            .await?;
        // The counter row the request numbering increments (see portal_service::requests).
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Counters::Table)
                    .columns([Counters::Name, Counters::Value])
                    .values_panic(["request_number".into(), FIRST_REQUEST_NUMBER_MINUS_ONE.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Requests::Table).drop_column(Requests::SearchText).to_owned())
            .await
    }
}
