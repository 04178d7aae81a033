//! The knowledge base as its readers see it: suggestions while a customer types a subject, an
//! article, the staff list and the editor's fields. The service fills these, the pages show them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::RequestStatus;

/// Fewer typed characters than this give no suggestions (the panel asks the same).
pub const MIN_QUERY_CHARS: usize = 3;
/// Longer search texts are refused: a subject has at most 200 characters.
pub const MAX_QUERY_CHARS: usize = 200;

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

/// An article as its reader sees it.
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
    /// On the reader's clock, e.g. «29.11.2026 14:05».
    pub updated: String,
    /// Staff see the editor link.
    pub can_edit: bool,
}

/// One line of the staff list «База знаний».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub id: i32,
    pub title: String,
    pub product_name: Option<String>,
    pub version_name: Option<String>,
    pub is_published: bool,
    pub updated_at: DateTime<Utc>,
    /// `updated_at` on the reader's clock.
    pub updated: String,
    /// «Это решило мою проблему» clicks.
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

/// What the editor edits (and what an import line holds, after lookup). Tags are separate words
/// («печать», «cups»).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleFields {
    pub title: String,
    pub body: String,
    pub product_id: Option<i32>,
    pub version_id: Option<i32>,
    pub tags: Vec<String>,
    pub is_published: bool,
}
