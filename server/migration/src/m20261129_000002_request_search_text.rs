//! Requests get a normalised search column (lower case, «ё» → «е»): SQLite's LOWER() only folds
//! ASCII, so case-insensitive search over Cyrillic subjects needs the folded text stored.
//! Also creates the counter that numbers requests and an index for status-filtered lists.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Requests {
    Table,
    SearchText,
    OrganizationId,
    Status,
    UpdatedAt,
    Id,
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
            .alter_table(Table::alter().table(Requests::Table).add_column(string(Requests::SearchText).default("")).to_owned())
            .await?;
        // «Запросы организации» filtered by status, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_requests_org_status_updated")
                    .table(Requests::Table)
                    .col(Requests::OrganizationId)
                    .col(Requests::Status)
                    .col(Requests::UpdatedAt)
                    .col(Requests::Id)
                    .to_owned(),
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
        manager.drop_index(Index::drop().name("idx_requests_org_status_updated").table(Requests::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Requests::Table).drop_column(Requests::SearchText).to_owned()).await
    }
}
