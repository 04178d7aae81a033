//! The organization admin's server functions: «Запросы без автора» (list, assign an author,
//! take it yourself) and members (list, deactivate, reactivate). Every one refuses anyone but
//! an org admin with 403; the service checks the organization of every row again.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorlessItem {
    pub id: i32,
    pub number: i64,
    pub subject: String,
    pub contact: Option<String>,
    /// In the admin's time zone, e.g. «29.11.2026 14:05».
    pub created: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberItem {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: domain::Role,
    pub is_active: bool,
    /// The signed-in admin themselves (cannot be deactivated).
    pub is_me: bool,
}

#[cfg(feature = "ssr")]
async fn require_org_admin() -> Result<portal_service::accounts::Account, AppError> {
    let account = crate::server::current_account().await?;
    if account.role == domain::Role::OrgAdmin && account.organization_id.is_some() {
        Ok(account)
    } else {
        Err(AppError::Forbidden)
    }
}

#[server(prefix = "/api", endpoint = "org/authorless")]
pub async fn authorless_requests(search: Option<String>) -> Result<Vec<AuthorlessItem>, AppError> {
    use crate::server;
    let result = async {
        let admin = require_org_admin().await?;
        let rows = portal_service::org_admin::list(&server::state()?.db, &admin, search.as_deref()).await?;
        let clock = portal_service::local_time::ReaderClock::of(&admin.time_zone);
        Ok(rows
            .into_iter()
            .map(|row| AuthorlessItem {
                id: row.id,
                number: row.number,
                subject: row.subject,
                contact: match (row.contact_name, row.contact_email) {
                    (Some(name), Some(email)) => Some(format!("{name} <{email}>")),
                    (Some(name), None) => Some(name),
                    (None, Some(email)) => Some(email),
                    (None, None) => None,
                },
                created: clock.date_time(row.created_at),
            })
            .collect())
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "org/members")]
pub async fn org_members(search: Option<String>) -> Result<Vec<MemberItem>, AppError> {
    use crate::server;
    let result = async {
        let admin = require_org_admin().await?;
        let members = portal_service::org_admin::members(&server::state()?.db, &admin, search.as_deref()).await?;
        Ok(members
            .into_iter()
            .map(|m| MemberItem {
                is_me: m.id == admin.id,
                id: m.id,
                display_name: m.display_name,
                email: m.email,
                role: m.role,
                is_active: m.is_active,
            })
            .collect())
    }
    .await;
    server::respond(result)
}

/// `author_id` None: the admin takes the request themselves.
#[server(prefix = "/api", endpoint = "org/assign-author")]
pub async fn assign_request_author(request_id: i32, author_id: Option<i32>) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let admin = require_org_admin().await?;
        let state = server::state()?;
        portal_service::org_admin::assign_author(&state.db, &state.live, &admin, request_id, author_id, chrono::Utc::now())
            .await?;
        tracing::info!(request_id, ?author_id, admin_id = admin.id, "author assigned to a request without author");
        Ok(())
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "org/member-active")]
pub async fn set_member_active(user_id: i32, active: bool) -> Result<(), AppError> {
    use crate::server;
    let result = async {
        let admin = require_org_admin().await?;
        let state = server::state()?;
        let now = chrono::Utc::now();
        if active {
            portal_service::org_admin::reactivate_member(&state.db, &admin, user_id, now).await?;
        } else {
            portal_service::org_admin::deactivate_member(&state.db, &state.live, &admin, user_id, now).await?;
        }
        tracing::info!(user_id, active, admin_id = admin.id, "member activity changed");
        Ok(())
    }
    .await;
    server::respond(result)
}
