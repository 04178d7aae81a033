//! The request PDF: generated from what the account may see, with searchable Cyrillic text
//! (the embedded font carries a ToUnicode map). Text is extracted with poppler's `pdftotext`
//! (`scripts/setup.sh test` installs poppler-utils).

use chrono::Utc;
use domain::chat::NewMessage;
use domain::lifecycle::ReopenWindow;
use portal_service::accounts::{self, Account};
use portal_service::live::LiveHub;
use portal_service::seed::seed_demo_if_empty;
use portal_service::{ServiceError, on_both_databases, requests::chat, requests::pdf};
use sea_orm::DatabaseConnection;

/// Demo request 1001: Ивана, «в работе», «Не загружается графическая оболочка…».
const IN_PROGRESS: i64 = 1001;

async fn account(db: &DatabaseConnection, email: &str) -> Account {
    accounts::find_by_email(db, email).await.unwrap().unwrap()
}

fn client_id(n: u32) -> String {
    format!("6a1e2b3c-4d5e-4f60-8a7b-{n:012}")
}

/// The text poppler reads from the PDF, with line breaks and runs of spaces collapsed.
fn extracted_text(bytes: &[u8], name: &str) -> String {
    // One file per call: the SQLite and PostgreSQL variants run at the same time.
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("portal-pdf-test-{}-{call}-{name}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (scripts/setup.sh test)");
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

on_both_databases!(the_pdf_holds_the_request_and_its_whole_chat, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let hub = LiveHub::new();
    let ivan = account(&db, "client@romashka.test").await;
    chat::post_message(
        &db,
        &hub,
        &ivan,
        &NewMessage::new(IN_PROGRESS, "Приложил журнал загрузки, ошибка повторяется", client_id(1), &[]),
        Utc::now(),
        ReopenWindow::default(),
    )
    .await
    .unwrap();
    // A long chat: the layout breaks pages and every message is still there.
    for n in 2..=100 {
        chat::post_message(
            &db,
            &hub,
            &ivan,
            &NewMessage::new(IN_PROGRESS, format!("Уточнение номер {n}: перезагрузка не помогла"), client_id(n), &[]),
            Utc::now(),
            ReopenWindow::default(),
        )
        .await
        .unwrap();
    }

    let started = std::time::Instant::now();
    let document = pdf::request_pdf(&db, &ivan, IN_PROGRESS).await.unwrap();
    eprintln!("PDF of request {IN_PROGRESS} with ~100 messages: {} bytes in {:?}", document.bytes.len(), started.elapsed());
    assert!(document.bytes.starts_with(b"%PDF-"));
    let text = extracted_text(&document.bytes, "1001");
    assert!(text.contains("Запрос № 1001"), "{text}");
    assert!(text.contains("Не загружается графическая оболочка после обновления до 1.7.6"), "{text}");
    assert!(text.contains("Приложил журнал загрузки, ошибка повторяется"), "{text}");
    assert!(text.contains("Уточнение номер 100: перезагрузка не помогла"), "{text}");
    assert!(text.contains("Статус: В работе"), "{text}");
    assert!(text.contains("Стр. 2"), "a hundred messages take more than one page: {text}");
    assert_eq!(pdf::file_name(IN_PROGRESS, domain::Locale::Ru), "Запрос-1001.pdf");
});

on_both_databases!(another_organization_gets_no_pdf, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let sergey = account(&db, "client@vector.test").await;
    let result = pdf::request_pdf(&db, &sergey, IN_PROGRESS).await;
    assert!(matches!(result, Err(ServiceError::NotFound)), "expected NotFound, got {:?}", result.err());
    let missing = pdf::request_pdf(&db, &account(&db, "client@romashka.test").await, 99_999).await;
    assert!(matches!(missing, Err(ServiceError::NotFound)), "expected NotFound, got {:?}", missing.err());
});

on_both_databases!(the_pdf_follows_the_readers_language, |db: DatabaseConnection| async move {
    seed_demo_if_empty(&db, Utc::now()).await.unwrap();
    let ivan = account(&db, "client@romashka.test").await;
    let english = Account { locale: domain::Locale::En, ..ivan };
    let document = pdf::request_pdf(&db, &english, IN_PROGRESS).await.unwrap();
    assert_eq!(document.file_name, "Request-1001.pdf");
    let text = extracted_text(&document.bytes, "1001-en");
    for expected in ["Request No. 1001", "Status: In progress", "Participants", "Chat", "Page 1"] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(!text.contains("Статус"), "{text}");
});
