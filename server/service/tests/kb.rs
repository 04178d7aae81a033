//! Knowledge base services and search index sync; every test body runs on SQLite and PostgreSQL.

use domain::validation::Code;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Duration, Utc};
use domain::RequestStatus;
use domain::kb::ArticleFields;
use portal_service::entity::{kb_article, product, product_version, request};
use portal_service::kb;
use portal_service::kb::search::{KbSearch, SuggestQuery};
use portal_service::local_time::ReaderClock;
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases, organizations};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// A fresh, unique index directory (removed by [`IndexDir`]'s drop).
struct IndexDir(PathBuf);

impl IndexDir {
    fn new(label: &str) -> IndexDir {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        IndexDir(std::env::temp_dir().join(format!(
            "portal_kb_test_{label}_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        )))
    }
}

impl Drop for IndexDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn product_and_version(db: &DatabaseConnection, product_name: &str, version_name: &str) -> (i32, i32) {
    let product = product::Entity::find().filter(product::Column::Name.eq(product_name)).one(db).await.unwrap().unwrap();
    let version = product_version::Entity::find()
        .filter(product_version::Column::ProductId.eq(product.id))
        .filter(product_version::Column::Name.eq(version_name))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    (product.id, version.id)
}

fn article(title: &str, body: &str) -> ArticleFields {
    ArticleFields {
        title: title.to_owned(),
        body: body.to_owned(),
        product_id: None,
        version_id: None,
        tags: vec!["тест".into()],
        is_published: true,
    }
}

fn found_ids(search: &KbSearch, text: &str) -> Vec<i32> {
    search
        .suggest(&SuggestQuery { text: text.to_owned(), limit: 10, ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|hit| hit.article_id)
        .collect()
}

on_both_databases!(article_form_is_validated, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let now = Utc::now();
    let invalid = |result: Result<i32, ServiceError>| match result {
        Err(ServiceError::Invalid(code)) => code,
        other => panic!("expected a validation error, got {other:?}"),
    };
    assert_eq!(invalid(kb::create(&db, article("   ", "Текст"), now).await), Code::KbTitleRequired);
    assert_eq!(invalid(kb::create(&db, article(&"я".repeat(201), "Текст"), now).await), Code::KbTitleTooLong);
    assert_eq!(invalid(kb::create(&db, article("Заголовок", " \n "), now).await), Code::KbBodyRequired);
    let (ald, _) = product_and_version(&db, "ALD Pro", "2.4").await;
    let (_, astra_version) = product_and_version(&db, "Astra Linux Special Edition", "1.7").await;
    let foreign_version =
        ArticleFields { product_id: Some(ald), version_id: Some(astra_version), ..article("Заголовок", "Текст") };
    assert_eq!(invalid(kb::create(&db, foreign_version, now).await), Code::KbVersionNotOfProduct);
    let version_only = ArticleFields { version_id: Some(astra_version), ..article("Заголовок", "Текст") };
    assert_eq!(invalid(kb::create(&db, version_only, now).await), Code::KbVersionWithoutProduct);
    let unknown_product = ArticleFields { product_id: Some(999_999), ..article("Заголовок", "Текст") };
    assert_eq!(invalid(kb::create(&db, unknown_product, now).await), Code::KbProductUnknown);
    let many_tags =
        ArticleFields { tags: (0..21).map(|i| format!("тег{i}")).collect(), ..article("Заголовок", "Текст") };
    assert_eq!(invalid(kb::create(&db, many_tags, now).await), Code::KbTagsTooMany);
    // Nothing half-written stayed behind.
    assert_eq!(kb_article::Entity::find().filter(kb_article::Column::Title.eq("Заголовок")).all(&db).await.unwrap().len(), 0);
    assert!(matches!(kb::update(&db, 999_999, article("Заголовок", "Текст"), now).await, Err(ServiceError::NotFound)));
});

on_both_databases!(unpublished_articles_are_hidden_from_customers, |db: DatabaseConnection| async move {
    let now = Utc::now();
    let id =
        kb::create(&db, ArticleFields { is_published: false, ..article("Черновик статьи", "Текст <script>x()</script>") }, now)
            .await
            .unwrap();
    assert!(matches!(kb::get(&db, id, false).await, Err(ServiceError::NotFound)));
    assert!(matches!(kb::record_deflection(&db, id).await, Err(ServiceError::NotFound)));
    let for_staff = kb::get(&db, id, true).await.unwrap();
    assert!(!for_staff.body_html.contains("<script"));
    kb::set_published(&db, id, true, now).await.unwrap();
    kb::record_deflection(&db, id).await.unwrap();
    assert_eq!(kb::get(&db, id, false).await.unwrap().deflections, 1);
});

on_both_databases!(staff_list_searches_with_folded_case_and_yo, |db: DatabaseConnection| async move {
    let now = Utc::now();
    kb::create(&db, article("Чёрный экран после обновления", "Перезапустите fly-dm"), now).await.unwrap();
    kb::create(&db, article("Принтер не печатает", "Очистите очередь CUPS"), now + Duration::seconds(1)).await.unwrap();
    let list = |search: &'static str, page: u64| kb::list(&db, search, page, ReaderClock::default());
    let found = list("ЧЕРНЫЙ", 1).await.unwrap();
    assert_eq!((found.total, found.rows.len()), (1, 1));
    assert_eq!(found.rows[0].title, "Чёрный экран после обновления");
    let found = list("cups", 1).await.unwrap();
    assert_eq!((found.total, found.rows[0].title.as_str()), (1, "Принтер не печатает"));
    let all = list("", 1).await.unwrap();
    assert_eq!((all.total, all.pages), (2, 1));
    assert_eq!(all.rows[0].title, "Принтер не печатает", "newest first");
    assert_eq!(list("", 2).await.unwrap().rows.len(), 0);
    assert_eq!(list("100%_", 1).await.unwrap().total, 0, "LIKE wildcards are literal");
    let too_long = "а".repeat(domain::kb::MAX_QUERY_CHARS + 1);
    assert!(matches!(kb::list(&db, &too_long, 1, ReaderClock::default()).await, Err(ServiceError::Invalid(Code::SearchTooLong))));
});

on_both_databases!(index_follows_create_edit_and_unpublish, |db: DatabaseConnection| async move {
    let dir = IndexDir::new("sync");
    let search = KbSearch::open(&dir.0, &db).await.unwrap();
    let now = Utc::now();
    let id = kb::create(&db, article("Гипервизор зависает при загрузке", "Обновите микрокод процессора"), now).await.unwrap();
    assert!(found_ids(&search, "гипервизор").is_empty(), "not visible before catch-up");
    search.catch_up(&db).await.unwrap();
    assert_eq!(found_ids(&search, "гипервизора зависают"), vec![id]);

    kb::update(&db, id, article("Планировщик задач не стартует", "Проверьте журнал cron"), now).await.unwrap();
    search.catch_up(&db).await.unwrap();
    assert!(found_ids(&search, "гипервизор").is_empty(), "the old title left the index");
    assert_eq!(found_ids(&search, "планировщик"), vec![id]);

    kb::set_published(&db, id, false, now).await.unwrap();
    search.catch_up(&db).await.unwrap();
    assert!(found_ids(&search, "планировщик").is_empty(), "unpublished articles leave the index");
    kb::set_published(&db, id, true, now).await.unwrap();
    search.catch_up(&db).await.unwrap();
    assert_eq!(found_ids(&search, "планировщик"), vec![id]);
    // A rebuilt index (a restart) holds the same.
    drop(search);
    let reopened = KbSearch::open(&dir.0, &db).await.unwrap();
    assert_eq!(found_ids(&reopened, "планировщик"), vec![id]);
    assert_eq!(reopened.indexed_documents(), 1);
});

on_both_databases!(second_instance_catches_up_through_the_database, |db: DatabaseConnection| async move {
    let (dir_a, dir_b) = (IndexDir::new("a"), IndexDir::new("b"));
    let first = KbSearch::open(&dir_a.0, &db).await.unwrap();
    let second = KbSearch::open(&dir_b.0, &db).await.unwrap();
    second.spawn_sync(db.clone());

    let id = kb::create(&db, article("Виртуальный коммутатор теряет пакеты", "Увеличьте MTU"), Utc::now()).await.unwrap();
    first.catch_up(&db).await.unwrap();
    assert_eq!(found_ids(&first, "коммутатор"), vec![id]);
    // The second instance learns about it only from the database, by its background sync.
    let mut waited = std::time::Duration::ZERO;
    while found_ids(&second, "коммутатор").is_empty() {
        assert!(waited < std::time::Duration::from_secs(30), "the second instance never caught up");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += std::time::Duration::from_millis(100);
    }
    kb::set_published(&db, id, false, Utc::now()).await.unwrap();
    second.catch_up(&db).await.unwrap();
    assert!(found_ids(&second, "коммутатор").is_empty());
});

on_both_databases!(import_is_idempotent_and_reports_bad_lines, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let demo_articles = kb_article::Entity::find().all(&db).await.unwrap().len();
    assert!(demo_articles >= 60);
    let text = r#"{"external_id": "imp-1", "title": "Первая статья", "body": "Текст", "product": "ALD Pro", "version": "2.4", "tags": ["домен"]}
this is not json
{"external_id": "imp-2", "title": "Вторая статья", "body": "Текст", "product": "Нет такого продукта"}

{"external_id": "imp-3", "title": "  ", "body": "Текст"}
{"external_id": "imp-4", "title": "Четвёртая статья", "body": "Текст", "published": false}
{"external_id": "imp-5", "title": "Пятая", "body": "Текст", "product": "ALD Pro", "version": "9.9"}
{"external_id": "imp-6", "title": "Шестая", "body": "Текст", "unknown_field": 1}
"#;
    let report = kb::import_jsonl(&db, text, Utc::now()).await.unwrap();
    assert_eq!((report.created, report.updated, report.unchanged), (2, 0, 0));
    let lines: Vec<usize> = report.errors.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![2, 3, 5, 7, 8], "{:?}", report.errors);
    assert!(report.errors[2].1.contains("kb.title.required"), "{:?}", report.errors);

    let again = kb::import_jsonl(&db, text, Utc::now()).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.errors.len()), (0, 0, 2, 5));
    let changed = text.replace("Первая статья", "Первая статья, исправленная");
    let third = kb::import_jsonl(&db, &changed, Utc::now()).await.unwrap();
    assert_eq!((third.created, third.updated, third.unchanged), (0, 1, 1));
    let imported = kb_article::Entity::find().filter(kb_article::Column::ExternalId.eq("imp-1")).all(&db).await.unwrap();
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].title, "Первая статья, исправленная");
    assert_eq!(kb_article::Entity::find().all(&db).await.unwrap().len(), demo_articles + 2);
    // The demo seed never duplicates its articles.
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    assert_eq!(kb_article::Entity::find().all(&db).await.unwrap().len(), demo_articles + 2);
});

