//! Property tests of outside input that reaches the database or the search index: whatever is
//! typed into a search box or put into an import file, the answer is a result or a reported
//! line, never a failure of the service. The database ones run on SQLite and, when it answers,
//! PostgreSQL (which, unlike SQLite, refuses some text, e.g. NUL characters).

use std::path::PathBuf;

use chrono::Utc;
use portal_service::entity::request;
use portal_service::kb::search::{KbSearch, SuggestQuery};
use portal_service::requests::{self, ListQuery, ListScope};
use portal_service::seed::seed_demo_if_empty;
use portal_service::testing::TestDatabase;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};
use tokio::runtime::Runtime;

const CASES: u32 = 256;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Runs `check` on a fresh seeded SQLite database, then on PostgreSQL when it answers.
fn on_both_databases(check: impl Fn(&Runtime, &DatabaseConnection)) {
    let runtime = runtime();
    let databases = [Some(runtime.block_on(TestDatabase::sqlite())), runtime.block_on(TestDatabase::postgres())];
    for database in databases.into_iter().flatten() {
        runtime.block_on(seed_demo_if_empty(&database.db, Utc::now())).unwrap();
        check(&runtime, &database.db);
        runtime.block_on(database.finish());
    }
}

/// Text as people (and scripts) type it into a search box: words, versions, operators of other
/// search syntaxes, control and invisible characters, anything.
fn typed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(&[
            " ", "1.7.6", "№1004", "#", "%", "_", "\\", "'", "\"", "*", "?", "ё", "Ё", "İ", "Σ", "🙂", "\u{0}", "\u{1}",
            "\u{200B}", "\n", "\t", "AND", "OR", "NOT", "(", ")", "[", "]", "{", "}", ":", "^", "~", "+", "-", "принтер",
            "не печатает", "ALD Pro", "сертификат",
        ][..])
        .prop_map(str::to_owned),
        2 => "[a-zа-яё0-9]{1,12}",
        1 => any::<String>(),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

#[test]
fn knowledge_base_suggestions_answer_any_text() {
    let runtime = runtime();
    let database = runtime.block_on(TestDatabase::sqlite());
    runtime.block_on(seed_demo_if_empty(&database.db, Utc::now())).unwrap();
    let index_dir = IndexDir::new();
    let search = runtime.block_on(KbSearch::open(&index_dir.0, &database.db)).unwrap();
    let strategy = (typed_text(), proptest::option::of(0i32..20), proptest::option::of(-1i32..40), 0usize..40);
    runner(CASES)
        .run(&strategy, |(text, product_id, version_id, limit)| {
            let hits = search
                .suggest(&SuggestQuery { text: text.clone(), product_id, version_id, limit })
                .map_err(|error| TestCaseError::fail(format!("suggest({text:?}): {error}")))?;
            prop_assert!(hits.len() <= limit.clamp(1, 20));
            for hit in &hits {
                prop_assert!(!hit.title.is_empty(), "a hit without a title for {text:?}");
            }
            let similar = search
                .similar_requests(1, &text, limit)
                .map_err(|error| TestCaseError::fail(format!("similar_requests({text:?}): {error}")))?;
            prop_assert!(similar.len() <= limit.clamp(1, 20));
            Ok(())
        })
        .unwrap();
    runtime.block_on(database.finish());
}

