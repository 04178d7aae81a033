//! Certificates of an organization, what they entitle it to on a given day, and the
//! administrator's issuing and revoking of them.

use chrono::{DateTime, NaiveDate, Utc};
use domain::certificate::{CertificateFields, CertificateRow, is_active, services_availability};
use domain::validation::Code;
use domain::{CertificateKind, ServicesAvailability};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};

use crate::administrator::Administrator;
use crate::audit::{self, AuditEvent};
use crate::db;
use crate::entity::{certificate, certificate_product, organization, product};
use crate::error::{ServiceError, ServiceResult};
use domain::audit::{AuditKind, AuditTopic, AuditVerb};

pub async fn of_organization(
    db: &impl ConnectionTrait,
    organization_id: i32,
    kind: CertificateKind,
) -> ServiceResult<Vec<certificate::Model>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::OrganizationId.eq(organization_id))
        .filter(certificate::Column::Kind.eq(kind.as_str()))
        .order_by_asc(certificate::Column::ValidTo)
        .all(db)
        .await?)
}

/// Certificates of the given kind that are active on `today`.
pub async fn active_of_organization(
    db: &impl ConnectionTrait,
    organization_id: i32,
    kind: CertificateKind,
    today: NaiveDate,
) -> ServiceResult<Vec<certificate::Model>> {
    let all = of_organization(db, organization_id, kind).await?;
    Ok(all.into_iter().filter(|cert| is_active(cert.valid_from, cert.valid_to, today)).collect())
}

/// Active support certificates of the organization that cover `product_id`.
pub async fn active_support_for_product(
    db: &impl ConnectionTrait,
    organization_id: i32,
    product_id: i32,
    today: NaiveDate,
) -> ServiceResult<Vec<certificate::Model>> {
    let active = active_of_organization(db, organization_id, CertificateKind::Support, today).await?;
    let mut covering = Vec::new();
    for cert in active {
        let covers =
            cert.covers_all_products || certificate_product::Entity::find_by_id((cert.id, product_id)).one(db).await?.is_some();
        if covers {
            covering.push(cert);
        }
    }
    Ok(covering)
}

/// Whether the organization may open «Запрос на услуги» on `today`.
pub async fn services_availability_of(
    db: &impl ConnectionTrait,
    organization_id: i32,
    today: NaiveDate,
) -> ServiceResult<ServicesAvailability> {
    let certificates = of_organization(db, organization_id, CertificateKind::Services).await?;
    Ok(services_availability(certificates.iter().map(|cert| (cert.valid_from, cert.valid_to)), today))
}

/// The products each of the given certificates covers explicitly, as (certificate, product).
pub async fn covered_products(db: &impl ConnectionTrait, certificate_ids: &[i32]) -> ServiceResult<Vec<(i32, i32)>> {
    Ok(certificate_product::Entity::find()
        .filter(certificate_product::Column::CertificateId.is_in(certificate_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.certificate_id, row.product_id))
        .collect())
}

// --- administration («Администрирование»): issue, revoke, what expires soon -------------------

/// What the audit trail keeps of a certificate.
fn audited(model: &certificate::Model, products: &[i32]) -> serde_json::Value {
    serde_json::json!({
        "kind": model.kind,
        "number": model.number,
        "organization_id": model.organization_id,
        "valid_from": model.valid_from.to_string(),
        "valid_to": model.valid_to.to_string(),
        "all_products": model.covers_all_products,
        "products": products,
    })
}

async fn record(
    conn: &impl ConnectionTrait,
    admin: &Administrator,
    verb: AuditVerb,
    model: &certificate::Model,
    details: serde_json::Value,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let event = AuditEvent {
        kind: AuditKind::new(AuditTopic::Certificate, verb),
        actor_id: admin.actor_id(),
        organization_id: Some(model.organization_id),
        request_id: None,
        subject: Some(format!("certificate:{}", model.id)),
        details,
    };
    audit::record(conn, event, now).await
}

/// Issues a certificate to an active organization. The request-type rules (services available,
/// inactive, absent; the products a support request may name) follow it at once: they read the
/// certificates on every form.
pub async fn issue(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    organization_id: i32,
    fields: &CertificateFields,
    now: DateTime<Utc>,
) -> ServiceResult<certificate::Model> {
    issue_with_external_id(conn, admin, organization_id, fields, None, now).await
}

