//! The one error type of the service layer. Its `Display` is for logs; user-facing text is
//! chosen by the UI from the variant, so database details never reach a browser.

use domain::validation::Code;
use sea_orm::{DbErr, RuntimeErr};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Input that fails a business rule; the code names the rule (e.g. `email.invalid`).
    #[error("invalid input: {0}")]
    Invalid(Code),
    /// An upload exceeds a size limit (answered with HTTP 413).
    #[error("too large")]
    TooLarge,
    #[error("too many attempts, retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("database error: {0}")]
    Db(DbErr),
    /// The database or the attachment bucket cannot be reached right now (down, restarting,
    /// refusing connections, every connection busy); the text says which. Answered with HTTP
    /// 503: the same action works again once it is back, without restarting the portal.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The attachment store has no room left (disk full, quota). Answered with HTTP 507.
    #[error("no space left for attachments: {0}")]
    StorageFull(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// A unique index refused the write: the rule `code` names. Two writers at once pass any
    /// check made before the insert; the index is what refuses the second, so its refusal is
    /// worded like the check's.
    pub(crate) fn unique_as(self, code: Code) -> ServiceError {
        match &self {
            ServiceError::Db(error) if matches!(error.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                ServiceError::Invalid(code)
            }
            _ => self,
        }
    }
}

/// A transaction's outcome: a failure inside it is already ours; one of the connection is mapped.
impl From<sea_orm::TransactionError<ServiceError>> for ServiceError {
    fn from(error: sea_orm::TransactionError<ServiceError>) -> Self {
        match error {
            sea_orm::TransactionError::Transaction(error) => error,
            sea_orm::TransactionError::Connection(error) => error.into(),
        }
    }
}

impl From<DbErr> for ServiceError {
    fn from(error: DbErr) -> Self {
        if is_unavailable(&error) { ServiceError::Unavailable(format!("database: {error}")) } else { ServiceError::Db(error) }
    }
}

/// Whether `error` says the database could not be reached, as opposed to a fault in one
/// statement (a constraint, a bad query) that retrying would not fix.
fn is_unavailable(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(error)) | DbErr::Query(RuntimeErr::SqlxError(error)) => sqlx_unavailable(error),
        _ => false,
    }
}

fn sqlx_unavailable(error: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match error {
        Error::Io(_) | Error::PoolTimedOut | Error::PoolClosed | Error::WorkerCrashed | Error::Tls(_) | Error::Protocol(_) => {
            true
        }
        // PostgreSQL: class 08 (connection exception), 57P01-03 (shut down by an administrator,
        // crash, "cannot connect now" while starting), 53300 (too many connections).
        // SQLite: 5 and 6 (busy / locked) once the busy timeout has run out.
        Error::Database(error) => error.code().is_some_and(|code| {
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03" | "53300" | "5" | "6")
        }),
        _ => false,
    }
}

/// An I/O failure of the attachment store: "no space" (disk full, quota, file size limit) is
/// told apart so the user learns why, everything else is internal.
pub fn storage_error(context: &str, error: std::io::Error) -> ServiceError {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
            ServiceError::StorageFull(format!("{context}: {error}"))
        }
        _ => ServiceError::Internal(format!("{context}: {error}")),
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
