//! Server-side helpers for server functions: shared state, the signed-in account, role checks,
//! and turning errors into a status code plus a safe message.

use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use portal_service::accounts::Account;
use portal_service::accounts::auth::AuthBackend;
use portal_service::{AppState, ServiceError};

use crate::error::AppError;
use crate::i18n::LOCALE_COOKIE;

pub type AuthSession = axum_login::AuthSession<AuthBackend>;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|error| internal("auth session extraction", error))
}

/// Signs `account` in on this request's session: a new session id (axum-login alone only cycles
/// anonymous sessions, so an id known before — planted or left over — is never reused), the time
/// of sign-in for the absolute timeout, and the account's language cookie.
pub async fn start_session(account: &Account) -> Result<(), AppError> {
    let now = chrono::Utc::now();
    portal_service::accounts::record_sign_in(&state()?.db, account.id, now).await?;
    let mut session = auth_session().await?;
    session.session.cycle_id().await.map_err(|error| internal("session cycle", error))?;
    session.login(account).await.map_err(|error| internal("login", error))?;
    session
        .session
        .insert(crate::api::session::SIGNED_IN_AT_KEY, now.timestamp())
        .await
        .map_err(|error| internal("session insert", error))?;
    // Where the session was started, for «Активные сеансы» (the store copies it into columns).
    let user_agent = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::USER_AGENT).and_then(|value| value.to_str().ok()).map(str::to_owned));
    let client = portal_service::accounts::session_store::ClientInfo::new(
        user_agent.as_deref(),
        client_address().map(|address| address.to_string()),
    );
    session
        .session
        .insert(portal_service::accounts::session_store::CLIENT_KEY, client)
        .await
        .map_err(|error| internal("session insert", error))?;
    set_locale_cookie(account.locale);
    Ok(())
}

/// The id of this request's session, when it has one: «Этот сеанс» in «Активные сеансы», the
/// session a password change keeps.
pub async fn current_session_id() -> Result<Option<String>, AppError> {
    Ok(auth_session().await?.session.id().map(|id| id.to_string()))
}

pub async fn current_account() -> Result<Account, AppError> {
    auth_session().await?.user.ok_or(AppError::Unauthenticated)
}

/// A signed-in customer-side user together with their organization.
pub struct Customer {
    pub account: Account,
    pub organization_id: i32,
}

pub async fn require_customer() -> Result<Customer, AppError> {
    let account = current_account().await?;
    match (account.role.is_customer_side(), account.organization_id) {
        (true, Some(organization_id)) => Ok(Customer { account, organization_id }),
        _ => Err(AppError::Forbidden),
    }
}

/// A signed-in, active portal administrator (the rule is `Administrator::of`), with the account.
pub async fn require_administrator() -> Result<(Account, portal_service::administrator::Administrator), AppError> {
    let account = current_account().await?;
    let admin = portal_service::administrator::Administrator::of(&account)?;
    Ok((account, admin))
}

pub async fn require_staff() -> Result<Account, AppError> {
    let account = current_account().await?;
    if account.role.is_staff() { Ok(account) } else { Err(AppError::Forbidden) }
}

/// The client's IP address, resolved once per request by the server's `client_address`
/// middleware: the peer of the connection, or — only when that peer is a configured trusted
/// proxy — the address the proxy forwarded. The sign-in throttle and the rate limits use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The client's IP address (see [`ClientAddress`]); `None` when the request did not arrive
/// through a socket (tests that build requests by hand).
pub fn client_address() -> Option<std::net::IpAddr> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<ClientAddress>().map(|address| address.0))
}

/// Takes one request from a rate limit (`portal_service::rate_limit`); the limits are the
/// server's, put into every request by the router.
pub fn rate_limit(
    check: impl FnOnce(&portal_service::rate_limit::RateLimits, std::time::Instant) -> Result<(), portal_service::rate_limit::Limited>,
) -> Result<(), AppError> {
    let parts = use_context::<http::request::Parts>();
    let Some(limits) = parts.as_ref().and_then(|parts| parts.extensions.get::<portal_service::rate_limit::RateLimits>()) else {
        tracing::error!("rate limits missing from the request extensions");
        return Err(AppError::Internal);
    };
    check(limits, std::time::Instant::now())
        .map_err(|limited| AppError::RateLimited { retry_after_secs: limited.retry_after_secs })
}

