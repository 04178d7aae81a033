//! Account e-mails (an invitation, a password reset) go through the notification outbox too, so
//! they are written in the transaction of the action that causes them and delivered by the same
//! worker. They belong to no request: `notification_outbox.request_id` becomes nullable.
//!
//! PostgreSQL drops the constraint in place; SQLite cannot change a column, so the table is
//! rebuilt (nothing references it, so dropping the old one touches no other table).

use sea_orm_migration::sea_orm::DbBackend;
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

const COLUMNS: &str =
    "id, request_id, recipient_id, event, status, attempts, next_attempt_at, claimed_until, last_error, created_at, sent_at";

/// The outbox table under `name`, with `request_id` as `request_id_nullable` says.
fn outbox_table(name: &str, request_id_nullable: bool) -> TableCreateStatement {
    let request_id =
        if request_id_nullable { integer_null(NotificationOutbox::RequestId) } else { integer(NotificationOutbox::RequestId) };
    Table::create()
        .table(Alias::new(name))
        .col(big_integer(NotificationOutbox::Id).auto_increment().primary_key())
        .col(request_id)
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
                .from(Alias::new(name), NotificationOutbox::RequestId)
                .to(Alias::new("requests"), Alias::new("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_notification_outbox_recipient")
                .from(Alias::new(name), NotificationOutbox::RecipientId)
                .to(Alias::new("users"), Alias::new("id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// SQLite: the table rebuilt with `request_id` as `nullable` says, rows and index kept.
async fn rebuild_sqlite(manager: &SchemaManager<'_>, nullable: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    manager.create_table(outbox_table("notification_outbox_rebuilt", nullable)).await?;
    let filter = if nullable { "" } else { " WHERE request_id IS NOT NULL" };
    db.execute_unprepared(&format!(
        "INSERT INTO notification_outbox_rebuilt ({COLUMNS}) SELECT {COLUMNS} FROM notification_outbox{filter}"
    ))
    .await?;
    db.execute_unprepared("DROP INDEX IF EXISTS idx_notification_outbox_due").await?;
    db.execute_unprepared("DROP TABLE notification_outbox").await?;
    db.execute_unprepared("ALTER TABLE notification_outbox_rebuilt RENAME TO notification_outbox").await?;
    manager
        .create_index(
            Index::create()
                .name("idx_notification_outbox_due")
                .table(NotificationOutbox::Table)
                .col(NotificationOutbox::Status)
                .col(NotificationOutbox::NextAttemptAt)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on every backend: SQLite migrations otherwise run statement by statement
    /// on whichever pooled connection is free, and the rebuild's DROP and RENAME then meet a
    /// connection that still sees the old table. It also leaves no half-rebuilt table behind.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Sqlite => rebuild_sqlite(manager, true).await,
            _ => {
                manager
                    .get_connection()
                    .execute_unprepared("ALTER TABLE notification_outbox ALTER COLUMN request_id DROP NOT NULL")
                    .await?;
                Ok(())
            }
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Account e-mails have no request to keep them under the old schema.
        match manager.get_database_backend() {
            DbBackend::Sqlite => rebuild_sqlite(manager, false).await,
            _ => {
                let db = manager.get_connection();
                db.execute_unprepared("DELETE FROM notification_outbox WHERE request_id IS NULL").await?;
                db.execute_unprepared("ALTER TABLE notification_outbox ALTER COLUMN request_id SET NOT NULL").await?;
                Ok(())
            }
        }
    }
}
