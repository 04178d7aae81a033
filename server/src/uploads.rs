//! File uploads: `POST /api/attachments` (multipart/form-data, one field `file`) and
//! `DELETE /api/attachments/{id}`, plus the hourly removal of uploads nobody used.
//!
//! Why plain axum routes and not server functions: the browser needs progress per file
//! (XMLHttpRequest upload events), and the body has to go to disk as it arrives; a server
//! function decodes its whole body first. The routes sit behind the same session, access and
//! cross-site layers as everything else. Only the upload route gets a body limit above axum's
//! 2 MB default, and the limit is enforced while streaming, so nothing is buffered whole.
//! Answers are small JSON objects — `{"code", "message"}` with a sentence in the user's
//! language on failure — that never carry internal detail; failures are logged instead.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, post};
use axum::{Extension, Json, Router};
use domain::validation::Code;
use futures_util::StreamExt;
use portal_service::attachments::{self, MAX_FILE_BYTES, UNUSED_UPLOAD_LIFETIME_HOURS};
use portal_service::rate_limit::{Limited, RateLimits};
use portal_service::{AppState, DatabaseConnection, ServiceError};
use serde::Serialize;

use app::error::AppError;
use app::i18n::{Texts, locale_of_request};

use app::server::AuthSession;

/// The upload route's body limit: one file at the largest plus room for the multipart framing.
pub const UPLOAD_BODY_LIMIT: usize = MAX_FILE_BYTES as usize + 1024 * 1024;
/// The multipart field that carries the file.
pub const FILE_FIELD: &str = "file";
/// How often unused uploads are looked for.
pub const CLEANUP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// The attachment routes, with their state already applied, ready to be merged.
pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/api/attachments", post(upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)))
        .route("/api/attachments/{id}", delete(remove))
        .with_state(state)
}

#[derive(Debug, Serialize)]
struct Failure {
    code: &'static str,
    message: &'static str,
}

fn failure(status: StatusCode, code: &'static str, message: &'static str) -> Response {
    (status, Json(Failure { code, message })).into_response()
}

fn unauthenticated(texts: &Texts) -> Response {
    failure(StatusCode::UNAUTHORIZED, "unauthenticated", texts.session_expired)
}

fn too_large(texts: &Texts) -> Response {
    failure(StatusCode::PAYLOAD_TOO_LARGE, "attachment.too_large", texts.attachment_too_large)
}

fn malformed(texts: &Texts) -> Response {
    failure(StatusCode::UNPROCESSABLE_ENTITY, "attachment.malformed", texts.attachment_upload_failed)
}

/// HTTP 429 with `Retry-After`; the message tells how long to wait.
fn rate_limited(limited: Limited, texts: &Texts) -> Response {
    #[derive(Serialize)]
    struct Throttled {
        code: &'static str,
        message: String,
    }
    let message = (texts.rate_limited)(limited.retry_after_secs);
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(Throttled { code: "rate_limited", message })).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(limited.retry_after_secs));
    response
}

fn texts_for(headers: &HeaderMap) -> &'static Texts {
    Texts::for_locale(locale_of_request(headers))
}

async fn upload(
    State(state): State<AppState>,
    Extension(limits): Extension<RateLimits>,
    auth: AuthSession,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let texts = texts_for(&headers);
    let Some(user) = auth.user else { return unauthenticated(texts) };
    if let Err(limited) = limits.upload(user.id, std::time::Instant::now()) {
        return rate_limited(limited, texts);
    }
    // A body announced as too large is refused before a byte of it is read.
    let announced_length =
        headers.get(header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()).and_then(|value| value.parse::<u64>().ok());
    if announced_length.is_some_and(|length| length > UPLOAD_BODY_LIMIT as u64) {
        return too_large(texts);
    }
    let Ok(mut multipart) = multipart else { return malformed(texts) };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return malformed(texts),
            Err(error) => return service_failure(stream_error(error), texts),
        };
        if field.name() != Some(FILE_FIELD) {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let chunks = field.map(|chunk| chunk.map_err(stream_error));
        let stored =
            attachments::store_upload(&state.db, &state.attachments, user.id, &file_name, chunks, chrono::Utc::now()).await;
        return match stored {
            Ok(stored) => {
                tracing::info!(id = stored.id, uploader = user.id, size = stored.size_bytes, "file uploaded");
                // HTTP 201 with the file as every reader sees it (`domain::attachment::AttachmentInfo`).
                (StatusCode::CREATED, Json(attachments::info(&stored))).into_response()
            }
            Err(error) => service_failure(error, texts),
        };
    }
}

async fn remove(
    State(state): State<AppState>,
    auth: AuthSession,
    headers: HeaderMap,
    id: Result<Path<i32>, PathRejection>,
) -> Response {
    let texts = texts_for(&headers);
    let Some(user) = auth.user else { return unauthenticated(texts) };
    let Ok(Path(id)) = id else { return service_failure(ServiceError::NotFound, texts) };
    match attachments::delete_own_unattached(&state.db, &state.attachments, id, user.id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => service_failure(error, texts),
    }
}

/// Body-limit overruns keep their meaning (413); anything else is an incomplete upload.
fn stream_error(error: MultipartError) -> ServiceError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ServiceError::TooLarge
    } else {
        tracing::info!(%error, "an upload arrived incomplete or malformed");
        ServiceError::Invalid(Code::AttachmentIncomplete)
    }
}

/// A failed service call as the upload API answers it: the status of the one map
/// ([`app::server::status_of`]) with a code and a sentence the attachment panel shows.
fn service_failure(error: ServiceError, texts: &Texts) -> Response {
    let error = match AppError::from(error) {
        known @ (AppError::Invalid { .. }
        | AppError::TooLarge
        | AppError::NotFound
        | AppError::Forbidden
        | AppError::StorageFull
        | AppError::Unavailable) => known,
        _ => AppError::Internal,
    };
    let (code, message) = match &error {
        AppError::Invalid { code: code @ Code::AttachmentTypeNotAllowed, .. } => {
            (code.as_str(), texts.attachment_type_not_allowed)
        }
        AppError::Invalid { code: code @ Code::AttachmentTypeMismatch, .. } => (code.as_str(), texts.attachment_type_mismatch),
        AppError::Invalid { code: code @ Code::AttachmentEmpty, .. } => (code.as_str(), texts.attachment_empty),
        AppError::Invalid { .. } => ("attachment.malformed", texts.attachment_upload_failed),
        AppError::TooLarge => ("attachment.too_large", texts.attachment_too_large),
        AppError::NotFound => ("attachment.not_found", texts.not_found_text),
        AppError::Forbidden => ("forbidden", texts.forbidden_text),
        AppError::StorageFull => ("storage_full", texts.storage_full),
        AppError::Unavailable => ("unavailable", texts.temporarily_unavailable),
        _ => ("internal", texts.internal_error),
    };
    failure(app::server::status(&error), code, message)
}

/// Every hour (and once at start), removes uploads that no request claimed within
/// [`UNUSED_UPLOAD_LIFETIME_HOURS`].
pub fn spawn_unused_upload_cleanup(db: DatabaseConnection, store: attachments::AttachmentStore) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(CLEANUP_INTERVAL);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            let older_than = chrono::Utc::now() - chrono::Duration::hours(UNUSED_UPLOAD_LIFETIME_HOURS);
            match attachments::delete_stale_unattached(&db, &store, older_than).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "unused uploads removed"),
                Err(error) => tracing::error!(%error, "removing unused uploads failed"),
            }
        }
    })
}