/// Logs an unexpected failure and hides it behind [`AppError::Internal`].
pub fn internal(context: &str, error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "{context} failed");
    AppError::Internal
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::NotFound => AppError::NotFound,
            ServiceError::Forbidden => AppError::Forbidden,
            ServiceError::Invalid(code) => AppError::invalid(code.field(), code),
            ServiceError::Throttled { retry_after_secs } => AppError::Throttled { retry_after_secs },
            ServiceError::TooLarge => AppError::TooLarge,
            ServiceError::Unavailable(detail) => {
                tracing::warn!(%detail, "a backing service is unavailable");
                AppError::Unavailable
            }
            ServiceError::StorageFull(detail) => {
                tracing::error!(%detail, "the attachment store is full");
                AppError::StorageFull
            }
            other => internal("service call", other),
        }
    }
}

/// The HTTP status of an error: the one map, used by server functions ([`respond`]), plain
/// routes ([`status_of`]) and the error pages.
pub fn status(error: &AppError) -> http::StatusCode {
    http::StatusCode::from_u16(error.status_code()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// The status a plain route answers a failed service call with: the same one a server function
/// would get (a failure it cannot explain is logged here and becomes 500).
pub fn status_of(error: ServiceError) -> http::StatusCode {
    status(&AppError::from(error))
}

/// Sets the HTTP status of a failed server function and, for throttling, `Retry-After`.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(response) = use_context::<ResponseOptions>()
    {
        response.set_status(status(error));
        if let AppError::Throttled { retry_after_secs } | AppError::RateLimited { retry_after_secs } = error
            && let Ok(value) = http::HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.insert_header(http::header::RETRY_AFTER, value);
        }
    }
    result
}

pub fn set_locale_cookie(locale: domain::Locale) {
    let secure = use_context::<AppState>().is_some_and(|state| state.secure_cookies);
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        locale.as_str(),
        if secure { "; Secure" } else { "" }
    );
    if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Whether this server function call is a plain HTML form post (no JavaScript: the browser
/// navigates and wants a page back) rather than a call from the hydrated page.
pub async fn is_plain_form_post() -> bool {
    leptos_axum::extract::<http::HeaderMap>()
        .await
        .ok()
        .and_then(|headers| headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false)
}

/// Answers a failed server function. A call from the hydrated page gets the error as JSON with
/// its HTTP status ([`respond`]); a plain form post (no JavaScript) is sent back to the page
/// `back_to` with the error in its query (`error=`, see [`AppError::to_query`]) plus `keep`
/// (values to show again, never a password), so the page shows the sentence instead of raw JSON.
pub async fn respond_to_form<T>(result: Result<T, AppError>, back_to: &str, keep: &[(&str, &str)]) -> Result<T, AppError> {
    let Err(error) = &result else { return result };
    if !is_plain_form_post().await {
        return respond(result);
    }
    let separator = if back_to.contains('?') { '&' } else { '?' };
    let mut location = format!("{back_to}{separator}error={}", domain::validation::percent_encode(&error.to_query(), b""));
    for (name, value) in keep.iter().filter(|(_, value)| !value.is_empty()) {
        location.push_str(&format!("&{name}={}", domain::validation::percent_encode(value, b"/")));
    }
    leptos_axum::redirect(&location);
    result
}

/// Redirects a plain HTML form post (no JavaScript) to `path`. Calls from the hydrated page get
/// no redirect: the page decides itself (e.g. a full reload, so the new language applies).
pub async fn redirect_plain_form_post(path: &str) {
    if is_plain_form_post().await {
        leptos_axum::redirect(path);
    }
}
