//! «Профиль»: a person's phone and position, which request e-mails they get (every kind on by
//! default), and what «Активные сеансы» lists about each session — whose it is (indexed, so the
//! list and «Завершить» are one indexed query instead of a LIKE over the session JSON), when it
//! began and was last used, and the browser and address it was started from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Phone,
    Position,
    EmailNewMessage,
    EmailStatusChanged,
    EmailResolved,
    EmailClosed,
    EmailAddedToRequest,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    UserId,
    CreatedAt,
    LastSeenAt,
    UserAgent,
    Address,
}

const SESSIONS_USER_INDEX: &str = "idx_sessions_user_id";

fn user_columns() -> Vec<ColumnDef> {
    vec![
        string_null(Users::Phone),
        string_null(Users::Position),
        boolean(Users::EmailNewMessage).default(true).to_owned(),
        boolean(Users::EmailStatusChanged).default(true).to_owned(),
        boolean(Users::EmailResolved).default(true).to_owned(),
        boolean(Users::EmailClosed).default(true).to_owned(),
        boolean(Users::EmailAddedToRequest).default(true).to_owned(),
    ]
}

fn session_columns() -> Vec<ColumnDef> {
    vec![
        integer_null(Sessions::UserId),
        timestamp_with_time_zone_null(Sessions::CreatedAt),
        timestamp_with_time_zone_null(Sessions::LastSeenAt),
        string_null(Sessions::UserAgent),
        string_null(Sessions::Address),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    /// One column per statement: SQLite's ALTER TABLE adds one at a time.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut column in user_columns() {
            manager.alter_table(Table::alter().table(Users::Table).add_column(&mut column).to_owned()).await?;
        }
        for mut column in session_columns() {
            manager.alter_table(Table::alter().table(Sessions::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_index(Index::create().name(SESSIONS_USER_INDEX).table(Sessions::Table).col(Sessions::UserId).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(SESSIONS_USER_INDEX).table(Sessions::Table).to_owned()).await?;
        for column in [Sessions::UserId, Sessions::CreatedAt, Sessions::LastSeenAt, Sessions::UserAgent, Sessions::Address] {
            manager.alter_table(Table::alter().table(Sessions::Table).drop_column(column).to_owned()).await?;
        }
        for column in [
            Users::Phone,
            Users::Position,
            Users::EmailNewMessage,
            Users::EmailStatusChanged,
            Users::EmailResolved,
            Users::EmailClosed,
            Users::EmailAddedToRequest,
        ] {
            manager.alter_table(Table::alter().table(Users::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
