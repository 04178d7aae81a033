//! The one error type of the service layer. Its `Display` is for logs; user-facing text is
//! chosen by the UI from the variant, so database details never reach a browser.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Input that fails a business rule; the code names the rule (e.g. `email.invalid`).
    #[error("invalid input: {0}")]
    Invalid(&'static str),
    /// An upload exceeds a size limit (answered with HTTP 413).
    #[error("too large")]
    TooLarge,
    #[error("too many attempts, retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;
