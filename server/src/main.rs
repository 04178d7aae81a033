//! `portal` — serves the support portal, or runs a maintenance command.
//!
//! ```text
//! portal               serve (migrates the database first; seeds demo data when PORTAL_DEMO=1)
//! portal migrate       apply database migrations and exit
//! portal seed-demo     put the demo data into an empty database and exit
//! portal admin create --email E --name N [--password-stdin]
//!                      create the first portal administrator of a new install (prints a
//!                      one-time link to choose the password, or reads it from stdin)
//! portal kb import F   import knowledge base articles from a JSON Lines file (idempotent by
//!                      external id); exits non-zero if any line failed
//! portal import F [--check] [--invite]
//!                      import organizations, people, certificates and the catalog from a CRM
//!                      export (JSON Lines or CSV; idempotent by external id); --check reports
//!                      what would happen and writes nothing; exits non-zero if any line failed
//! portal backup DIR    copy the embedded SQLite database and the attachments into DIR while the
//!                      portal may keep running (a dated subdirectory if DIR is not empty)
//! portal restore DIR [--force]
//!                      check a backup and put it into PORTAL_DATA_DIR (refused while a portal
//!                      runs there; --force replaces an existing database, kept aside)
//! ```
//!
//! Settings come from environment variables, listed with their defaults by `portal help`.

use std::process::ExitCode;

