//! «Журнал изменений» reads the trail newest first, narrowed by organization or by who made the
//! change: an index for each, ending in the id the page is ordered by.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OrganizationId,
    ActorId,
}

const ORGANIZATION_INDEX: &str = "idx_audit_events_organization";
const ACTOR_INDEX: &str = "idx_audit_events_actor";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(ORGANIZATION_INDEX)
                    .table(AuditEvents::Table)
                    .col(AuditEvents::OrganizationId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(ACTOR_INDEX)
                    .table(AuditEvents::Table)
                    .col(AuditEvents::ActorId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(ACTOR_INDEX).table(AuditEvents::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name(ORGANIZATION_INDEX).table(AuditEvents::Table).to_owned()).await
    }
}
