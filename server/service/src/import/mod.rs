//! `portal import`: a vendor loads what its CRM already knows — organizations, people,
//! certificates and the catalog (products, versions, updates, service classifications) — from
//! one file of JSON Lines or CSV ([`parse`]), one record a line ([`records`]).
//!
//! One path, one set of rules: every record goes through the service functions the
//! administration pages use (`organizations`, `people`, `catalog::certificates`,
//! `catalog::admin`), as [`Administrator::portal`], each change audited as there ([`apply`]).
//!
//! Idempotent by external id: every record names its id in the vendor's system
//! (`external_id`, unique per table); a record whose id is known updates that row when it
//! differs and writes nothing when it does not («unchanged»: no write, no audit event). Records
//! refer to each other by external id (a person to its organization, a certificate to its
//! organization and products, a version to its product, an update to its version, a
//! classification to its parent), to rows already in the portal or to records earlier in the
//! same file.
//!
//! Each record is its own transaction: a bad one is reported with its line and field and
//! leaves nothing behind, the others are imported. `check` runs the very same import inside
//! one outer transaction (each record a savepoint) that is rolled back at the end, so it
//! reports exactly what a real run would and writes nothing.

pub mod apply;
pub mod parse;
pub mod records;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

pub use parse::Format;
pub use records::Kind;

use crate::db;
use crate::error::ServiceResult;

/// What is wrong with one line: its number (1-based; in CSV the line the record starts on),
/// the field, and the rule it breaks in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, field: impl Into<String>, message: impl Into<String>) -> LineError {
        LineError { line, field: field.into(), message: message.into() }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.line, self.field, self.message)
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions {
    /// Report what would happen, write nothing.
    pub check: bool,
    /// Queue the invitation e-mail of every person created (by default none is sent).
    pub invite: bool,
}

/// What happened to the records of one kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Per kind, for the kinds the file has.
    pub kinds: BTreeMap<Kind, Counts>,
    /// Lines that could not be read as a record of any kind.
    pub unreadable: usize,
    /// Every failed line, in file order.
    pub errors: Vec<LineError>,
    /// Invitation e-mails queued (with `invite`).
    pub invitations: usize,
}

impl ImportReport {
    pub fn total(&self) -> Counts {
        let mut total = Counts { failed: self.unreadable, ..Counts::default() };
        for counts in self.kinds.values() {
            total.created += counts.created;
            total.updated += counts.updated;
            total.unchanged += counts.unchanged;
            total.failed += counts.failed;
        }
        total
    }
}

/// Imports `text` (see the module docs). Fails as a whole only when the database does (then the
/// records before are imported, or with `check` nothing is).
pub async fn import(
    db: &DatabaseConnection,
    text: &str,
    format: Format,
    options: ImportOptions,
    now: DateTime<Utc>,
) -> ServiceResult<ImportReport> {
    let records = parse::parse(text, format);
    if options.check {
        let outer = db::begin_write(db).await?;
        let report = apply::run(&outer, records, options, now).await;
        outer.rollback().await?;
        report
    } else {
        apply::run(db, records, options, now).await
    }
}
