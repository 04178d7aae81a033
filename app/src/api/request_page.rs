//! The request page «Запрос № N»: its details, the chat, and the staff actions (take, assign,
//! change the status). Every function checks on the server that the signed-in user may see the
//! request (its organization, or staff of the right kind) before anything else.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use domain::chat::{AuthorRole, ChatMessage, NewMessage, SystemEvent};
pub use domain::request_view::{Participant, ParticipantKind, RequestDetails};

/// The request's details with its two times already in the viewer's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCard {
    pub details: RequestDetails,
    /// E.g. «29.11.2026 14:05».
    pub created: String,
    pub updated: String,
    /// Who the viewer may assign the request to (empty unless `details.can_assign`): engineers
    /// for support requests, managers for commercial ones.
    pub assignees: Vec<Participant>,
}

/// The page's first load: the details and the chat history so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPageData {
    pub card: RequestCard,
    pub messages: Vec<ChatMessage>,
}

#[cfg(feature = "ssr")]
mod convert {
    //! From the service's records to the wire types, with times in the viewer's zone.
    use super::*;
    use portal_service::accounts::Account;

    fn format_time(at: chrono::DateTime<chrono::Utc>, account: &Account) -> String {
        portal_service::local_time::ReaderClock::of(&account.time_zone).date_time(at)
    }

    /// The details of request `number` as `account` may see them, ready for the page.
    pub async fn load_card(
        db: &portal_service::DatabaseConnection,
        account: &Account,
        number: i64,
    ) -> Result<RequestCard, AppError> {
        let details = portal_service::requests::view::request_details(db, account, number).await?;
        let assignees =
            if details.can_assign { portal_service::workflow::assignable_staff(db, details.kind).await? } else { Vec::new() };
        Ok(RequestCard {
            created: format_time(details.created_at, account),
            updated: format_time(details.updated_at, account),
            details,
            assignees,
        })
    }
}

#[server(prefix = "/api", endpoint = "request-page/load")]
pub async fn load_request_page(number: i64) -> Result<RequestPageData, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let db = &server::state()?.db;
        let card = convert::load_card(db, &account, number).await?;
        let messages = portal_service::requests::chat::messages_after(db, &account, number, 0).await?;
        Ok(RequestPageData { card, messages })
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "request-page/details")]
pub async fn fetch_request_card(number: i64) -> Result<RequestCard, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        convert::load_card(&server::state()?.db, &account, number).await
    }
    .await;
    server::respond(result)
}

/// Messages with an id greater than `after`, oldest first: what the live stream announced, or
/// what was missed while the connection was down.
#[server(prefix = "/api", endpoint = "request-page/messages")]
pub async fn messages_after(number: i64, after: i64) -> Result<Vec<ChatMessage>, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let messages =
            portal_service::requests::chat::messages_after(&server::state()?.db, &account, number, after.max(0)).await?;
        Ok(messages)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "request-page/post", input = Json)]
pub async fn post_message(message: NewMessage) -> Result<ChatMessage, AppError> {
    use crate::server;
    let result = async {
        let account = server::current_account().await?;
        let state = server::state()?;
        let stored = portal_service::requests::chat::post_message(
            &state.db,
            &state.live,
            &account,
            &message,
            chrono::Utc::now(),
            state.reopen_window,
        )
        .await?;
        Ok(stored)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "request-page/status")]
pub async fn change_status(number: i64, status: String) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let account = server::require_staff().await?;
        let status = domain::RequestStatus::parse(&status)
            .ok_or_else(|| AppError::invalid("status", domain::validation::Code::StatusInvalid))?;
        let state = server::state()?;
        portal_service::workflow::change_status(
            &state.db,
            &state.live,
            &account,
            number,
            status,
            chrono::Utc::now(),
            state.reopen_window,
        )
        .await?;
        Ok(())
    }
    .await;
    server::respond(result)
}

/// «Взять в работу»: the signed-in engineer or manager becomes responsible.
#[server(prefix = "/api", endpoint = "request-page/take")]
pub async fn take_request(number: i64) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let account = server::require_staff().await?;
        let state = server::state()?;
        Ok(portal_service::workflow::take(&state.db, &state.live, &account, number, chrono::Utc::now()).await?)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "request-page/assign")]
pub async fn assign_request(number: i64, assignee_id: i32) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let account = server::require_staff().await?;
        let state = server::state()?;
        Ok(portal_service::workflow::assign(&state.db, &state.live, &account, number, assignee_id, chrono::Utc::now()).await?)
    }
    .await;
    server::respond(result)
}
