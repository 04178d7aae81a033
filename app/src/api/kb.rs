//! Knowledge base: suggestions while a customer types a request subject, articles opened by
//! link, and the staff editor («База знаний»).
//!
//! Customers see published articles only; everything that changes articles is staff only. The
//! search itself lives in `portal_service::kb::search`, the articles in `portal_service::kb`.

use domain::RequestStatus;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::api::requests::ProductOption;
use crate::error::AppError;

/// A piece of a search result; highlighted pieces are the words that matched. The browser renders
/// them as text (highlighted ones inside `<mark>`), never as HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub highlighted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedArticle {
    pub id: i32,
    pub title: Vec<Span>,
    pub snippet: Vec<Span>,
    pub product_name: Option<String>,
}

/// A resolved or closed request of the user's own organization that looks similar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarRequest {
    pub number: i64,
    pub subject: Vec<Span>,
    pub status: RequestStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    pub articles: Vec<SuggestedArticle>,
    pub requests: Vec<SimilarRequest>,
    /// The search failed on the server (it is logged there). The panel stays quiet.
    pub search_failed: bool,
}

/// Fewer typed characters than this give no suggestions (the panel asks the same).
pub const MIN_QUERY_CHARS: usize = 3;
/// Longer texts are refused: a subject has at most 200 characters.
pub const MAX_QUERY_CHARS: usize = 200;
#[cfg(feature = "ssr")]
const MAX_ARTICLES: usize = 5;
#[cfg(feature = "ssr")]
const MAX_REQUESTS: usize = 3;

/// Articles and resolved requests of the organization that match what the customer typed,
/// articles of the chosen product and version first.
#[server(prefix = "/api", endpoint = "kb/suggest")]
pub async fn suggest_solutions(text: String, product_id: Option<i32>, version_id: Option<i32>) -> Result<Suggestions, AppError> {
    use crate::server;
    use portal_service::kb::search::{SuggestQuery, TextSpan};

    let result = async {
        let customer = server::require_customer().await?;
        server::rate_limit(|limits, now| limits.suggestions(customer.account.id, now))?;
        let text = text.trim();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::invalid("text", domain::validation::Code::SearchTooLong));
        }
        if text.chars().count() < MIN_QUERY_CHARS {
            return Ok(Suggestions::default());
        }
        let search = &server::state()?.kb_search;
        let spans = |spans: Vec<TextSpan>| spans.into_iter().map(|s| Span { text: s.text, highlighted: s.highlighted }).collect();
        let query = SuggestQuery { text: text.to_owned(), product_id, version_id, limit: MAX_ARTICLES };
        let articles = match search.suggest(&query) {
            Ok(hits) => hits,
            Err(error) => {
                tracing::error!(%error, "knowledge-base suggestions failed");
                return Ok(Suggestions { search_failed: true, ..Suggestions::default() });
            }
        };
        let requests = match search.similar_requests(customer.organization_id, text, MAX_REQUESTS) {
            Ok(hits) => hits,
            Err(error) => {
                tracing::error!(%error, "similar requests search failed");
                return Ok(Suggestions { search_failed: true, ..Suggestions::default() });
            }
        };
        Ok(Suggestions {
            articles: articles
                .into_iter()
                .map(|hit| SuggestedArticle {
                    id: hit.article_id,
                    title: spans(hit.title),
                    snippet: spans(hit.snippet),
                    product_name: hit.product_name,
                })
                .collect(),
            requests: requests
                .into_iter()
                .filter_map(|hit| match RequestStatus::parse(&hit.status) {
                    Some(status) => Some(SimilarRequest { number: hit.number, subject: spans(hit.subject), status }),
                    None => {
                        tracing::error!(status = %hit.status, "similar request with an unknown status");
                        None
                    }
                })
                .collect(),
            search_failed: false,
        })
    }
    .await;
    server::respond(result)
}

/// An article as readers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleView {
    pub id: i32,
    pub title: String,
    /// Safe HTML: produced on the server by `portal_service::kb::render_markdown` only.
    pub body_html: String,
    pub product_name: Option<String>,
    pub version_name: Option<String>,
    pub tags: Vec<String>,
    pub is_published: bool,
    /// In the reader's time zone, e.g. «29.11.2026 14:05».
    pub updated: String,
    /// Staff see the editor link.
    pub can_edit: bool,
}

/// One article. Customers get published articles only (an unpublished one is «not found», so its
/// existence is not revealed); staff get any.
#[server(prefix = "/api", endpoint = "kb/article")]
pub async fn get_article(id: i32) -> Result<ArticleView, AppError> {
    use crate::server;
    use portal_service::kb;

    let result = async {
        let account = server::current_account().await?;
        let staff = account.role.is_staff();
        let article = kb::get(&server::state()?.db, id, staff).await?;
        Ok(ArticleView {
            id: article.id,
            title: article.title,
            body_html: article.body_html,
            product_name: article.product_name,
            version_name: article.version_name,
            tags: article.tags,
            is_published: article.is_published,
            updated: local_time(&account, article.updated_at),
            can_edit: staff,
        })
    }
    .await;
    server::respond(result)
}

