//! Customer organizations: their requisites, their state (a deactivated organization's people
//! cannot sign in; its requests stay readable to staff), the administrator's list and card.
//! Every change goes through here, checked by `domain::organization` and audited.

use chrono::{DateTime, Utc};
use domain::RequestStatus;
use domain::organization::{
    OrganizationCard, OrganizationFields, OrganizationFilter, OrganizationPage, OrganizationPerson, OrganizationRow,
    ValidOrganization,
};
use domain::validation::Code;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use serde_json::{Value, json};

use crate::accounts::session_store;
use crate::administrator::Administrator;
use crate::audit::{self, AuditEvent};
use crate::db;
use crate::entity::{organization, request, user};
use crate::error::{ServiceError, ServiceResult};
use crate::local_time::ReaderClock;
use domain::audit::{AuditKind, AuditTopic, AuditVerb};

/// Rows per page of «Организации».
pub const PER_PAGE: u32 = 50;

/// What the audit trail keeps of an organization.
fn audited(model: &organization::Model) -> Value {
    json!({
        "name": model.name,
        "inn": model.inn,
        "kpp": model.kpp,
        "contact_email": model.contact_email,
        "is_active": model.is_active,
        "external_id": model.external_id,
    })
}

async fn record(
    conn: &impl ConnectionTrait,
    admin: &Administrator,
    verb: AuditVerb,
    organization_id: i32,
    details: Value,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let event = AuditEvent {
        kind: AuditKind::new(AuditTopic::Organization, verb),
        actor_id: admin.actor_id(),
        organization_id: Some(organization_id),
        request_id: None,
        subject: Some(format!("organization:{organization_id}")),
        details,
    };
    audit::record(conn, event, now).await
}

/// A unique index refused the insert: the external id when one was given and is taken, else the ИНН.
fn unique_refusal(error: sea_orm::DbErr, external_id: Option<&str>) -> ServiceError {
    let error = ServiceError::from(error);
    match external_id {
        Some(_) if error.to_string().contains("external_id") => error.unique_as(Code::ExternalIdTaken),
        _ => error.unique_as(Code::InnTaken),
    }
}

async fn ensure_inn_free(conn: &impl ConnectionTrait, inn: Option<&str>, except: Option<i32>) -> ServiceResult<()> {
    let Some(inn) = inn else { return Ok(()) };
    let mut holders = organization::Entity::find().filter(organization::Column::Inn.eq(inn));
    if let Some(id) = except {
        holders = holders.filter(organization::Column::Id.ne(id));
    }
    if holders.count(conn).await? > 0 { Err(ServiceError::Invalid(Code::InnTaken)) } else { Ok(()) }
}

pub async fn create(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    fields: &OrganizationFields,
    now: DateTime<Utc>,
) -> ServiceResult<organization::Model> {
    create_with_external_id(conn, admin, fields, None, now).await
}

