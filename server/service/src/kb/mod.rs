//! Knowledge base («решения»): articles written by staff in Markdown, optionally scoped to a
//! product and version, suggested to customers while they describe a problem.
//!
//! The database is the source of truth. Every change takes a number from the `kb_revision`
//! counter inside its transaction; search indexes (see [`crate::kb::search`]) catch up by reading the
//! articles whose `revision` is above the last one they saw, so unpublishing an article removes it
//! from every instance's index.

mod import;
mod markdown;
pub mod search;

use chrono::{DateTime, Utc};
use domain::kb::{ArticleFields, ArticleListPage, ArticleRow, ArticleView, MAX_QUERY_CHARS};
use domain::validation::Code;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::entity::{counter, kb_article, product, product_version};
use crate::error::{ServiceError, ServiceResult};
use crate::local_time::ReaderClock;

pub use import::{ImportReport, import_jsonl, seed_demo_articles};
pub use markdown::{plain_text, render_markdown};

/// Articles per page of the staff list.
pub const PAGE_SIZE: u64 = 25;
pub const TITLE_MAX_CHARS: usize = 200;
pub const BODY_MAX_CHARS: usize = 50_000;
pub const TAGS_MAX: usize = 20;
pub const TAG_MAX_CHARS: usize = 40;

/// The counter row (created by the migrations) that numbers article changes.
pub(crate) const REVISION_COUNTER: &str = "kb_revision";

/// A whole article, with its body rendered to safe HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: i32,
    pub title: String,
    pub body_markdown: String,
    /// Rendered by [`render_markdown`]: raw HTML escaped, only safe link schemes.
    pub body_html: String,
    pub product_id: Option<i32>,
    pub version_id: Option<i32>,
    pub product_name: Option<String>,
    pub version_name: Option<String>,
    pub tags: Vec<String>,
    pub is_published: bool,
    pub updated_at: DateTime<Utc>,
    pub deflections: i64,
}

