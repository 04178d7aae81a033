//! Security headers on every response, with a Content-Security-Policy whose script nonce is new
//! for each response.
//!
//! The nonce is made here, before the request goes on, and put into the request's extensions;
//! the Leptos context (see [`provide_response_nonce`], called from the router's context closure)
//! hands the same value to the page, so the hydration script and the streamed data scripts carry
//! exactly the nonce the header names. Only scripts of this origin or with the nonce run; the
//! WebAssembly bundle needs `'wasm-unsafe-eval'`. The app uses no inline styles (and the
//! Markdown renderer emits none), so styles come from this origin only.
//!
//! A route that set its own (stricter) policy keeps it: downloads and the PDF are sandboxed.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::{LeptosOptions, ReloadWSProtocol};
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

/// `Strict-Transport-Security` behind https: one year; sibling hosts are not ours to pin.
pub const HSTS: &str = "max-age=31536000";
/// Sent with links to other sites: nothing (request numbers and searches stay in the portal).
pub const REFERRER_POLICY: &str = "same-origin";

/// What the headers depend on: https or not, and the live-reload socket of `cargo leptos watch`.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    https: bool,
    /// `cargo leptos watch` (env `LEPTOS_WATCH`) reloads the page over a WebSocket on another
    /// port, which `connect-src 'self'` would refuse.
    reload_socket: Option<String>,
}

impl SecurityHeaders {
    /// `https`: the portal is served over https (`PORTAL_PUBLIC_URL`), so HSTS is sent.
    pub fn new(https: bool, options: &LeptosOptions) -> Self {
        let watching = std::env::var_os("LEPTOS_WATCH").is_some();
        SecurityHeaders { https, reload_socket: watching.then(|| reload_socket(options)) }
    }

    pub fn content_security_policy(&self, nonce: &str) -> String {
        let reload = self.reload_socket.as_deref().map(|source| format!(" {source}")).unwrap_or_default();
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; \
             frame-ancestors 'none'; form-action 'self'"
        )
    }
}

/// The WebSocket source AutoReload connects to (any host name: it uses the page's).
fn reload_socket(options: &LeptosOptions) -> String {
    let port = options.reload_external_port.unwrap_or(options.reload_port);
    let scheme = match options.reload_ws_protocol {
        ReloadWSProtocol::WS => "ws",
        ReloadWSProtocol::WSS => "wss",
    };
    format!("{scheme}://*:{port}")
}

pub async fn set_security_headers(State(policy): State<Arc<SecurityHeaders>>, mut request: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set_unless_present = |name: HeaderName, value: HeaderValue| {
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    };
    match HeaderValue::from_str(&policy.content_security_policy(&nonce)) {
        Ok(value) => set_unless_present(header::CONTENT_SECURITY_POLICY, value),
        Err(error) => tracing::error!(%error, "the content security policy is not a header value"),
    }
    set_unless_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    set_unless_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    set_unless_present(header::REFERRER_POLICY, HeaderValue::from_static(REFERRER_POLICY));
    if policy.https {
        set_unless_present(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// Gives the page the nonce of its response's CSP header, replacing the one `leptos_axum`
/// generates for every render. Call from the router's Leptos context closure.
pub fn provide_response_nonce() {
    if let Some(nonce) = use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Nonce>().cloned()) {
        provide_context(nonce);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce_and_allows_the_reload_socket_only_when_watching() {
        let options = LeptosOptions::builder().output_name("portal").build();
        let plain = SecurityHeaders { https: false, reload_socket: None };
        assert_eq!(
            plain.content_security_policy("abc"),
            "default-src 'self'; script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        );
        let watching = SecurityHeaders { https: false, reload_socket: Some(reload_socket(&options)) };
        assert!(watching.content_security_policy("abc").contains("connect-src 'self' ws://*:3001;"));
    }
}
