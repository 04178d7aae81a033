//! `make bench`: request creation throughput and list latency on SQLite and PostgreSQL;
//! `make bench-kb`: knowledge base index build, memory and suggestion latency (see `kb.rs`).
//! `make bench-chat`: live chat delivery (see `bench/chat.rs`).
//! `make bench-load`: virtual users over loopback, per-action latency and lost messages (see `bench/load.rs`).
//! `make bench-import`: `portal import` of a 80 000-record CRM export, first and second run (see `bench/import.rs`).
//!
//! ```text
//! portal-bench [--database sqlite|postgres|both] [--requests 1000000] [--creates 2000]
//! portal-bench --mode kb [--database sqlite|postgres|both] [--articles 100000] [--queries 2000] [--edits 200]
//! portal-bench --mode chat [--database …] [--subscribers 1000] [--rooms 100] [--messages 2000]
//! portal-bench --mode load [--database …] [--users 200] [--seconds 60]
//! portal-bench --mode pages [--database …] [--concurrency 16,64] [--loads 20000] [--rounds 2] [--busy <cores>]
//! portal-bench --mode import [--database …] [--organizations 10000] [--people 50000] [--certificates 20000]
//! (every mode) --json <dir>: also write the figures to <dir>/<mode>-<database>.json
//! ```
//! Each run uses a fresh database (a temporary SQLite file; the PostgreSQL database
//! `portal_bench` on PORTAL_TEST_PG_URL's server, dropped and recreated), fills it with the
//! demo data plus `--requests` generated requests, then measures. Figures go to stdout.

use std::time::{Duration, Instant};

#[path = "portal-bench/kb.rs"]
mod kb;

use chrono::Utc;
use domain::{RequestKind, RequestStatus};
use portal_service::accounts;
use portal_service::entity::{certificate, product, product_version, request};
use portal_service::requests::{self, Author, ListQuery, ListScope, NewRequest, PAGE_SIZE, SortBy};
use portal_service::seed::seed_demo_if_empty;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};

#[path = "bench/busy.rs"]
mod busy;
#[path = "bench/chat.rs"]
mod chat;
#[path = "bench/http_client.rs"]
mod http_client;
#[path = "bench/import.rs"]
mod import;
#[path = "bench/load.rs"]
mod load;
#[path = "bench/pages.rs"]
mod pages;
#[path = "bench/portal_process.rs"]
mod portal_process;
#[path = "bench/results.rs"]
mod results;

const SUBJECTS: [&str; 12] = [
    "Не загружается графическая оболочка после обновления",
    "Ошибка ввода рабочей станции в домен",
    "Не печатает сетевой принтер",
    "Медленно работает файловый сервер Samba",
    "Не монтируется сетевая папка при входе",
    "Резервное копирование завершается с ошибкой",
    "Не запускается виртуальный рабочий стол",
    "Продление лицензий на следующий год",
    "Ошибка обновления пакетов из репозитория",
    "Не работает вход по смарт-карте",
    "Сбой синхронизации времени с контроллером домена",
    "Зависает установка обновления безопасности",
];

