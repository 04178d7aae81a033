//! Service tests: every test body runs on a fresh SQLite file and on a fresh PostgreSQL database.

use chrono::{Duration, Utc};
use domain::organization::OrganizationFields;
use domain::validation::Code;
use domain::{CertificateKind, Locale, Role, ServicesAvailability};
use portal_migration::{Migrator, MigratorTrait};
use portal_service::accounts::auth::{self, AuthBackend, Credentials, ThrottlePolicy};
use portal_service::accounts::session_store::DbSessionStore;
use portal_service::accounts::{self, NewUser};
use portal_service::administrator::Administrator;
use portal_service::entity::{organization, product, product_update, product_version, service_classification, user};
use portal_service::seed::{SeedOutcome, seed_demo_if_empty};
use portal_service::{ServiceError, catalog::certificates, on_both_databases, organizations};

fn named(name: &str) -> OrganizationFields {
    OrganizationFields { name: name.into(), ..Default::default() }
}
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

async fn seeded(db: &DatabaseConnection) {
    assert!(matches!(seed_demo_if_empty(db, Utc::now()).await.unwrap(), SeedOutcome::Seeded { users: 8 }));
}

async fn org_id(db: &DatabaseConnection, name: &str) -> i32 {
    organizations::list(db).await.unwrap().into_iter().find(|org| org.name == name).expect(name).id
}

on_both_databases!(migrations_apply_to_an_empty_database_once, |db: DatabaseConnection| async move {
    assert!(Migrator::get_pending_migrations(&db).await.unwrap().is_empty());
    // A second start finds nothing to do and keeps the data.
    Migrator::up(&db, None).await.unwrap();
    assert_eq!(user::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(organization::Entity::find().count(&db).await.unwrap(), 0);
});

on_both_databases!(demo_seed_fills_an_empty_database_only_once, |db: DatabaseConnection| async move {
    seeded(&db).await;
    assert_eq!(seed_demo_if_empty(&db, Utc::now()).await.unwrap(), SeedOutcome::AlreadyPopulated);
    assert_eq!(organization::Entity::find().count(&db).await.unwrap(), 3);
    assert_eq!(user::Entity::find().count(&db).await.unwrap(), 8);
    assert_eq!(product::Entity::find().count(&db).await.unwrap(), 6);
    assert_eq!(product_version::Entity::find().count(&db).await.unwrap(), 10);
    assert_eq!(product_update::Entity::find().count(&db).await.unwrap(), 8);
    assert_eq!(service_classification::Entity::find().count(&db).await.unwrap(), 7);
});

on_both_databases!(services_availability_follows_certificate_dates, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let today = Utc::now().date_naive();
    let romashka = org_id(&db, "ООО «Ромашка»").await;
    let vector = org_id(&db, "АО «Вектор»").await;
    let lyutik = org_id(&db, "ИП Лютиков").await;
    assert_eq!(certificates::services_availability_of(&db, romashka, today).await.unwrap(), ServicesAvailability::Available);
    assert_eq!(
        certificates::services_availability_of(&db, vector, today).await.unwrap(),
        ServicesAvailability::Expired { last_valid_to: today - Duration::days(30) }
    );
    assert_eq!(certificates::services_availability_of(&db, lyutik, today).await.unwrap(), ServicesAvailability::Absent);
    // Ромашка's services certificate runs 300 more days: inclusive on its last day, expired after.
    let last_day = today + Duration::days(300);
    assert_eq!(certificates::services_availability_of(&db, romashka, last_day).await.unwrap(), ServicesAvailability::Available);
    assert_eq!(
        certificates::services_availability_of(&db, romashka, last_day + Duration::days(1)).await.unwrap(),
        ServicesAvailability::Expired { last_valid_to: last_day }
    );
});

on_both_databases!(support_certificates_cover_only_their_products, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let today = Utc::now().date_naive();
    let vector = org_id(&db, "АО «Вектор»").await;
    let romashka = org_id(&db, "ООО «Ромашка»").await;
    let products = product::Entity::find().all(&db).await.unwrap();
    let id_of = |name: &str| products.iter().find(|p| p.name == name).unwrap().id;
    let alse = certificates::active_support_for_product(&db, vector, id_of("Astra Linux Special Edition"), today);
    assert_eq!(alse.await.unwrap().len(), 1);
    let rubackup = certificates::active_support_for_product(&db, vector, id_of("RuBackup"), today);
    assert!(rubackup.await.unwrap().is_empty());
    let all_products = certificates::active_support_for_product(&db, romashka, id_of("Брест"), today);
    assert_eq!(all_products.await.unwrap().len(), 1);
    // Nothing is active before the certificates start.
    let long_ago = today - Duration::days(3650);
    let none = certificates::active_of_organization(&db, romashka, CertificateKind::Support, long_ago);
    assert!(none.await.unwrap().is_empty());
});

