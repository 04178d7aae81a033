//! «Администрирование → Организации»: an organization gets its requisites (ИНН, КПП, a contact
//! e-mail), an active flag (a deactivated organization's people cannot sign in) and a folded name
//! for search (lower case, «ё» → «е», as requests' `search_text`). People get the time of their
//! last sign-in, which the administrator sees.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Inn,
    Kpp,
    ContactEmail,
    IsActive,
    DeactivatedAt,
    NameSearch,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    LastSignInAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            string_null(Organizations::Inn),
            string_null(Organizations::Kpp),
            string_null(Organizations::ContactEmail),
            boolean(Organizations::IsActive).default(true).to_owned(),
            timestamp_with_time_zone_null(Organizations::DeactivatedAt),
            string(Organizations::NameSearch).default("").to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Organizations::Table).add_column(column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter().table(Users::Table).add_column(timestamp_with_time_zone_null(Users::LastSignInAt)).to_owned(),
            )
            .await?;
        // One organization per ИНН (several without one).
        manager
            .create_index(
                Index::create()
                    .name("idx_organizations_inn")
                    .table(Organizations::Table)
                    .col(Organizations::Inn)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The folded names of the organizations that exist (the rule of
        // `domain::request::normalize_for_search`, as it was when this ran).
        let db = manager.get_connection();
        let select = Query::select().columns([Alias::new("id"), Alias::new("name")]).from(Organizations::Table).to_owned();
        let rows = db.query_all(&select).await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            let folded = name.to_lowercase().replace('ё', "е");
            let update = Query::update()
                .table(Organizations::Table)
                .value(Organizations::NameSearch, folded)
                .and_where(Expr::col(Alias::new("id")).eq(id))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_organizations_inn").table(Organizations::Table).to_owned()).await?;
        for column in [
            Organizations::Inn,
            Organizations::Kpp,
            Organizations::ContactEmail,
            Organizations::IsActive,
            Organizations::DeactivatedAt,
            Organizations::NameSearch,
        ] {
            manager.alter_table(Table::alter().table(Organizations::Table).drop_column(column).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::LastSignInAt).to_owned()).await
    }
}