struct Options {
    /// `lists` (default): list latency and creation throughput; `kb`: knowledge base search;
    /// `chat`: live chat delivery; `load`: virtual users; `serve`: the portal process the chat
    /// and load modes start.
    mode: String,
    databases: Vec<&'static str>,
    requests: u64,
    creates: u64,
    articles: u64,
    queries: usize,
    /// `kb`: publish/unpublish changes made searchable one by one.
    edits: usize,
    chat: chat::ChatOptions,
    load: load::LoadOptions,
    pages: pages::PagesOptions,
    import: import::ImportBenchOptions,
    /// For `serve`: the database the parent prepared.
    database_url: Option<String>,
    /// For `serve`: `--guard off` serves pages unbounded, as Leptos does (comparison only).
    unguarded: bool,
    /// `--json <dir>`: also write each run's figures there for `make bench`'s report.
    json_dir: Option<std::path::PathBuf>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        mode: "lists".to_owned(),
        databases: vec!["sqlite", "postgres"],
        requests: 1_000_000,
        creates: 2_000,
        articles: 100_000,
        queries: 2_000,
        edits: 200,
        chat: chat::ChatOptions { subscribers: 1_000, rooms: 100, messages: 2_000 },
        load: load::LoadOptions { users: 200, seconds: 60 },
        pages: pages::PagesOptions {
            concurrency: vec![16, 64],
            loads: 20_000,
            rounds: 2,
            busy_threads: std::thread::available_parallelism().map(usize::from).unwrap_or(2),
        },
        import: import::ImportBenchOptions { organizations: 10_000, people: 50_000, certificates: 20_000 },
        database_url: None,
        unguarded: false,
        json_dir: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--database" => {
                options.databases = match value.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    "both" => vec!["sqlite", "postgres"],
                    other => return Err(format!("unknown database {other}")),
                }
            }
            "--requests" => options.requests = value.parse().map_err(|_| "--requests takes a number")?,
            "--creates" => options.creates = value.parse().map_err(|_| "--creates takes a number")?,
            "--mode" => match value.as_str() {
                "lists" | "kb" | "chat" | "load" | "pages" | "import" | "serve" => options.mode = value,
                other => return Err(format!("unknown mode {other}; use lists, kb, chat, load, pages or import")),
            },
            "--articles" => options.articles = value.parse().map_err(|_| "--articles takes a number")?,
            "--queries" => options.queries = value.parse().map_err(|_| "--queries takes a number")?,
            "--edits" => {
                options.edits = value.parse().ok().filter(|edits| *edits > 0).ok_or("--edits takes a positive number")?
            }
            "--subscribers" => options.chat.subscribers = value.parse().map_err(|_| "--subscribers takes a number")?,
            "--rooms" => {
                options.chat.rooms = value.parse().ok().filter(|rooms| *rooms > 0).ok_or("--rooms takes a positive number")?
            }
            "--messages" => options.chat.messages = value.parse().map_err(|_| "--messages takes a number")?,
            "--users" => {
                options.load.users = value.parse().ok().filter(|users| *users > 0).ok_or("--users takes a positive number")?
            }
            "--seconds" => {
                options.load.seconds =
                    value.parse().ok().filter(|seconds| *seconds > 0).ok_or("--seconds takes a positive number")?
            }
            "--concurrency" => {
                options.pages.concurrency = value
                    .split(',')
                    .map(|count| count.trim().parse().ok().filter(|clients: &usize| *clients > 0))
                    .collect::<Option<Vec<_>>>()
                    .ok_or("--concurrency takes positive numbers, comma-separated")?
            }
            "--loads" => options.pages.loads = value.parse().map_err(|_| "--loads takes a number")?,
            "--rounds" => {
                options.pages.rounds =
                    value.parse().ok().filter(|rounds| *rounds > 0).ok_or("--rounds takes a positive number")?
            }
            "--organizations" => {
                options.import.organizations =
                    value.parse().ok().filter(|count| *count > 0).ok_or("--organizations takes a positive number")?
            }
            "--people" => options.import.people = value.parse().map_err(|_| "--people takes a number")?,
            "--certificates" => options.import.certificates = value.parse().map_err(|_| "--certificates takes a number")?,
            "--busy" => options.pages.busy_threads = value.parse().map_err(|_| "--busy takes a number")?,
            "--database-url" => options.database_url = Some(value),
            "--guard" => {
                options.unguarded = match value.as_str() {
                    "off" => true,
                    "on" => false,
                    other => return Err(format!("unknown --guard {other}; use on or off")),
                }
            }
            "--json" => options.json_dir = Some(value.into()),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let options = parse_options()?;
    if options.mode == "serve" {
        let url = options.database_url.as_deref().ok_or("serve needs --database-url")?;
        return portal_process::serve(url, options.unguarded).await;
    }
    for database in &options.databases {
        let (db, url, cleanup) = open(database).await?;
        if options.mode == "kb" {
            println!("\n== {database}: knowledge base, {} generated articles", options.articles);
            seed_demo_if_empty(&db, Utc::now()).await.map_err(|error| error.to_string())?;
            kb::run(&db, &url, options.articles, options.queries, options.edits).await.map_err(|error| error.to_string())?;
        } else if options.mode == "chat" {
            println!(
                "\n== {database}: chat, {} subscribers on {} requests, {} messages",
                options.chat.subscribers, options.chat.rooms, options.chat.messages
            );
            chat::run(&db, &url, &options.chat).await.map_err(|error| error.to_string())?;
        } else if options.mode == "load" {
            println!("\n== {database}: load, {} virtual users for {} s", options.load.users, options.load.seconds);
            load::run(&db, &url, database, &options.load).await.map_err(|error| error.to_string())?;
        } else if options.mode == "pages" {
            println!("\n== {database}: pages, {} loads by {:?} clients", options.pages.loads, options.pages.concurrency);
            seed_demo_if_empty(&db, Utc::now()).await.map_err(|error| error.to_string())?;
            pages::run(&url, database, &options.pages).await.map_err(|error| error.to_string())?;
        } else if options.mode == "import" {
            println!(
                "\n== {database}: import of {} organizations, {} people, {} certificates",
                options.import.organizations, options.import.people, options.import.certificates
            );
            import::run(&db, options.import).await?;
        } else {
            println!("\n== {database}: {} generated requests", options.requests);
            run(&db, &options).await.map_err(|error| error.to_string())?;
        }
        results::flush(options.json_dir.as_deref(), &options.mode, database)?;
        db.close().await.ok();
        cleanup();
    }
    Ok(())
}

