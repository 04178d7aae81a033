//! Opening the database: a pooled connection, SQLite tuned for concurrent web use, and the
//! migrations applied before anything else touches the schema.

use std::time::Duration;

use portal_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr};

/// Connects to `url` (`sqlite://…?mode=rwc` or `postgres://…`) and migrates to the latest schema.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Connects without migrating (used by tools that inspect an existing database).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let is_sqlite = url.starts_with("sqlite:");
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if is_sqlite { 8 } else { 16 })
        .min_connections(1)
        // A user waits at most this long for an answer while the database is away (then a clear
        // "temporarily unavailable"); a healthy pool hands out connections in microseconds.
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    if is_sqlite {
        // WAL lets readers proceed while one writer commits; the busy timeout makes concurrent
        // writers wait for each other instead of failing with "database is locked".
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    }
    Database::connect(options).await
}

/// `select` locking the rows it finds until the transaction ends, on PostgreSQL; on SQLite the
/// write lock of [`begin_write`] already orders writers (and `FOR UPDATE` does not exist).
pub fn locked_on_postgres<S: sea_orm::QuerySelect>(select: S, conn: &impl sea_orm::ConnectionTrait) -> S {
    if conn.get_database_backend() == DbBackend::Postgres { select.lock_exclusive() } else { select }
}

/// Whether this connection talks to SQLite (a few statements differ by backend).
pub fn is_sqlite(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Sqlite
}

/// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN
/// IMMEDIATE`: a transaction that reads first and writes later cannot upgrade its snapshot once
/// another writer committed meanwhile ("database is locked", at once, whatever the busy
/// timeout), while one that holds the lock from the start makes the others wait their turn.
/// PostgreSQL ignores the mode; inside a transaction this is a savepoint.
pub async fn begin_write<C: sea_orm::TransactionTrait>(conn: &C) -> Result<C::Transaction, DbErr> {
    let options = sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    conn.begin_with_options(options).await
}
