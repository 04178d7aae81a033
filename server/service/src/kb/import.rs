//! Bulk import of articles from JSON Lines, one article per line:
//!
//! ```json
//! {"external_id": "kb-print-001", "title": "…", "body": "Markdown…", "product": "ALD Pro", "version": "2.4", "tags": ["печать"], "published": true}
//! ```
//!
//! Idempotent by `external_id`: a line whose id exists updates that article. Each line is its own
//! transaction, so a bad line is reported (with its number) and the good ones are still imported.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use serde::Deserialize;

use domain::kb::ArticleFields;

use super::{ScopeNames, apply, insert, next_revision, validate};
use crate::entity::kb_article;
use crate::error::{ServiceError, ServiceResult};

/// The demo knowledge base, loaded by the demo seed.
const DEMO_ARTICLES: &str = include_str!("../../seed/kb_articles.jsonl");
const EXTERNAL_ID_MAX_CHARS: usize = 100;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    /// Unchanged lines (their article already holds exactly this content).
    pub unchanged: usize,
    /// (1-based line number, what is wrong with it).
    pub errors: Vec<(usize, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportLine {
    external_id: String,
    title: String,
    body: String,
    #[serde(default)]
    product: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default = "published_by_default")]
    published: bool,
}

fn published_by_default() -> bool {
    true
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Create new articles and overwrite existing ones (the `portal kb import` command).
    Upsert,
    /// Create only the missing ones, never touch what staff may have edited (the demo seed).
    InsertMissing,
}

/// Imports JSON Lines (see the module docs). Blank lines are skipped.
pub async fn import_jsonl(db: &DatabaseConnection, text: &str, now: DateTime<Utc>) -> ServiceResult<ImportReport> {
    import(db, text, Mode::Upsert, now).await
}

/// Adds the demo articles that are not in the database yet (idempotent; never overwrites).
pub async fn seed_demo_articles(db: &DatabaseConnection, now: DateTime<Utc>) -> ServiceResult<ImportReport> {
    let report = import(db, DEMO_ARTICLES, Mode::InsertMissing, now).await?;
    if let Some((line, error)) = report.errors.first() {
        return Err(ServiceError::Internal(format!("demo article on line {line}: {error}")));
    }
    Ok(report)
}

async fn import(db: &DatabaseConnection, text: &str, mode: Mode, now: DateTime<Utc>) -> ServiceResult<ImportReport> {
    let names = ScopeNames::load(db).await?;
    let mut report = ImportReport::default();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        match import_line(db, &names, line, mode, now).await {
            Ok(Outcome::Created) => report.created += 1,
            Ok(Outcome::Updated) => report.updated += 1,
            Ok(Outcome::Unchanged) => report.unchanged += 1,
            Err(LineError::Bad(message)) => report.errors.push((line_number, message)),
            Err(LineError::Service(error)) => return Err(error),
        }
    }
    Ok(report)
}

enum Outcome {
    Created,
    Updated,
    Unchanged,
}

enum LineError {
    /// Something wrong with the line itself: reported, the import goes on.
    Bad(String),
    /// The database failed: the import stops.
    Service(ServiceError),
}

impl From<ServiceError> for LineError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Invalid(code) => LineError::Bad(format!("invalid: {code}")),
            other => LineError::Service(other),
        }
    }
}

impl From<sea_orm::DbErr> for LineError {
    fn from(error: sea_orm::DbErr) -> Self {
        LineError::Service(error.into())
    }
}

async fn import_line(
    db: &DatabaseConnection,
    names: &ScopeNames,
    line: &str,
    mode: Mode,
    now: DateTime<Utc>,
) -> Result<Outcome, LineError> {
    let parsed: ImportLine =
        serde_json::from_str(line).map_err(|error| LineError::Bad(format!("not a valid article: {error}")))?;
    let external_id = parsed.external_id.trim().to_owned();
    if external_id.is_empty() {
        return Err(LineError::Bad("external_id is empty".into()));
    }
    if external_id.chars().any(char::is_control) {
        return Err(LineError::Bad("external_id contains control characters".into()));
    }
    if external_id.chars().count() > EXTERNAL_ID_MAX_CHARS {
        return Err(LineError::Bad(format!("external_id is longer than {EXTERNAL_ID_MAX_CHARS} characters")));
    }
    let product_id = match parsed.product.as_deref().map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => Some(names.product_id(name).ok_or_else(|| LineError::Bad(format!("unknown product «{name}»")))?),
        None => None,
    };
    let version_id = match (product_id, parsed.version.as_deref().map(str::trim).filter(|name| !name.is_empty())) {
        (Some(product_id), Some(name)) => Some(
            names
                .version_id(product_id, name)
                .ok_or_else(|| LineError::Bad(format!("unknown version «{name}» of the product")))?,
        ),
        (None, Some(_)) => return Err(LineError::Bad("a version needs a product".into())),
        (_, None) => None,
    };
    let input = ArticleFields {
        title: parsed.title,
        body: parsed.body,
        product_id,
        version_id,
        tags: parsed.tags,
        is_published: parsed.published,
    };
    let input = validate(db, input).await?;

    let transaction = db.begin().await?;
    // Take the revision first: it serialises concurrent imports of the same external id.
    let revision = next_revision(&transaction).await?;
    let existing = kb_article::Entity::find().filter(kb_article::Column::ExternalId.eq(&external_id)).one(&transaction).await?;
    let outcome = match existing {
        None => {
            insert(&transaction, input, Some(external_id), revision, now).await?;
            Outcome::Created
        }
        Some(_) if mode == Mode::InsertMissing => Outcome::Unchanged,
        Some(existing) if same_content(&existing, &input) => Outcome::Unchanged,
        Some(existing) => {
            apply(existing, input, revision, now).update(&transaction).await?;
            Outcome::Updated
        }
    };
    if matches!(outcome, Outcome::Unchanged) {
        // Nothing changed: the taken revision number is simply skipped.
        transaction.rollback().await?;
    } else {
        transaction.commit().await?;
    }
    Ok(outcome)
}

fn same_content(existing: &kb_article::Model, input: &ArticleFields) -> bool {
    existing.title == input.title
        && existing.body == input.body
        && existing.product_id == input.product_id
        && existing.version_id == input.version_id
        && existing.tags == input.tags.join(",")
        && existing.is_published == input.is_published
}
