//! «Администрирование → Каталог» on SQLite and PostgreSQL: creating, renaming, reordering,
//! retiring, restoring and deleting catalog items; what the request form offers afterwards; who
//! may; the audit trail; two administrators creating the same name at once.

use chrono::Utc;
use domain::catalog::{CatalogAdminTree, CatalogEntry, CatalogItem, CatalogList, MoveDirection};
use domain::draft::DraftForm;
use domain::validation::Code;
use domain::{Locale, RequestKind, Role};
use portal_service::accounts::{self, Account, NewUser};
use portal_service::administrator::Administrator;
use portal_service::catalog::{self, admin};
use portal_service::entity::{
    audit_event, certificate, certificate_product, product, product_update, product_version, service_classification,
};
use portal_service::local_time::ReaderClock;
use portal_service::requests::{self, Author, NewRequest};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, drafts, on_both_databases};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

/// The proof the catalog functions take.
fn administrator(account: &Account) -> Administrator {
    Administrator::of(account).expect("an active administrator")
}

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().expect(email)
}

/// The demo data plus a portal administrator (the demo has none).
async fn seeded(db: &DatabaseConnection) -> Account {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    let new = NewUser {
        email: "root@support.test".into(),
        display_name: "Администратор Портала".into(),
        password: "длинный-пароль-администратора".into(),
        role: Role::Administrator,
        organization_id: None,
        locale: Locale::Ru,
    };
    accounts::create(db, new, Utc::now()).await.unwrap()
}

async fn product_id(db: &DatabaseConnection, name: &str) -> i32 {
    product::Entity::find().filter(product::Column::Name.eq(name)).one(db).await.unwrap().expect(name).id
}

async fn version_id(db: &DatabaseConnection, product_id: i32, name: &str) -> i32 {
    product_version::Entity::find()
        .filter(product_version::Column::ProductId.eq(product_id))
        .filter(product_version::Column::Name.eq(name))
        .one(db)
        .await
        .unwrap()
        .expect(name)
        .id
}

async fn update_id(db: &DatabaseConnection, version_id: i32, name: &str) -> i32 {
    product_update::Entity::find()
        .filter(product_update::Column::VersionId.eq(version_id))
        .filter(product_update::Column::Name.eq(name))
        .one(db)
        .await
        .unwrap()
        .expect(name)
        .id
}

async fn classification_id(db: &DatabaseConnection, name: &str) -> i32 {
    service_classification::Entity::find()
        .filter(service_classification::Column::Name.eq(name))
        .one(db)
        .await
        .unwrap()
        .expect(name)
        .id
}

async fn certificate_id(db: &DatabaseConnection, number: &str) -> i32 {
    certificate::Entity::find().filter(certificate::Column::Number.eq(number)).one(db).await.unwrap().expect(number).id
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

/// Every catalog audit event so far, oldest first.
async fn catalog_events(db: &DatabaseConnection) -> Vec<audit_event::Model> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Kind.starts_with("catalog."))
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await
        .unwrap()
}

/// Checks that exactly one catalog event was written since `seen` events, by `actor`, of
/// `kind` about `subject`, and answers its details (`{"before": …, "after": …}`).
async fn one_new_event(db: &DatabaseConnection, seen: &mut usize, actor: &Account, kind: &str, subject: Option<&str>) -> Value {
    let events = catalog_events(db).await;
    assert_eq!(events.len(), *seen + 1, "one event for {kind}: {:?}", &events[*seen..]);
    *seen = events.len();
    let event = events.last().unwrap();
    assert_eq!(event.kind, kind);
    assert_eq!(event.actor_id, Some(actor.id));
    assert_eq!(event.subject.as_deref(), subject);
    assert_eq!((event.organization_id, event.request_id), (None, None));
    let details: Value = serde_json::from_str(&event.details).unwrap();
    assert!(details.get("before").is_some() && details.get("after").is_some(), "{details}");
    details
}

fn names(entries: impl IntoIterator<Item = String>) -> Vec<String> {
    entries.into_iter().collect()
}

async fn offered_products(db: &DatabaseConnection) -> Vec<String> {
    names(catalog::product_tree(db).await.unwrap().into_iter().map(|p| p.name))
}

async fn offered_versions(db: &DatabaseConnection, product: &str) -> Vec<String> {
    let tree = catalog::product_tree(db).await.unwrap();
    tree.into_iter().find(|p| p.name == product).map(|p| names(p.versions.into_iter().map(|v| v.name))).unwrap_or_default()
}

async fn offered_updates(db: &DatabaseConnection, product: &str, version: &str) -> Vec<String> {
    let tree = catalog::product_tree(db).await.unwrap();
    tree.into_iter()
        .find(|p| p.name == product)
        .and_then(|p| p.versions.into_iter().find(|v| v.name == version))
        .map(|v| names(v.updates.into_iter().map(|(_, name)| name)))
        .unwrap_or_default()
}

