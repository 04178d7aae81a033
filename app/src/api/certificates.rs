//! «Администрирование → Сертификаты»: issue a certificate to an organization, revoke one, and
//! what expires in the next 30 days. Portal administrators only; the forms work without
//! JavaScript (the product boxes are `products[i]`, the indexed form server functions read).

use domain::certificate::CertificateRow;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub const CERTIFICATES_PATH: &str = "/admin/certificates";

/// Certificates that end within this many days are listed on «Сертификаты».
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

/// A product to tick on the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductChoice {
    pub id: i32,
    pub name: String,
}

/// What the form for a new certificate needs: the organization's name and the products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateFormOptions {
    pub organization_id: i32,
    pub organization_name: String,
    pub products: Vec<ProductChoice>,
}

#[server(prefix = "/api", endpoint = "admin/certificates/expiring")]
pub async fn expiring_certificates() -> Result<Vec<CertificateRow>, AppError> {
    use crate::server;
    let result = async {
        let (account, admin) = server::require_administrator().await?;
        let today = portal_service::local_time::ReaderClock::of(&account.time_zone).at(chrono::Utc::now()).date_naive();
        let db = &server::state()?.db;
        Ok(portal_service::catalog::certificates::expiring(db, &admin, today, EXPIRING_WITHIN_DAYS).await?)
    }
    .await;
    server::respond(result)
}

#[server(prefix = "/api", endpoint = "admin/certificates/options")]
pub async fn open_certificate_form(organization: i32) -> Result<CertificateFormOptions, AppError> {
    use crate::server;
    let result = async {
        server::require_administrator().await?;
        let db = &server::state()?.db;
        let found = portal_service::organizations::find(db, organization).await?.ok_or(AppError::NotFound)?;
        let products = portal_service::catalog::product_tree(db)
            .await?
            .into_iter()
            .map(|product| ProductChoice { id: product.id, name: product.name })
            .collect();
        Ok(CertificateFormOptions { organization_id: found.id, organization_name: found.name, products })
    }
    .await;
    server::respond(result)
}

/// Issues the certificate; answers (and a plain post is redirected to) the organization's card.
#[server(prefix = "/api", endpoint = "admin/certificates/issue")]
#[allow(clippy::too_many_arguments)]
pub async fn issue_certificate(
    organization: i32,
    kind: String,
    number: String,
    valid_from: String,
    valid_to: String,
    all_products: Option<String>,
    products: Option<Vec<i32>>,
) -> Result<String, AppError> {
    use crate::server;
    let back = format!("/admin/certificates/new?organization={organization}");
    let keep_kind = kind.clone();
    let keep_number = number.clone();
    let keep_from = valid_from.clone();
    let keep_to = valid_to.clone();
    let result = async {
        let (_, admin) = server::require_administrator().await?;
        let fields = domain::certificate::CertificateFields {
            kind,
            number,
            valid_from,
            valid_to,
            all_products: all_products.is_some(),
            products: products.unwrap_or_default(),
        };
        let db = &server::state()?.db;
        portal_service::catalog::certificates::issue(db, &admin, organization, &fields, chrono::Utc::now()).await?;
        let card = crate::api::organizations::card_path(organization);
        server::redirect_plain_form_post(&card).await;
        Ok(card)
    }
    .await;
    let keep = [
        ("kind", keep_kind.as_str()),
        ("number", keep_number.as_str()),
        ("valid_from", keep_from.as_str()),
        ("valid_to", keep_to.as_str()),
    ];
    server::respond_to_form(result, &back, &keep).await
}

#[server(prefix = "/api", endpoint = "admin/certificates/revoke")]
pub async fn revoke_certificate(id: i32, organization: i32) -> Result<(), AppError> {
    use crate::server;
    let card = crate::api::organizations::card_path(organization);
    let result = async {
        let (account, admin) = server::require_administrator().await?;
        let today = portal_service::local_time::ReaderClock::of(&account.time_zone).at(chrono::Utc::now()).date_naive();
        let db = &server::state()?.db;
        portal_service::catalog::certificates::revoke(db, &admin, id, today, chrono::Utc::now()).await?;
        server::redirect_plain_form_post(&card).await;
        Ok(())
    }
    .await;
    server::respond_to_form(result, &card, &[]).await
}
