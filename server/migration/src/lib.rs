//! Database schema history. One file per change; `Migrator::up` runs at every start, so a fresh
//! SQLite file or PostgreSQL database reaches the current schema by itself.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_initial_schema;
mod m20261129_000002_request_search_text;
mod m20261129_000004_kb_search;
mod m20261129_000007_draft_form_key;
mod m20261129_000008_notification_outbox;
mod m20261203_000009_account_links;
mod m20261203_000010_account_mail;
mod m20261204_000011_organization_admin;
mod m20261204_000012_catalog_retire;
mod m20261204_000013_certificate_number;
mod m20261205_000014_external_ids;
mod m20261205_000015_profile;
mod m20261205_000016_audit_journal;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_initial_schema::Migration),
            Box::new(m20261129_000002_request_search_text::Migration),
            Box::new(m20261129_000004_kb_search::Migration),
            Box::new(m20261129_000007_draft_form_key::Migration),
            Box::new(m20261129_000008_notification_outbox::Migration),
            Box::new(m20261203_000009_account_links::Migration),
            Box::new(m20261203_000010_account_mail::Migration),
            Box::new(m20261204_000011_organization_admin::Migration),
            Box::new(m20261204_000012_catalog_retire::Migration),
            Box::new(m20261204_000013_certificate_number::Migration),
            Box::new(m20261205_000014_external_ids::Migration),
            Box::new(m20261205_000015_profile::Migration),
            Box::new(m20261205_000016_audit_journal::Migration),
        ]
    }
}