async fn open(database: &str) -> Result<(DatabaseConnection, String, Box<dyn FnOnce()>), String> {
    match database {
        "sqlite" => {
            let path = std::env::temp_dir().join(format!("portal-bench-{}.db", std::process::id()));
            let url = format!("sqlite://{}?mode=rwc", path.display());
            let db = portal_service::db::connect_and_migrate(&url).await.map_err(|e| e.to_string())?;
            let cleanup = move || {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            };
            Ok((db, url, Box::new(cleanup)))
        }
        _ => {
            let admin_url =
                std::env::var("PORTAL_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
            let admin = sea_orm::Database::connect(&admin_url).await.map_err(|e| e.to_string())?;
            admin.execute_unprepared("DROP DATABASE IF EXISTS portal_bench WITH (FORCE)").await.map_err(|e| e.to_string())?;
            admin.execute_unprepared("CREATE DATABASE portal_bench").await.map_err(|e| e.to_string())?;
            let url = format!("{}/portal_bench", admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(server, _)| server));
            let db = portal_service::db::connect_and_migrate(&url).await.map_err(|e| e.to_string())?;
            Ok((db, url, Box::new(|| {})))
        }
    }
}

async fn run(db: &DatabaseConnection, options: &Options) -> Result<(), Box<dyn std::error::Error>> {
    let now = Utc::now();
    seed_demo_if_empty(db, now).await?;
    let ivan = accounts::find_by_email(db, "client@romashka.test").await?.ok_or("demo data missing")?;
    let romashka = ivan.organization_id.ok_or("Иван has no organization")?;

    let started = Instant::now();
    generate(db, options.requests, romashka, ivan.id).await?;
    println!("generated {} requests in {:.1} s", options.requests, started.elapsed().as_secs_f64());
    results::record("requests in the database", options.requests as f64, "", None);

    // List pages: first page, a deep page (keyset), a filtered and a searched page.
    let scope = ListScope::Organization { organization_id: romashka };
    let first = ListQuery { limit: PAGE_SIZE, ..Default::default() };
    let mut deep = first.clone();
    for _ in 0..40 {
        deep.after = requests::list(db, scope, &deep).await?.next;
    }
    let cases = [
        ("first page (updated desc)", first.clone()),
        ("page 41 via keyset cursor", deep),
        ("status = resolved", ListQuery { status: Some(RequestStatus::Resolved), ..first.clone() }),
        ("sort by created", ListQuery { sort: SortBy::Created, ..first.clone() }),
        ("search «принтер»", ListQuery { search: Some("принтер".into()), ..first.clone() }),
        ("search by number", ListQuery { search: Some("500000".into()), ..first.clone() }),
    ];
    for (label, query) in cases {
        let mut samples = Vec::new();
        for _ in 0..30 {
            let started = Instant::now();
            requests::list(db, scope, &query).await?;
            samples.push(started.elapsed());
        }
        let (p50, p95) = (percentile(&mut samples, 50), percentile(&mut samples, 95));
        println!("list {label:<28} p50 {p50:>8.2} ms  p95 {p95:>8.2} ms");
        results::record(format!("list {label}, p50"), p50, "ms", None);
        results::record(format!("list {label}, p95"), p95, "ms", None);
    }

    // Creation throughput through the real service (validation, numbering, transaction).
    let template = support_request(db).await?;
    let author = Author { user_id: ivan.id, organization_id: romashka };
    for concurrency in [1u64, 8] {
        let per_task = options.creates / concurrency;
        let started = Instant::now();
        let mut tasks = Vec::new();
        for task in 0..concurrency {
            let (db, template) = (db.clone(), template.clone());
            tasks.push(tokio::spawn(async move {
                for n in 0..per_task {
                    let input = NewRequest { idempotency_key: format!("bench-{concurrency}-{task}-{n:010}"), ..template.clone() };
                    requests::create(&db, author, input, Utc::now()).await.map_err(|e| e.to_string())?;
                }
                Ok::<(), String>(())
            }));
        }
        for task in tasks {
            task.await??;
        }
        let elapsed = started.elapsed().as_secs_f64();
        let created = (per_task * concurrency) as f64;
        results::record(format!("create, {concurrency} concurrent clients"), created / elapsed, "requests/s", None);
        println!(
            "create: {} requests, {concurrency} concurrent clients: {:.0} requests/s",
            per_task * concurrency,
            (per_task * concurrency) as f64 / elapsed
        );
    }
    Ok(())
}

