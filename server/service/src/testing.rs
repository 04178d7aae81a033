//! Throw-away databases for tests: a fresh SQLite file, or a fresh PostgreSQL database created
//! on the server named by `PORTAL_TEST_PG_URL` (default: the local `test` database).
//!
//! PostgreSQL tests run when the server is reachable. With `PORTAL_REQUIRE_PG=1` (set by
//! `make test` whenever PostgreSQL answers, and always by CI) an unreachable server fails them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::db::connect_and_migrate;

const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
const NAME_PREFIX: &str = "portal_test_";

static SEQUENCE: AtomicU32 = AtomicU32::new(0);

fn unique_suffix() -> String {
    let epoch = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    format!("{epoch}_{}_{}", std::process::id(), SEQUENCE.fetch_add(1, Ordering::Relaxed))
}

enum Cleanup {
    SqliteFile(PathBuf),
    Postgres { admin_url: String, name: String },
}

/// A migrated, empty database that is removed by [`TestDatabase::finish`].
pub struct TestDatabase {
    pub db: DatabaseConnection,
    /// URL of this database, for starting a whole app on it.
    pub url: String,
    cleanup: Cleanup,
}

impl TestDatabase {
    pub async fn sqlite() -> TestDatabase {
        let path = std::env::temp_dir().join(format!("{NAME_PREFIX}{}.db", unique_suffix()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = connect_and_migrate(&url).await.expect("migrate a fresh SQLite database");
        TestDatabase { db, url, cleanup: Cleanup::SqliteFile(path) }
    }

    /// A fresh PostgreSQL database, or `None` when PostgreSQL is unreachable and not required.
    pub async fn postgres() -> Option<TestDatabase> {
        let admin_url = std::env::var("PORTAL_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_owned());
        let required = std::env::var("PORTAL_REQUIRE_PG").is_ok_and(|value| value == "1");
        let admin = match Database::connect(&admin_url).await {
            Ok(admin) => admin,
            Err(error) if !required => {
                eprintln!("PostgreSQL at {admin_url} is unreachable ({error}); PostgreSQL variant not run");
                return None;
            }
            Err(error) => panic!("PostgreSQL is required (PORTAL_REQUIRE_PG=1) but unreachable: {error}"),
        };
        sweep_stale_databases(&admin).await;
        let name = format!("{NAME_PREFIX}{}", unique_suffix());
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create a test database");
        admin.close().await.ok();
        let url = replace_database_name(&admin_url, &name);
        let db = connect_and_migrate(&url).await.expect("migrate a fresh PostgreSQL database");
        Some(TestDatabase { db, url, cleanup: Cleanup::Postgres { admin_url, name } })
    }

    /// Closes the connections and removes the database.
    pub async fn finish(self) {
        self.db.close().await.ok();
        match self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                    admin.close().await.ok();
                }
            }
        }
    }
}

fn replace_database_name(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(base, query)| (base, Some(query)));
    let base = base.rsplit_once('/').map_or(base, |(server, _)| server);
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// Drops test databases left behind by runs that crashed more than an hour ago.
async fn sweep_stale_databases(admin: &DatabaseConnection) {
    let Ok(rows) = admin
        .query_all_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT datname FROM pg_database WHERE datname LIKE '{NAME_PREFIX}%'"),
        ))
        .await
    else {
        return;
    };
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else { continue };
        let created = name.trim_start_matches(NAME_PREFIX).split('_').next().and_then(|s| s.parse::<u64>().ok());
        if created.is_some_and(|created| now.saturating_sub(created) > 3600) {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
    }
}

/// A new empty directory under the system's temporary one (an outbox of `.eml` files, say).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("portal_{name}_{}", unique_suffix()));
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

/// The text of a raw e-mail (an `.eml` file, an SMTP DATA) with its base64 and quoted-printable
/// parts decoded, so a test can read what the recipient would.
pub fn readable_email(data: &str) -> String {
    use base64::Engine;
    let mut out: Vec<u8> = Vec::new();
    let mut base64_text = String::new();
    let mut in_base64 = false;
    for line in data.lines() {
        if line.eq_ignore_ascii_case("Content-Transfer-Encoding: base64") {
            in_base64 = true;
            base64_text.clear();
            continue;
        }
        if in_base64 {
            if line.starts_with("--") {
                out.extend(base64::engine::general_purpose::STANDARD.decode(&base64_text).unwrap_or_default());
                out.push(b'\n');
                in_base64 = false;
            } else {
                base64_text.push_str(line.trim());
            }
            continue;
        }
        let (body, soft) = match line.strip_suffix('=') {
            Some(body) => (body, true),
            None => (line, false),
        };
        let raw = body.as_bytes();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'='
                && i + 2 < raw.len()
                && let Some(value) = std::str::from_utf8(&raw[i + 1..i + 3]).ok().and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                out.push(value);
                i += 3;
                continue;
            }
            out.push(raw[i]);
            i += 1;
        }
        if !soft {
            out.push(b'\n');
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every file below `dir`, recursively (for tests that check nothing is left on disk).
pub fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    crate::attachments::files_under(dir)
}

/// Runs an async test body against SQLite and, when available, PostgreSQL:
/// `on_both_databases!(name, |db| async move { … })` defines `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let database = $crate::testing::TestDatabase::sqlite().await;
                ($body)(database.db.clone()).await;
                database.finish().await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(database) = $crate::testing::TestDatabase::postgres().await {
                    ($body)(database.db.clone()).await;
                    database.finish().await;
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced_in_urls() {
        assert_eq!(
            super::replace_database_name("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(super::replace_database_name("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    }
}