/// [`create`] for a record of the vendor's own system (`portal import`): the same checks, the
/// organization remembers `external_id` (unique; a taken one is `Invalid(ExternalIdTaken)`).
pub async fn create_with_external_id(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    fields: &OrganizationFields,
    external_id: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<organization::Model> {
    let valid = fields.validate().map_err(ServiceError::Invalid)?;
    let txn = db::begin_write(conn).await?;
    ensure_inn_free(&txn, valid.inn.as_deref(), None).await?;
    let ValidOrganization { name, inn, kpp, contact_email } = valid;
    let created = organization::ActiveModel {
        name_search: Set(domain::request::normalize_for_search(&name)),
        name: Set(name),
        inn: Set(inn),
        kpp: Set(kpp),
        contact_email: Set(contact_email),
        is_active: Set(true),
        deactivated_at: Set(None),
        created_at: Set(now),
        external_id: Set(external_id.map(str::to_owned)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|error| unique_refusal(error, external_id))?;
    record(&txn, admin, AuditVerb::Created, created.id, audit::changed(None, Some(&audited(&created))), now).await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn update(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    id: i32,
    fields: &OrganizationFields,
    now: DateTime<Utc>,
) -> ServiceResult<organization::Model> {
    let valid = fields.validate().map_err(ServiceError::Invalid)?;
    let txn = db::begin_write(conn).await?;
    let before = organization::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    ensure_inn_free(&txn, valid.inn.as_deref(), Some(id)).await?;
    let ValidOrganization { name, inn, kpp, contact_email } = valid;
    let mut row = before.clone().into_active_model();
    row.name_search = Set(domain::request::normalize_for_search(&name));
    row.name = Set(name);
    row.inn = Set(inn);
    row.kpp = Set(kpp);
    row.contact_email = Set(contact_email);
    let after = row.update(&txn).await.map_err(|error| ServiceError::from(error).unique_as(Code::InnTaken))?;
    if audited(&before) != audited(&after) {
        let details = audit::changed(Some(&audited(&before)), Some(&audited(&after)));
        record(&txn, admin, AuditVerb::Updated, id, details, now).await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// Deactivates or reactivates the organization. Deactivating ends its people's sessions at once
/// (`accounts::Account::is_active` then says no for each of them); reactivating lets them sign
/// in again — each person's own active flag is left as it was.
pub async fn set_active(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    id: i32,
    active: bool,
    now: DateTime<Utc>,
) -> ServiceResult<organization::Model> {
    let txn = db::begin_write(conn).await?;
    let before = organization::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if before.is_active == active {
        txn.commit().await?;
        return Ok(before);
    }
    let mut row = before.clone().into_active_model();
    row.is_active = Set(active);
    row.deactivated_at = Set((!active).then_some(now));
    let after = row.update(&txn).await?;
    if !active {
        let people: Vec<i32> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::OrganizationId.eq(id))
            .into_tuple()
            .all(&txn)
            .await?;
        for person in people {
            session_store::end_sessions_of(&txn, person, None).await?;
        }
    }
    let verb = if active { AuditVerb::Reactivated } else { AuditVerb::Deactivated };
    record(&txn, admin, verb, id, audit::changed(Some(&audited(&before)), Some(&audited(&after))), now).await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> ServiceResult<Option<organization::Model>> {
    Ok(organization::Entity::find_by_id(id).one(db).await?)
}

/// Every organization by name (the choices of staff forms).
pub async fn list(db: &impl ConnectionTrait) -> ServiceResult<Vec<organization::Model>> {
    Ok(organization::Entity::find().order_by_asc(organization::Column::Name).all(db).await?)
}

pub async fn count(db: &impl ConnectionTrait) -> ServiceResult<u64> {
    Ok(organization::Entity::find().count(db).await?)
}

/// What «Организации» asks for: words of the name or an ИНН, the state, the page (from 1).
#[derive(Clone, Debug, Default)]
pub struct OrganizationQuery {
    pub search: Option<String>,
    pub filter: OrganizationFilter,
    pub page: u32,
}

#[derive(FromQueryResult)]
struct CountById {
    id: i32,
    count: i64,
}

/// `COUNT(*)` of `entity` rows per `key` among `ids`, by id.
async fn counts_by<E: EntityTrait>(
    db: &impl ConnectionTrait,
    key: E::Column,
    ids: &[i32],
    extra: Condition,
) -> ServiceResult<std::collections::HashMap<i32, u64>>
where
    E::Column: ColumnTrait,
{
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows = E::find()
        .select_only()
        .column_as(key, "id")
        .column_as(Expr::expr(Func::count(Expr::col(key))), "count")
        .filter(key.is_in(ids.iter().copied()))
        .filter(extra)
        .group_by(key)
        .into_model::<CountById>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| (row.id, row.count.max(0) as u64)).collect())
}

/// Requests that still expect work (`RequestStatus::is_open`).
fn open_statuses() -> Condition {
    let open = RequestStatus::ALL.into_iter().filter(|status| status.is_open()).map(RequestStatus::as_str);
    Condition::all().add(request::Column::Status.is_in(open))
}

/// A page of «Организации», by name, with the people and open requests of each.
pub async fn page(
    db: &impl ConnectionTrait,
    admin: &Administrator,
    query: &OrganizationQuery,
) -> ServiceResult<OrganizationPage> {
    let _ = admin;
    let mut filter = Condition::all();
    match query.filter {
        OrganizationFilter::Active => filter = filter.add(organization::Column::IsActive.eq(true)),
        OrganizationFilter::Inactive => filter = filter.add(organization::Column::IsActive.eq(false)),
        OrganizationFilter::All => {}
    }
    if let Some(search) = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if search.chars().count() > 200 {
            return Err(ServiceError::Invalid(Code::SearchTooLong));
        }
        let folded = domain::request::normalize_for_search(search);
        let mut words = Condition::all();
        for word in folded.split_whitespace() {
            let pattern = format!("%{}%", word.replace(['%', '_', '\\'], ""));
            words = words.add(organization::Column::NameSearch.like(pattern));
        }
        filter = filter.add(Condition::any().add(words).add(organization::Column::Inn.eq(search)));
    }
    let page = query.page.max(1);
    let found = organization::Entity::find().filter(filter);
    let total = found.clone().count(db).await?;
    let models = found
        .order_by_asc(organization::Column::NameSearch)
        .order_by_asc(organization::Column::Id)
        .offset(u64::from(page - 1) * u64::from(PER_PAGE))
        .limit(u64::from(PER_PAGE))
        .all(db)
        .await?;
    let ids: Vec<i32> = models.iter().map(|model| model.id).collect();
    let people = counts_by::<user::Entity>(db, user::Column::OrganizationId, &ids, Condition::all()).await?;
    let open = counts_by::<request::Entity>(db, request::Column::OrganizationId, &ids, open_statuses()).await?;
    let rows = models
        .into_iter()
        .map(|model| OrganizationRow {
            people: people.get(&model.id).copied().unwrap_or(0),
            open_requests: open.get(&model.id).copied().unwrap_or(0),
            id: model.id,
            name: model.name,
            inn: model.inn,
            is_active: model.is_active,
        })
        .collect();
    Ok(OrganizationPage { rows, total, page, per_page: PER_PAGE })
}

/// The organization's own page: requisites, state, people, certificates, request counts.
pub async fn card(
    db: &impl ConnectionTrait,
    admin: &Administrator,
    id: i32,
    clock: &ReaderClock,
    today: chrono::NaiveDate,
) -> ServiceResult<OrganizationCard> {
    let model = organization::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let people = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(id))
        .order_by_desc(user::Column::IsActive)
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|person| {
            Some(OrganizationPerson {
                role: domain::Role::parse(&person.role)?,
                id: person.id,
                display_name: person.display_name,
                email: person.email,
                is_active: person.is_active,
                last_sign_in: person.last_sign_in_at.map(|at| clock.date_time(at)),
            })
        })
        .collect();
    let certificates = crate::catalog::certificates::rows_of_organization(db, admin, id, today).await?;
    let all_requests = request::Entity::find().filter(request::Column::OrganizationId.eq(id)).count(db).await?;
    let open_requests =
        request::Entity::find().filter(request::Column::OrganizationId.eq(id)).filter(open_statuses()).count(db).await?;
    Ok(OrganizationCard {
        id: model.id,
        fields: OrganizationFields {
            name: model.name,
            inn: model.inn.unwrap_or_default(),
            kpp: model.kpp.unwrap_or_default(),
            contact_email: model.contact_email.unwrap_or_default(),
        },
        is_active: model.is_active,
        people,
        certificates,
        open_requests,
        all_requests,
    })
}