use leptos::config::get_configuration;
use portal_service::seed::{DemoSeed, SeedOutcome, seed_demo_if_empty};
use server::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().cloned().unwrap_or_else(|| "serve".to_owned());
    match run(&command, &args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portal {command}: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The commands, as `portal help` prints them.
const USAGE: &str = "usage: portal [command]

commands:
  serve                        serve the portal (the default); migrates the database first
  migrate                      apply database migrations and exit
  seed-demo                    put the demo data into an empty database and exit
  admin create --email <e-mail> --name <full name> [--password-stdin]
                               create the first portal administrator: prints a one-time link to
                               choose the password (or takes the first line of stdin)
  kb import <articles.jsonl>   import knowledge base articles (idempotent by external id)
  import <file> [--check] [--invite]
                               import organizations, people, certificates, products, versions,
                               updates and classifications from JSON Lines or CSV (idempotent by
                               external id); --check: report what would change, write nothing;
                               --invite: queue the invitation e-mails of new people (default: none)
  backup <directory>           copy the embedded database and the attachments, while serving
  restore <backup> [--force]   put a backup into PORTAL_DATA_DIR (refused while a portal runs)
  help                         this text

environment variables (empty counts as unset; a value that cannot be used stops the start):
";

async fn run(command: &str, args: &[String]) -> Result<(), String> {
    if matches!(command, "help" | "--help" | "-h") {
        print!("{USAGE}{}", server::config::variables_help());
        println!("  (Leptos reads its own LEPTOS_* variables, e.g. LEPTOS_SITE_ROOT, at start.)");
        return Ok(());
    }
    let leptos_config = get_configuration(None).map_err(|error| format!("reading the Leptos configuration: {error}"))?;
    let leptos_options = leptos_config.leptos_options;
    let config = Config::from_env(leptos_options.site_addr).map_err(|error| error.to_string())?;
    match command {
        "serve" => serve(config, leptos_options).await,
        "migrate" => {
            portal_service::db::connect_and_migrate(&config.database_url).await.map_err(|error| error.to_string())?;
            println!("Database {} is up to date.", config.database_label());
            Ok(())
        }
        "seed-demo" => {
            let db = portal_service::db::connect_and_migrate(&config.database_url).await.map_err(|error| error.to_string())?;
            seed(&db).await
        }
        "admin" => {
            let new = server::admin::parse_create(&args[1..])?;
            let mut password = String::new();
            if new.password_stdin {
                std::io::stdin().read_line(&mut password).map_err(|error| format!("reading the password: {error}"))?;
            }
            let db = portal_service::db::connect_and_migrate(&config.database_url).await.map_err(|error| error.to_string())?;
            let base_url = config.public_url.clone().unwrap_or_else(|| format!("http://{}", config.addr));
            let input = new.password_stdin.then_some(password.as_str());
            println!("{}", server::admin::create(&db, &new, input, base_url.trim_end_matches('/')).await?);
            Ok(())
        }
        "kb" => match (args.get(1).map(String::as_str), args.get(2)) {
            (Some("import"), Some(path)) => {
                let db =
                    portal_service::db::connect_and_migrate(&config.database_url).await.map_err(|error| error.to_string())?;
                server::kb_import::run(&db, std::path::Path::new(path)).await
            }
            _ => Err("usage: portal kb import <articles.jsonl>".to_owned()),
        },
        "import" => {
            let (path, options) = server::import::parse_args(&args[1..])?;
            let db = portal_service::db::connect_and_migrate(&config.database_url).await.map_err(|error| error.to_string())?;
            server::import::run(&db, &path, options).await
        }
        "backup" => match args.get(1) {
            Some(target) => backup(&config, std::path::Path::new(target)).await,
            None => Err("usage: portal backup <directory>".to_owned()),
        },
        "restore" => match (args.get(1), args.get(2).map(String::as_str), args.len()) {
            (Some(source), None, 2) => restore(&config, std::path::Path::new(source), false),
            (Some(source), Some("--force"), 3) => restore(&config, std::path::Path::new(source), true),
            _ => Err("usage: portal restore <backup directory> [--force]".to_owned()),
        },
        other => Err(format!("unknown command '{other}'; try 'portal help'")),
    }
}

async fn backup(config: &Config, target: &std::path::Path) -> Result<(), String> {
    let data = server::backup::EmbeddedData::from_config(config).map_err(|error| error.to_string())?;
    let report = server::backup::backup(&data, target).await.map_err(|error| error.to_string())?;
    println!(
        "Backup written to {}: the database and {} attachment(s), {} bytes.",
        report.directory.display(),
        report.attachments,
        report.total_bytes
    );
    if report.dropped_deleted_uploads > 0 {
        println!("{} upload(s) deleted while the backup ran were left out.", report.dropped_deleted_uploads);
    }
    Ok(())
}

fn restore(config: &Config, source: &std::path::Path, force: bool) -> Result<(), String> {
    let data = server::backup::EmbeddedData::from_config(config).map_err(|error| error.to_string())?;
    let report = server::backup::restore(source, &data, force).map_err(|error| error.to_string())?;
    println!(
        "Restored {} into {}: the database and {} attachment(s). The search index is rebuilt at the next start.",
        source.display(),
        config.data_dir.display(),
        report.attachments
    );
    for kept in &report.previous_kept_as {
        println!("The replaced data was kept as {}.", kept.display());
    }
    Ok(())
}

async fn seed(db: &portal_service::DatabaseConnection) -> Result<(), String> {
    match seed_demo_if_empty(db, chrono::Utc::now()).await.map_err(|error| error.to_string())? {
        SeedOutcome::Seeded { users } => println!("Demo data seeded: {users} accounts."),
        SeedOutcome::AlreadyPopulated => println!("The database already has data; demo data not added again."),
    }
    print_demo_accounts();
    Ok(())
}

fn print_demo_accounts() {
    if let Ok(seed) = DemoSeed::load() {
        println!("Demo accounts (password of each: {}):", seed.password);
        for account in seed.accounts() {
            println!("  {:<26} {} ({})", account.email, account.name, account.role);
        }
    }
}

async fn serve(config: Config, leptos_options: leptos::config::LeptosOptions) -> Result<(), String> {
    tracing::info!(database = %config.database_label(), data_dir = %config.data_dir.display(), "starting");
    let db = portal_service::db::connect_and_migrate(&config.database_url)
        .await
        .map_err(|error| format!("opening the database {}: {error}", config.database_label()))?;
    if config.demo {
        seed(&db).await?;
    }
    let state = server::serve::start(&config, db).await?;
    if !config.trusted_proxies.is_empty() {
        tracing::info!(proxies = ?config.trusted_proxies, "X-Forwarded-For is believed from trusted proxies");
    }
    let settings = server::RouterSettings { trusted_proxies: config.trusted_proxies.clone(), ..Default::default() };
    let app = server::build_router_with(state, leptos_options, settings);
    let listener =
        tokio::net::TcpListener::bind(config.addr).await.map_err(|error| format!("listening on {}: {error}", config.addr))?;
    println!("Support portal: http://{}", config.addr);
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|error| error.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
