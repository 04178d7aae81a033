//! «Отписаться» / «Подписаться» and «Поделиться»: the people who follow a request.
//!
//! Sharing adds colleagues of the request's own organization as participants; anybody outside it
//! is refused by the server whatever the browser sends. The subscription flag is what the
//! notifications honour.

use chrono::{DateTime, Utc};
use domain::Role;
use domain::request_view::{Colleague, ParticipantKind};
use domain::validation::Code;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use crate::accounts::Account;
use crate::entity::{request, request_participant, user};
use crate::error::{ServiceError, ServiceResult};
use crate::notifications::{self, NotificationEvent};
use crate::requests::access::find_viewable;
use crate::requests::access::may_close;

/// At most this many colleagues are added by one «Поделиться».
pub const SHARE_MAX_PEOPLE: usize = 20;
/// At most this many colleagues are offered by one search.
const SEARCH_LIMIT: usize = 20;

/// Whether the account follows the request (false when it is not a participant at all).
pub async fn is_subscribed(db: &impl ConnectionTrait, account: &Account, request_id: i32) -> ServiceResult<bool> {
    Ok(request_participant::Entity::find_by_id((request_id, account.id)).one(db).await?.is_some_and(|row| row.subscribed))
}

/// «Отписаться» (`subscribed = false`) / «Подписаться» (`true`); returns the new state.
///
/// A participant flips its flag. A customer of the request's organization who is not yet a
/// participant (an org admin browsing «Запросы организации») becomes one by subscribing.
/// Staff who are not participants are refused (`Forbidden`).
pub async fn set_subscribed(
    db: &DatabaseConnection,
    account: &Account,
    number: i64,
    subscribed: bool,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let request = find_viewable(db, account, number).await?;
    let existing = request_participant::Entity::find_by_id((request.id, account.id)).one(db).await?;
    match existing {
        Some(row) => {
            let mut row: request_participant::ActiveModel = row.into();
            row.subscribed = Set(subscribed);
            row.update(db).await?;
        }
        None if !subscribed => {}
        None if account.role.is_customer_side() && account.organization_id == Some(request.organization_id) => {
            request_participant::ActiveModel {
                request_id: Set(request.id),
                user_id: Set(account.id),
                kind: Set(ParticipantKind::Shared.as_str().to_owned()),
                subscribed: Set(true),
                added_at: Set(now),
            }
            .insert(db)
            .await?;
        }
        None => return Err(ServiceError::Forbidden),
    }
    Ok(subscribed)
}

/// Colleagues of the request's organization that may be added, matching `query` in name or
/// e-mail (case-insensitive); current participants are left out.
pub async fn colleagues_to_share(
    db: &DatabaseConnection,
    account: &Account,
    number: i64,
    query: &str,
) -> ServiceResult<Vec<Colleague>> {
    let request = find_viewable(db, account, number).await?;
    if !may_close(db, account, &request).await? {
        return Err(ServiceError::Forbidden);
    }
    let needle = query.trim().to_lowercase();
    let participants = participant_ids(db, request.id).await?;
    let people = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(request.organization_id))
        .filter(user::Column::IsActive.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    Ok(people
        .into_iter()
        .filter(|person| !participants.contains(&person.id))
        .filter(|person| Role::parse(&person.role).is_some_and(Role::is_customer_side))
        .filter(|person| {
            needle.is_empty()
                || person.display_name.to_lowercase().contains(&needle)
                || person.email.to_lowercase().contains(&needle)
        })
        .take(SEARCH_LIMIT)
        .map(|person| Colleague { user_id: person.id, display_name: person.display_name, email: person.email })
        .collect())
}

/// «Поделиться»: adds these colleagues as participants (subscribed). Allowed to whoever may
/// close the request (initiator, participants, org admin). Every id must be an active customer of
/// the request's organization — otherwise nothing is added and `Invalid(Code::ShareOutsideOrganization)`
/// is answered. Returns how many were newly added.
pub async fn share(
    db: &DatabaseConnection,
    account: &Account,
    number: i64,
    user_ids: &[i32],
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let request = find_viewable(db, account, number).await?;
    if !may_close(db, account, &request).await? {
        return Err(ServiceError::Forbidden);
    }
    let mut ids = user_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(ServiceError::Invalid(Code::ShareNobody));
    }
    if ids.len() > SHARE_MAX_PEOPLE {
        return Err(ServiceError::Invalid(Code::ShareTooMany));
    }
    let request_id = request.id;
    let actor_id = account.id;
    db.transaction::<_, usize, ServiceError>(|txn| {
        let request = request.clone();
        Box::pin(async move {
            let people = user::Entity::find().filter(user::Column::Id.is_in(ids.clone())).all(txn).await?;
            let all_colleagues = people.len() == ids.len() && people.iter().all(|person| is_colleague(person, &request));
            if !all_colleagues {
                return Err(ServiceError::Invalid(Code::ShareOutsideOrganization));
            }
            let already = participant_ids(txn, request_id).await?;
            let mut added = 0;
            for id in ids.into_iter().filter(|id| !already.contains(id)) {
                request_participant::ActiveModel {
                    request_id: Set(request_id),
                    user_id: Set(id),
                    kind: Set(ParticipantKind::Shared.as_str().to_owned()),
                    subscribed: Set(true),
                    added_at: Set(now),
                }
                .insert(txn)
                .await?;
                notifications::enqueue(txn, request_id, Some(actor_id), NotificationEvent::AddedToRequest { user_id: id }, now)
                    .await?;
                added += 1;
            }
            Ok(added)
        })
    })
    .await
    .map_err(ServiceError::from)
}

fn is_colleague(person: &user::Model, request: &request::Model) -> bool {
    person.is_active
        && person.organization_id == Some(request.organization_id)
        && Role::parse(&person.role).is_some_and(Role::is_customer_side)
}

async fn participant_ids(db: &impl ConnectionTrait, request_id: i32) -> ServiceResult<Vec<i32>> {
    Ok(request_participant::Entity::find()
        .filter(request_participant::Column::RequestId.eq(request_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.user_id)
        .collect())
}
