//! How many requests each list holds; the lists themselves grow out of this module.

use leptos::prelude::*;

use crate::error::AppError;

/// Which list of requests a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RequestScope {
    /// Authored by the user or shared with them.
    Mine,
    /// Every request of the user's organization.
    Organization,
    /// The support queue: every organization (staff only).
    Queue,
}

#[server(prefix = "/api", endpoint = "requests/count")]
pub async fn count_requests(scope: RequestScope) -> Result<u64, AppError> {
    use crate::server;
    use portal_service::requests;
    let result = async {
        let state = server::state()?;
        match scope {
            RequestScope::Mine => {
                let customer = server::require_customer().await?;
                Ok(requests::count_of_user(&state.db, customer.account.id).await?)
            }
            RequestScope::Organization => {
                let customer = server::require_customer().await?;
                Ok(requests::count_of_organization(&state.db, customer.organization_id).await?)
            }
            RequestScope::Queue => {
                server::require_staff().await?;
                Ok(requests::count_all(&state.db).await?)
            }
        }
    }
    .await;
    server::respond(result)
}

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