/// Names of the offered classification tree, depth first.
async fn offered_classifications(db: &DatabaseConnection) -> Vec<String> {
    fn walk(nodes: Vec<catalog::ClassificationNode>, out: &mut Vec<String>) {
        for node in nodes {
            out.push(node.name);
            walk(node.children, out);
        }
    }
    let mut out = Vec::new();
    walk(catalog::classification_tree(db).await.unwrap(), &mut out);
    out
}

fn admin_product<'t>(tree: &'t CatalogAdminTree, name: &str) -> &'t domain::catalog::AdminProduct {
    tree.products.iter().find(|p| p.entry.name == name).expect(name)
}

fn find_classification<'t>(nodes: &'t [domain::catalog::AdminClassification], name: &str) -> Option<&'t CatalogEntry> {
    nodes.iter().find_map(
        |node| {
            if node.entry.name == name { Some(&node.entry) } else { find_classification(&node.children, name) }
        },
    )
}

const ALSE: &str = "Astra Linux Special Edition";

on_both_databases!(an_administrator_creates_and_renames_items, |db: DatabaseConnection| async move {
    let root = seeded(&db).await;
    let now = Utc::now();
    let mut seen = catalog_events(&db).await.len();

    let server = admin::create(&db, &administrator(&root), CatalogList::Products, "  Astra Linux Server  ", now).await.unwrap();
    let CatalogItem::Product(server_id) = server else { panic!("{server:?}") };
    let details = one_new_event(&db, &mut seen, &root, "catalog.product.created", Some(&format!("product:{server_id}"))).await;
    assert_eq!(details["before"], Value::Null);
    assert_eq!(details["after"]["name"], json!("Astra Linux Server"), "trimmed");
    assert_eq!(details["after"]["parent"], Value::Null);
    // A new item goes last.
    assert_eq!(offered_products(&db).await.last().map(String::as_str), Some("Astra Linux Server"));

    let version =
        admin::create(&db, &administrator(&root), CatalogList::Versions { product_id: server_id }, "1.0", now).await.unwrap();
    let details =
        one_new_event(&db, &mut seen, &root, "catalog.version.created", Some(&format!("version:{}", version.id()))).await;
    assert_eq!(details["after"]["parent"], json!(format!("product:{server_id}")));
    let second =
        admin::create(&db, &administrator(&root), CatalogList::Versions { product_id: server_id }, "1.1", now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.version.created", Some(&second.subject())).await;
    let update =
        admin::create(&db, &administrator(&root), CatalogList::Updates { version_id: version.id() }, "1.0.1", now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.update.created", Some(&format!("update:{}", update.id()))).await;
    assert_eq!(offered_versions(&db, "Astra Linux Server").await, ["1.0", "1.1"]);
    assert_eq!(offered_updates(&db, "Astra Linux Server", "1.0").await, ["1.0.1"]);

    let group = admin::create(&db, &administrator(&root), CatalogList::Classifications { parent_id: None }, "Консультации", now)
        .await
        .unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.created", Some(&format!("classification:{}", group.id()))).await;
    let leaf = admin::create(
        &db,
        &administrator(&root),
        CatalogList::Classifications { parent_id: Some(group.id()) },
        "Разовая консультация",
        now,
    )
    .await
    .unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.created", Some(&format!("classification:{}", leaf.id()))).await;
    let classifications = offered_classifications(&db).await;
    assert_eq!(&classifications[classifications.len() - 2..], ["Консультации", "Разовая консультация"]);
    assert!(catalog::is_selectable_classification(&db, leaf.id()).await.unwrap());
    assert!(!catalog::is_selectable_classification(&db, group.id()).await.unwrap(), "a group is not a leaf");

    // Names: 1 to 200 characters, unique among siblings whatever the case, «ё» or spacing.
    for (raw, code) in [
        ("   ", Code::CatalogNameLength),
        (&"я".repeat(201) as &str, Code::CatalogNameLength),
        ("Astra\nLinux", Code::CatalogNameInvalidCharacters),
        ("astra  LINUX special edition", Code::CatalogNameTaken),
    ] {
        expect_invalid(admin::create(&db, &administrator(&root), CatalogList::Products, raw, now).await, code);
    }
    let alse = product_id(&db, ALSE).await;
    expect_invalid(
        admin::create(&db, &administrator(&root), CatalogList::Versions { product_id: alse }, "1.7", now).await,
        Code::CatalogNameTaken,
    );
    expect_invalid(
        admin::create(&db, &administrator(&root), CatalogList::Classifications { parent_id: None }, "ВНЕДРЕНИЕ", now).await,
        Code::CatalogNameTaken,
    );
    let scheme =
        admin::create(&db, &administrator(&root), CatalogList::Classifications { parent_id: None }, "Обновлённая схема", now)
            .await
            .unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.created", Some(&scheme.subject())).await;
    expect_invalid(
        admin::create(&db, &administrator(&root), CatalogList::Classifications { parent_id: None }, "обновленная СХЕМА", now)
            .await,
        Code::CatalogNameTaken,
    );
    // The same name under another parent is fine; an unknown parent is refused.
    admin::create(&db, &administrator(&root), CatalogList::Versions { product_id: server_id }, "1.7", now).await.unwrap();
    seen += 1;
    for list in [
        CatalogList::Versions { product_id: 999_999 },
        CatalogList::Updates { version_id: 999_999 },
        CatalogList::Classifications { parent_id: Some(999_999) },
    ] {
        expect_invalid(admin::create(&db, &administrator(&root), list, "Новое", now).await, Code::CatalogItemUnknown);
    }
    assert_eq!(catalog_events(&db).await.len(), seen, "refusals write nothing");

    // Renaming.
    admin::rename(&db, &administrator(&root), server, "Astra Linux Server Edition", now).await.unwrap();
    let details = one_new_event(&db, &mut seen, &root, "catalog.product.renamed", Some(&format!("product:{server_id}"))).await;
    assert_eq!(details, json!({ "before": { "name": "Astra Linux Server" }, "after": { "name": "Astra Linux Server Edition" } }));
    admin::rename(&db, &administrator(&root), server, "ASTRA Linux Server Edition", now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.product.renamed", Some(&format!("product:{server_id}"))).await;
    admin::rename(&db, &administrator(&root), server, "ASTRA Linux Server Edition", now).await.unwrap();
    assert_eq!(catalog_events(&db).await.len(), seen, "the same name again changes nothing");
    expect_invalid(admin::rename(&db, &administrator(&root), server, "ald pro", now).await, Code::CatalogNameTaken);
    expect_invalid(admin::rename(&db, &administrator(&root), update, "", now).await, Code::CatalogNameLength);
    expect_invalid(
        admin::rename(&db, &administrator(&root), CatalogItem::Update(999_999), "1.0.2", now).await,
        Code::CatalogItemUnknown,
    );
    admin::rename(&db, &administrator(&root), leaf, "Консультация по телефону", now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.renamed", Some(&format!("classification:{}", leaf.id()))).await;

    // The admin tree shows everything with its state.
    let tree = admin::tree(&db, &administrator(&root)).await.unwrap();
    let server = admin_product(&tree, "ASTRA Linux Server Edition");
    assert_eq!(server.versions.iter().map(|v| v.entry.name.as_str()).collect::<Vec<_>>(), ["1.0", "1.1", "1.7"]);
    assert_eq!(server.versions[0].updates.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), ["1.0.1"]);
    assert!(server.entry.offered && !server.entry.retired && server.entry.used_by_requests == 0);
    let leaf_entry = find_classification(&tree.classifications, "Консультация по телефону").unwrap();
    assert!(leaf_entry.offered);
});

on_both_databases!(items_are_moved_and_reordered, |db: DatabaseConnection| async move {
    let root = seeded(&db).await;
    let now = Utc::now();
    let mut seen = catalog_events(&db).await.len();
    let alse = product_id(&db, ALSE).await;
    let v17 = version_id(&db, alse, "1.7").await;
    let v18 = version_id(&db, alse, "1.8").await;

    admin::move_item(&db, &administrator(&root), CatalogItem::Version(v18), MoveDirection::Up, now).await.unwrap();
    assert_eq!(offered_versions(&db, ALSE).await, ["1.8", "1.7"]);
    let details = one_new_event(&db, &mut seen, &root, "catalog.version.moved", Some(&format!("version:{v18}"))).await;
    assert_eq!(details, json!({ "before": { "order": [v17, v18] }, "after": { "order": [v18, v17] } }));
    // The first one up, the last one down: nothing to do, nothing written.
    admin::move_item(&db, &administrator(&root), CatalogItem::Version(v18), MoveDirection::Up, now).await.unwrap();
    admin::move_item(&db, &administrator(&root), CatalogItem::Version(v17), MoveDirection::Down, now).await.unwrap();
    assert_eq!(catalog_events(&db).await.len(), seen);
    admin::move_item(&db, &administrator(&root), CatalogItem::Version(v17), MoveDirection::Up, now).await.unwrap();
    assert_eq!(offered_versions(&db, ALSE).await, ["1.7", "1.8"]);
    one_new_event(&db, &mut seen, &root, "catalog.version.moved", Some(&format!("version:{v17}"))).await;

    // Updates and classifications move the same way.
    let u175 = update_id(&db, v17, "1.7.5").await;
    let u177 = update_id(&db, v17, "1.7.7").await;
    admin::move_item(&db, &administrator(&root), CatalogItem::Update(u177), MoveDirection::Up, now).await.unwrap();
    assert_eq!(offered_updates(&db, ALSE, "1.7").await, ["1.7.5", "1.7.7", "1.7.6"]);
    one_new_event(&db, &mut seen, &root, "catalog.update.moved", Some(&format!("update:{u177}"))).await;
    let audit = classification_id(&db, "Аудит").await;
    admin::move_item(&db, &administrator(&root), CatalogItem::Classification(audit), MoveDirection::Up, now).await.unwrap();
    assert_eq!(&offered_classifications(&db).await[..3], ["Внедрение", "Установка и настройка", "Миграция"]);
    assert_eq!(offered_classifications(&db).await[3], "Аудит");
    one_new_event(&db, &mut seen, &root, "catalog.classification.moved", Some(&format!("classification:{audit}"))).await;

    // The whole order of a list at once.
    let mut products: Vec<i32> = catalog::product_tree(&db).await.unwrap().iter().map(|p| p.id).collect();
    products.reverse();
    admin::set_order(&db, &administrator(&root), CatalogList::Products, &products, now).await.unwrap();
    assert_eq!(catalog::product_tree(&db).await.unwrap().iter().map(|p| p.id).collect::<Vec<_>>(), products);
    let details = one_new_event(&db, &mut seen, &root, "catalog.product.reordered", None).await;
    assert_eq!(details["after"]["order"], json!(products));
    admin::set_order(
        &db,
        &administrator(&root),
        CatalogList::Updates { version_id: v17 },
        &[u175, update_id(&db, v17, "1.7.6").await, u177],
        now,
    )
    .await
    .unwrap();
    assert_eq!(offered_updates(&db, ALSE, "1.7").await, ["1.7.5", "1.7.6", "1.7.7"]);
    one_new_event(&db, &mut seen, &root, "catalog.update.reordered", Some(&format!("version:{v17}"))).await;
    // The same order again changes nothing.
    admin::set_order(&db, &administrator(&root), CatalogList::Products, &products, now).await.unwrap();
    assert_eq!(catalog_events(&db).await.len(), seen);

    // Not exactly the siblings: refused.
    let missing = &products[1..];
    let doubled: Vec<i32> = products.iter().copied().chain([products[0]]).collect();
    let with_duplicate: Vec<i32> = std::iter::once(products[0]).chain(products[..products.len() - 1].iter().copied()).collect();
    let foreign: Vec<i32> = products.iter().copied().take(products.len() - 1).chain([999_999]).collect();
    for ids in [missing, doubled.as_slice(), with_duplicate.as_slice(), foreign.as_slice(), &[]] {
        expect_invalid(
            admin::set_order(&db, &administrator(&root), CatalogList::Products, ids, now).await,
            Code::CatalogOrderMismatch,
        );
    }
    expect_invalid(
        admin::set_order(&db, &administrator(&root), CatalogList::Versions { product_id: alse }, &[v18, v17, u175], now).await,
        Code::CatalogOrderMismatch,
    );
    expect_invalid(
        admin::set_order(&db, &administrator(&root), CatalogList::Versions { product_id: 999_999 }, &[], now).await,
        Code::CatalogItemUnknown,
    );
    expect_invalid(
        admin::move_item(&db, &administrator(&root), CatalogItem::Product(999_999), MoveDirection::Up, now).await,
        Code::CatalogItemUnknown,
    );
    assert_eq!(catalog::product_tree(&db).await.unwrap().iter().map(|p| p.id).collect::<Vec<_>>(), products);
    assert_eq!(catalog_events(&db).await.len(), seen);
});

/// A valid technical-support request of Ромашка (its certificate covers every product).
async fn support_request(db: &DatabaseConnection, product: i32, version: i32, update: Option<i32>, key: &str) -> NewRequest {
    NewRequest {
        kind: Some(RequestKind::TechnicalSupport),
        subject: "Не печатает сетевой принтер".into(),
        description: "После обновления перестал печатать принтер.".into(),
        product_id: Some(product),
        version_id: Some(version),
        update_id: update,
        certificate_id: Some(certificate_id(db, "ТП-2026-00117").await),
        idempotency_key: key.into(),
        ..Default::default()
    }
}

async fn services_request(db: &DatabaseConnection, classification: i32, key: &str) -> NewRequest {
    NewRequest {
        kind: Some(RequestKind::Services),
        subject: "Аудит инфраструктуры домена".into(),
        description: "Просим провести аудит.".into(),
        certificate_id: Some(certificate_id(db, "УС-2026-00042").await),
        classification_id: Some(classification),
        idempotency_key: key.into(),
        ..Default::default()
    }
}

on_both_databases!(retired_items_leave_the_form_but_not_the_requests, |db: DatabaseConnection| async move {
    let root = seeded(&db).await;
    let now = Utc::now();
    let mut seen = catalog_events(&db).await.len();
    let ivan = account(&db, "client@romashka.test").await;
    let author = Author { user_id: ivan.id, organization_id: ivan.organization_id.unwrap() };
    let alse = product_id(&db, ALSE).await;
    let v17 = version_id(&db, alse, "1.7").await;
    let v18 = version_id(&db, alse, "1.8").await;
    let u176 = update_id(&db, v17, "1.7.6").await;
    let existing =
        requests::create(&db, author, support_request(&db, alse, v17, Some(u176), "retire-key-00000000001").await, now)
            .await
            .unwrap();
    let audit_leaf = classification_id(&db, "Аудит инфраструктуры").await;
    let existing_services =
        requests::create(&db, author, services_request(&db, audit_leaf, "retire-key-00000000002").await, now).await.unwrap();

    // An update.
    admin::retire(&db, &administrator(&root), CatalogItem::Update(u176), now).await.unwrap();
    let details = one_new_event(&db, &mut seen, &root, "catalog.update.retired", Some(&format!("update:{u176}"))).await;
    assert_eq!(details["before"], json!({ "retired_at": null }));
    assert!(details["after"]["retired_at"].is_string(), "{details}");
    admin::retire(&db, &administrator(&root), CatalogItem::Update(u176), now).await.unwrap();
    assert_eq!(catalog_events(&db).await.len(), seen, "retiring a retired item changes nothing");
    assert_eq!(offered_updates(&db, ALSE, "1.7").await, ["1.7.5", "1.7.7"]);
    assert!(!catalog::updates_of_version(&db, v17).await.unwrap().contains(&u176));
    expect_invalid(
        requests::create(&db, author, support_request(&db, alse, v17, Some(u176), "retire-key-00000000003").await, now).await,
        Code::UpdateInvalid,
    );

    // A version hides its updates too.
    admin::retire(&db, &administrator(&root), CatalogItem::Version(v17), now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.version.retired", Some(&format!("version:{v17}"))).await;
    assert_eq!(offered_versions(&db, ALSE).await, ["1.8"]);
    assert!(!catalog::version_of_product(&db, v17, alse).await.unwrap());
    assert!(catalog::updates_of_version(&db, v17).await.unwrap().is_empty());
    let u175 = update_id(&db, v17, "1.7.5").await;
    expect_invalid(
        requests::create(&db, author, support_request(&db, alse, v17, Some(u175), "retire-key-00000000004").await, now).await,
        Code::VersionInvalid,
    );

    // A product hides its versions.
    admin::retire(&db, &administrator(&root), CatalogItem::Product(alse), now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.product.retired", Some(&format!("product:{alse}"))).await;
    assert!(!offered_products(&db).await.contains(&ALSE.to_owned()));
    assert!(!catalog::is_offered_product(&db, alse).await.unwrap());
    assert!(!catalog::version_of_product(&db, v18, alse).await.unwrap());
    assert!(catalog::updates_of_version(&db, v18).await.unwrap().is_empty());
    let u181 = update_id(&db, v18, "1.8.1").await;
    expect_invalid(
        requests::create(&db, author, support_request(&db, alse, v18, Some(u181), "retire-key-00000000005").await, now).await,
        Code::ProductInvalid,
    );

    // Classifications: a retired leaf, and a retired group with everything under it.
    admin::retire(&db, &administrator(&root), CatalogItem::Classification(audit_leaf), now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.retired", Some(&format!("classification:{audit_leaf}"))).await;
    assert!(!offered_classifications(&db).await.contains(&"Аудит инфраструктуры".to_owned()));
    expect_invalid(
        requests::create(&db, author, services_request(&db, audit_leaf, "retire-key-00000000006").await, now).await,
        Code::ClassificationInvalid,
    );
    let implementation = classification_id(&db, "Внедрение").await;
    let migration = classification_id(&db, "Миграция").await;
    admin::retire(&db, &administrator(&root), CatalogItem::Classification(implementation), now).await.unwrap();
    seen += 1;
    assert_eq!(offered_classifications(&db).await, ["Обучение", "Курс администрирования", "Аудит"]);
    assert!(!catalog::is_selectable_classification(&db, migration).await.unwrap());
    expect_invalid(
        requests::create(&db, author, services_request(&db, migration, "retire-key-00000000007").await, now).await,
        Code::ClassificationInvalid,
    );

    // Existing requests keep their names, on the page and in the lists.
    let details = requests::view::request_details(&db, &ivan, existing.number).await.unwrap();
    assert_eq!(
        (details.product_name.as_deref(), details.version_name.as_deref(), details.update_name.as_deref()),
        (Some(ALSE), Some("1.7"), Some("1.7.6"))
    );
    let services = requests::view::request_details(&db, &ivan, existing_services.number).await.unwrap();
    assert_eq!(services.classification_path, ["Аудит", "Аудит инфраструктуры"]);
    let seeded_migration = requests::list(
        &db,
        requests::ListScope::User { user_id: ivan.id, organization_id: author.organization_id },
        &requests::ListQuery { limit: 50, ..Default::default() },
    )
    .await
    .unwrap();
    let row = seeded_migration.rows.iter().find(|row| row.number == existing.number).unwrap();
    assert_eq!(row.product_name.as_deref(), Some(ALSE));

    // The admin tree shows them, retired, with the requests that name them.
    let tree = admin::tree(&db, &administrator(&root)).await.unwrap();
    let alse_entry = admin_product(&tree, ALSE);
    assert!(alse_entry.entry.retired && !alse_entry.entry.offered);
    assert!(alse_entry.entry.used_by_requests >= 2, "the seeded request and ours");
    let v18_entry = alse_entry.versions.iter().find(|v| v.entry.id == v18).unwrap();
    assert!(!v18_entry.entry.retired && !v18_entry.entry.offered, "hidden by its product");
    let v17_entry = alse_entry.versions.iter().find(|v| v.entry.id == v17).unwrap();
    assert!(v17_entry.entry.retired);
    let u176_entry = v17_entry.updates.iter().find(|u| u.id == u176).unwrap();
    assert!(u176_entry.retired && u176_entry.used_by_requests == 2, "{u176_entry:?}");
    let migration_entry = find_classification(&tree.classifications, "Миграция").unwrap();
    assert!(!migration_entry.retired && !migration_entry.offered && migration_entry.used_by_requests == 1);

    // Restoring offers them again; what was retired on its own stays retired.
    admin::restore(&db, &administrator(&root), CatalogItem::Product(alse), now).await.unwrap();
    let details = one_new_event(&db, &mut seen, &root, "catalog.product.restored", Some(&format!("product:{alse}"))).await;
    assert_eq!(details["after"], json!({ "retired_at": null }));
    admin::restore(&db, &administrator(&root), CatalogItem::Product(alse), now).await.unwrap();
    assert_eq!(catalog_events(&db).await.len(), seen, "restoring an offered item changes nothing");
    assert_eq!(offered_versions(&db, ALSE).await, ["1.8"]);
    admin::restore(&db, &administrator(&root), CatalogItem::Version(v17), now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.version.restored", Some(&format!("version:{v17}"))).await;
    assert_eq!(offered_versions(&db, ALSE).await, ["1.7", "1.8"]);
    assert_eq!(offered_updates(&db, ALSE, "1.7").await, ["1.7.5", "1.7.7"]);
    requests::create(&db, author, support_request(&db, alse, v17, Some(u175), "retire-key-00000000008").await, now)
        .await
        .unwrap();
    admin::restore(&db, &administrator(&root), CatalogItem::Classification(implementation), now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.restored", Some(&format!("classification:{implementation}")))
        .await;
    assert!(catalog::is_selectable_classification(&db, migration).await.unwrap());
    requests::create(&db, author, services_request(&db, migration, "retire-key-00000000009").await, now).await.unwrap();
    expect_invalid(admin::retire(&db, &administrator(&root), CatalogItem::Version(999_999), now).await, Code::CatalogItemUnknown);
});

on_both_databases!(delete_is_refused_while_anything_uses_the_item, |db: DatabaseConnection| async move {
    let root = seeded(&db).await;
    let now = Utc::now();
    let mut seen = catalog_events(&db).await.len();
    let ivan = account(&db, "client@romashka.test").await;
    let author = Author { user_id: ivan.id, organization_id: ivan.organization_id.unwrap() };

    // Seeded requests name ALSE 1.7 / 1.7.6 and «Миграция»; children under products, versions,
    // groups; knowledge-base articles name «Брест 3.3»; certificates name ALD Pro.
    let alse = product_id(&db, ALSE).await;
    let v17 = version_id(&db, alse, "1.7").await;
    let u176 = update_id(&db, v17, "1.7.6").await;
    let u175 = update_id(&db, v17, "1.7.5").await;
    let brest = product_id(&db, "Брест").await;
    let brest33 = version_id(&db, brest, "3.3").await;
    for (item, code) in [
        (CatalogItem::Product(alse), Code::CatalogItemInUse),
        (CatalogItem::Version(v17), Code::CatalogItemInUse),
        (CatalogItem::Update(u176), Code::CatalogItemInUse),
        (CatalogItem::Classification(classification_id(&db, "Миграция").await), Code::CatalogItemInUse),
        (CatalogItem::Version(brest33), Code::CatalogItemInUse),
        (CatalogItem::Classification(classification_id(&db, "Внедрение").await), Code::CatalogItemHasChildren),
        (CatalogItem::Update(999_999), Code::CatalogItemUnknown),
    ] {
        expect_invalid(admin::delete(&db, &administrator(&root), item, now).await, code);
    }
    // An unused update goes.
    admin::delete(&db, &administrator(&root), CatalogItem::Update(u175), now).await.unwrap();
    let details = one_new_event(&db, &mut seen, &root, "catalog.update.deleted", Some(&format!("update:{u175}"))).await;
    assert_eq!(details["after"], Value::Null);
    assert_eq!(details["before"]["name"], json!("1.7.5"));
    assert_eq!(details["before"]["parent"], json!(format!("version:{v17}")));
    assert_eq!(offered_updates(&db, ALSE, "1.7").await, ["1.7.6", "1.7.7"]);

    // A new product: children first, then a certificate or a request keep it.
    let new = admin::create(&db, &administrator(&root), CatalogList::Products, "Astra Linux Server", now).await.unwrap();
    let version =
        admin::create(&db, &administrator(&root), CatalogList::Versions { product_id: new.id() }, "1.0", now).await.unwrap();
    let update =
        admin::create(&db, &administrator(&root), CatalogList::Updates { version_id: version.id() }, "1.0.1", now).await.unwrap();
    seen += 3;
    expect_invalid(admin::delete(&db, &administrator(&root), new, now).await, Code::CatalogItemHasChildren);
    expect_invalid(admin::delete(&db, &administrator(&root), version, now).await, Code::CatalogItemHasChildren);
    // Retired children count too.
    admin::retire(&db, &administrator(&root), update, now).await.unwrap();
    seen += 1;
    expect_invalid(admin::delete(&db, &administrator(&root), version, now).await, Code::CatalogItemHasChildren);
    admin::restore(&db, &administrator(&root), update, now).await.unwrap();
    seen += 1;

    // A draft may name the items: it does not keep them, and still opens afterwards.
    let form = DraftForm {
        kind: "technical_support".into(),
        subject: "Вопрос по Astra Linux Server".into(),
        product_id: Some(new.id()),
        version_id: Some(version.id()),
        update_id: Some(update.id()),
        idempotency_key: "catalog-draft-key-000000001".into(),
        revision: 1,
        ..Default::default()
    };
    let draft = drafts::save(&db, ivan.id, &serde_json::to_string(&form).unwrap(), now).await.unwrap();

    let used = requests::create(
        &db,
        author,
        support_request(&db, new.id(), version.id(), Some(update.id()), "delete-key-00000000001").await,
        now,
    )
    .await
    .unwrap();
    expect_invalid(admin::delete(&db, &administrator(&root), update, now).await, Code::CatalogItemInUse);
    let tree = admin::tree(&db, &administrator(&root)).await.unwrap();
    let entry = admin_product(&tree, "Astra Linux Server");
    assert_eq!(
        (entry.entry.used_by_requests, entry.versions[0].entry.used_by_requests, entry.versions[0].updates[0].used_by_requests),
        (1, 1, 1)
    );
    assert!(used.number > 0);

    // A product only a certificate names is kept too; unused items go, children first.
    let other = admin::create(&db, &administrator(&root), CatalogList::Products, "Astra Linux Desktop", now).await.unwrap();
    let other_version =
        admin::create(&db, &administrator(&root), CatalogList::Versions { product_id: other.id() }, "1.0", now).await.unwrap();
    seen += 2;
    certificate_product::ActiveModel {
        certificate_id: Set(certificate_id(&db, "ТП-2026-00211").await),
        product_id: Set(other.id()),
    }
    .insert(&db)
    .await
    .unwrap();
    admin::delete(&db, &administrator(&root), other_version, now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.version.deleted", Some(&format!("version:{}", other_version.id()))).await;
    expect_invalid(admin::delete(&db, &administrator(&root), other, now).await, Code::CatalogItemInUse);
    certificate_product::Entity::delete_many()
        .filter(certificate_product::Column::ProductId.eq(other.id()))
        .exec(&db)
        .await
        .unwrap();
    admin::delete(&db, &administrator(&root), other, now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.product.deleted", Some(&format!("product:{}", other.id()))).await;
    assert!(product::Entity::find_by_id(other.id()).one(&db).await.unwrap().is_none());

    // The draft of deleted items: a draft that names an item nobody keeps still opens.
    let drafted = admin::create(&db, &administrator(&root), CatalogList::Products, "Astra Linux Mobile", now).await.unwrap();
    seen += 1;
    let mobile_form = DraftForm {
        product_id: Some(drafted.id()),
        version_id: None,
        update_id: None,
        idempotency_key: "catalog-draft-key-000000002".into(),
        ..form.clone()
    };
    let mobile_draft = drafts::save(&db, ivan.id, &serde_json::to_string(&mobile_form).unwrap(), now).await.unwrap();
    admin::delete(&db, &administrator(&root), drafted, now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.product.deleted", Some(&format!("product:{}", drafted.id()))).await;
    let opened = drafts::open(&db, ivan.id, mobile_draft.id, ReaderClock::of("Europe/Moscow")).await.unwrap();
    assert_eq!(opened.form.product_id, Some(drafted.id()));
    let listed: Vec<i32> = drafts::list_of_user(&db, ivan.id).await.unwrap().iter().map(|d| d.id).collect();
    assert!(listed.contains(&draft.id) && listed.contains(&mobile_draft.id), "{listed:?}");
    // Sent as it is, the form is told to choose again.
    let mut from_draft = support_request(&db, drafted.id(), version.id(), None, "catalog-draft-key-000000002").await;
    from_draft.draft_id = Some(mobile_draft.id);
    expect_invalid(requests::create(&db, author, from_draft, now).await, Code::ProductInvalid);
    assert!(drafts::open(&db, ivan.id, draft.id, ReaderClock::of("Europe/Moscow")).await.is_ok());

    // A classification nothing names goes.
    let group = admin::create(&db, &administrator(&root), CatalogList::Classifications { parent_id: None }, "Консультации", now)
        .await
        .unwrap();
    let leaf = admin::create(
        &db,
        &administrator(&root),
        CatalogList::Classifications { parent_id: Some(group.id()) },
        "По телефону",
        now,
    )
    .await
    .unwrap();
    seen += 2;
    expect_invalid(admin::delete(&db, &administrator(&root), group, now).await, Code::CatalogItemHasChildren);
    admin::delete(&db, &administrator(&root), leaf, now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.deleted", Some(&format!("classification:{}", leaf.id()))).await;
    admin::delete(&db, &administrator(&root), group, now).await.unwrap();
    one_new_event(&db, &mut seen, &root, "catalog.classification.deleted", Some(&format!("classification:{}", group.id()))).await;
    assert!(!offered_classifications(&db).await.contains(&"Консультации".to_owned()));
});

on_both_databases!(only_an_active_administrator_may_change_the_catalog, |db: DatabaseConnection| async move {
    // Every catalog function takes an `Administrator`; nobody else gets one.
    let root = seeded(&db).await;
    for email in ["client@romashka.test", "admin@romashka.test", "agent@support.test", "manager@support.test"] {
        let outsider = account(&db, email).await;
        assert!(matches!(Administrator::of(&outsider), Err(ServiceError::Forbidden)), "{email}");
    }
    let mut retired = root.clone();
    retired.is_active = false;
    assert!(matches!(Administrator::of(&retired), Err(ServiceError::Forbidden)), "a deactivated administrator");
    assert_eq!(administrator(&root).actor_id(), Some(root.id));
});

on_both_databases!(two_creates_of_one_name_at_once_leave_one_item, |db: DatabaseConnection| async move {
    let root = seeded(&db).await;
    let now = Utc::now();
    let alse = product_id(&db, ALSE).await;
    let lists = [
        (CatalogList::Versions { product_id: alse }, "1.9", "1.9 "),
        (CatalogList::Products, "Astra Linux Server", "astra linux server"),
        // Top-level classifications have no parent row and a NULL parent_id.
        (CatalogList::Classifications { parent_id: None }, "Сопровождение", "СОПРОВОЖДЕНИЕ"),
    ];
    for (list, first, second) in lists {
        for round in 0..3 {
            let (first_name, second_name) = (format!("{first} {round}"), format!("{second} {round}"));
            let root = administrator(&root);
            let (a, b) = tokio::join!(
                admin::create(&db, &root, list, &first_name, now),
                admin::create(&db, &root, list, &second_name, now)
            );
            let outcomes = [a, b];
            let created = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
            assert_eq!(created, 1, "{list:?} round {round}: {outcomes:?}");
            assert!(
                outcomes.iter().any(|outcome| matches!(outcome, Err(ServiceError::Invalid(Code::CatalogNameTaken)))),
                "{outcomes:?}"
            );
        }
    }
    let tree = admin::tree(&db, &administrator(&root)).await.unwrap();
    let server_products = tree.products.iter().filter(|p| p.entry.name.to_lowercase().starts_with("astra linux server")).count();
    assert_eq!(server_products, 3);
    let versions_19 = admin_product(&tree, ALSE).versions.iter().filter(|v| v.entry.name.starts_with("1.9")).count();
    assert_eq!(versions_19, 3);
    let top_level = tree.classifications.iter().filter(|c| c.entry.name.to_lowercase().starts_with("сопровождение")).count();
    assert_eq!(top_level, 3);
    // Sort orders stay distinct: each create saw the previous one.
    let orders: Vec<i32> = product::Entity::find().all(&db).await.unwrap().iter().map(|p| p.sort_order).collect();
    let mut distinct = orders.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), orders.len(), "{orders:?}");
});