on_both_databases!(users_are_found_by_email_and_organization, |db: DatabaseConnection| async move {
    seeded(&db).await;
    let ivan = accounts::find_by_email(&db, "  Client@Romashka.TEST ").await.unwrap().expect("Иван Петров");
    assert_eq!(ivan.display_name, "Иван Петров");
    assert_eq!(ivan.role, Role::Customer);
    assert_eq!(ivan.organization_name.as_deref(), Some("ООО «Ромашка»"));
    let agent = accounts::find_by_email(&db, "agent@support.test").await.unwrap().unwrap();
    assert_eq!((agent.role, agent.organization_id), (Role::SupportAgent, None));
    assert!(accounts::find_by_email(&db, "nobody@romashka.test").await.unwrap().is_none());
    let members = accounts::members_of(&db, ivan.organization_id.unwrap()).await.unwrap();
    let names: Vec<_> = members.iter().map(|m| m.display_name.as_str()).collect();
    assert_eq!(names, ["Иван Петров", "Мария Соколова", "Ольга Кузнецова"]);
    accounts::set_locale(&db, ivan.id, Locale::En).await.unwrap();
    assert_eq!(accounts::find_by_id(&db, ivan.id).await.unwrap().unwrap().locale, Locale::En);
    assert!(matches!(accounts::set_locale(&db, 999_999, Locale::En).await, Err(ServiceError::NotFound)));
});

on_both_databases!(user_creation_rejects_invalid_input, |db: DatabaseConnection| async move {
    let now = Utc::now();
    let org = organizations::create(&db, &Administrator::portal(), &named("ООО «Тест»"), now).await.unwrap();
    let valid = NewUser {
        email: "new@test.example".into(),
        display_name: "Пётр Новиков".into(),
        password: "long-enough-password".into(),
        role: Role::Customer,
        organization_id: Some(org.id),
        locale: Locale::Ru,
    };
    let cases = [
        (NewUser { email: "not-an-email".into(), ..valid.clone() }, Code::EmailInvalid),
        (NewUser { display_name: "   ".into(), ..valid.clone() }, Code::DisplayNameLength),
        (NewUser { role: Role::SupportAgent, ..valid.clone() }, Code::OrganizationRoleMismatch),
        (NewUser { organization_id: None, ..valid.clone() }, Code::OrganizationRoleMismatch),
        (NewUser { password: "short".into(), ..valid.clone() }, Code::PasswordTooShort),
        (NewUser { password: "Password123".into(), ..valid.clone() }, Code::PasswordTooCommon),
    ];
    for (input, code) in cases {
        match accounts::create(&db, input, now).await {
            Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
            other => panic!("expected {code}, got {other:?}"),
        }
    }
    accounts::create(&db, valid.clone(), now).await.unwrap();
    assert!(matches!(accounts::create(&db, valid, now).await, Err(ServiceError::Invalid(Code::EmailTaken))));
    assert!(matches!(
        organizations::create(&db, &Administrator::portal(), &named("  "), now).await,
        Err(ServiceError::Invalid(Code::OrganizationNameLength))
    ));
});

on_both_databases!(the_first_administrator_is_created_once, |db: DatabaseConnection| async move {
    let now = Utc::now();
    // A weak password writes nothing, not even the claim.
    let weak =
        accounts::create_first_administrator(&db, "admin@vendor.example", "Анна Орлова", Some("qwertyuiop".into()), now).await;
    assert!(matches!(weak, Err(ServiceError::Invalid(Code::PasswordTooCommon))), "{weak:?}");
    // Two at once (two terminals): exactly one administrator.
    let (first, second) = tokio::join!(
        accounts::create_first_administrator(&db, "admin@vendor.example", "Анна Орлова", Some("клубника-на-снегу".into()), now),
        accounts::create_first_administrator(&db, "boss@vendor.example", "Борис Ким", None, now),
    );
    let created: Vec<_> = [&first, &second].into_iter().filter_map(|result| result.as_ref().ok()).collect();
    assert_eq!(created.len(), 1, "{first:?} / {second:?}");
    let refused = if first.is_ok() { &second } else { &first };
    assert!(matches!(refused, Err(ServiceError::Invalid(Code::AdministratorExists))), "{refused:?}");
    let (admin, link) = created[0];
    assert_eq!((admin.role, admin.organization_id, admin.is_active), (Role::Administrator, None, true));
    // Created without a password, the administrator got an invitation link and no usable password.
    assert_eq!(link.is_some(), admin.email == "boss@vendor.example");
    let again =
        accounts::create_first_administrator(&db, "third@vendor.example", "Вера Лис", Some("малина-в-тумане".into()), now).await;
    assert!(matches!(again, Err(ServiceError::Invalid(Code::AdministratorExists))));
    assert!(accounts::find_by_email(&db, "third@vendor.example").await.unwrap().is_none());
});