async fn insert_request(db: &DatabaseConnection, organization_id: i32, number: i64, subject: &str, status: RequestStatus) -> i32 {
    let now = Utc::now();
    request::ActiveModel {
        number: Set(number),
        kind: Set("technical_support".into()),
        organization_id: Set(organization_id),
        subject: Set(subject.into()),
        description: Set("Подробности в приложенном журнале.".into()),
        status: Set(status.as_str().into()),
        created_at: Set(now),
        updated_at: Set(now),
        search_text: Set(subject.to_lowercase()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

on_both_databases!(similar_requests_never_cross_organizations, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let orgs = organizations::list(&db).await.unwrap();
    let romashka = orgs.iter().find(|o| o.name.contains("Ромашка")).unwrap().id;
    let vector = orgs.iter().find(|o| o.name.contains("Вектор")).unwrap().id;
    insert_request(&db, vector, 5001, "Не приходят уведомления о сообщениях в запросах", RequestStatus::Resolved).await;
    let open_one = insert_request(&db, romashka, 5002, "Уведомления не приходят на почту", RequestStatus::InProgress).await;
    let dir = IndexDir::new("similar");
    let search = KbSearch::open(&dir.0, &db).await.unwrap();

    let numbers = |org: i32| -> Vec<i64> {
        search.similar_requests(org, "не приходят уведомления", 10).unwrap().into_iter().map(|hit| hit.number).collect()
    };
    // Ромашка sees its own closed demo request, never Вектор's, never an open one.
    let romashka_hits = search.similar_requests(romashka, "не приходят уведомления", 10).unwrap();
    assert_eq!(romashka_hits.len(), 1, "{romashka_hits:?}");
    assert_eq!(romashka_hits[0].status, RequestStatus::Closed.as_str());
    assert!(romashka_hits[0].subject.iter().any(|span| span.highlighted));
    assert_eq!(numbers(vector), vec![5001]);
    let lyutikov = orgs.iter().find(|o| o.name.contains("Лютиков")).unwrap().id;
    assert!(numbers(lyutikov).is_empty());

    // Resolving the open request brings it in; reopening takes it out again.
    let resolve = |status: RequestStatus, seconds: i64| request::ActiveModel {
        id: Set(open_one),
        status: Set(status.as_str().into()),
        updated_at: Set(Utc::now() + Duration::seconds(seconds)),
        ..Default::default()
    };
    resolve(RequestStatus::Resolved, 1).update(&db).await.unwrap();
    search.catch_up(&db).await.unwrap();
    assert!(numbers(romashka).contains(&5002));
    assert!(!numbers(vector).contains(&5002));
    resolve(RequestStatus::InProgress, 2).update(&db).await.unwrap();
    search.catch_up(&db).await.unwrap();
    assert!(!numbers(romashka).contains(&5002));
});

#[tokio::test]
async fn index_directory_is_never_a_data_directory_or_another_instances() {
    let database = portal_service::testing::TestDatabase::sqlite().await;
    let dir = IndexDir::new("guard");
    std::fs::create_dir_all(&dir.0).unwrap();
    std::fs::write(dir.0.join("portal.db"), b"precious").unwrap();
    assert!(KbSearch::open(&dir.0, &database.db).await.is_err(), "a foreign directory is not wiped");
    assert!(dir.0.join("portal.db").exists());

    let shared = IndexDir::new("shared");
    let running = KbSearch::open(&shared.0, &database.db).await.unwrap();
    assert!(KbSearch::open(&shared.0, &database.db).await.is_err(), "a running instance's index is not wiped");
    drop(running);
    assert!(KbSearch::open(&shared.0, &database.db).await.is_ok(), "a stale index is rebuilt");
    database.finish().await;
}

on_both_databases!(particles_alone_do_not_make_a_match, |db: DatabaseConnection| async move {
    let dir = IndexDir::new("particles");
    let now = Utc::now();
    let layout = kb::create(&db, article("Не переключается раскладка", "Добавьте русскую раскладку"), now).await.unwrap();
    let printer = kb::create(&db, article("Принтер не печатает", "Очистите очередь печати"), now).await.unwrap();
    let search = KbSearch::open(&dir.0, &db).await.unwrap();
    assert_eq!(found_ids(&search, "не печатает"), vec![printer], "«не» alone does not make a match");
    // A query of particles only still finds the titles that hold them.
    let mut both = found_ids(&search, "не");
    both.sort();
    assert_eq!(both, vec![layout, printer]);
});

on_both_databases!(
    the_suggestion_panel_gets_articles_and_resolved_requests_of_its_organization,
    |db: DatabaseConnection| async move {
        seed_demo_if_empty(&db, Utc::now()).await.unwrap();
        let orgs = organizations::list(&db).await.unwrap();
        let romashka = orgs.iter().find(|o| o.name.contains("Ромашка")).unwrap().id;
        let vector = orgs.iter().find(|o| o.name.contains("Вектор")).unwrap().id;
        insert_request(&db, vector, 5101, "Не печатает принтер в бухгалтерии", RequestStatus::Resolved).await;
        insert_request(&db, romashka, 5102, "Принтер не печатает после обновления", RequestStatus::Resolved).await;
        let printer = kb::create(&db, article("Принтер не печатает", "Очистите очередь CUPS"), Utc::now()).await.unwrap();
        let dir = IndexDir::new("panel");
        let search = KbSearch::open(&dir.0, &db).await.unwrap();

        let found = search.suggestions(romashka, "  принтер не печатает ", None, None).unwrap();
        assert!(!found.search_failed);
        assert_eq!(found.articles.first().map(|a| a.id), Some(printer), "{found:?}");
        assert_eq!(found.requests.iter().map(|r| r.number).collect::<Vec<_>>(), vec![5102], "never another organization's");
        assert_eq!(found.requests[0].status, RequestStatus::Resolved);
        // Too short to search, and too long to be a subject.
        assert_eq!(search.suggestions(romashka, "пр", None, None).unwrap(), domain::kb::Suggestions::default());
        let too_long = "принтер ".repeat(30);
        assert!(matches!(search.suggestions(romashka, &too_long, None, None), Err(ServiceError::Invalid(Code::SearchTooLong))));
    }
);