fn percentile(samples: &mut [Duration], pct: usize) -> f64 {
    samples.sort();
    let index = ((samples.len() * pct).div_ceil(100)).saturating_sub(1).min(samples.len() - 1);
    samples[index].as_secs_f64() * 1000.0
}

async fn support_request(db: &DatabaseConnection) -> Result<NewRequest, Box<dyn std::error::Error>> {
    let alse = product::Entity::find()
        .filter(product::Column::Name.eq("Astra Linux Special Edition"))
        .one(db)
        .await?
        .ok_or("no ALSE")?;
    let version = product_version::Entity::find()
        .filter(product_version::Column::ProductId.eq(alse.id))
        .filter(product_version::Column::Name.eq("1.8"))
        .one(db)
        .await?
        .ok_or("no 1.8")?;
    let update = portal_service::catalog::updates_of_version(db, version.id).await?;
    let certificate = certificate::Entity::find()
        .filter(certificate::Column::Number.eq("ТП-2026-00117"))
        .one(db)
        .await?
        .ok_or("no certificate")?;
    Ok(NewRequest {
        kind: Some(RequestKind::TechnicalSupport),
        subject: "Нагрузочный тест: не печатает принтер".into(),
        description: "Создано бенчмарком.".into(),
        product_id: Some(alse.id),
        version_id: Some(version.id),
        update_id: update.first().copied(),
        certificate_id: Some(certificate.id),
        ..Default::default()
    })
}

/// Inserts `count` requests in batches, numbered after the demo ones, spread over two years.
async fn generate(db: &DatabaseConnection, count: u64, organization_id: i32, author_id: i32) -> Result<(), sea_orm::DbErr> {
    use portal_service::entity::counter;
    use sea_orm::sea_query::Expr;
    let start_number = 100_000i64;
    let now = Utc::now();
    let statuses = RequestStatus::ALL;
    let batch_size = 500u64;
    let mut inserted = 0u64;
    while inserted < count {
        let batch = batch_size.min(count - inserted);
        let rows = (0..batch).map(|i| {
            let n = inserted + i;
            let number = start_number + n as i64;
            let subject = format!("{} (№{})", SUBJECTS[(n % SUBJECTS.len() as u64) as usize], n);
            let created = now - chrono::Duration::seconds(((count - n) * 60) as i64);
            request::ActiveModel {
                number: Set(number),
                kind: Set(RequestKind::TechnicalSupport.as_str().to_owned()),
                organization_id: Set(organization_id),
                author_id: Set(Some(author_id)),
                search_text: Set(domain::request::search_text(number, &subject)),
                subject: Set(subject),
                description: Set("Сгенерировано для измерений.".to_owned()),
                status: Set(statuses[(n % statuses.len() as u64) as usize].as_str().to_owned()),
                created_at: Set(created),
                updated_at: Set(created + chrono::Duration::minutes((n % 90) as i64)),
                ..Default::default()
            }
        });
        let txn = db.begin().await?;
        request::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        txn.commit().await?;
        inserted += batch;
    }
    counter::Entity::update_many()
        .col_expr(counter::Column::Value, Expr::value(start_number + count as i64))
        .filter(counter::Column::Name.eq("request_number"))
        .exec(db)
        .await?;
    Ok(())
}
