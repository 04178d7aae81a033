//! «Администрирование → Люди»: the list, invitations (and sending one again), role changes,
//! switching people off and on. Portal administrators only (`server::require_administrator`);
//! the forms work without JavaScript too.

use domain::person::PeoplePage;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub const PEOPLE_PATH: &str = "/admin/people";

/// An organization to choose in the filter and the invitation form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationChoice {
    pub id: i32,
    pub name: String,
}

#[server(prefix = "/api", endpoint = "admin/people/page")]
pub async fn list_people(
    search: Option<String>,
    organization: Option<i32>,
    role: Option<String>,
    state: Option<String>,
    page: Option<u32>,
) -> Result<PeoplePage, AppError> {
    use crate::server;
    use domain::person::PersonState;
    let result = async {
        let (account, admin) = server::require_administrator().await?;
        let query = portal_service::people::PeopleQuery {
            search,
            organization_id: organization,
            role: role.as_deref().and_then(domain::Role::parse),
            state: state.as_deref().and_then(PersonState::parse).unwrap_or_default(),
            page: page.unwrap_or(1),
        };
        let clock = portal_service::local_time::ReaderClock::of(&account.time_zone);
        Ok(portal_service::people::page(&server::state()?.db, &admin, &query, &clock).await?)
    }
    .await;
    server::respond(result)
}

/// Every organization, active ones only (people are invited into those).
#[server(prefix = "/api", endpoint = "admin/people/organizations")]
pub async fn organization_choices() -> Result<Vec<OrganizationChoice>, AppError> {
    use crate::server;
    let result = async {
        server::require_administrator().await?;
        let all = portal_service::organizations::list(&server::state()?.db).await?;
        Ok(all.into_iter().filter(|org| org.is_active).map(|org| OrganizationChoice { id: org.id, name: org.name }).collect())
    }
    .await;
    server::respond(result)
}

/// Invites a person; a plain post goes on to the list of those invited.
#[server(prefix = "/api", endpoint = "admin/people/invite")]
pub async fn invite_person(
    email: String,
    display_name: String,
    role: String,
    organization: Option<String>,
) -> Result<(), AppError> {
    use crate::server;
    use domain::validation::Code;
    let organization_text = organization.clone().unwrap_or_default();
    let keep = [
        ("email", email.as_str()),
        ("display_name", display_name.as_str()),
        ("role", role.as_str()),
        ("organization", organization_text.as_str()),
    ];
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let role = domain::Role::parse(&role).ok_or(AppError::invalid("role", Code::Malformed))?;
        let organization_id = match organization.as_deref().map(str::trim).filter(|value| !value.is_empty()) {
            Some(value) => Some(value.parse::<i32>().map_err(|_| AppError::invalid("organization", Code::OrganizationInvalid))?),
            None => None,
        };
        let invitation =
            domain::person::Invitation { email: email.clone(), display_name: display_name.clone(), role, organization_id };
        portal_service::people::invite(&server::state()?.db, &admin, &invitation, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&format!("{PEOPLE_PATH}?state=invited&done=invited")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, "/admin/people/new", &keep).await
}

#[server(prefix = "/api", endpoint = "admin/people/resend")]
pub async fn resend_invitation(id: i32) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        portal_service::people::resend_invitation(&server::state()?.db, &admin, id, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&format!("{PEOPLE_PATH}?state=invited&done=resent")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, PEOPLE_PATH, &[]).await
}

#[server(prefix = "/api", endpoint = "admin/people/role")]
pub async fn change_person_role(id: i32, role: String) -> Result<(), AppError> {
    use crate::server;
    use domain::validation::Code;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let role = domain::Role::parse(&role).ok_or(AppError::invalid("role", Code::Malformed))?;
        portal_service::people::change_role(&server::state()?.db, &admin, id, role, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&format!("{PEOPLE_PATH}?state=all&done=role")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, PEOPLE_PATH, &[]).await
}

#[server(prefix = "/api", endpoint = "admin/people/active")]
pub async fn set_person_active(id: i32, active: bool) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let state = server::state()?;
        portal_service::people::set_active(&state.db, &state.live, &admin, id, active, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&format!("{PEOPLE_PATH}?state=all")).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, PEOPLE_PATH, &[]).await
}
