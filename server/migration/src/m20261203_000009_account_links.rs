//! Single-use account links: an invitation to set one's first password (7 days) or a password
//! reset (1 hour). Only the SHA-256 of the random token is stored, so the table alone opens no
//! account.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccountLinks {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccountLinks::Table)
                    .col(big_integer(AccountLinks::Id).auto_increment().primary_key())
                    .col(integer(AccountLinks::UserId))
                    .col(string(AccountLinks::Purpose))
                    .col(string(AccountLinks::TokenHash).unique_key())
                    .col(timestamp_with_time_zone(AccountLinks::CreatedAt))
                    .col(timestamp_with_time_zone(AccountLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccountLinks::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_account_links_user")
                            .from(AccountLinks::Table, AccountLinks::UserId)
                            .to(Alias::new("users"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_account_links_user")
                    .table(AccountLinks::Table)
                    .col(AccountLinks::UserId)
                    .col(AccountLinks::Purpose)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AccountLinks::Table).to_owned()).await
    }
}