/// Staff list: newest first, optionally filtered by words of the title or body (case and «ё»
/// folded); `page` is 1-based, times are on the `reader`'s clock. A search longer than
/// [`MAX_QUERY_CHARS`] is `Invalid(SearchTooLong)`.
pub async fn list(db: &DatabaseConnection, search: &str, page: u64, reader: ReaderClock) -> ServiceResult<ArticleListPage> {
    if search.chars().count() > MAX_QUERY_CHARS {
        return Err(ServiceError::Invalid(Code::SearchTooLong));
    }
    let page = Ord::max(page, 1);
    let mut words = Condition::all();
    for word in fold(search.trim()).split_whitespace() {
        let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        words = words.add(Expr::col(kb_article::Column::SearchText).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')));
    }
    let query = kb_article::Entity::find().filter(words);
    let total = query.clone().count(db).await?;
    let models = query
        .order_by_desc(kb_article::Column::UpdatedAt)
        .order_by_desc(kb_article::Column::Id)
        .offset((page - 1).saturating_mul(PAGE_SIZE))
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let names = ScopeNames::load(db).await?;
    let rows = models
        .into_iter()
        .map(|model| ArticleRow {
            id: model.id,
            product_name: names.product(model.product_id),
            version_name: names.version(model.version_id),
            title: model.title,
            is_published: model.is_published,
            updated: reader.date_time(model.updated_at),
            updated_at: model.updated_at,
            deflections: model.deflections,
        })
        .collect();
    Ok(ArticleListPage { rows, total, page, pages: Ord::max(total.div_ceil(PAGE_SIZE), 1) })
}

/// An article for its reader: staff get any (with the editor link), others published ones only
/// (an unpublished one is `NotFound`, so its existence is not revealed).
pub async fn view(db: &DatabaseConnection, id: i32, staff: bool, reader: ReaderClock) -> ServiceResult<ArticleView> {
    let article = get(db, id, staff).await?;
    Ok(ArticleView {
        id: article.id,
        title: article.title,
        body_html: article.body_html,
        product_name: article.product_name,
        version_name: article.version_name,
        tags: article.tags,
        is_published: article.is_published,
        updated: reader.date_time(article.updated_at),
        can_edit: staff,
    })
}

/// The editor's fields of an existing article (`id`) or of a new one.
pub async fn editor_fields(db: &DatabaseConnection, id: Option<i32>) -> ServiceResult<ArticleFields> {
    let Some(id) = id else { return Ok(ArticleFields::default()) };
    let article = get(db, id, true).await?;
    Ok(ArticleFields {
        title: article.title,
        body: article.body_markdown,
        product_id: article.product_id,
        version_id: article.version_id,
        tags: article.tags,
        is_published: article.is_published,
    })
}

/// One article. Unpublished ones are `NotFound` unless `include_unpublished` (staff).
pub async fn get(db: &DatabaseConnection, id: i32, include_unpublished: bool) -> ServiceResult<Article> {
    let model = kb_article::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if !model.is_published && !include_unpublished {
        return Err(ServiceError::NotFound);
    }
    let names = ScopeNames::load(db).await?;
    Ok(Article {
        id: model.id,
        body_html: render_markdown(&model.body),
        product_name: names.product(model.product_id),
        version_name: names.version(model.version_id),
        tags: split_tags(&model.tags),
        title: model.title,
        body_markdown: model.body,
        product_id: model.product_id,
        version_id: model.version_id,
        is_published: model.is_published,
        updated_at: model.updated_at,
        deflections: model.deflections,
    })
}

/// Creates an article; returns its id.
pub async fn create(db: &DatabaseConnection, input: ArticleFields, now: DateTime<Utc>) -> ServiceResult<i32> {
    let input = validate(db, input).await?;
    let transaction = db.begin().await?;
    let revision = next_revision(&transaction).await?;
    let id = insert(&transaction, input, None, revision, now).await?;
    transaction.commit().await?;
    Ok(id)
}

/// Replaces an article's content.
pub async fn update(db: &DatabaseConnection, id: i32, input: ArticleFields, now: DateTime<Utc>) -> ServiceResult<()> {
    let input = validate(db, input).await?;
    let transaction = db.begin().await?;
    // The revision first: it is the write that serialises concurrent changes.
    let revision = next_revision(&transaction).await?;
    let existing = kb_article::Entity::find_by_id(id).one(&transaction).await?.ok_or(ServiceError::NotFound)?;
    apply(existing, input, revision, now).update(&transaction).await?;
    transaction.commit().await?;
    Ok(())
}

/// Publishes or unpublishes; an unpublished article leaves every search index.
pub async fn set_published(db: &DatabaseConnection, id: i32, published: bool, now: DateTime<Utc>) -> ServiceResult<()> {
    let transaction = db.begin().await?;
    let revision = next_revision(&transaction).await?;
    let existing = kb_article::Entity::find_by_id(id).one(&transaction).await?.ok_or(ServiceError::NotFound)?;
    kb_article::ActiveModel {
        id: Set(existing.id),
        is_published: Set(published),
        revision: Set(revision),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&transaction)
    .await?;
    transaction.commit().await?;
    Ok(())
}

/// Counts one «Это решило мою проблему» click. Only published articles count; the revision is not
/// touched because nothing searchable changed.
pub async fn record_deflection(db: &DatabaseConnection, id: i32) -> ServiceResult<()> {
    let result = kb_article::Entity::update_many()
        .col_expr(kb_article::Column::Deflections, Expr::col(kb_article::Column::Deflections).add(1))
        .filter(kb_article::Column::Id.eq(id))
        .filter(kb_article::Column::IsPublished.eq(true))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Lower case with «ё» → «е»: the one folding used by the staff list and the search analyzer.
pub fn fold(text: &str) -> String {
    domain::request::normalize_for_search(text)
}

/// Checks the form; returns the input with trimmed title and tags.
async fn validate(db: &impl ConnectionTrait, input: ArticleFields) -> ServiceResult<ArticleFields> {
    // NUL characters mean nothing in an article and PostgreSQL refuses them in text.
    let without_nul = |text: &str| text.replace('\0', "");
    let title = without_nul(&input.title).trim().to_owned();
    if title.is_empty() {
        return Err(ServiceError::Invalid(Code::KbTitleRequired));
    }
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(ServiceError::Invalid(Code::KbTitleTooLong));
    }
    let body = without_nul(&input.body).trim_end().to_owned();
    if body.trim().is_empty() {
        return Err(ServiceError::Invalid(Code::KbBodyRequired));
    }
    if body.chars().count() > BODY_MAX_CHARS {
        return Err(ServiceError::Invalid(Code::KbBodyTooLong));
    }
    let mut tags: Vec<String> = Vec::new();
    for tag in &input.tags {
        let tag = without_nul(tag).trim().trim_matches(',').trim().to_owned();
        if tag.is_empty() || tags.contains(&tag) {
            continue;
        }
        if tag.contains(',') || tag.chars().count() > TAG_MAX_CHARS {
            return Err(ServiceError::Invalid(Code::KbTagsTooLong));
        }
        tags.push(tag);
    }
    if tags.len() > TAGS_MAX {
        return Err(ServiceError::Invalid(Code::KbTagsTooMany));
    }
    match (input.product_id, input.version_id) {
        (None, Some(_)) => return Err(ServiceError::Invalid(Code::KbVersionWithoutProduct)),
        (Some(product_id), version_id) => {
            if product::Entity::find_by_id(product_id).one(db).await?.is_none() {
                return Err(ServiceError::Invalid(Code::KbProductUnknown));
            }
            if let Some(version_id) = version_id
                && !crate::catalog::version_belongs_to_product(db, version_id, product_id).await?
            {
                return Err(ServiceError::Invalid(Code::KbVersionNotOfProduct));
            }
        }
        (None, None) => {}
    }
    Ok(ArticleFields { title, body, tags, ..input })
}

/// Inserts a validated article inside the caller's transaction (which took `revision` first).
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    input: ArticleFields,
    external_id: Option<String>,
    revision: i64,
    now: DateTime<Utc>,
) -> ServiceResult<i32> {
    let model = kb_article::ActiveModel {
        external_id: Set(external_id),
        title: Set(input.title.clone()),
        body: Set(input.body.clone()),
        product_id: Set(input.product_id),
        version_id: Set(input.version_id),
        tags: Set(input.tags.join(",")),
        is_published: Set(input.is_published),
        deflections: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        revision: Set(revision),
        search_text: Set(fold(&format!("{}\n{}", input.title, input.body))),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(model.id)
}

/// The active model that replaces `existing`'s content with `input`.
pub(crate) fn apply(
    existing: kb_article::Model,
    input: ArticleFields,
    revision: i64,
    now: DateTime<Utc>,
) -> kb_article::ActiveModel {
    kb_article::ActiveModel {
        id: Set(existing.id),
        search_text: Set(fold(&format!("{}\n{}", input.title, input.body))),
        title: Set(input.title),
        body: Set(input.body),
        product_id: Set(input.product_id),
        version_id: Set(input.version_id),
        tags: Set(input.tags.join(",")),
        is_published: Set(input.is_published),
        revision: Set(revision),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Takes the next article revision; call it as the first write of the changing transaction so
/// that concurrent changes commit in revision order (the counter row stays locked until commit).
pub(crate) async fn next_revision(txn: &impl ConnectionTrait) -> ServiceResult<i64> {
    let updated = counter::Entity::update_many()
        .col_expr(counter::Column::Value, Expr::col(counter::Column::Value).add(1))
        .filter(counter::Column::Name.eq(REVISION_COUNTER))
        .exec_with_returning(txn)
        .await?;
    updated.first().map(|row| row.value).ok_or_else(|| ServiceError::Internal("the kb_revision counter is missing".into()))
}

pub(crate) fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',').map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_owned).collect()
}

/// Product and version names by id (the catalogue is small: a few dozen rows).
pub(crate) struct ScopeNames {
    products: Vec<product::Model>,
    versions: Vec<product_version::Model>,
}

impl ScopeNames {
    pub(crate) async fn load(db: &impl ConnectionTrait) -> ServiceResult<ScopeNames> {
        Ok(ScopeNames {
            products: product::Entity::find().all(db).await?,
            versions: product_version::Entity::find().all(db).await?,
        })
    }

    pub(crate) fn product(&self, id: Option<i32>) -> Option<String> {
        let id = id?;
        self.products.iter().find(|p| p.id == id).map(|p| p.name.clone())
    }

    pub(crate) fn version(&self, id: Option<i32>) -> Option<String> {
        let id = id?;
        self.versions.iter().find(|v| v.id == id).map(|v| v.name.clone())
    }

    pub(crate) fn product_id(&self, name: &str) -> Option<i32> {
        self.products.iter().find(|p| p.name == name).map(|p| p.id)
    }

    pub(crate) fn version_id(&self, product_id: i32, name: &str) -> Option<i32> {
        self.versions.iter().find(|v| v.product_id == product_id && v.name == name).map(|v| v.id)
    }
}
