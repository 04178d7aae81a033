//! Certificates of an organization and what they entitle it to on a given day.

use chrono::NaiveDate;
use domain::certificate::{is_active, services_availability};
use domain::{CertificateKind, ServicesAvailability};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{certificate, certificate_product};
use crate::error::ServiceResult;

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
