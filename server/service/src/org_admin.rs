//! «Запросы без автора»: requests registered by support on behalf of an organization (phone,
//! letter) or left behind by a deactivated member; the organization admin gives them an author.
//! Also the admin's member management (deactivate / reactivate), because deactivating a member
//! is what makes their requests authorless.
//!
//! Every change is audited (`audit_events`) and, for requests, shown as a system line in the
//! request's chat, so customers and support see who changed what and when.

use chrono::{DateTime, Utc};
use domain::Role;
use domain::chat::SystemEvent;
use domain::validation::Code;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde_json::json;

use crate::accounts::Account;
use crate::entity::{request, request_participant, user};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::notifications::NotificationEvent;
use crate::people;
use crate::requests::events::{RequestChange, announce_all};

/// The organization an org admin administers; everyone else is refused.
fn administered_organization(admin: &Account) -> ServiceResult<i32> {
    match (admin.role, admin.organization_id, admin.is_active) {
        (Role::OrgAdmin, Some(organization_id), true) => Ok(organization_id),
        _ => Err(ServiceError::Forbidden),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorlessRow {
    pub id: i32,
    pub number: i64,
    pub subject: String,
    pub status: String,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The organization's requests without author, newest first; `search` matches the number or
/// words of the subject like the other lists.
pub async fn list(db: &impl ConnectionTrait, admin: &Account, search: Option<&str>) -> ServiceResult<Vec<AuthorlessRow>> {
    let organization_id = administered_organization(admin)?;
    let mut filter =
        Condition::all().add(request::Column::OrganizationId.eq(organization_id)).add(request::Column::AuthorId.is_null());
    if let Some(search) = search.map(str::trim).filter(|s| !s.is_empty()) {
        if search.chars().count() > 200 {
            return Err(ServiceError::Invalid(Code::SearchTooLong));
        }
        filter = filter.add(crate::requests::search_condition(search));
    }
    let rows = request::Entity::find()
        .filter(filter)
        .order_by_desc(request::Column::CreatedAt)
        .order_by_desc(request::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuthorlessRow {
            id: r.id,
            number: r.number,
            subject: r.subject,
            status: r.status,
            contact_name: r.contact_name,
            contact_email: r.contact_email,
            created_at: r.created_at,
        })
        .collect())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub is_active: bool,
}

/// Everyone in the admin's organization, active first, by name.
/// `search` keeps the members whose name or e-mail contains it (case and «ё» ignored); the list
/// of one organization is short, so it is filtered here rather than in SQL.
pub async fn members(db: &impl ConnectionTrait, admin: &Account, search: Option<&str>) -> ServiceResult<Vec<Member>> {
    let organization_id = administered_organization(admin)?;
    let needle = search.map(str::trim).filter(|s| !s.is_empty()).map(domain::request::normalize_for_search);
    if needle.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(ServiceError::Invalid(Code::SearchTooLong));
    }
    let matches = |user: &user::Model| {
        needle.as_ref().is_none_or(|needle| {
            domain::request::normalize_for_search(&user.display_name).contains(needle.as_str())
                || user.email.to_lowercase().contains(needle.as_str())
        })
    };
    let users = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .order_by_desc(user::Column::IsActive)
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .filter(matches)
        .filter_map(|u| {
            Some(Member {
                role: Role::parse(&u.role)?,
                id: u.id,
                display_name: u.display_name,
                email: u.email,
                is_active: u.is_active,
            })
        })
        .collect())
}

/// An active member of the organization, or the reason they cannot be chosen.
async fn active_member(db: &impl ConnectionTrait, organization_id: i32, user_id: i32) -> ServiceResult<user::Model> {
    let member = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|u| u.organization_id == Some(organization_id))
        .ok_or(ServiceError::Invalid(Code::AuthorNotMember))?;
    if !member.is_active {
        return Err(ServiceError::Invalid(Code::AuthorInactive));
    }
    Ok(member)
}

