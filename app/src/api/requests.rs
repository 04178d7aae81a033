//! Creating requests and listing them: «Создать запрос», «Мои запросы», «Запросы организации»,
//! «Очередь».

// `list_requests` takes eight optional form fields, one per filter of the list (a struct would only
// rename them on the wire); the server macro also writes a browser-side function with the same
// arguments, which an attribute on the function does not reach.
#![allow(clippy::too_many_arguments)]

use chrono::NaiveDate;
use domain::ServicesAvailability;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Which list of requests a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestScope {
    /// Authored by the user or shared with them.
    Mine,
    /// Every request of the user's organization.
    Organization,
    /// The support queue: every organization (staff only).
    Queue,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionOption {
    pub id: i32,
    pub name: String,
    pub updates: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductOption {
    pub id: i32,
    pub name: String,
    pub versions: Vec<VersionOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateOption {
    pub id: i32,
    pub number: String,
    pub valid_to: NaiveDate,
    pub covers_all_products: bool,
    pub product_ids: Vec<i32>,
}

impl CertificateOption {
    pub fn covers(&self, product_id: i32) -> bool {
        self.covers_all_products || self.product_ids.contains(&product_id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassificationOption {
    pub id: i32,
    pub name: String,
    pub children: Vec<ClassificationOption>,
}

/// Everything the creation form chooses from, for the signed-in customer's organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    pub services: ServicesAvailability,
    pub products: Vec<ProductOption>,
    /// Active support certificates of the organization.
    pub support_certificates: Vec<CertificateOption>,
    /// Active services certificates of the organization.
    pub services_certificates: Vec<CertificateOption>,
    pub classifications: Vec<ClassificationOption>,
}

#[server(prefix = "/api", endpoint = "requests/form-options")]
pub async fn request_form_options() -> Result<FormOptions, AppError> {
    use crate::server;
    let result = async {
        let customer = server::require_customer().await?;
        form_options_of(&server::state()?.db, customer.organization_id).await
    }
    .await;
    server::respond(result)
}

/// The product catalog as the forms offer it (creation form, knowledge-base editor).
#[cfg(feature = "ssr")]
pub(crate) async fn product_options(db: &portal_service::DatabaseConnection) -> Result<Vec<ProductOption>, AppError> {
    Ok(portal_service::catalog::product_tree(db)
        .await?
        .into_iter()
        .map(|product| ProductOption {
            id: product.id,
            name: product.name,
            versions: product
                .versions
                .into_iter()
                .map(|version| VersionOption {
                    id: version.id,
                    name: version.name,
                    updates: version.updates.into_iter().map(|(id, name)| Choice { id, name }).collect(),
                })
                .collect(),
        })
        .collect())
}

/// The creation form's choices for one organization: its active certificates and the catalog.
/// Customers get their own organization's; support registering a request on its behalf, the
/// chosen one's.
#[cfg(feature = "ssr")]
pub(crate) async fn form_options_of(
    db: &portal_service::DatabaseConnection,
    organization_id: i32,
) -> Result<FormOptions, AppError> {
    use domain::CertificateKind;
    use portal_service::{catalog, catalog::certificates};

    let today = chrono::Utc::now().date_naive();
    let support = certificates::active_of_organization(db, organization_id, CertificateKind::Support, today).await?;
    let services = certificates::active_of_organization(db, organization_id, CertificateKind::Services, today).await?;
    let ids: Vec<i32> = support.iter().chain(services.iter()).map(|c| c.id).collect();
    let coverage = certificates::covered_products(db, &ids).await?;
    let to_option = |cert: portal_service::entity::certificate::Model| CertificateOption {
        product_ids: coverage.iter().filter(|(c, _)| *c == cert.id).map(|(_, p)| *p).collect(),
        id: cert.id,
        number: cert.number,
        valid_to: cert.valid_to,
        covers_all_products: cert.covers_all_products,
    };
    fn classification(node: catalog::ClassificationNode) -> ClassificationOption {
        ClassificationOption { id: node.id, name: node.name, children: node.children.into_iter().map(classification).collect() }
    }
    Ok(FormOptions {
        services: certificates::services_availability_of(db, organization_id, today).await?,
        products: product_options(db).await?,
        support_certificates: support.into_iter().map(to_option).collect(),
        services_certificates: services.into_iter().map(to_option).collect(),
        classifications: catalog::classification_tree(db).await?.into_iter().map(classification).collect(),
    })
}

pub use domain::request::NewRequest as NewRequestInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedRequest {
    pub id: i32,
    pub number: i64,
}

#[server(prefix = "/api", endpoint = "requests/create", input = Json)]
pub async fn create_request(input: NewRequestInput) -> Result<CreatedRequest, AppError> {
    use crate::server;
    use portal_service::requests::{self, Author};

    let result = async {
        let customer = server::require_customer().await?;
        let author = Author { user_id: customer.account.id, organization_id: customer.organization_id };
        let created = requests::create(&server::state()?.db, author, input, chrono::Utc::now()).await?;
        if !created.replayed {
            tracing::info!(number = created.number, user_id = author.user_id, "request created");
        }
        Ok(CreatedRequest { id: created.id, number: created.number })
    }
    .await;
    server::respond(result)
}

/// Filters and position of a list, as they appear in the page's URL query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListParams {
    pub search: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub sort: Option<String>,
    pub after: Option<String>,
    /// Queue only: an organization id.
    pub organization: Option<String>,
    /// Queue only: `me` (assigned to the signed-in staff member) or `unassigned`.
    pub assigned: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestListPage {
    pub rows: Vec<domain::request_view::RequestRow>,
    pub total: u64,
    /// Cursor of the next page.
    pub next: Option<String>,
}

/// One page of a list. The filters are separate arguments so that each may be left out.
#[server(prefix = "/api", endpoint = "requests/list")]
pub async fn list_requests(
    scope: RequestScope,
    search: Option<String>,
    status: Option<String>,
    kind: Option<String>,
    sort: Option<String>,
    after: Option<String>,
    organization: Option<String>,
    assigned: Option<String>,
) -> Result<RequestListPage, AppError> {
    use crate::server;
    use portal_service::requests::{self, Assignment, Cursor, ListQuery, ListScope, PAGE_SIZE, QueueFilter, SortBy};

    let result = async {
        let blank_to_none = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
        let (account, list_scope) = match scope {
            RequestScope::Mine => {
                let customer = server::require_customer().await?;
                let scope = ListScope::User { user_id: customer.account.id, organization_id: customer.organization_id };
                (customer.account, scope)
            }
            RequestScope::Organization => {
                let customer = server::require_customer().await?;
                (customer.account, ListScope::Organization { organization_id: customer.organization_id })
            }
            RequestScope::Queue => {
                let account = server::require_staff().await?;
                let organization_id = match blank_to_none(organization) {
                    Some(id) => Some(
                        id.trim()
                            .parse::<i32>()
                            .map_err(|_| AppError::invalid("organization", domain::validation::Code::OrganizationInvalid))?,
                    ),
                    None => None,
                };
                let assignment = match blank_to_none(assigned).as_deref() {
                    None => None,
                    Some("me") => Some(Assignment::AssignedTo(account.id)),
                    Some("unassigned") => Some(Assignment::Unassigned),
                    Some(_) => return Err(AppError::invalid("assigned", domain::validation::Code::AssignedInvalid)),
                };
                // Managers see commercial requests, support engineers the others.
                let routing = domain::workflow::QueueRouting::default_for(account.role);
                (account, ListScope::Queue(QueueFilter { routing, organization_id, assignment }))
            }
        };
        let search = blank_to_none(search);
        if search.as_ref().is_some_and(|s| s.chars().count() > 200) {
            return Err(AppError::invalid("search", domain::validation::Code::SearchTooLong));
        }
        let status = match blank_to_none(status) {
            Some(code) => Some(
                domain::RequestStatus::parse(&code)
                    .ok_or_else(|| AppError::invalid("status", domain::validation::Code::StatusInvalid))?,
            ),
            None => None,
        };
        let kind = match blank_to_none(kind) {
            Some(code) => Some(
                domain::RequestKind::parse(&code)
                    .ok_or_else(|| AppError::invalid("kind", domain::validation::Code::KindInvalid))?,
            ),
            None => None,
        };
        let sort = match blank_to_none(sort).as_deref() {
            None | Some("updated") => SortBy::Updated,
            Some("created") => SortBy::Created,
            Some(_) => return Err(AppError::invalid("sort", domain::validation::Code::SortInvalid)),
        };
        let after = match blank_to_none(after) {
            Some(text) => {
                Some(Cursor::decode(&text).ok_or_else(|| AppError::invalid("after", domain::validation::Code::AfterInvalid))?)
            }
            None => None,
        };
        let reader = portal_service::local_time::ReaderClock::of(&account.time_zone);
        let query = ListQuery { search, status, kind, sort, after, limit: PAGE_SIZE, reader };
        let page = requests::list(&server::state()?.db, list_scope, &query).await?;
        Ok(RequestListPage { rows: page.rows, total: page.total, next: page.next.map(|cursor| cursor.encode()) })
    }
    .await;
    server::respond(result)
}

/// The organizations, for the queue's «Организация» filter (staff only).
#[server(prefix = "/api", endpoint = "requests/queue-organizations")]
pub async fn queue_organizations() -> Result<Vec<Choice>, AppError> {
    use crate::server;
    let result = async {
        server::require_staff().await?;
        let organizations = portal_service::organizations::list(&server::state()?.db).await?;
        Ok(organizations.into_iter().map(|o| Choice { id: o.id, name: o.name }).collect())
    }
    .await;
    server::respond(result)
}
