//! The error every server function returns. It crosses the wire as JSON, carries no internal
//! detail, and the UI turns it into a sentence in the user's language.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use domain::validation::Code;

use crate::i18n::Texts;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("wrong credentials")]
    WrongCredentials,
    /// Sign-in locked after failed attempts (HTTP 429).
    #[error("too many attempts")]
    Throttled { retry_after_secs: u64 },
    /// Too many requests in a short time, of any kind (HTTP 429).
    #[error("too many requests")]
    RateLimited { retry_after_secs: u64 },
    /// A field failed validation; `code` names the rule (`"email.invalid"` on the wire).
    #[error("invalid {field}: {code}")]
    Invalid { field: String, code: Code },
    /// An upload is larger than allowed (HTTP 413).
    #[error("too large")]
    TooLarge,
    /// The database cannot be reached for the moment (HTTP 503); the same action works again
    /// once it is back.
    #[error("temporarily unavailable")]
    Unavailable,
    /// No room left for attachment files on the server (HTTP 507).
    #[error("storage full")]
    StorageFull,
    /// Something failed on the server; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// The browser could not reach the server or understand its answer.
    #[error("communication error: {0}")]
    Communication(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // In the browser: the server could not be reached or answered nonsense.
            ServerFnErrorErr::Request(message) => AppError::Communication(message),
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(message) => AppError::Communication(message),
            // On the server: the arguments sent do not parse. The parser's words stay in the log.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message) => {
                tracing::info!(%message, "malformed server function arguments");
                AppError::invalid("request", Code::Malformed)
            }
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::invalid("request", Code::Malformed),
            _ => AppError::Internal,
        }
    }
}

impl AppError {
    pub fn invalid(field: &str, code: Code) -> Self {
        AppError::Invalid { field: field.into(), code }
    }

    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::WrongCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Throttled { .. } | AppError::RateLimited { .. } => 429,
            // A file whose type is refused is a media type problem, not a field's.
            AppError::Invalid { code: Code::AttachmentTypeNotAllowed | Code::AttachmentTypeMismatch, .. } => 415,
            AppError::Invalid { .. } => 422,
            AppError::TooLarge => 413,
            AppError::Unavailable => 503,
            AppError::StorageFull => 507,
            AppError::Internal | AppError::Communication(_) => 500,
        }
    }

    /// The error as a query value, for a plain form post sent back to its page (no JavaScript).
    pub fn to_query(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The error a page was sent back with (`?error=`); anything else in the URL is ignored.
    pub fn from_query(value: &str) -> Option<Self> {
        serde_json::from_str(value).ok()
    }

    /// A sentence for the user.
    pub fn message(&self, texts: &Texts) -> String {
        match self {
            AppError::Unauthenticated => texts.session_expired.to_owned(),
            AppError::Forbidden => texts.forbidden_text.to_owned(),
            AppError::NotFound => texts.not_found_text.to_owned(),
            AppError::WrongCredentials => texts.wrong_credentials.to_owned(),
            AppError::Throttled { retry_after_secs } => (texts.throttled)(*retry_after_secs),
            AppError::RateLimited { retry_after_secs } => (texts.rate_limited)(*retry_after_secs),
            AppError::Invalid { code, .. } => texts.validation_message(*code).to_owned(),
            AppError::TooLarge => texts.attachment_too_large.to_owned(),
            AppError::Unavailable => texts.temporarily_unavailable.to_owned(),
            AppError::StorageFull => texts.storage_full.to_owned(),
            AppError::Internal => texts.internal_error.to_owned(),
            AppError::Communication(_) => texts.network_error.to_owned(),
        }
    }
}
