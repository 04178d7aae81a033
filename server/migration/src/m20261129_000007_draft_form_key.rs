//! Drafts are named by the form they keep (its idempotency key), so every save of one form —
//! autosave, the page-hide beacon, a local copy sent after an outage — updates one draft.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Drafts {
    Table,
    UserId,
    FormKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Drafts::Table).add_column(string_null(Drafts::FormKey)).to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_drafts_user_form_key")
                    .table(Drafts::Table)
                    .col(Drafts::UserId)
                    .col(Drafts::FormKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_drafts_user_form_key").table(Drafts::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Drafts::Table).drop_column(Drafts::FormKey).to_owned()).await
    }
}
