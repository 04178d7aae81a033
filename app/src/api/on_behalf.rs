//! Support registers a request on behalf of an organization (a phone call, a letter): the
//! staff form at `/queue/new`. No portal author; the organization admin assigns one later in
//! «Запросы без автора». Staff only — every function answers 403 to customers.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::requests::{Choice, CreatedRequest, FormOptions, NewRequestInput};
use crate::error::AppError;

/// What the staff form chooses from: every organization, and the creation-form choices
/// (certificates, catalog) of the chosen one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBehalfChoices {
    pub organizations: Vec<Choice>,
    /// `None` until an organization is chosen.
    pub form: Option<FormOptions>,
}

#[server(prefix = "/api", endpoint = "requests/on-behalf-options")]
pub async fn on_behalf_options(organization_id: Option<i32>) -> Result<OnBehalfChoices, AppError> {
    use crate::server;
    use portal_service::organizations;
    let result = async {
        server::require_staff().await?;
        let db = &server::state()?.db;
        let organizations: Vec<Choice> =
            organizations::list(db).await?.into_iter().map(|org| Choice { id: org.id, name: org.name }).collect();
        let form = match organization_id {
            Some(id) if organizations.iter().any(|org| org.id == id) => {
                Some(crate::api::requests::form_options_of(db, id).await?)
            }
            Some(_) => {
                return Err(AppError::Invalid {
                    field: "organization".into(),
                    code: domain::validation::Code::OrganizationInvalid,
                });
            }
            None => None,
        };
        Ok(OnBehalfChoices { organizations, form })
    }
    .await;
    server::respond(result)
}

/// Registers the request: the same validation, numbering and idempotency as a customer's own
/// request, with an optional contact person to call back.
#[server(prefix = "/api", endpoint = "requests/create-on-behalf", input = leptos::server_fn::codec::Json)]
pub async fn create_request_on_behalf(
    organization_id: i32,
    contact_name: Option<String>,
    contact_email: Option<String>,
    input: NewRequestInput,
) -> Result<CreatedRequest, AppError> {
    use crate::server;
    use portal_service::requests::{self, Contact};
    let result = async {
        let staff = server::require_staff().await?;
        let contact = Contact { name: contact_name, email: contact_email };
        let created =
            requests::create_on_behalf(&server::state()?.db, staff.id, organization_id, contact, input, chrono::Utc::now())
                .await?;
        if !created.replayed {
            tracing::info!(
                number = created.number,
                staff_id = staff.id,
                organization_id,
                "request registered on behalf of an organization"
            );
        }
        Ok(CreatedRequest { id: created.id, number: created.number })
    }
    .await;
    server::respond(result)
}
