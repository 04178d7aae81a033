//! The axum application: Leptos pages and server functions behind the session, access and
//! cross-site guards, with security headers and rate limits. Tests build exactly this router.

use std::sync::{Arc, OnceLock};

use axum::{Extension, Router};
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use portal_service::AppState;
use portal_service::accounts::auth::AuthBackend;
use portal_service::accounts::session_store::DbSessionStore;
use portal_service::rate_limit::RateLimits;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::Predicate;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::{App, shell};

use crate::middleware::client_address::{TrustedProxies, resolve_client_address};
use crate::middleware::error_pages::explain_bare_errors;
use crate::middleware::page_render::{PageGuard, guard_page_renders};
use crate::middleware::security_headers::{SecurityHeaders, provide_response_nonce, set_security_headers};
use crate::middleware::{access::guard_pages, csrf::reject_cross_site_writes};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "portal_session";
/// A session ends after this much inactivity.
pub const IDLE_TIMEOUT: time::Duration = time::Duration::hours(2);

/// What the router takes from the configuration besides the application state.
#[derive(Clone, Debug, Default)]
pub struct RouterSettings {
    /// Reverse proxies whose `X-Forwarded-For` names the client (`PORTAL_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// One set per server; the default holds the portal's rates.
    pub rate_limits: RateLimits,
    /// The bound on page renders: the default ends a render that makes no progress for 15 s.
    pub page_guard: PageGuard,
}

/// The router for clients that connect directly (no trusted proxy), with the portal's limits.
pub fn build_router(state: AppState, leptos_options: LeptosOptions) -> Router {
    build_router_with(state, leptos_options, RouterSettings::default())
}

pub fn build_router_with(state: AppState, leptos_options: LeptosOptions, settings: RouterSettings) -> Router {
    let routes = page_routes();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_response_nonce();
        }
    };
    let security_headers = Arc::new(SecurityHeaders::new(state.secure_cookies, &leptos_options));
    let app_shell = {
        let options = leptos_options.clone();
        move || shell(options.clone())
    };

    let session_layer = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(IDLE_TIMEOUT));
    let auth_layer = AuthManagerLayerBuilder::new(AuthBackend::new(state.db.clone()), session_layer).build();

    Router::new()
        // Before the Leptos routes, so uploads pass the same session, access and CSRF layers.
        .merge(crate::uploads::routes(state.clone()))
        // Request chat (live stream, no-JS post) and attachment downloads: same layers.
        .merge(crate::chat_routes::routes(state.clone()))
        .merge(crate::downloads::routes(state.clone()))
        .merge(crate::unsubscribe::routes(state.clone()))
        .merge(crate::pdf_route::routes(state.clone()))
        // Pages (and the 404 page of the fallback) render whole, bounded in time.
        .merge(
            Router::new()
                .leptos_routes_with_context(&leptos_options, routes, context.clone(), app_shell)
                .fallback(file_and_error_handler_with_context(context, shell))
                .layer(axum::middleware::from_fn_with_state(settings.page_guard, guard_page_renders)),
        )
        .layer(axum::middleware::from_fn(guard_pages))
        .layer(auth_layer)
        // Outside the session layers, whose failures (an unreachable database) are bare 500s.
        .layer(axum::middleware::from_fn_with_state(state.db.clone(), explain_bare_errors))
        .layer(axum::middleware::from_fn(reject_cross_site_writes))
        // Read by the sign-in and suggestion server functions and the upload route.
        .layer(Extension(settings.rate_limits))
        .layer(axum::middleware::from_fn_with_state(Arc::new(settings.trusted_proxies), resolve_client_address))
        .layer(CompressionLayer::new().compress_when(StaticBundle))
        // Outermost, so every answer — refusals of the guards, static files, 404 — gets them.
        .layer(axum::middleware::from_fn_with_state(security_headers, set_security_headers))
        .with_state(leptos_options)
}

/// The page routes, generated once per process. Leptos lists them by rendering the app with
/// resource loading switched off *for the whole process* (`leptos::server::SuppressResourceLoad`
/// sets one global flag): every resource that any page creates meanwhile, on any thread, waits
/// forever, and that page never finishes. Listing the routes again for each router (the tests
/// build one per test, in parallel) stalled concurrent pages; listed once, before the first
/// router exists, no page can be rendering.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// What the compression layer compresses: the static bundle (wasm, JavaScript, CSS), which is
/// most of a first visit's bytes (the wasm is 2.1 MB raw, about 0.5 MB brotli). Pages are left
/// alone: compressing the streamed HTML would hold back its chunks; images and downloads are
/// compressed already or are the user's own bytes.
#[derive(Clone, Copy, Debug)]
struct StaticBundle;

impl Predicate for StaticBundle {
    fn should_compress<B>(&self, response: &http::Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        let content_type = response.headers().get(http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
        content_type.is_some_and(|kind| {
            kind.starts_with("application/wasm") || kind.starts_with("text/css") || kind.contains("javascript")
        })
    }
}
