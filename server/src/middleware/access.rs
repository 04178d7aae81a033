//! Page access: anonymous visitors are sent to «Вход» (and back afterwards), a role that may
//! not open a page gets 403, and sessions older than the absolute limit end.
//!
//! The rule itself is `domain::access`, shared with the page guard in the browser.

use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::{Access, access, area_of_path, sign_in_path};

use app::api::session::SIGNED_IN_AT_KEY;
use app::server::AuthSession;

/// However active, a session ends this long after sign-in.
pub const ABSOLUTE_SESSION_LIMIT: chrono::Duration = chrono::Duration::hours(12);

pub async fn guard_pages(mut auth: AuthSession, request: Request, next: Next) -> Response {
    if auth.user.is_some()
        && session_is_too_old(&auth).await
        && let Err(error) = auth.logout().await
    {
        tracing::error!(%error, "ending an over-age session failed");
    }
    if auth.user.is_some() {
        note_activity(&auth).await;
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let role = auth.user.as_ref().map(|user| user.role);
    if let Some(role) = role
        && (path == "/" || path == "/login")
    {
        return Redirect::to(role.home_path()).into_response();
    }
    match access(role, area_of_path(&path)) {
        Access::Allowed => next.run(request).await,
        Access::SignInRequired => {
            let path_and_query = request.uri().path_and_query().map_or(path.as_str(), |pq| pq.as_str());
            (StatusCode::SEE_OTHER, [(header::LOCATION, sign_in_path(path_and_query))]).into_response()
        }
        Access::Forbidden => {
            // The page renders «Нет доступа» itself; the status tells non-browser clients too.
            let mut response = next.run(request).await;
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
        }
    }
}

async fn session_is_too_old(auth: &AuthSession) -> bool {
    match auth.session.get::<i64>(SIGNED_IN_AT_KEY).await {
        Ok(Some(signed_in_at)) => chrono::Utc::now().timestamp() - signed_in_at > ABSOLUTE_SESSION_LIMIT.num_seconds(),
        // A session without the mark predates it: treat it as over-age.
        Ok(None) => true,
        Err(_) => true,
    }
}

/// Marks the session as used at most once a [`session_store::ACTIVITY_STEP`]: the mark changes
/// the record, so tower-sessions saves it — the store notes the time («Последняя активность» in
/// «Активные сеансы») and the idle timeout starts again. Between marks nothing is written.
async fn note_activity(auth: &AuthSession) {
    use portal_service::accounts::session_store;
    let now = chrono::Utc::now().timestamp();
    let seen = auth.session.get::<i64>(session_store::SEEN_AT_KEY).await.ok().flatten();
    if seen.is_none_or(|seen| now - seen >= session_store::ACTIVITY_STEP.num_seconds())
        && let Err(error) = auth.session.insert(session_store::SEEN_AT_KEY, now).await
    {
        tracing::warn!(%error, "noting session activity failed");
    }
}
