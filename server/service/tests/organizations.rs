//! «Администрирование → Организации» on SQLite and PostgreSQL: requisites checked and audited,
//! one organization per ИНН (also for two at once), deactivation that locks its people out and
//! reactivation that lets them back, the paged list and the card, and who may do it.

use chrono::Utc;
use domain::Role;
use domain::organization::{OrganizationFields, OrganizationFilter};
use domain::validation::Code;
use portal_service::accounts::{self, Account};
use portal_service::administrator::Administrator;
use portal_service::entity::{audit_event, session};
use portal_service::local_time::ReaderClock;
use portal_service::organizations::{self, OrganizationQuery};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().unwrap()
}

async fn administrator(db: &DatabaseConnection) -> (Account, Administrator) {
    let account = account(db, "admin@support.test").await;
    let admin = Administrator::of(&account).unwrap();
    (account, admin)
}

fn fields(name: &str, inn: &str) -> OrganizationFields {
    OrganizationFields { name: name.into(), inn: inn.into(), ..Default::default() }
}

async fn audit_of(db: &DatabaseConnection, organization_id: i32) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Subject.eq(format!("organization:{organization_id}")))
        .all(db)
        .await
        .unwrap()
}

on_both_databases!(only_an_active_administrator_administers, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    for email in ["client@romashka.test", "admin@romashka.test", "agent@support.test", "manager@support.test"] {
        let someone = account(&db, email).await;
        assert!(matches!(Administrator::of(&someone), Err(ServiceError::Forbidden)), "{email}");
    }
    let (mut dmitry, _) = administrator(&db).await;
    dmitry.is_active = false;
    assert!(matches!(Administrator::of(&dmitry), Err(ServiceError::Forbidden)), "a deactivated administrator");
    assert_eq!(Administrator::of(&account(&db, "admin@support.test").await).unwrap().actor_id(), Some(dmitry.id));
});

on_both_databases!(requisites_are_checked_and_every_change_is_audited, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let (dmitry, admin) = administrator(&db).await;
    let now = Utc::now();
    let refused = [
        (fields("", ""), Code::OrganizationNameLength),
        (fields("ООО «Берёзка»", "7707083894"), Code::InnChecksum),
        (fields("ООО «Берёзка»", "77070"), Code::InnInvalid),
        (OrganizationFields { kpp: "773601001".into(), ..fields("ООО «Берёзка»", "500100732259") }, Code::KppWithoutInn),
        (OrganizationFields { contact_email: "почта".into(), ..fields("ООО «Берёзка»", "") }, Code::ContactEmailInvalid),
        (fields("ООО «Двойник»", "7736864549"), Code::InnTaken),
    ];
    let before = organizations::count(&db).await.unwrap();
    for (input, code) in refused {
        match organizations::create(&db, &admin, &input, now).await {
            Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code, "{input:?}"),
            other => panic!("{input:?}: expected {code}, got {other:?}"),
        }
    }
    assert_eq!(organizations::count(&db).await.unwrap(), before, "nothing half-written");

    let input = OrganizationFields {
        name: "  ООО «Берёзка» ".into(),
        inn: "7707083893".into(),
        kpp: "773601001".into(),
        contact_email: "Office@Berezka.Test".into(),
    };
    let created = organizations::create(&db, &admin, &input, now).await.unwrap();
    assert_eq!((created.name.as_str(), created.name_search.as_str()), ("ООО «Берёзка»", "ооо «березка»"));
    assert_eq!(created.contact_email.as_deref(), Some("office@berezka.test"));
    let trail = audit_of(&db, created.id).await;
    assert_eq!(trail.len(), 1);
    assert_eq!((trail[0].kind.as_str(), trail[0].actor_id), ("organization.created", Some(dmitry.id)));

    // An edit records only what changed; saving the same again records nothing.
    let edited = OrganizationFields { name: "ООО «Берёзка-М»".into(), kpp: String::new(), ..input.clone() };
    organizations::update(&db, &admin, created.id, &edited, now).await.unwrap();
    organizations::update(&db, &admin, created.id, &edited, now).await.unwrap();
    let trail = audit_of(&db, created.id).await;
    assert_eq!(trail.len(), 2);
    let details: serde_json::Value = serde_json::from_str(&trail[1].details).unwrap();
    assert_eq!(
        details,
        serde_json::json!({
            "before": { "name": "ООО «Берёзка»", "kpp": "773601001" },
            "after": { "name": "ООО «Берёзка-М»", "kpp": null }
        })
    );
    // Another organization's ИНН is refused on edit too; its own is fine.
    let taken = organizations::update(&db, &admin, created.id, &fields("ООО «Берёзка-М»", "7736864549"), now).await;
    assert!(matches!(taken, Err(ServiceError::Invalid(Code::InnTaken))));
    let missing = organizations::update(&db, &admin, 999_999, &edited, now).await;
    assert!(matches!(missing, Err(ServiceError::NotFound)));
});