on_both_databases!(authentication_checks_password_and_activity, |db: DatabaseConnection| async move {
    use axum_login::AuthnBackend;
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    seeded(&db).await;
    let backend = AuthBackend::new(db.clone());
    let credentials = |email: &str, password: &str| Credentials { email: email.into(), password: password.into() };
    let ivan = backend.authenticate(credentials("client@romashka.test", "demo-password")).await.unwrap();
    let ivan = ivan.expect("right password signs in");
    assert!(backend.authenticate(credentials("client@romashka.test", "wrong")).await.unwrap().is_none());
    assert!(backend.authenticate(credentials("ghost@romashka.test", "demo-password")).await.unwrap().is_none());
    assert_eq!(backend.get_user(&ivan.id).await.unwrap().map(|a| a.id), Some(ivan.id));

    let mut model = user::Entity::find_by_id(ivan.id).one(&db).await.unwrap().unwrap().into_active_model();
    model.is_active = Set(false);
    model.update(&db).await.unwrap();
    assert!(backend.authenticate(credentials("client@romashka.test", "demo-password")).await.unwrap().is_none());
    assert!(backend.get_user(&ivan.id).await.unwrap().is_none(), "a deactivated user's session ends");
});

on_both_databases!(repeated_failures_are_throttled, |db: DatabaseConnection| async move {
    let policy = ThrottlePolicy { window: Duration::minutes(15), max_failures_per_account: 3, max_failures_per_address: 5 };
    let now = Utc::now();
    let address = Some("192.0.2.10");
    for _ in 0..3 {
        auth::check_throttle(&db, policy, "client@romashka.test", address, now).await.unwrap();
        auth::record_failure(&db, "Client@Romashka.test", address, now).await.unwrap();
    }
    match auth::check_throttle(&db, policy, "client@romashka.test", address, now + Duration::minutes(1)).await {
        Err(ServiceError::Throttled { retry_after_secs }) => assert_eq!(retry_after_secs, 14 * 60),
        other => panic!("expected throttling, got {other:?}"),
    }
    // Another account from another address is unaffected; the window slides.
    auth::check_throttle(&db, policy, "colleague@romashka.test", Some("192.0.2.11"), now).await.unwrap();
    auth::check_throttle(&db, policy, "client@romashka.test", address, now + Duration::minutes(16)).await.unwrap();

    // The address limit catches guessing across many accounts.
    for n in 0..2 {
        auth::record_failure(&db, &format!("user{n}@romashka.test"), address, now).await.unwrap();
    }
    let spray = auth::check_throttle(&db, policy, "fresh@romashka.test", address, now).await;
    assert!(matches!(spray, Err(ServiceError::Throttled { .. })));

    auth::record_success(&db, policy, "client@romashka.test", now).await.unwrap();
    auth::check_throttle(&db, policy, "client@romashka.test", None, now).await.unwrap();
});

on_both_databases!(sessions_round_trip_and_expire, |db: DatabaseConnection| async move {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::{ExpiredDeletion, SessionStore};
    let store = DbSessionStore::new(db.clone());
    let in_an_hour = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let mut record = Record { id: Id::default(), data: Default::default(), expiry_date: in_an_hour };
    record.data.insert("user".into(), serde_json::json!(42));
    store.create(&mut record).await.unwrap();
    assert_eq!(store.load(&record.id).await.unwrap(), Some(record.clone()));

    record.data.insert("locale".into(), serde_json::json!("en"));
    store.save(&record).await.unwrap();
    assert_eq!(store.load(&record.id).await.unwrap().unwrap().data.len(), 2);

    let mut expired = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
    };
    store.create(&mut expired).await.unwrap();
    assert_eq!(store.load(&expired.id).await.unwrap(), None, "an expired session is not loaded");
    store.delete_expired().await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_some());

    store.delete(&record.id).await.unwrap();
    assert_eq!(store.load(&record.id).await.unwrap(), None);
});
