//! Creating and listing requests, on SQLite and PostgreSQL.

use chrono::Utc;
use domain::validation::Code;
use domain::{RequestKind, RequestStatus};
use portal_service::entity::{certificate, product, product_update, product_version, service_classification};
use portal_service::requests::{self, Author, ListQuery, ListScope, NewRequest, SortBy};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, accounts, on_both_databases};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The demo organizations with their ids, and handy catalog lookups.
struct Demo {
    db: DatabaseConnection,
}

impl Demo {
    async fn new(db: DatabaseConnection) -> Demo {
        seed_demo_if_empty(&db, Utc::now()).await.unwrap();
        Demo { db }
    }

    async fn author(&self, email: &str) -> Author {
        let account = accounts::find_by_email(&self.db, email).await.unwrap().unwrap();
        Author { user_id: account.id, organization_id: account.organization_id.unwrap() }
    }

    async fn product(&self, name: &str) -> i32 {
        product::Entity::find().filter(product::Column::Name.eq(name)).one(&self.db).await.unwrap().unwrap().id
    }

    async fn version(&self, product_id: i32, name: &str) -> i32 {
        product_version::Entity::find()
            .filter(product_version::Column::ProductId.eq(product_id))
            .filter(product_version::Column::Name.eq(name))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    async fn update(&self, version_id: i32, name: &str) -> i32 {
        product_update::Entity::find()
            .filter(product_update::Column::VersionId.eq(version_id))
            .filter(product_update::Column::Name.eq(name))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    async fn certificate(&self, number: &str) -> i32 {
        certificate::Entity::find().filter(certificate::Column::Number.eq(number)).one(&self.db).await.unwrap().unwrap().id
    }

    async fn classification(&self, name: &str) -> i32 {
        service_classification::Entity::find()
            .filter(service_classification::Column::Name.eq(name))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// A valid technical-support request for Ромашка: ALSE 1.7 / 1.7.6.
    async fn support_request(&self, key: &str) -> NewRequest {
        let alse = self.product("Astra Linux Special Edition").await;
        let version = self.version(alse, "1.7").await;
        NewRequest {
            kind: Some(RequestKind::TechnicalSupport),
            subject: "Не печатает сетевой принтер".into(),
            description: "После обновления перестал печатать принтер HP в сети.".into(),
            product_id: Some(alse),
            version_id: Some(version),
            update_id: Some(self.update(version, "1.7.6").await),
            certificate_id: Some(self.certificate("ТП-2026-00117").await),
            idempotency_key: key.into(),
            ..Default::default()
        }
    }
}

const KEY: &str = "0b6f1c2e-7d4a-4e1b-9a53-2f8d6c1e0a47";

fn expect_invalid(result: Result<requests::Created, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

on_both_databases!(each_kind_is_created_with_a_sequential_number, |db: DatabaseConnection| async move {
    let demo = Demo::new(db.clone()).await;
    let ivan = demo.author("client@romashka.test").await;
    let now = Utc::now();
    let first = requests::create(&db, ivan, demo.support_request("key-support-0000000001").await, now).await.unwrap();
    let services = NewRequest {
        kind: Some(RequestKind::Services),
        subject: "Аудит инфраструктуры домена".into(),
        description: "Просим провести аудит.".into(),
        certificate_id: Some(demo.certificate("УС-2026-00042").await),
        classification_id: Some(demo.classification("Аудит инфраструктуры").await),
        idempotency_key: "key-services-000000001".into(),
        ..Default::default()
    };
    let second = requests::create(&db, ivan, services, now).await.unwrap();
    for (n, kind) in [RequestKind::Commercial, RequestKind::PortalServices].into_iter().enumerate() {
        let plain = NewRequest {
            kind: Some(kind),
            subject: "Вопрос по лицензиям".into(),
            description: "Сколько стоит продление?".into(),
            idempotency_key: format!("key-plain-00000000000{n}"),
            ..Default::default()
        };
        requests::create(&db, ivan, plain, now).await.unwrap();
    }
    assert_eq!(second.number, first.number + 1);
    // The demo seed holds eight requests numbered from 1001.
    assert_eq!(first.number, 1009);
    let mine = requests::list(
        &db,
        ListScope::User { user_id: ivan.user_id, organization_id: ivan.organization_id },
        &ListQuery { limit: 25, ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(mine.total, 3 + 4);
});

on_both_databases!(services_requests_need_an_active_services_certificate, |db: DatabaseConnection| async move {
    let demo = Demo::new(db.clone()).await;
    let sergey = demo.author("client@vector.test").await;
    let anna = demo.author("client@lyutik.test").await;
    for (author, certificate) in [(sergey, "УС-2025-00318"), (anna, "УС-2026-00042")] {
        let attempt = NewRequest {
            kind: Some(RequestKind::Services),
            subject: "Внедрение ALD Pro".into(),
            description: "Нужна помощь во внедрении.".into(),
            certificate_id: Some(demo.certificate(certificate).await),
            classification_id: Some(demo.classification("Миграция").await),
            idempotency_key: format!("key-services-denied-{}", author.user_id),
            ..Default::default()
        };
        expect_invalid(requests::create(&db, author, attempt, Utc::now()).await, Code::KindServicesUnavailable);
    }
});

on_both_databases!(every_cascade_mismatch_is_rejected, |db: DatabaseConnection| async move {
    let demo = Demo::new(db.clone()).await;
    let ivan = demo.author("client@romashka.test").await;
    let now = Utc::now();
    let valid = demo.support_request("key-cascade-0000000000").await;
    let ald = demo.product("ALD Pro").await;
    let ald_25 = demo.version(ald, "2.5").await;
    let alse_18 = demo.version(valid.product_id.unwrap(), "1.8").await;
    let ce = demo.product("Astra Linux Common Edition").await;
    let ce_212 = demo.version(ce, "2.12").await;
    let foreign_update = demo.update(alse_18, "1.8.1").await;
    let cases = [
        (NewRequest { product_id: None, ..valid.clone() }, Code::ProductRequired),
        (NewRequest { product_id: Some(999_999), ..valid.clone() }, Code::ProductInvalid),
        (NewRequest { version_id: None, ..valid.clone() }, Code::VersionRequired),
        (NewRequest { version_id: Some(ald_25), ..valid.clone() }, Code::VersionInvalid),
        (NewRequest { update_id: None, ..valid.clone() }, Code::UpdateRequired),
        (NewRequest { update_id: Some(foreign_update), ..valid.clone() }, Code::UpdateInvalid),
        (NewRequest { product_id: Some(ce), version_id: Some(ce_212), update_id: None, ..valid.clone() }, Code::UpdateRequired),
        (NewRequest { certificate_id: None, ..valid.clone() }, Code::CertificateRequired),
        // Another organization's certificate, and a services certificate, do not count.
        (NewRequest { certificate_id: Some(demo.certificate("ТП-2026-00211").await), ..valid.clone() }, Code::CertificateInvalid),
        (NewRequest { certificate_id: Some(demo.certificate("УС-2026-00042").await), ..valid.clone() }, Code::CertificateInvalid),
        (NewRequest { classification_id: Some(1), ..valid.clone() }, Code::ClassificationNotApplicable),
        (NewRequest { kind: Some(RequestKind::Commercial), ..valid.clone() }, Code::ProductNotApplicable),
        (NewRequest { subject: "Сбой".into(), ..valid.clone() }, Code::SubjectTooShort),
        (NewRequest { subject: "я".repeat(201), ..valid.clone() }, Code::SubjectTooLong),
        (NewRequest { description: " ".into(), ..valid.clone() }, Code::DescriptionRequired),
        (NewRequest { kind: None, ..valid.clone() }, Code::KindRequired),
        (NewRequest { idempotency_key: "short".into(), ..valid.clone() }, Code::IdempotencyKeyInvalid),
    ];
    for (attempt, code) in cases {
        expect_invalid(requests::create(&db, ivan, attempt, now).await, code);
    }
    // A version without updates needs none: ALD Pro 2.5.
    let ald_ok = NewRequest { product_id: Some(ald), version_id: Some(ald_25), update_id: None, ..valid.clone() };
    requests::create(&db, ivan, ald_ok, now).await.unwrap();
    // Вектор's support certificate covers ALD Pro but not RuBackup.
    let sergey = demo.author("client@vector.test").await;
    let rubackup = demo.product("RuBackup").await;
    let vector_rubackup = NewRequest {
        product_id: Some(rubackup),
        version_id: Some(demo.version(rubackup, "2.2").await),
        update_id: None,
        certificate_id: Some(demo.certificate("ТП-2026-00211").await),
        idempotency_key: "key-vector-rubackup-01".into(),
        ..valid
    };
    expect_invalid(requests::create(&db, sergey, vector_rubackup, now).await, Code::CertificateInvalid);
});

on_both_databases!(concurrent_replays_create_one_request, |db: DatabaseConnection| async move {
    let demo = Demo::new(db.clone()).await;
    let ivan = demo.author("client@romashka.test").await;
    let input = demo.support_request(KEY).await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (db, input) = (db.clone(), input.clone());
        tasks.push(tokio::spawn(async move { requests::create(&db, ivan, input, Utc::now()).await }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap().unwrap().number);
    }
    numbers.dedup();
    assert_eq!(numbers.len(), 1, "all replays answer with the same number: {numbers:?}");
    let all =
        requests::list(&db, ListScope::All, &ListQuery { search: Some(numbers[0].to_string()), limit: 25, ..Default::default() })
            .await
            .unwrap();
    assert_eq!(all.total, 1);
    // Someone else cannot take over the key.
    let maria = demo.author("colleague@romashka.test").await;
    expect_invalid(requests::create(&db, maria, input, Utc::now()).await, Code::IdempotencyKeyInvalid);
});

on_both_databases!(numbers_stay_unique_under_concurrency, |db: DatabaseConnection| async move {
    let demo = Demo::new(db.clone()).await;
    let ivan = demo.author("client@romashka.test").await;
    let template = demo.support_request("unused").await;
    let mut tasks = Vec::new();
    for n in 0..20 {
        let db = db.clone();
        let input = NewRequest { idempotency_key: format!("key-concurrent-{n:08}"), ..template.clone() };
        tasks.push(tokio::spawn(async move { requests::create(&db, ivan, input, Utc::now()).await }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap().unwrap().number);
    }
    numbers.sort();
    assert_eq!(numbers, (1009..1029).collect::<Vec<_>>());
});

on_both_databases!(lists_show_only_what_the_scope_allows, |db: DatabaseConnection| async move {
    let demo = Demo::new(db.clone()).await;
    let ivan = demo.author("client@romashka.test").await;
    let sergey = demo.author("client@vector.test").await;
    let page = |scope| {
        let db = db.clone();
        async move { requests::list(&db, scope, &ListQuery { limit: 25, ..Default::default() }).await.unwrap() }
    };
    let romashka = page(ListScope::Organization { organization_id: ivan.organization_id }).await;
    assert_eq!(romashka.total, 8, "6 with authors and 2 registered by support");
    assert!(romashka.rows.iter().all(|row| row.organization_name == "ООО «Ромашка»"));
    let mine = page(ListScope::User { user_id: ivan.user_id, organization_id: ivan.organization_id }).await;
    assert_eq!(mine.total, 3);
    assert_eq!(page(ListScope::Organization { organization_id: sergey.organization_id }).await.total, 0);
    // A user id of another organization finds nothing in that organization's scope.
    assert_eq!(page(ListScope::User { user_id: ivan.user_id, organization_id: sergey.organization_id }).await.total, 0);
    assert_eq!(page(ListScope::All).await.total, 8);
});

on_both_databases!(search_filters_sorting_and_pages, |db: DatabaseConnection| async move {
    let demo = Demo::new(db.clone()).await;
    let ivan = demo.author("client@romashka.test").await;
    let org = ListScope::Organization { organization_id: ivan.organization_id };
    let query = |search: Option<&str>| ListQuery { search: search.map(str::to_owned), limit: 25, ..Default::default() };
    let found = requests::list(&db, org, &query(Some("ДОМЕН ald"))).await.unwrap();
    assert_eq!(found.rows.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1002]);
    assert_eq!(requests::list(&db, org, &query(Some("№1004"))).await.unwrap().rows[0].number, 1004);
    assert_eq!(requests::list(&db, org, &query(Some("100%_"))).await.unwrap().total, 0, "LIKE wildcards are literal");
    let resolved = ListQuery { status: Some(RequestStatus::Resolved), limit: 25, ..Default::default() };
    assert_eq!(requests::list(&db, org, &resolved).await.unwrap().total, 1);
    let services = ListQuery { kind: Some(RequestKind::Services), limit: 25, ..Default::default() };
    assert_eq!(requests::list(&db, org, &services).await.unwrap().rows[0].number, 1003);

    // Pages of two, newest first by creation: every request exactly once, in order.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page =
            requests::list(&db, org, &ListQuery { sort: SortBy::Created, after, limit: 2, ..Default::default() }).await.unwrap();
        assert_eq!(page.total, 8);
        seen.extend(page.rows.iter().map(|r| (r.created_at, r.number)));
        match page.next {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    assert_eq!(seen.len(), 8);
    assert!(seen.windows(2).all(|pair| pair[0].0 >= pair[1].0));
    let at = chrono::DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap();
    let cursor = requests::Cursor { at, id: 7 };
    assert_eq!(requests::Cursor::decode(&cursor.encode()), Some(cursor));
    assert_eq!(requests::Cursor::decode("garbage"), None);
});
