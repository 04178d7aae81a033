//! «Администрирование → Люди»: the portal administrator invites people (customers of an
//! organization or staff), sends an invitation again, changes roles, switches people off and on,
//! and sees who signed in when. Deactivating a person is one rule wherever it starts (here or an
//! organization admin's «Сотрудники»): [`deactivate_in`].

use chrono::{DateTime, Utc};
use domain::Role;
use domain::account_link::LinkPurpose;
use domain::chat::SystemEvent;
use domain::person::{Invitation, PeoplePage, PersonRow, PersonState, can_change_role};
use domain::validation::Code;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use serde_json::json;

use crate::accounts::{self, NewUser, session_store};
use crate::administrator::Administrator;
use crate::audit::{self, AuditEvent};
use crate::db;
use crate::entity::{organization, request, user};
use crate::error::{ServiceError, ServiceResult};
use crate::live::LiveHub;
use crate::local_time::ReaderClock;
use crate::notifications::link_mail;
use crate::requests::events::{Finished, RequestChange, announce_all};
use domain::audit::{AuditKind, AuditTopic, AuditVerb};

/// Rows per page of «Люди».
pub const PER_PAGE: u32 = 50;

async fn record(
    conn: &impl ConnectionTrait,
    actor_id: Option<i32>,
    verb: AuditVerb,
    person: &user::Model,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let event = AuditEvent {
        kind: AuditKind::new(AuditTopic::User, verb),
        actor_id,
        organization_id: person.organization_id,
        request_id: None,
        subject: Some(format!("user:{}", person.id)),
        details,
    };
    audit::record(conn, event, now).await
}

/// Invites a person: the account (no password yet) and the invitation e-mail are written in one
/// transaction, so there is never a person whose invitation was not queued. The link is issued
/// when the e-mail goes out (`notifications::link_mail`).
pub async fn invite(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    invitation: &Invitation,
    now: DateTime<Utc>,
) -> ServiceResult<user::Model> {
    invite_with(conn, admin, invitation, &InviteOptions { external_id: None, send_mail: true }, now).await
}

/// How [`invite_with`] differs from «Пригласить».
#[derive(Clone, Debug)]
pub struct InviteOptions<'a> {
    /// The person's id in the vendor's own system (`portal import`), unique.
    pub external_id: Option<&'a str>,
    /// Queue the invitation e-mail. `portal import` does not by default (a CRM export must not
    /// mail thousands of people by surprise); such a person gets in through «Отправить
    /// приглашение ещё раз» ([`resend_invitation`]) or «Забыли пароль?».
    pub send_mail: bool,
}

