//! Knowledge base: suggestions while a customer types a request subject, articles opened by
//! link, and the staff editor («База знаний»).
//!
//! Customers see published articles only; everything that changes articles is staff only. The
//! search lives in `portal_service::kb::search`, the articles in `portal_service::kb`; the types
//! are `domain::kb`.

use domain::kb::{ArticleFields, ArticleListPage, ArticleView, Suggestions};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::api::requests::ProductOption;
use crate::error::AppError;

/// Articles and resolved requests of the organization that match what the customer typed,
/// articles of the chosen product and version first.
#[server(prefix = "/api", endpoint = "kb/suggest")]
pub async fn suggest_solutions(text: String, product_id: Option<i32>, version_id: Option<i32>) -> Result<Suggestions, AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        server::rate_limit(|limits, now| limits.suggestions(customer.account.id, now))?;
        Ok(server::state()?.kb_search.suggestions(customer.organization_id, &text, product_id, version_id)?)
    }
    .await;
    server::respond(result)
}

/// One article. Customers get published articles only; staff get any.
#[server(prefix = "/api", endpoint = "kb/article")]
pub async fn get_article(id: i32) -> Result<ArticleView, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let reader = portal_service::local_time::ReaderClock::of(&account.time_zone);
        Ok(portal_service::kb::view(&server::state()?.db, id, account.role.is_staff(), reader).await?)
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

/// «База знаний» for staff: every article, newest first, optionally filtered by words.
#[server(prefix = "/api", endpoint = "kb/list")]
pub async fn list_articles(search: Option<String>, page: Option<u64>) -> Result<ArticleListPage, AppError> {
    use crate::server;
    let result = async {
        let account = server::require_staff().await?;
        let reader = portal_service::local_time::ReaderClock::of(&account.time_zone);
        let search = search.unwrap_or_default();
        Ok(portal_service::kb::list(&server::state()?.db, &search, page.unwrap_or(1), reader).await?)
    }
    .await;
    server::respond(result)
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
    let result = async {
        server::require_staff().await?;
        let db = &server::state()?.db;
        let fields = portal_service::kb::editor_fields(db, id).await?;
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
    use portal_service::kb;
    let result = async {
        let account = server::require_staff().await?;
        let state = server::state()?;
        let now = chrono::Utc::now();
        let saved = match id {
            Some(id) => kb::update(&state.db, id, fields, now).await.map(|()| id),
            None => kb::create(&state.db, fields, now).await,
        }?;
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