/// The list filter and the stored `search_text` fold text the same way, and `%`, `_` and `\`
/// typed by a user are literal: every word of a subject finds its request.
#[test]
fn every_word_of_a_subject_finds_its_request() {
    on_both_databases(|runtime, db| {
        let target = runtime.block_on(request::Entity::find().one(db)).unwrap().unwrap();
        let strategy = (typed_text(), any::<prop::sample::Index>(), typed_text());
        runner(CASES / 2)
            .run(&strategy, |(subject, pick, other_search)| {
                runtime.block_on(async {
                    // Whatever is searched for, the answer is a page, never an error.
                    let search = |text: &str| ListQuery { search: Some(text.to_owned()), limit: 25, ..Default::default() };
                    requests::list(db, ListScope::All, &search(&other_search))
                        .await
                        .map_err(|error| TestCaseError::fail(format!("search {other_search:?}: {error}")))?;

                    // Written straight into the row (not through the form), so without the NUL
                    // PostgreSQL refuses to store; the searches above and below keep it.
                    let subject = subject.replace('\0', "");
                    let mut row = target.clone().into_active_model();
                    row.subject = Set(subject.clone());
                    row.search_text = Set(domain::request::search_text(target.number, &subject));
                    row.update(db).await.map_err(|error| TestCaseError::fail(format!("store {subject:?}: {error}")))?;
                    let words: Vec<&str> = subject.split_whitespace().collect();
                    if words.is_empty() {
                        return Ok(());
                    }
                    let word = words[pick.index(words.len())];
                    if word.trim_start_matches(['№', '#']).chars().all(|c| c.is_ascii_digit()) {
                        return Ok(()); // read as a request number
                    }
                    let page = requests::list(db, ListScope::All, &search(word))
                        .await
                        .map_err(|error| TestCaseError::fail(format!("search {word:?}: {error}")))?;
                    prop_assert!(
                        page.rows.iter().any(|row| row.id == target.id) || page.total > 25,
                        "{word:?} does not find the subject {subject:?}"
                    );
                    Ok(())
                })
            })
            .unwrap();
    });
}

/// A JSON Lines line: a real article, a damaged one, or anything at all.
fn import_line() -> impl Strategy<Value = String> {
    let article = (typed_text(), typed_text(), proptest::option::of("[a-z]{1,8}"), any::<bool>(), proptest::bool::ANY).prop_map(
        |(title, body, product, published, with_tags)| {
            let mut line = serde_json::json!({
                "external_id": if title.len() % 11 == 0 { "prop-\u{0}".to_owned() } else { format!("prop-{}", title.len() % 7) },
                "title": title,
                "body": body,
                "published": published,
            });
            if let Some(product) = product {
                line["product"] = serde_json::Value::String(product);
            }
            if with_tags {
                line["tags"] = serde_json::json!(["печать", "", ",", "x".repeat(70)]);
            }
            line.to_string()
        },
    );
    prop_oneof![
        3 => article,
        1 => any::<String>().prop_map(|s| s.replace(['\n', '\r'], " ")),
        1 => proptest::sample::select(&[
            "{}", "[]", "null", "{\"external_id\": 5}", "{\"external_id\":\"x\",\"title\":\"t\",\"body\":\"b\",\"extra\":1}",
            "{\"external_id\":\"  \",\"title\":\"t\",\"body\":\"b\"}", "   ", "\u{feff}{}",
        ][..])
        .prop_map(str::to_owned),
    ]
}

/// Every non-blank line is counted once, as created, updated, unchanged or failed; a bad line
/// never stops the import.
#[test]
fn kb_import_reports_every_line() {
    on_both_databases(|runtime, db| {
        runner(CASES / 4)
            .run(&proptest::collection::vec(import_line(), 0..6), |lines| {
                let text = lines.join("\n");
                let report = runtime
                    .block_on(portal_service::kb::import_jsonl(db, &text, Utc::now()))
                    .map_err(|error| TestCaseError::fail(format!("import of {text:?}: {error}")))?;
                let counted = report.created + report.updated + report.unchanged + report.errors.len();
                prop_assert_eq!(counted, text.lines().filter(|line| !line.trim().is_empty()).count());
                Ok(())
            })
            .unwrap();
    });
}

/// A fresh index directory, removed at the end.
struct IndexDir(PathBuf);

impl IndexDir {
    fn new() -> IndexDir {
        IndexDir(std::env::temp_dir().join(format!("portal_props_index_{}", std::process::id())))
    }
}

impl Drop for IndexDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