/// [`invite`] with its [`InviteOptions`]: the same checks and audit event in one transaction.
pub async fn invite_with(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    invitation: &Invitation,
    options: &InviteOptions<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<user::Model> {
    let new = NewUser {
        email: invitation.email.clone(),
        display_name: invitation.display_name.clone(),
        password: String::new(),
        role: invitation.role,
        organization_id: invitation.organization_id,
        locale: domain::Locale::Ru,
    };
    let txn = db::begin_write(conn).await?;
    if let Some(organization_id) = invitation.organization_id {
        let organization = organization::Entity::find_by_id(organization_id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::Invalid(Code::OrganizationInvalid))?;
        if !organization.is_active {
            return Err(ServiceError::Invalid(Code::OrganizationInactive));
        }
    }
    let account = accounts::create_invited(&txn, new, now).await.map_err(|error| error.unique_as(Code::EmailTaken))?;
    if let Some(external_id) = options.external_id {
        user::Entity::update_many()
            .col_expr(user::Column::ExternalId, Expr::value(external_id))
            .filter(user::Column::Id.eq(account.id))
            .exec(&txn)
            .await
            .map_err(|error| ServiceError::from(error).unique_as(Code::ExternalIdTaken))?;
    }
    if options.send_mail {
        link_mail::enqueue(&txn, account.id, LinkPurpose::Invitation, now).await?;
    }
    let person = user::Entity::find_by_id(account.id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let details = audited(&person);
    record(&txn, admin.actor_id(), AuditVerb::Invited, &person, audit::changed(None, Some(&details)), now).await?;
    txn.commit().await?;
    Ok(person)
}

/// What the audit trail keeps of a person's identity.
fn audited(person: &user::Model) -> serde_json::Value {
    let mut details = json!({ "email": person.email, "display_name": person.display_name, "role": person.role });
    if let Some(external_id) = &person.external_id {
        details["external_id"] = json!(external_id);
    }
    details
}

/// Corrects a person's e-mail and name, checked as an invitation checks them (a plausible
/// address no one else has, a name of 1–200 characters). Their sessions and password stay.
pub async fn update_identity(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    user_id: i32,
    email: &str,
    display_name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<user::Model> {
    let (email, display_name) = accounts::checked_email_and_name(email, display_name)?;
    let txn = db::begin_write(conn).await?;
    let before = user::Entity::find_by_id(user_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if before.email == email && before.display_name == display_name {
        txn.commit().await?;
        return Ok(before);
    }
    if before.email != email && user::Entity::find().filter(user::Column::Email.eq(&email)).count(&txn).await? > 0 {
        return Err(ServiceError::Invalid(Code::EmailTaken));
    }
    let mut row = before.clone().into_active_model();
    row.email = Set(email);
    row.display_name = Set(display_name);
    let after = row.update(&txn).await.map_err(|error| ServiceError::from(error).unique_as(Code::EmailTaken))?;
    let details = audit::changed(Some(&audited(&before)), Some(&audited(&after)));
    record(&txn, admin.actor_id(), AuditVerb::Updated, &after, details, now).await?;
    txn.commit().await?;
    Ok(after)
}

/// Sends the invitation again (a new link; the old one stops working when the new one is
/// issued). Only for an active person who has not chosen a password yet.
pub async fn resend_invitation(
    conn: &DatabaseConnection,
    admin: &Administrator,
    user_id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let txn = db::begin_write(conn).await?;
    let person = user::Entity::find_by_id(user_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if !accounts::is_invited(&person) {
        return Err(ServiceError::Invalid(Code::NotInvited));
    }
    let account = accounts::find_by_id(&txn, user_id).await?.ok_or(ServiceError::NotFound)?;
    if !account.is_active {
        return Err(ServiceError::Invalid(Code::MemberInactive));
    }
    link_mail::enqueue(&txn, user_id, LinkPurpose::Invitation, now).await?;
    record(&txn, admin.actor_id(), AuditVerb::InvitationResent, &person, json!({}), now).await?;
    txn.commit().await?;
    Ok(())
}

/// The active portal administrators, locked until the transaction ends (PostgreSQL; SQLite's
/// write lock already orders writers), so two administrators switching each other off at once
/// cannot leave the portal without one.
async fn active_administrators(txn: &impl ConnectionTrait) -> ServiceResult<Vec<i32>> {
    let query = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Role.eq(Role::Administrator.as_str()))
        .filter(user::Column::IsActive.eq(true));
    Ok(db::locked_on_postgres(query, txn).into_tuple().all(txn).await?)
}

/// Refuses a change that takes `person` away from the administrators when they are the last.
async fn keep_an_administrator(txn: &impl ConnectionTrait, person: &user::Model) -> ServiceResult<()> {
    if person.role == Role::Administrator.as_str() && person.is_active {
        let admins = active_administrators(txn).await?;
        if admins.iter().all(|id| *id == person.id) {
            return Err(ServiceError::Invalid(Code::LastAdministrator));
        }
    }
    Ok(())
}

pub async fn change_role(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    user_id: i32,
    role: Role,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if admin.actor_id() == Some(user_id) {
        return Err(ServiceError::Invalid(Code::MemberSelf));
    }
    let txn = db::begin_write(conn).await?;
    let person = user::Entity::find_by_id(user_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let from = Role::parse(&person.role).ok_or_else(|| ServiceError::Internal(format!("user {user_id} role")))?;
    if from == role {
        txn.commit().await?;
        return Ok(());
    }
    if !can_change_role(from, role) {
        return Err(ServiceError::Invalid(Code::RoleChangeSide));
    }
    keep_an_administrator(&txn, &person).await?;
    let mut row = person.clone().into_active_model();
    row.role = Set(role.as_str().to_owned());
    row.update(&txn).await?;
    let details = audit::changed(Some(&json!({ "role": from.as_str() })), Some(&json!({ "role": role.as_str() })));
    record(&txn, admin.actor_id(), AuditVerb::RoleChanged, &person, details, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Switches a person off or on. Off: they cannot sign in, their sessions end, the requests they
/// authored become authorless ([`deactivate_in`]).
pub async fn set_active(
    conn: &DatabaseConnection,
    hub: &LiveHub,
    admin: &Administrator,
    user_id: i32,
    active: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if admin.actor_id() == Some(user_id) {
        return Err(ServiceError::Invalid(Code::MemberSelf));
    }
    let txn = db::begin_write(conn).await?;
    let person = user::Entity::find_by_id(user_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let finished = if active {
        reactivate_in(&txn, admin.actor_id(), &person, now).await?;
        Vec::new()
    } else {
        keep_an_administrator(&txn, &person).await?;
        deactivate_in(&txn, hub, admin.actor_id(), &person, now).await?
    };
    txn.commit().await?;
    announce_all(finished, hub);
    Ok(())
}

/// The one writer of "this person is switched off", inside the caller's transaction: the flag,
/// their requests left without author (audited, with a chat line each), their sessions ended.
/// Nothing for someone already off.
pub(crate) async fn deactivate_in<C: ConnectionTrait>(
    txn: &C,
    hub: &LiveHub,
    actor_id: Option<i32>,
    person: &user::Model,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<Finished>> {
    if !person.is_active {
        return Ok(Vec::new());
    }
    let mut row = person.clone().into_active_model();
    row.is_active = Set(false);
    row.deactivated_at = Set(Some(now));
    row.update(txn).await?;
    let authored = request::Entity::find().filter(request::Column::AuthorId.eq(person.id)).all(txn).await?;
    let authored_ids: Vec<i32> = authored.iter().map(|r| r.id).collect();
    request::Entity::update_many()
        .col_expr(request::Column::AuthorId, Expr::value(Option::<i32>::None))
        .filter(request::Column::Id.is_in(authored_ids.clone()))
        .exec(txn)
        .await?;
    let mut finished = Vec::with_capacity(authored.len());
    for found in &authored {
        let mut change = RequestChange::claimed(txn, found, actor_id, now);
        change.audit(AuditVerb::AuthorRemoved, json!({ "from": person.id, "to": null, "reason": "deactivated" })).await?;
        change.unsigned_line(&SystemEvent::AuthorDeactivated { author_name: person.display_name.clone() }).await?;
        finished.push(change.finish(hub).await?);
    }
    let details = json!({ "user_id": person.id, "requests_without_author": authored_ids });
    record(txn, actor_id, AuditVerb::Deactivated, person, details, now).await?;
    session_store::end_sessions_of(txn, person.id, None).await?;
    Ok(finished)
}

/// Switches a person back on (their requests stay with whoever got them meanwhile).
pub(crate) async fn reactivate_in<C: ConnectionTrait>(
    txn: &C,
    actor_id: Option<i32>,
    person: &user::Model,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if person.is_active {
        return Ok(());
    }
    let mut row = person.clone().into_active_model();
    row.is_active = Set(true);
    row.deactivated_at = Set(None);
    row.update(txn).await?;
    record(txn, actor_id, AuditVerb::Reactivated, person, json!({ "user_id": person.id }), now).await
}

/// What «Люди» asks for.
#[derive(Clone, Debug, Default)]
pub struct PeopleQuery {
    pub search: Option<String>,
    pub organization_id: Option<i32>,
    pub role: Option<Role>,
    pub state: PersonState,
    pub page: u32,
}

/// People whose name or e-mail holds every word of `search` (blank: everyone). E-mails are
/// stored lower-case; names are matched word by word in both cases the database can fold (SQLite
/// folds ASCII only), so «иван» also finds «Иван». Shared by «Люди» and «Журнал изменений».
pub(crate) fn name_or_email_matches(search: &str) -> ServiceResult<Condition> {
    let search = search.trim();
    if search.chars().count() > 200 {
        return Err(ServiceError::Invalid(Code::SearchTooLong));
    }
    let mut words = Condition::all();
    for word in search.split_whitespace() {
        let clean = word.replace(['%', '_', '\\'], "");
        let lower = clean.to_lowercase();
        let capital: String = lower.chars().take(1).flat_map(char::to_uppercase).chain(lower.chars().skip(1)).collect();
        words = words.add(
            Condition::any()
                .add(user::Column::Email.like(format!("%{lower}%")))
                .add(user::Column::DisplayName.like(format!("%{lower}%")))
                .add(user::Column::DisplayName.like(format!("%{capital}%"))),
        );
    }
    Ok(words)
}

/// A page of «Люди», by name.
pub async fn page(
    conn: &impl ConnectionTrait,
    admin: &Administrator,
    query: &PeopleQuery,
    clock: &ReaderClock,
) -> ServiceResult<PeoplePage> {
    let mut filter = Condition::all();
    match query.state {
        PersonState::Active => {
            filter = filter.add(user::Column::IsActive.eq(true)).add(user::Column::PasswordHash.ne(accounts::NO_PASSWORD))
        }
        PersonState::Invited => {
            filter = filter.add(user::Column::IsActive.eq(true)).add(user::Column::PasswordHash.eq(accounts::NO_PASSWORD))
        }
        PersonState::Inactive => filter = filter.add(user::Column::IsActive.eq(false)),
        PersonState::All => {}
    }
    if let Some(organization_id) = query.organization_id {
        filter = filter.add(user::Column::OrganizationId.eq(organization_id));
    }
    if let Some(role) = query.role {
        filter = filter.add(user::Column::Role.eq(role.as_str()));
    }
    if let Some(search) = query.search.as_deref() {
        filter = filter.add(name_or_email_matches(search)?);
    }
    let page = query.page.max(1);
    let found = user::Entity::find().filter(filter);
    let total = found.clone().count(conn).await?;
    let people = found
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .offset(u64::from(page - 1) * u64::from(PER_PAGE))
        .limit(u64::from(PER_PAGE))
        .all(conn)
        .await?;
    let organization_ids: Vec<i32> = people.iter().filter_map(|person| person.organization_id).collect();
    let names: std::collections::HashMap<i32, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(organization_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|org| (org.id, org.name))
        .collect();
    let rows = people
        .into_iter()
        .filter_map(|person| {
            Some(PersonRow {
                role: Role::parse(&person.role)?,
                invited: accounts::is_invited(&person),
                organization: person.organization_id.map(|id| (id, names.get(&id).cloned().unwrap_or_default())),
                last_sign_in: person.last_sign_in_at.map(|at| clock.date_time(at)),
                is_me: admin.actor_id() == Some(person.id),
                id: person.id,
                display_name: person.display_name,
                email: person.email,
                is_active: person.is_active,
            })
        })
        .collect();
    Ok(PeoplePage { rows, total, page, per_page: PER_PAGE })
}
