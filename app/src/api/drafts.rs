//! «Черновики»: saving the request form while the user works, listing, opening and deleting
//! drafts. Each function acts on the signed-in customer's own drafts only.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use domain::draft::OpenedDraft;

/// The save endpoint; the page-hide beacon posts `{"payload": "…"}` to it directly.
pub const SAVE_DRAFT_URL: &str = "/api/drafts/save";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub id: i32,
    /// The time of the save in the user's time zone, «14:05».
    pub saved_time: String,
}

/// One line of «Черновики».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRow {
    pub id: i32,
    pub kind: Option<domain::RequestKind>,
    pub subject: Option<String>,
    /// «29.11.2026 14:05» in the user's time zone.
    pub saved: String,
}

/// Saves the form (`payload`: the JSON of `domain::draft::DraftForm`) as the user's draft of it.
#[server(prefix = "/api", endpoint = "drafts/save", input = Json)]
pub async fn save_draft(payload: String) -> Result<SavedDraft, AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        let saved = portal_service::drafts::save(&server::state()?.db, customer.account.id, &payload, chrono::Utc::now()).await?;
        Ok(SavedDraft { id: saved.id, saved_time: ReaderClock::of(&customer.account.time_zone).time(saved.updated_at) })
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "drafts/list")]
pub async fn list_drafts() -> Result<Vec<DraftRow>, AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        let drafts = portal_service::drafts::list_of_user(&server::state()?.db, customer.account.id).await?;
        Ok(drafts
            .into_iter()
            .map(|draft| DraftRow {
                id: draft.id,
                kind: draft.kind.as_deref().and_then(domain::RequestKind::parse),
                subject: draft.subject,
                saved: ReaderClock::of(&customer.account.time_zone).date_time(draft.updated_at),
            })
            .collect())
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "drafts/open")]
pub async fn open_draft(id: i32) -> Result<OpenedDraft, AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        let clock = ReaderClock::of(&customer.account.time_zone);
        Ok(portal_service::drafts::open(&server::state()?.db, customer.account.id, id, clock).await?)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "drafts/delete")]
pub async fn delete_draft(id: i32) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        let state = server::state()?;
        portal_service::drafts::delete(&state.db, &state.attachments, customer.account.id, id).await?;
        tracing::info!(draft = id, user_id = customer.account.id, "draft deleted");
        Ok(())
    }
    .await;
    server::respond(result)
}

/// «Не сохранять»: removes the draft of the form `form_key` (if autosave made one) and the form's
/// uploads.
#[server(prefix = "/api", endpoint = "drafts/discard", input = Json)]
pub async fn discard_draft(form_key: String, upload_ids: Vec<i32>) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        if !domain::draft::is_form_key(&form_key) {
            return Err(AppError::invalid("draft", domain::validation::Code::DraftKeyInvalid));
        }
        if upload_ids.len() > domain::draft::MAX_ATTACHMENTS {
            return Err(AppError::invalid("attachments", domain::validation::Code::AttachmentsTooMany));
        }
        let state = server::state()?;
        portal_service::drafts::discard(&state.db, &state.attachments, customer.account.id, &form_key, &upload_ids).await?;
        Ok(())
    }
    .await;
    server::respond(result)
}

#[cfg(feature = "ssr")]
use portal_service::local_time::ReaderClock;

/// How many drafts the signed-in customer has.
#[server(prefix = "/api", endpoint = "drafts/count")]
pub async fn count_drafts() -> Result<u64, AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        Ok(portal_service::drafts::count_of_user(&server::state()?.db, customer.account.id).await?)
    }
    .await;
    server::respond(result)
}
