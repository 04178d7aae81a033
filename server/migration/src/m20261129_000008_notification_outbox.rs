//! E-mail notifications: a durable outbox (one row per recipient and event, written in the
//! transaction of the action that caused it) and a key/value `settings` table that holds the
//! generated secret signing unsubscribe links, so every app instance on one database agrees.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NotificationOutbox {
    Table,
    Id,
    RequestId,
    RecipientId,
    Event,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Name,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NotificationOutbox::Table)
                    .col(big_integer(NotificationOutbox::Id).auto_increment().primary_key())
                    .col(integer(NotificationOutbox::RequestId))
                    .col(integer(NotificationOutbox::RecipientId))
                    .col(text(NotificationOutbox::Event))
                    .col(string(NotificationOutbox::Status).default("pending"))
                    .col(integer(NotificationOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(NotificationOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone(NotificationOutbox::ClaimedUntil))
                    .col(text_null(NotificationOutbox::LastError))
                    .col(timestamp_with_time_zone(NotificationOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(NotificationOutbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_outbox_request")
                            .from(NotificationOutbox::Table, NotificationOutbox::RequestId)
                            .to(Alias::new("requests"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_outbox_recipient")
                            .from(NotificationOutbox::Table, NotificationOutbox::RecipientId)
                            .to(Alias::new("users"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The worker's claim query: pending rows that are due.
        manager
            .create_index(
                Index::create()
                    .name("idx_notification_outbox_due")
                    .table(NotificationOutbox::Table)
                    .col(NotificationOutbox::Status)
                    .col(NotificationOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(string(Settings::Name).primary_key())
                    .col(text(Settings::Value))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Settings::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NotificationOutbox::Table).to_owned()).await
    }
}