/// [`issue`] for a record of the vendor's own system (`portal import`): the same checks, the
/// certificate remembers `external_id` (unique).
pub async fn issue_with_external_id(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    organization_id: i32,
    fields: &CertificateFields,
    external_id: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<certificate::Model> {
    let valid = fields.validate().map_err(ServiceError::Invalid)?;
    let txn = db::begin_write(conn).await?;
    let organization = organization::Entity::find_by_id(organization_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    if !organization.is_active {
        return Err(ServiceError::Invalid(Code::OrganizationInactive));
    }
    if certificate::Entity::find().filter(certificate::Column::Number.eq(valid.number.as_str())).count(&txn).await? > 0 {
        return Err(ServiceError::Invalid(Code::CertificateNumberTaken));
    }
    ensure_products_exist(&txn, &valid.products).await?;
    let created = certificate::ActiveModel {
        kind: Set(valid.kind.as_str().to_owned()),
        number: Set(valid.number.clone()),
        organization_id: Set(organization_id),
        covers_all_products: Set(valid.all_products),
        valid_from: Set(valid.valid_from),
        valid_to: Set(valid.valid_to),
        external_id: Set(external_id.map(str::to_owned)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|error| {
        let error = ServiceError::from(error);
        if external_id.is_some() && error.to_string().contains("external_id") {
            error.unique_as(Code::ExternalIdTaken)
        } else {
            error.unique_as(Code::CertificateNumberTaken)
        }
    })?;
    insert_products(&txn, created.id, &valid.products).await?;
    let details = audit::changed(None, Some(&audited(&created, &valid.products)));
    record(&txn, admin, AuditVerb::Issued, &created, details, now).await?;
    txn.commit().await?;
    Ok(created)
}

async fn ensure_products_exist(txn: &impl ConnectionTrait, products: &[i32]) -> ServiceResult<()> {
    let known = product::Entity::find().filter(product::Column::Id.is_in(products.iter().copied())).count(txn).await?;
    if known != products.len() as u64 {
        return Err(ServiceError::Invalid(Code::ProductInvalid));
    }
    Ok(())
}

async fn insert_products(txn: &impl ConnectionTrait, certificate_id: i32, products: &[i32]) -> ServiceResult<()> {
    for product_id in products {
        certificate_product::Entity::insert(certificate_product::ActiveModel {
            certificate_id: Set(certificate_id),
            product_id: Set(*product_id),
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// The products a certificate covers explicitly, in id order.
pub async fn products_of(db: &impl ConnectionTrait, certificate_id: i32) -> ServiceResult<Vec<i32>> {
    let mut products: Vec<i32> = covered_products(db, &[certificate_id]).await?.into_iter().map(|(_, id)| id).collect();
    products.sort_unstable();
    Ok(products)
}

/// Corrects a certificate — kind, number, dates, products — checked as [`issue`] checks them
/// (the organization stays; a certificate of a deactivated organization can still be corrected).
/// A change that changes nothing writes nothing.
pub async fn update(
    conn: &(impl ConnectionTrait + TransactionTrait),
    admin: &Administrator,
    id: i32,
    fields: &CertificateFields,
    now: DateTime<Utc>,
) -> ServiceResult<certificate::Model> {
    let valid = fields.validate().map_err(ServiceError::Invalid)?;
    let txn = db::begin_write(conn).await?;
    let before = certificate::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let products_before = products_of(&txn, id).await?;
    let taken = certificate::Entity::find()
        .filter(certificate::Column::Number.eq(valid.number.as_str()))
        .filter(certificate::Column::Id.ne(id))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(ServiceError::Invalid(Code::CertificateNumberTaken));
    }
    ensure_products_exist(&txn, &valid.products).await?;
    let wanted = certificate::Model {
        kind: valid.kind.as_str().to_owned(),
        number: valid.number.clone(),
        covers_all_products: valid.all_products,
        valid_from: valid.valid_from,
        valid_to: valid.valid_to,
        ..before.clone()
    };
    let (old, new) = (audited(&before, &products_before), audited(&wanted, &valid.products));
    if old == new {
        txn.commit().await?;
        return Ok(before);
    }
    let mut row = before.clone().into_active_model();
    row.kind = Set(wanted.kind);
    row.number = Set(wanted.number);
    row.covers_all_products = Set(wanted.covers_all_products);
    row.valid_from = Set(wanted.valid_from);
    row.valid_to = Set(wanted.valid_to);
    let after = row.update(&txn).await.map_err(|error| ServiceError::from(error).unique_as(Code::CertificateNumberTaken))?;
    if products_before != valid.products {
        certificate_product::Entity::delete_many().filter(certificate_product::Column::CertificateId.eq(id)).exec(&txn).await?;
        insert_products(&txn, id, &valid.products).await?;
    }
    record(&txn, admin, AuditVerb::Updated, &after, audit::changed(Some(&old), Some(&new)), now).await?;
    txn.commit().await?;
    Ok(after)
}

/// Revokes a certificate: its last valid day becomes yesterday (`today` on the administrator's
/// clock), so it stops entitling the organization at once and its history stays readable. A
/// certificate that has not started is ended before its first day.
pub async fn revoke(
    conn: &DatabaseConnection,
    admin: &Administrator,
    id: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> ServiceResult<certificate::Model> {
    let txn = db::begin_write(conn).await?;
    let before = certificate::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let yesterday = today.pred_opt().unwrap_or(today);
    if before.valid_to <= yesterday {
        txn.commit().await?;
        return Ok(before);
    }
    let last_day =
        if before.valid_from > yesterday { before.valid_from.pred_opt().unwrap_or(before.valid_from) } else { yesterday };
    let mut row = before.clone().into_active_model();
    row.valid_to = Set(last_day);
    let after = row.update(&txn).await?;
    let products = Vec::new();
    let details = audit::changed(Some(&audited(&before, &products)), Some(&audited(&after, &products)));
    record(&txn, admin, AuditVerb::Revoked, &after, details, now).await?;
    txn.commit().await?;
    Ok(after)
}

/// Certificates that are active today and end within `days`, soonest first.
pub async fn expiring(
    db: &impl ConnectionTrait,
    _admin: &Administrator,
    today: NaiveDate,
    days: i64,
) -> ServiceResult<Vec<CertificateRow>> {
    let until = today + chrono::Duration::days(days);
    let found = certificate::Entity::find()
        .filter(certificate::Column::ValidFrom.lte(today))
        .filter(certificate::Column::ValidTo.gte(today))
        .filter(certificate::Column::ValidTo.lte(until))
        .order_by_asc(certificate::Column::ValidTo)
        .order_by_asc(certificate::Column::Number)
        .all(db)
        .await?;
    rows_of(db, found, today).await
}

/// Every certificate of an organization, the latest first.
pub async fn rows_of_organization(
    db: &impl ConnectionTrait,
    _admin: &Administrator,
    organization_id: i32,
    today: NaiveDate,
) -> ServiceResult<Vec<CertificateRow>> {
    let found = certificate::Entity::find()
        .filter(certificate::Column::OrganizationId.eq(organization_id))
        .order_by_desc(certificate::Column::ValidTo)
        .all(db)
        .await?;
    rows_of(db, found, today).await
}

async fn rows_of(
    db: &impl ConnectionTrait,
    found: Vec<certificate::Model>,
    today: NaiveDate,
) -> ServiceResult<Vec<CertificateRow>> {
    let ids: Vec<i32> = found.iter().map(|cert| cert.id).collect();
    let covered = covered_products(db, &ids).await?;
    let product_names: std::collections::HashMap<i32, String> =
        product::Entity::find().all(db).await?.into_iter().map(|product| (product.id, product.name)).collect();
    let organization_ids: Vec<i32> = found.iter().map(|cert| cert.organization_id).collect();
    let organization_names: std::collections::HashMap<i32, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(organization_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|org| (org.id, org.name))
        .collect();
    Ok(found
        .into_iter()
        .filter_map(|cert| {
            Some(CertificateRow {
                kind: CertificateKind::parse(&cert.kind)?,
                organization_name: organization_names.get(&cert.organization_id).cloned().unwrap_or_default(),
                validity: format!("{} — {}", cert.valid_from.format("%d.%m.%Y"), cert.valid_to.format("%d.%m.%Y")),
                days_left: (cert.valid_to - today).num_days(),
                active: is_active(cert.valid_from, cert.valid_to, today),
                products: covered
                    .iter()
                    .filter(|(certificate_id, _)| *certificate_id == cert.id)
                    .filter_map(|(_, product_id)| product_names.get(product_id).cloned())
                    .collect(),
                all_products: cert.covers_all_products,
                id: cert.id,
                organization_id: cert.organization_id,
                number: cert.number,
            })
        })
        .collect())
}