on_both_databases!(two_organizations_with_one_inn_at_once_leave_one, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let (_, admin) = administrator(&db).await;
    let now = Utc::now();
    let (one, other) = (fields("ООО «Первая»", "7707083893"), fields("ООО «Вторая»", "7707083893"));
    let (first, second) =
        tokio::join!(organizations::create(&db, &admin, &one, now), organizations::create(&db, &admin, &other, now));
    let outcomes = [first.is_ok(), second.is_ok()];
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{first:?} {second:?}");
    for result in [first, second] {
        if let Err(error) = result {
            assert!(matches!(error, ServiceError::Invalid(Code::InnTaken)), "{error:?}");
        }
    }
    let holders = portal_service::entity::organization::Entity::find()
        .filter(portal_service::entity::organization::Column::Inn.eq("7707083893"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(holders, 1);
});

on_both_databases!(a_deactivated_organization_locks_its_people_out_until_reactivated, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let (_, admin) = administrator(&db).await;
    let ivan = account(&db, "client@romashka.test").await;
    let maria = account(&db, "colleague@romashka.test").await;
    let sergey = account(&db, "client@vector.test").await;
    let romashka = ivan.organization_id.unwrap();
    let session_of = |id: &str, user_id: i32| session::ActiveModel {
        id: Set(id.to_owned()),
        data: Set(format!(
            r#"{{"id":"{id}","data":{{"axum-login.data":{{"user_id":{user_id},"auth_hash":[1,2]}}}},"expiry_date":"2099-01-01T00:00:00Z"}}"#
        )),
        expires_at: Set(Utc::now() + chrono::Duration::hours(1)),
        ..Default::default()
    };
    session_of("ivan-session", ivan.id).insert(&db).await.unwrap();
    session_of("sergey-session", sergey.id).insert(&db).await.unwrap();
    // Мария was switched off by her organization admin before; reactivating the organization
    // must not switch her back on.
    let hub = portal_service::live::LiveHub::new();
    let olga = account(&db, "admin@romashka.test").await;
    portal_service::org_admin::deactivate_member(&db, &hub, &olga, maria.id, Utc::now()).await.unwrap();

    organizations::set_active(&db, &admin, romashka, false, Utc::now()).await.unwrap();
    assert!(!account(&db, "client@romashka.test").await.is_active, "Иван cannot sign in");
    assert!(session::Entity::find_by_id("ivan-session".to_owned()).one(&db).await.unwrap().is_none(), "his session ended");
    assert!(session::Entity::find_by_id("sergey-session".to_owned()).one(&db).await.unwrap().is_some(), "other orgs' stay");
    use axum_login::AuthnBackend;
    let backend = accounts::auth::AuthBackend::new(db.clone());
    assert!(backend.get_user(&ivan.id).await.unwrap().is_none());
    // Its requests stay readable to staff.
    let agent = account(&db, "agent@support.test").await;
    let his_request = portal_service::entity::request::Entity::find()
        .filter(portal_service::entity::request::Column::AuthorId.eq(ivan.id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let details = portal_service::requests::view::request_details(&db, &agent, his_request.number).await.unwrap();
    assert_eq!(details.number, his_request.number);

    organizations::set_active(&db, &admin, romashka, true, Utc::now()).await.unwrap();
    assert!(account(&db, "client@romashka.test").await.is_active, "Иван is back");
    assert!(!account(&db, "colleague@romashka.test").await.is_active, "Мария stays off");
    let kinds: Vec<String> = audit_of(&db, romashka).await.into_iter().map(|event| event.kind).collect();
    assert_eq!(kinds, vec!["organization.created", "organization.deactivated", "organization.reactivated"]);
});

on_both_databases!(the_list_searches_filters_and_pages, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let (_, admin) = administrator(&db).await;
    let now = Utc::now();
    for index in 0..60 {
        organizations::create(&db, &admin, &fields(&format!("ООО «Ёлка {index:02}»"), ""), now).await.unwrap();
    }
    let query = |search: Option<&str>, filter, page| OrganizationQuery { search: search.map(str::to_owned), filter, page };
    let first = organizations::page(&db, &admin, &query(Some("елка"), OrganizationFilter::Active, 1)).await.unwrap();
    assert_eq!((first.total, first.rows.len(), first.page_count()), (60, 50, 2), "«е» finds «Ё», any case");
    let second = organizations::page(&db, &admin, &query(Some("ЁЛКА"), OrganizationFilter::Active, 2)).await.unwrap();
    assert_eq!(second.rows.len(), 10);
    assert_eq!(second.rows[9].name, "ООО «Ёлка 59»", "by name");

    let by_inn = organizations::page(&db, &admin, &query(Some("7736864549"), OrganizationFilter::All, 1)).await.unwrap();
    assert_eq!(by_inn.rows.iter().map(|row| row.name.as_str()).collect::<Vec<_>>(), vec!["ООО «Ромашка»"]);
    let romashka = &by_inn.rows[0];
    assert_eq!(romashka.people, 3);
    assert!(romashka.open_requests > 0);

    organizations::set_active(&db, &admin, romashka.id, false, now).await.unwrap();
    let inactive = organizations::page(&db, &admin, &query(None, OrganizationFilter::Inactive, 1)).await.unwrap();
    assert_eq!(inactive.rows.iter().map(|row| row.id).collect::<Vec<_>>(), vec![romashka.id]);
    let active = organizations::page(&db, &admin, &query(Some("ромашка"), OrganizationFilter::Active, 1)).await.unwrap();
    assert_eq!(active.total, 0);
    let too_long = organizations::page(&db, &admin, &query(Some(&"я".repeat(201)), OrganizationFilter::All, 1)).await;
    assert!(matches!(too_long, Err(ServiceError::Invalid(Code::SearchTooLong))));

    let card = organizations::card(&db, &admin, romashka.id, &ReaderClock::of("Europe/Moscow"), now.date_naive()).await.unwrap();
    assert_eq!(card.certificates.len(), 2);
    assert_eq!(card.fields.inn, "7736864549");
    assert!(!card.is_active);
    assert_eq!(card.people.len(), 3);
    assert!(card.people.iter().any(|person| person.role == Role::OrgAdmin));
    assert!(card.all_requests >= card.open_requests && card.open_requests > 0);
});