/// «Это решило мою проблему»: counts that the article spared a request.
#[server(prefix = "/api", endpoint = "kb/deflection")]
pub async fn record_deflection(id: i32) -> Result<(), AppError> {
    use crate::server;

    let result = async {
        let customer = server::require_customer().await?;
        portal_service::kb::record_deflection(&server::state()?.db, id).await?;
        tracing::info!(article_id = id, user_id = customer.account.id, "article solved the problem");
        Ok(())
    }
    .await;
    server::respond(result)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub id: i32,
    pub title: String,
    pub product_name: Option<String>,
    pub version_name: Option<String>,
    pub is_published: bool,
    pub updated: String,
    pub deflections: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleListPage {
    pub rows: Vec<ArticleRow>,
    pub total: u64,
    /// 1-based, as in the page's URL.
    pub page: u64,
    pub pages: u64,
}

/// «База знаний» for staff: every article, newest first, optionally filtered by words.
#[server(prefix = "/api", endpoint = "kb/list")]
pub async fn list_articles(search: Option<String>, page: Option<u64>) -> Result<ArticleListPage, AppError> {
    use crate::server;
    use portal_service::kb;

    let result = async {
        let account = server::require_staff().await?;
        let search = search.unwrap_or_default();
        if search.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::invalid("search", domain::validation::Code::SearchTooLong));
        }
        let page = page.unwrap_or(1).max(1);
        let (rows, total) = kb::list(&server::state()?.db, search.trim(), page - 1).await?;
        Ok(ArticleListPage {
            rows: rows
                .into_iter()
                .map(|row| ArticleRow {
                    updated: local_time(&account, row.updated_at),
                    id: row.id,
                    title: row.title,
                    product_name: row.product_name,
                    version_name: row.version_name,
                    is_published: row.is_published,
                    deflections: row.deflections,
                })
                .collect(),
            total,
            page,
            pages: total.div_ceil(kb::PAGE_SIZE).max(1),
        })
    }
    .await;
    server::respond(result)
}

/// What the editor edits. Tags are separate words («печать», «cups»).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleFields {
    pub title: String,
    pub body: String,
    pub product_id: Option<i32>,
    pub version_id: Option<i32>,
    pub tags: Vec<String>,
    pub is_published: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorContent {
    pub fields: ArticleFields,
    /// The product → version tree for the scope selects.
    pub products: Vec<ProductOption>,
}

/// The editor's content: an existing article's fields (`id`) or an empty article.
#[server(prefix = "/api", endpoint = "kb/editor")]
pub async fn article_editor(id: Option<i32>) -> Result<EditorContent, AppError> {
    use crate::server;
    use portal_service::kb;

    let result = async {
        server::require_staff().await?;
        let db = &server::state()?.db;
        let fields = match id {
            Some(id) => {
                let article = kb::get(db, id, true).await?;
                ArticleFields {
                    title: article.title,
                    body: article.body_markdown,
                    product_id: article.product_id,
                    version_id: article.version_id,
                    tags: article.tags,
                    is_published: article.is_published,
                }
            }
            None => ArticleFields::default(),
        };
        let products = crate::api::requests::product_options(db).await?;
        Ok(EditorContent { fields, products })
    }
    .await;
    server::respond(result)
}

/// «Сохранить»: creates (`id` = None) or updates an article. Answers the article's id.
#[server(prefix = "/api", endpoint = "kb/save", input = Json)]
pub async fn save_article(id: Option<i32>, fields: ArticleFields) -> Result<i32, AppError> {
    use crate::server;
    use portal_service::kb::{self, ArticleInput};

    let result = async {
        let account = server::require_staff().await?;
        let state = server::state()?;
        let db = &state.db;
        let input = ArticleInput {
            title: fields.title,
            body: fields.body,
            product_id: fields.product_id,
            version_id: fields.version_id,
            tags: fields.tags,
            is_published: fields.is_published,
        };
        let now = chrono::Utc::now();
        let saved = match id {
            Some(id) => kb::update(db, id, input, now).await.map(|()| id),
            None => kb::create(db, input, now).await,
        }
        .map_err(kb_error)?;
        tracing::info!(article_id = saved, user_id = account.id, created = id.is_none(), "knowledge-base article saved");
        state.kb_search.changed();
        Ok(saved)
    }
    .await;
    server::respond(result)
}

/// «Опубликовать» / «Снять с публикации».
#[server(prefix = "/api", endpoint = "kb/publish")]
pub async fn set_article_published(id: i32, published: bool) -> Result<(), AppError> {
    use crate::server;

    let result = async {
        let account = server::require_staff().await?;
        let state = server::state()?;
        portal_service::kb::set_published(&state.db, id, published, chrono::Utc::now()).await?;
        tracing::info!(article_id = id, published, user_id = account.id, "knowledge-base article publication changed");
        state.kb_search.changed();
        Ok(())
    }
    .await;
    server::respond(result)
}

/// Validation codes of the knowledge base look like `kb.<field>.<rule>`: the field is the second
/// part, so the editor can show the message at that field.
#[cfg(feature = "ssr")]
fn kb_error(error: portal_service::ServiceError) -> AppError {
    match error {
        portal_service::ServiceError::Invalid(code) if code.as_str().starts_with("kb.") => {
            let field = code.as_str().split('.').nth(1).unwrap_or("title");
            AppError::invalid(field, code)
        }
        other => other.into(),
    }
}

#[cfg(feature = "ssr")]
fn local_time(account: &portal_service::accounts::Account, at: chrono::DateTime<chrono::Utc>) -> String {
    portal_service::local_time::ReaderClock::of(&account.time_zone).date_time(at)
}
