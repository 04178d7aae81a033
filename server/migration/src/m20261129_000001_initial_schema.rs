//! The whole initial data model, designed up front so that later features add columns and
//! indexes rather than rebuild tables. Types are chosen to be portable: SQLite and PostgreSQL
//! both run exactly this migration.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    OrganizationId,
    IsActive,
    Locale,
    TimeZone,
    CreatedAt,
    DeactivatedAt,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Name,
    SortOrder,
}

#[derive(DeriveIden)]
enum ProductVersions {
    Table,
    Id,
    ProductId,
    Name,
    SortOrder,
}

#[derive(DeriveIden)]
enum ProductUpdates {
    Table,
    Id,
    VersionId,
    Name,
    SortOrder,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Kind,
    Number,
    OrganizationId,
    CoversAllProducts,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden)]
enum CertificateProducts {
    Table,
    CertificateId,
    ProductId,
}

#[derive(DeriveIden)]
enum ServiceClassifications {
    Table,
    Id,
    ParentId,
    Name,
    SortOrder,
}

#[derive(DeriveIden)]
enum Requests {
    Table,
    Id,
    Number,
    Kind,
    OrganizationId,
    AuthorId,
    ContactName,
    ContactEmail,
    Subject,
    Description,
    ProductId,
    VersionId,
    UpdateId,
    CertificateId,
    ClassificationId,
    Status,
    AssigneeId,
    RelatedRequestId,
    CloseReason,
    IdempotencyKey,
    CreatedById,
    CreatedAt,
    UpdatedAt,
    ResolvedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum RequestParticipants {
    Table,
    RequestId,
    UserId,
    Kind,
    Subscribed,
    AddedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    RequestId,
    AuthorId,
    Kind,
    Body,
    ClientMessageId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Drafts {
    Table,
    Id,
    UserId,
    Kind,
    Subject,
    Payload,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    RequestId,
    MessageId,
    DraftId,
    UploaderId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Ratings {
    Table,
    Id,
    RequestId,
    UserId,
    Stars,
    Comment,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum KbArticles {
    Table,
    Id,
    ExternalId,
    Title,
    Body,
    ProductId,
    VersionId,
    Tags,
    IsPublished,
    Deflections,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    Kind,
    ActorId,
    OrganizationId,
    RequestId,
    Subject,
    Details,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    Id,
    Email,
    Address,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Counters {
    Table,
    Name,
    Value,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

fn index(name: &str, table: impl IntoIden, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(Alias::new(*column));
    }
    if unique {
        statement.unique();
    }
    statement.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(pk_auto(Organizations::Id))
                    .col(string(Organizations::Name))
                    .col(timestamp_with_time_zone(Organizations::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(string_uniq(Users::Email))
                    .col(string(Users::DisplayName))
                    .col(string(Users::PasswordHash))
                    .col(string(Users::Role))
                    .col(integer_null(Users::OrganizationId))
                    .col(boolean(Users::IsActive).default(true))
                    .col(string(Users::Locale).default("ru"))
                    .col(string(Users::TimeZone).default("Europe/Moscow"))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone_null(Users::DeactivatedAt))
                    .foreign_key(&mut fk(
                        "fk_users_organization",
                        (Users::Table, Users::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_users_organization", Users::Table, &["organization_id"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(pk_auto(Products::Id))
                    .col(string_uniq(Products::Name))
                    .col(integer(Products::SortOrder).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProductVersions::Table)
                    .col(pk_auto(ProductVersions::Id))
                    .col(integer(ProductVersions::ProductId))
                    .col(string(ProductVersions::Name))
                    .col(integer(ProductVersions::SortOrder).default(0))
                    .foreign_key(&mut fk(
                        "fk_product_versions_product",
                        (ProductVersions::Table, ProductVersions::ProductId),
                        (Products::Table, Products::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_product_versions_name", ProductVersions::Table, &["product_id", "name"], true)).await?;
        manager
            .create_table(
                Table::create()
                    .table(ProductUpdates::Table)
                    .col(pk_auto(ProductUpdates::Id))
                    .col(integer(ProductUpdates::VersionId))
                    .col(string(ProductUpdates::Name))
                    .col(integer(ProductUpdates::SortOrder).default(0))
                    .foreign_key(&mut fk(
                        "fk_product_updates_version",
                        (ProductUpdates::Table, ProductUpdates::VersionId),
                        (ProductVersions::Table, ProductVersions::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_product_updates_name", ProductUpdates::Table, &["version_id", "name"], true)).await?;

        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .col(pk_auto(Certificates::Id))
                    .col(string(Certificates::Kind))
                    .col(string_uniq(Certificates::Number))
                    .col(integer(Certificates::OrganizationId))
                    .col(boolean(Certificates::CoversAllProducts).default(false))
                    .col(date(Certificates::ValidFrom))
                    .col(date(Certificates::ValidTo))
                    .foreign_key(&mut fk(
                        "fk_certificates_organization",
                        (Certificates::Table, Certificates::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_certificates_organization", Certificates::Table, &["organization_id", "kind"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CertificateProducts::Table)
                    .col(integer(CertificateProducts::CertificateId))
                    .col(integer(CertificateProducts::ProductId))
                    .primary_key(Index::create().col(CertificateProducts::CertificateId).col(CertificateProducts::ProductId))
                    .foreign_key(&mut fk(
                        "fk_certificate_products_certificate",
                        (CertificateProducts::Table, CertificateProducts::CertificateId),
                        (Certificates::Table, Certificates::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificate_products_product",
                        (CertificateProducts::Table, CertificateProducts::ProductId),
                        (Products::Table, Products::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ServiceClassifications::Table)
                    .col(pk_auto(ServiceClassifications::Id))
                    .col(integer_null(ServiceClassifications::ParentId))
                    .col(string(ServiceClassifications::Name))
                    .col(integer(ServiceClassifications::SortOrder).default(0))
                    .foreign_key(&mut fk(
                        "fk_service_classifications_parent",
                        (ServiceClassifications::Table, ServiceClassifications::ParentId),
                        (ServiceClassifications::Table, ServiceClassifications::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Requests::Table)
                    .col(pk_auto(Requests::Id))
                    .col(big_integer_uniq(Requests::Number))
                    .col(string(Requests::Kind))
                    .col(integer(Requests::OrganizationId))
                    .col(integer_null(Requests::AuthorId))
                    .col(string_null(Requests::ContactName))
                    .col(string_null(Requests::ContactEmail))
                    .col(string(Requests::Subject))
                    .col(text(Requests::Description))
                    .col(integer_null(Requests::ProductId))
                    .col(integer_null(Requests::VersionId))
                    .col(integer_null(Requests::UpdateId))
                    .col(integer_null(Requests::CertificateId))
                    .col(integer_null(Requests::ClassificationId))
                    .col(string(Requests::Status))
                    .col(integer_null(Requests::AssigneeId))
                    .col(integer_null(Requests::RelatedRequestId))
                    .col(string_null(Requests::CloseReason))
                    .col(string_null(Requests::IdempotencyKey))
                    .col(integer_null(Requests::CreatedById))
                    .col(timestamp_with_time_zone(Requests::CreatedAt))
                    .col(timestamp_with_time_zone(Requests::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Requests::ResolvedAt))
                    .col(timestamp_with_time_zone_null(Requests::ClosedAt))
                    .foreign_key(&mut fk(
                        "fk_requests_organization",
                        (Requests::Table, Requests::OrganizationId),
                        (Organizations::Table, Organizations::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_author",
                        (Requests::Table, Requests::AuthorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_product",
                        (Requests::Table, Requests::ProductId),
                        (Products::Table, Products::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_version",
                        (Requests::Table, Requests::VersionId),
                        (ProductVersions::Table, ProductVersions::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_update",
                        (Requests::Table, Requests::UpdateId),
                        (ProductUpdates::Table, ProductUpdates::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_certificate",
                        (Requests::Table, Requests::CertificateId),
                        (Certificates::Table, Certificates::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_classification",
                        (Requests::Table, Requests::ClassificationId),
                        (ServiceClassifications::Table, ServiceClassifications::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_assignee",
                        (Requests::Table, Requests::AssigneeId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_requests_related",
                        (Requests::Table, Requests::RelatedRequestId),
                        (Requests::Table, Requests::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_requests_idempotency", Requests::Table, &["idempotency_key"], true)).await?;
        manager
            .create_index(index("idx_requests_org_updated", Requests::Table, &["organization_id", "updated_at", "id"], false))
            .await?;
        manager
            .create_index(index("idx_requests_org_created", Requests::Table, &["organization_id", "created_at", "id"], false))
            .await?;
        manager.create_index(index("idx_requests_status", Requests::Table, &["status", "updated_at"], false)).await?;
        manager.create_index(index("idx_requests_author", Requests::Table, &["author_id"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(RequestParticipants::Table)
                    .col(integer(RequestParticipants::RequestId))
                    .col(integer(RequestParticipants::UserId))
                    .col(string(RequestParticipants::Kind))
                    .col(boolean(RequestParticipants::Subscribed).default(true))
                    .col(timestamp_with_time_zone(RequestParticipants::AddedAt))
                    .primary_key(Index::create().col(RequestParticipants::RequestId).col(RequestParticipants::UserId))
                    .foreign_key(&mut fk(
                        "fk_request_participants_request",
                        (RequestParticipants::Table, RequestParticipants::RequestId),
                        (Requests::Table, Requests::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_request_participants_user",
                        (RequestParticipants::Table, RequestParticipants::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_request_participants_user", RequestParticipants::Table, &["user_id"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(big_pk_auto(Messages::Id))
                    .col(integer(Messages::RequestId))
                    .col(integer_null(Messages::AuthorId))
                    .col(string(Messages::Kind))
                    .col(text(Messages::Body))
                    .col(string_null(Messages::ClientMessageId))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_messages_request",
                        (Messages::Table, Messages::RequestId),
                        (Requests::Table, Requests::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_messages_author",
                        (Messages::Table, Messages::AuthorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_messages_request", Messages::Table, &["request_id", "id"], false)).await?;
        manager
            .create_index(index("idx_messages_client_id", Messages::Table, &["request_id", "client_message_id"], true))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Drafts::Table)
                    .col(pk_auto(Drafts::Id))
                    .col(integer(Drafts::UserId))
                    .col(string_null(Drafts::Kind))
                    .col(string_null(Drafts::Subject))
                    .col(text(Drafts::Payload))
                    .col(timestamp_with_time_zone(Drafts::CreatedAt))
                    .col(timestamp_with_time_zone(Drafts::UpdatedAt))
                    .foreign_key(&mut fk("fk_drafts_user", (Drafts::Table, Drafts::UserId), (Users::Table, Users::Id), Cascade))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_drafts_user", Drafts::Table, &["user_id", "updated_at"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(pk_auto(Attachments::Id))
                    .col(integer_null(Attachments::RequestId))
                    .col(big_integer_null(Attachments::MessageId))
                    .col(integer_null(Attachments::DraftId))
                    .col(integer(Attachments::UploaderId))
                    .col(string(Attachments::FileName))
                    .col(string(Attachments::ContentType))
                    .col(big_integer(Attachments::SizeBytes))
                    .col(string(Attachments::Sha256))
                    .col(string_uniq(Attachments::StorageKey))
                    .col(timestamp_with_time_zone(Attachments::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_attachments_request",
                        (Attachments::Table, Attachments::RequestId),
                        (Requests::Table, Requests::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_attachments_message",
                        (Attachments::Table, Attachments::MessageId),
                        (Messages::Table, Messages::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_attachments_draft",
                        (Attachments::Table, Attachments::DraftId),
                        (Drafts::Table, Drafts::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_attachments_uploader",
                        (Attachments::Table, Attachments::UploaderId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_attachments_request", Attachments::Table, &["request_id"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(Ratings::Table)
                    .col(pk_auto(Ratings::Id))
                    .col(integer(Ratings::RequestId))
                    .col(integer(Ratings::UserId))
                    .col(small_integer(Ratings::Stars))
                    .col(text_null(Ratings::Comment))
                    .col(timestamp_with_time_zone(Ratings::CreatedAt))
                    .col(timestamp_with_time_zone(Ratings::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_ratings_request",
                        (Ratings::Table, Ratings::RequestId),
                        (Requests::Table, Requests::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_ratings_user",
                        (Ratings::Table, Ratings::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_ratings_request_user", Ratings::Table, &["request_id", "user_id"], true)).await?;

        manager
            .create_table(
                Table::create()
                    .table(KbArticles::Table)
                    .col(pk_auto(KbArticles::Id))
                    .col(string_null(KbArticles::ExternalId))
                    .col(string(KbArticles::Title))
                    .col(text(KbArticles::Body))
                    .col(integer_null(KbArticles::ProductId))
                    .col(integer_null(KbArticles::VersionId))
                    .col(string(KbArticles::Tags).default(""))
                    .col(boolean(KbArticles::IsPublished).default(false))
                    .col(big_integer(KbArticles::Deflections).default(0))
                    .col(timestamp_with_time_zone(KbArticles::CreatedAt))
                    .col(timestamp_with_time_zone(KbArticles::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_kb_articles_product",
                        (KbArticles::Table, KbArticles::ProductId),
                        (Products::Table, Products::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_kb_articles_version",
                        (KbArticles::Table, KbArticles::VersionId),
                        (ProductVersions::Table, ProductVersions::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_kb_articles_external", KbArticles::Table, &["external_id"], true)).await?;
        manager.create_index(index("idx_kb_articles_updated", KbArticles::Table, &["updated_at"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string(Sessions::Id).primary_key())
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_sessions_expires", Sessions::Table, &["expires_at"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_pk_auto(AuditEvents::Id))
                    .col(string(AuditEvents::Kind))
                    .col(integer_null(AuditEvents::ActorId))
                    .col(integer_null(AuditEvents::OrganizationId))
                    .col(integer_null(AuditEvents::RequestId))
                    .col(string_null(AuditEvents::Subject))
                    .col(text(AuditEvents::Details).default("{}"))
                    .col(timestamp_with_time_zone(AuditEvents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_audit_events_kind_subject", AuditEvents::Table, &["kind", "subject", "created_at"], false))
            .await?;
        manager.create_index(index("idx_audit_events_request", AuditEvents::Table, &["request_id"], false)).await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .col(big_pk_auto(SignInFailures::Id))
                    .col(string(SignInFailures::Email))
                    .col(string_null(SignInFailures::Address))
                    .col(timestamp_with_time_zone(SignInFailures::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("idx_sign_in_failures_email", SignInFailures::Table, &["email", "created_at"], false)).await?;
        manager
            .create_index(index("idx_sign_in_failures_address", SignInFailures::Table, &["address", "created_at"], false))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Counters::Table)
                    .col(string(Counters::Name).primary_key())
                    .col(big_integer(Counters::Value))
                    .to_owned(),
            )
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Counters::Table.into_iden(),
            SignInFailures::Table.into_iden(),
            AuditEvents::Table.into_iden(),
            Sessions::Table.into_iden(),
            KbArticles::Table.into_iden(),
            Ratings::Table.into_iden(),
            Attachments::Table.into_iden(),
            Drafts::Table.into_iden(),
            Messages::Table.into_iden(),
            RequestParticipants::Table.into_iden(),
            Requests::Table.into_iden(),
            ServiceClassifications::Table.into_iden(),
            CertificateProducts::Table.into_iden(),
            Certificates::Table.into_iden(),
            ProductUpdates::Table.into_iden(),
            ProductVersions::Table.into_iden(),
            Products::Table.into_iden(),
            Users::Table.into_iden(),
            Organizations::Table.into_iden(),
        ];
        for table in tables {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
