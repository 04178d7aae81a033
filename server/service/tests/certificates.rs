//! Certificates issued and revoked by the portal administrator, on SQLite and PostgreSQL: the
//! form's rules, one certificate per number (also two at once), and the request-type rules
//! following at once.

use chrono::{Duration, Utc};
use domain::ServicesAvailability;
use domain::certificate::CertificateFields;
use domain::validation::Code;
use portal_service::accounts;
use portal_service::administrator::Administrator;
use portal_service::catalog::{self, certificates};
use portal_service::entity::{audit_event, certificate};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

async fn setup(db: &DatabaseConnection) -> (Administrator, i32, i32) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    let admin = Administrator::of(&accounts::find_by_email(db, "admin@support.test").await.unwrap().unwrap()).unwrap();
    let lyutik = accounts::find_by_email(db, "client@lyutik.test").await.unwrap().unwrap().organization_id.unwrap();
    let ald_pro = catalog::product_tree(db).await.unwrap().into_iter().find(|p| p.name == "ALD Pro").unwrap().id;
    (admin, lyutik, ald_pro)
}

fn fields(kind: &str, number: &str, days_from: i64, days_to: i64, products: Vec<i32>) -> CertificateFields {
    let today = Utc::now().date_naive();
    CertificateFields {
        kind: kind.into(),
        number: number.into(),
        valid_from: (today + Duration::days(days_from)).to_string(),
        valid_to: (today + Duration::days(days_to)).to_string(),
        all_products: false,
        products,
    }
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

on_both_databases!(issuing_and_revoking_change_what_the_organization_may_ask_at_once, |db: DatabaseConnection| async move {
    let (admin, lyutik, ald_pro) = setup(&db).await;
    let now = Utc::now();
    let today = now.date_naive();
    assert_eq!(certificates::services_availability_of(&db, lyutik, today).await.unwrap(), ServicesAvailability::Absent);
    let services =
        certificates::issue(&db, &admin, lyutik, &fields("services", "УС-2026-09001", -1, 90, vec![]), now).await.unwrap();
    assert_eq!(certificates::services_availability_of(&db, lyutik, today).await.unwrap(), ServicesAvailability::Available);

    assert!(certificates::active_support_for_product(&db, lyutik, ald_pro, today).await.unwrap().is_empty());
    certificates::issue(&db, &admin, lyutik, &fields("support", "ТП-2026-09002", 0, 10, vec![ald_pro]), now).await.unwrap();
    assert_eq!(certificates::active_support_for_product(&db, lyutik, ald_pro, today).await.unwrap().len(), 1);

    let revoked = certificates::revoke(&db, &admin, services.id, today, now).await.unwrap();
    assert_eq!(revoked.valid_to, today - Duration::days(1));
    assert_eq!(
        certificates::services_availability_of(&db, lyutik, today).await.unwrap(),
        ServicesAvailability::Expired { last_valid_to: today - Duration::days(1) }
    );
    let kinds: Vec<String> = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.starts_with("certificate."))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|event| event.kind)
        .collect();
    assert_eq!(kinds, vec!["certificate.issued", "certificate.issued", "certificate.revoked"]);

    // What ends within 30 days: the new support certificate (10 days), not the revoked one.
    let expiring = certificates::expiring(&db, &admin, today, 30).await.unwrap();
    assert_eq!(expiring.iter().map(|row| row.number.as_str()).collect::<Vec<_>>(), vec!["ТП-2026-09002"]);
    assert_eq!((expiring[0].days_left, expiring[0].products.clone()), (10, vec!["ALD Pro".to_owned()]));
});

on_both_databases!(a_certificate_is_checked_and_its_number_is_one_of_a_kind, |db: DatabaseConnection| async move {
    let (admin, lyutik, ald_pro) = setup(&db).await;
    let now = Utc::now();
    let before = certificate::Entity::find().count(&db).await.unwrap();
    expect_invalid(
        certificates::issue(&db, &admin, lyutik, &fields("support", "ТП-1", 0, 10, vec![]), now).await,
        Code::CertificateProductsRequired,
    );
    expect_invalid(
        certificates::issue(&db, &admin, lyutik, &fields("support", "ТП-1", 10, 0, vec![ald_pro]), now).await,
        Code::CertificateDatesReversed,
    );
    expect_invalid(
        certificates::issue(&db, &admin, lyutik, &fields("support", "ТП-1", 0, 10, vec![999_999]), now).await,
        Code::ProductInvalid,
    );
    expect_invalid(
        certificates::issue(&db, &admin, lyutik, &fields("support", "ТП-2026-00117", 0, 10, vec![ald_pro]), now).await,
        Code::CertificateNumberTaken,
    );
    let missing = certificates::issue(&db, &admin, 999_999, &fields("support", "ТП-1", 0, 10, vec![ald_pro]), now).await;
    assert!(matches!(missing, Err(ServiceError::NotFound)));
    assert_eq!(certificate::Entity::find().count(&db).await.unwrap(), before, "nothing half-written");

    let (one, other) = (fields("services", "УС-2026-09009", 0, 10, vec![]), fields("services", "УС-2026-09009", 0, 20, vec![]));
    let (a, b) =
        tokio::join!(certificates::issue(&db, &admin, lyutik, &one, now), certificates::issue(&db, &admin, lyutik, &other, now));
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    assert_eq!(certificate::Entity::find().filter(certificate::Column::Number.eq("УС-2026-09009")).count(&db).await.unwrap(), 1);

    portal_service::organizations::set_active(&db, &admin, lyutik, false, now).await.unwrap();
    expect_invalid(
        certificates::issue(&db, &admin, lyutik, &fields("services", "УС-2026-09010", 0, 10, vec![]), now).await,
        Code::OrganizationInactive,
    );
});
