//! «Администрирование → Организации»: the list, the card, create, edit, deactivate and
//! reactivate. Every function admits portal administrators only (`server::require_administrator`,
//! which is `portal_service::administrator::Administrator::of`); the forms work without
//! JavaScript too (a plain post is redirected back with the error or on to the result).

use domain::organization::{OrganizationCard, OrganizationPage};
use leptos::prelude::*;

use crate::error::AppError;

/// Where an organization's card lives.
pub fn card_path(id: i32) -> String {
    format!("/admin/organizations/{id}")
}

#[server(prefix = "/api", endpoint = "admin/organizations/page")]
pub async fn list_organizations(
    search: Option<String>,
    state: Option<String>,
    page: Option<u32>,
) -> Result<OrganizationPage, AppError> {
    use crate::server;
    use domain::organization::OrganizationFilter;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let query = portal_service::organizations::OrganizationQuery {
            search,
            filter: state.as_deref().and_then(OrganizationFilter::parse).unwrap_or_default(),
            page: page.unwrap_or(1),
        };
        Ok(portal_service::organizations::page(&server::state()?.db, &admin, &query).await?)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "admin/organizations/card")]
pub async fn open_organization(id: i32) -> Result<OrganizationCard, AppError> {
    use crate::server;
    let result = async {
        let (account, admin) = server::require_administrator().await?;
        let clock = portal_service::local_time::ReaderClock::of(&account.time_zone);
        let today = clock.at(chrono::Utc::now()).date_naive();
        Ok(portal_service::organizations::card(&server::state()?.db, &admin, id, &clock, today).await?)
    }
    .await;
    server::respond(result)
}

/// Creates the organization; answers its card's path (a plain post is redirected there).
#[server(prefix = "/api", endpoint = "admin/organizations/create")]
pub async fn create_organization(name: String, inn: String, kpp: String, contact_email: String) -> Result<String, AppError> {
    use crate::server;
    use domain::organization::OrganizationFields;
    let fields = OrganizationFields { name, inn, kpp, contact_email };
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let created = portal_service::organizations::create(&server::state()?.db, &admin, &fields, chrono::Utc::now()).await?;
        let path = card_path(created.id);
        server::redirect_plain_form_post(&path).await;
        Ok(path)
    }
    .await;
    server::respond_to_form(result, "/admin/organizations/new", &kept(&fields)).await
}

#[server(prefix = "/api", endpoint = "admin/organizations/update")]
pub async fn update_organization(id: i32, name: String, inn: String, kpp: String, contact_email: String) -> Result<(), AppError> {
    use crate::server;
    use domain::organization::OrganizationFields;
    let fields = OrganizationFields { name, inn, kpp, contact_email };
    let path = card_path(id);
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        portal_service::organizations::update(&server::state()?.db, &admin, id, &fields, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&format!("{path}?saved=1")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, &path, &kept(&fields)).await
}

/// Deactivates (`active = false`) or reactivates the organization.
#[server(prefix = "/api", endpoint = "admin/organizations/active")]
pub async fn set_organization_active(id: i32, active: bool) -> Result<(), AppError> {
    use crate::server;
    let path = card_path(id);
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        portal_service::organizations::set_active(&server::state()?.db, &admin, id, active, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&path).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, &path, &[]).await
}

/// What a form sent back without JavaScript shows again.
#[cfg(feature = "ssr")]
fn kept(fields: &domain::organization::OrganizationFields) -> [(&'static str, &str); 4] {
    [("name", &fields.name), ("inn", &fields.inn), ("kpp", &fields.kpp), ("contact_email", &fields.contact_email)]
}