/// Gives an authorless request of the admin's organization an author: `author_id` (an active
/// member) or, with `None`, the admin themselves. The author becomes a subscribed participant.
pub async fn assign_author(
    db: &DatabaseConnection,
    hub: &LiveHub,
    admin: &Account,
    request_id: i32,
    author_id: Option<i32>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let organization_id = administered_organization(admin)?;
    let author_id = author_id.unwrap_or(admin.id);
    let transaction = db.begin().await?;
    let txn = &transaction;
    let found = request::Entity::find_by_id(request_id)
        .one(txn)
        .await?
        .filter(|r| r.organization_id == organization_id)
        .ok_or(ServiceError::NotFound)?;
    let author = active_member(txn, organization_id, author_id).await?;
    // Conditional: two admins assigning at once cannot both win.
    let updated = request::Entity::update_many()
        .col_expr(request::Column::AuthorId, Expr::value(Some(author.id)))
        .col_expr(request::Column::UpdatedAt, Expr::value(now))
        .filter(request::Column::Id.eq(found.id))
        .filter(request::Column::AuthorId.is_null())
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Invalid(Code::RequestHasAuthor));
    }
    let mut change = RequestChange::claimed(txn, &found, Some(admin.id), now);
    let participant = request_participant::Entity::find_by_id((found.id, author.id)).one(txn).await?;
    match participant {
        Some(existing) => {
            let mut active: request_participant::ActiveModel = existing.into();
            active.kind = Set("initiator".to_owned());
            active.subscribed = Set(true);
            active.update(txn).await?;
        }
        None => {
            request_participant::ActiveModel {
                request_id: Set(found.id),
                user_id: Set(author.id),
                kind: Set("initiator".to_owned()),
                subscribed: Set(true),
                added_at: Set(now),
            }
            .insert(txn)
            .await?;
        }
    }
    change
        .audit(domain::audit::AuditVerb::AuthorAssigned, json!({ "from": null, "to": author.id, "to_name": author.display_name }))
        .await?;
    let event = SystemEvent::AuthorAssigned { by_name: admin.display_name.clone(), author_name: author.display_name.clone() };
    change.unsigned_line(&event).await?;
    change.notify(NotificationEvent::AddedToRequest { user_id: author.id }).await?;
    let finished = change.finish(hub).await?;
    transaction.commit().await?;
    finished.announce(hub);
    Ok(())
}

/// Deactivates a member of the admin's organization: they cannot sign in, their sessions end at
/// once, and the requests they authored become authorless (each recorded in audit and chat).
pub async fn deactivate_member(
    db: &DatabaseConnection,
    hub: &LiveHub,
    admin: &Account,
    user_id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let organization_id = administered_organization(admin)?;
    if user_id == admin.id {
        return Err(ServiceError::Invalid(Code::MemberSelf));
    }
    let transaction = crate::db::begin_write(db).await?;
    let member = user::Entity::find_by_id(user_id)
        .one(&transaction)
        .await?
        .filter(|u| u.organization_id == Some(organization_id))
        .ok_or(ServiceError::NotFound)?;
    let finished = people::deactivate_in(&transaction, hub, Some(admin.id), &member, now).await?;
    transaction.commit().await?;
    announce_all(finished, hub);
    Ok(())
}

pub async fn reactivate_member(db: &DatabaseConnection, admin: &Account, user_id: i32, now: DateTime<Utc>) -> ServiceResult<()> {
    let organization_id = administered_organization(admin)?;
    let transaction = crate::db::begin_write(db).await?;
    let member = user::Entity::find_by_id(user_id)
        .one(&transaction)
        .await?
        .filter(|u| u.organization_id == Some(organization_id))
        .ok_or(ServiceError::NotFound)?;
    people::reactivate_in(&transaction, Some(admin.id), &member, now).await?;
    transaction.commit().await?;
    Ok(())
}
