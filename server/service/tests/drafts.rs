//! Drafts: privacy, attachments linked to a draft, creating a request from a draft, payload
//! validation — on SQLite and PostgreSQL, with a throw-away directory as the attachment store.

use domain::validation::Code;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use bytes::Bytes;
use chrono::{Duration, Utc};
use domain::RequestKind;
use domain::draft::{DraftForm, MAX_PAYLOAD_BYTES};
use futures_util::stream;
use portal_service::accounts::{self, Account};
use portal_service::attachments::{self, AttachmentStore, UNUSED_UPLOAD_LIFETIME_HOURS};
use portal_service::entity::{attachment, certificate, draft, product, product_update, product_version, request};
use portal_service::local_time::ReaderClock;
use portal_service::requests::{self, Author, NewRequest};
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, drafts, on_both_databases};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

struct TempStore {
    store: AttachmentStore,
    dir: PathBuf,
}

impl TempStore {
    fn new() -> Self {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "portal_drafts_test_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        TempStore { store: AttachmentStore::new(&dir), dir }
    }

    fn files(&self) -> Vec<PathBuf> {
        portal_service::testing::files_under(self.store.local_dir().expect("a local store"))
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().expect(email)
}

/// Ivan and his colleague Maria (same organization), and Sergey of another organization.
async fn seeded(db: &DatabaseConnection) -> (Account, Account, Account) {
    seed_demo_if_empty(db, Utc::now()).await.unwrap();
    (
        account(db, "client@romashka.test").await,
        account(db, "colleague@romashka.test").await,
        account(db, "client@vector.test").await,
    )
}

async fn upload_log(db: &DatabaseConnection, temp: &TempStore, uploader: &Account, name: &str) -> attachment::Model {
    let content = stream::iter([Ok::<_, ServiceError>(Bytes::from_static(b"kernel: eth0 link down\n"))]);
    attachments::store_upload(db, &temp.store, uploader.id, name, content, Utc::now()).await.unwrap()
}

const KEY: &str = "draft-key-0000000000000001";

fn form(key: &str) -> DraftForm {
    DraftForm {
        kind: "technical_support".into(),
        subject: "Не печатает сетевой принтер".into(),
        description: "Задания зависают в очереди CUPS.".into(),
        idempotency_key: key.into(),
        tab: "description".into(),
        revision: 1,
        ..Default::default()
    }
}

fn json(form: &DraftForm) -> String {
    serde_json::to_string(form).unwrap()
}

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>, code: Code) {
    match result {
        Err(ServiceError::Invalid(actual)) => assert_eq!(actual, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

fn expect_not_found<T: std::fmt::Debug>(result: Result<T, ServiceError>) {
    assert!(matches!(result, Err(ServiceError::NotFound)), "expected NotFound, got {result:?}");
}

/// A complete technical-support request for Ромашка (ALSE 1.7 / 1.7.6) built from the form.
async fn complete(db: &DatabaseConnection, mut form: DraftForm) -> DraftForm {
    let alse =
        product::Entity::find().filter(product::Column::Name.eq("Astra Linux Special Edition")).one(db).await.unwrap().unwrap();
    let version = product_version::Entity::find()
        .filter(product_version::Column::ProductId.eq(alse.id))
        .filter(product_version::Column::Name.eq("1.7"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let update = product_update::Entity::find()
        .filter(product_update::Column::VersionId.eq(version.id))
        .filter(product_update::Column::Name.eq("1.7.6"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let cert =
        certificate::Entity::find().filter(certificate::Column::Number.eq("ТП-2026-00117")).one(db).await.unwrap().unwrap();
    form.product_id = Some(alse.id);
    form.version_id = Some(version.id);
    form.update_id = Some(update.id);
    form.certificate_id = Some(cert.id);
    form
}

fn request_of(form: &DraftForm, draft_id: Option<i32>) -> NewRequest {
    NewRequest {
        kind: Some(RequestKind::TechnicalSupport),
        subject: form.subject.clone(),
        description: form.description.clone(),
        product_id: form.product_id,
        version_id: form.version_id,
        update_id: form.update_id,
        certificate_id: form.certificate_id,
        classification_id: None,
        idempotency_key: form.idempotency_key.clone(),
        attachment_ids: form.attachment_ids.clone(),
        draft_id,
    }
}

fn author(account: &Account) -> Author {
    Author { user_id: account.id, organization_id: account.organization_id.unwrap() }
}

fn moscow() -> ReaderClock {
    ReaderClock::of("Europe/Moscow")
}

on_both_databases!(another_user_cannot_read_change_or_delete_a_draft, |db: DatabaseConnection| async move {
    let (ivan, maria, sergey) = seeded(&db).await;
    let temp = TempStore::new();
    let saved = drafts::save(&db, ivan.id, &json(&form(KEY)), Utc::now()).await.unwrap();

    for stranger in [&maria, &sergey] {
        expect_not_found(drafts::open(&db, stranger.id, saved.id, moscow()).await);
        expect_not_found(drafts::delete(&db, &temp.store, stranger.id, saved.id).await);
        assert!(drafts::list_of_user(&db, stranger.id).await.unwrap().is_empty());
        // Saving the same form key as somebody else makes their own draft, never touches Ivan's.
        let theirs = drafts::save(&db, stranger.id, &json(&DraftForm { subject: "Чужая тема".into(), ..form(KEY) }), Utc::now())
            .await
            .unwrap();
        assert_ne!(theirs.id, saved.id);
        // Discarding by Ivan's form key removes only their own draft.
        drafts::discard(&db, &temp.store, stranger.id, KEY, &[]).await.unwrap();
        // Creating a request "from" Ivan's draft is refused.
        let attempt = request_of(&complete(&db, form("stranger-key-00000000001")).await, Some(saved.id));
        expect_invalid(requests::create(&db, author(stranger), attempt, Utc::now()).await, Code::DraftNotFound);
    }
    let still = drafts::open(&db, ivan.id, saved.id, moscow()).await.unwrap();
    assert_eq!(still.form.subject, "Не печатает сетевой принтер");
    assert_eq!(drafts::count_of_user(&db, ivan.id).await.unwrap(), 1);
    assert_eq!(
        request::Entity::find().filter(request::Column::IdempotencyKey.eq("stranger-key-00000000001")).count(&db).await.unwrap(),
        0
    );
});

on_both_databases!(saving_one_form_again_updates_its_draft_and_ignores_older_copies, |db: DatabaseConnection| async move {
    let (ivan, _, _) = seeded(&db).await;
    let first = drafts::save(&db, ivan.id, &json(&form(KEY)), Utc::now()).await.unwrap();
    let newer = DraftForm { subject: "Принтер HP не печатает".into(), revision: 5, ..form(KEY) };
    let second = drafts::save(&db, ivan.id, &json(&newer), Utc::now()).await.unwrap();
    assert_eq!(first.id, second.id);
    // A local copy taken earlier arrives late: the newer state stays.
    let late = DraftForm { subject: "Старая тема".into(), revision: 3, ..form(KEY) };
    drafts::save(&db, ivan.id, &json(&late), Utc::now()).await.unwrap();
    let opened = drafts::open(&db, ivan.id, first.id, moscow()).await.unwrap();
    assert_eq!(opened.form.subject, "Принтер HP не печатает");
    let listed = drafts::list_of_user(&db, ivan.id).await.unwrap();
    assert_eq!(listed[0].subject.as_deref(), Some("Принтер HP не печатает"));
    assert_eq!(drafts::count_of_user(&db, ivan.id).await.unwrap(), 1);
});

on_both_databases!(a_draft_keeps_and_restores_its_attachment, |db: DatabaseConnection| async move {
    let (ivan, _, sergey) = seeded(&db).await;
    let temp = TempStore::new();
    let log = upload_log(&db, &temp, &ivan, "syslog.txt").await;
    let foreign = upload_log(&db, &temp, &sergey, "чужой.txt").await;
    let with_files = DraftForm { attachment_ids: vec![log.id, foreign.id], tab: "attachments".into(), ..form(KEY) };
    let saved = drafts::save(&db, ivan.id, &json(&with_files), Utc::now()).await.unwrap();

    let opened = drafts::open(&db, ivan.id, saved.id, moscow()).await.unwrap();
    assert_eq!(opened.form.tab, "attachments");
    // Somebody else's upload is never linked.
    assert_eq!(opened.attachments.iter().map(|a| a.file_name.as_str()).collect::<Vec<_>>(), ["syslog.txt"]);
    assert_eq!(opened.form.attachment_ids, vec![log.id]);
    let row = attachment::Entity::find_by_id(log.id).one(&db).await.unwrap().unwrap();
    assert_eq!(row.draft_id, Some(saved.id));
    assert_eq!(attachment::Entity::find_by_id(foreign.id).one(&db).await.unwrap().unwrap().draft_id, None);

    // The hourly cleanup of unused uploads leaves a draft's file alone.
    let much_later = Utc::now() + Duration::hours(UNUSED_UPLOAD_LIFETIME_HOURS + 1);
    attachments::delete_stale_unattached(&db, &temp.store, much_later).await.unwrap();
    assert!(attachment::Entity::find_by_id(log.id).one(&db).await.unwrap().is_some());
    assert!(attachment::Entity::find_by_id(foreign.id).one(&db).await.unwrap().is_none());
    assert_eq!(temp.files().len(), 1);

    // Deleting the draft deletes its upload, row and file.
    drafts::delete(&db, &temp.store, ivan.id, saved.id).await.unwrap();
    assert!(attachment::Entity::find_by_id(log.id).one(&db).await.unwrap().is_none());
    assert!(temp.files().is_empty());
    expect_not_found(drafts::open(&db, ivan.id, saved.id, moscow()).await);
});

on_both_databases!(creating_from_a_draft_removes_it_and_moves_the_attachment, |db: DatabaseConnection| async move {
    let (ivan, _, _) = seeded(&db).await;
    let temp = TempStore::new();
    let log = upload_log(&db, &temp, &ivan, "cups.log").await;
    let filled = DraftForm { attachment_ids: vec![log.id], ..complete(&db, form(KEY)).await };
    let saved = drafts::save(&db, ivan.id, &json(&filled), Utc::now()).await.unwrap();

    let created = requests::create(&db, author(&ivan), request_of(&filled, Some(saved.id)), Utc::now()).await.unwrap();
    assert!(!created.replayed);
    assert_eq!(draft::Entity::find().count(&db).await.unwrap(), 0);
    let moved = attachment::Entity::find_by_id(log.id).one(&db).await.unwrap().unwrap();
    assert_eq!((moved.request_id, moved.draft_id), (Some(created.id), None));

    // A retry of the same submission (its answer was lost) returns the same request.
    let again = requests::create(&db, author(&ivan), request_of(&filled, Some(saved.id)), Utc::now()).await.unwrap();
    assert_eq!((again.id, again.replayed), (created.id, true));
    assert_eq!(request::Entity::find().filter(request::Column::IdempotencyKey.eq(KEY)).count(&db).await.unwrap(), 1);
    // A late autosave of the sent form does not bring the draft back.
    expect_invalid(drafts::save(&db, ivan.id, &json(&filled), Utc::now()).await, Code::DraftAlreadySent);
    assert_eq!(drafts::count_of_user(&db, ivan.id).await.unwrap(), 0);
});

on_both_databases!(a_failed_creation_keeps_the_draft, |db: DatabaseConnection| async move {
    let (ivan, _, _) = seeded(&db).await;
    let filled = complete(&db, form(KEY)).await;
    let saved = drafts::save(&db, ivan.id, &json(&filled), Utc::now()).await.unwrap();
    // The request is refused (no description): the transaction rolls back, the draft stays.
    let refused = NewRequest { description: "  ".into(), ..request_of(&filled, Some(saved.id)) };
    expect_invalid(requests::create(&db, author(&ivan), refused, Utc::now()).await, Code::DescriptionRequired);
    assert_eq!(drafts::count_of_user(&db, ivan.id).await.unwrap(), 1);
    // Without the id the draft of the form is still found by the form key.
    requests::create(&db, author(&ivan), request_of(&filled, None), Utc::now()).await.unwrap();
    assert_eq!(drafts::count_of_user(&db, ivan.id).await.unwrap(), 0);
});

on_both_databases!(discarding_leaves_nothing_behind, |db: DatabaseConnection| async move {
    let (ivan, _, _) = seeded(&db).await;
    let temp = TempStore::new();
    let linked = upload_log(&db, &temp, &ivan, "linked.txt").await;
    drafts::save(&db, ivan.id, &json(&DraftForm { attachment_ids: vec![linked.id], ..form(KEY) }), Utc::now()).await.unwrap();
    // Uploaded after the last autosave: not linked yet.
    let loose = upload_log(&db, &temp, &ivan, "loose.txt").await;
    drafts::discard(&db, &temp.store, ivan.id, KEY, &[linked.id, loose.id]).await.unwrap();
    assert_eq!(drafts::count_of_user(&db, ivan.id).await.unwrap(), 0);
    assert_eq!(attachment::Entity::find().count(&db).await.unwrap(), 0);
    assert!(temp.files().is_empty());
    // Nothing saved yet is fine too.
    drafts::discard(&db, &temp.store, ivan.id, "never-saved-key-000001", &[]).await.unwrap();
});

on_both_databases!(draft_payloads_are_validated, |db: DatabaseConnection| async move {
    let (ivan, _, _) = seeded(&db).await;
    let save = |payload: String| {
        let db = db.clone();
        async move { drafts::save(&db, ivan.id, &payload, Utc::now()).await }
    };
    expect_invalid(save("not json".into()).await, Code::DraftMalformed);
    expect_invalid(save(r#"{"subject":"Без типа"}"#.into()).await, Code::DraftMalformed);
    expect_invalid(save(json(&DraftForm { kind: "refund".into(), ..form(KEY) })).await, Code::DraftKindInvalid);
    expect_invalid(save(json(&DraftForm { subject: "я".repeat(201), ..form(KEY) })).await, Code::SubjectTooLong);
    expect_invalid(save(json(&DraftForm { description: "ж".repeat(20_001), ..form(KEY) })).await, Code::DescriptionTooLong);
    expect_invalid(save(json(&DraftForm { idempotency_key: "short".into(), ..form(KEY) })).await, Code::DraftKeyInvalid);
    expect_invalid(save(json(&DraftForm { tab: "admin".into(), ..form(KEY) })).await, Code::DraftMalformed);
    let padded = format!("{}{}", json(&form(KEY)), " ".repeat(MAX_PAYLOAD_BYTES));
    expect_invalid(save(padded).await, Code::DraftTooLarge);
    assert_eq!(drafts::count_of_user(&db, ivan.id).await.unwrap(), 0);
    // An incomplete form is a fine draft: only the type is needed.
    let minimal = DraftForm { kind: "commercial".into(), idempotency_key: KEY.into(), ..Default::default() };
    let saved = save(json(&minimal)).await.unwrap();
    assert_eq!(saved.subject, None);
});
