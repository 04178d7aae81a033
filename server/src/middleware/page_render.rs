//! How long a page may take: a bound on every page render.
//!
//! Pages are rendered whole (`SsrMode::Async`) on the shared runtime. A render that makes no
//! progress for [`NO_PROGRESS`] — no response yet, or no further piece of its body — is dropped
//! and answered with a bare 500 (worded by `error_pages`), with an error in the log naming the
//! route, so no connection waits forever and operators see it. The body is read to its end here,
//! so a stall in its last pieces still gets the clear 500 instead of a half-sent page.
//!
//! The one stall found so far had its cause outside the render (see `router::page_routes` and
//! docs/ARCHITECTURE.md «Pages never hang»); this guard is for causes not yet known.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http_body_util::BodyExt;

/// A page render that has neither produced its response nor a piece of its body for this long
/// is ended.
pub const NO_PROGRESS: Duration = Duration::from_secs(15);

/// Whether and how page renders are bounded; cheap to copy (one per router).
#[derive(Clone, Copy, Debug)]
pub struct PageGuard {
    /// `None`: pages pass through unbounded (the benchmark's comparison only).
    no_progress: Option<Duration>,
}

impl PageGuard {
    /// Leptos's own way, unbounded and streamed: kept so `portal-bench --mode pages` can measure
    /// what the guard costs.
    pub fn off() -> Self {
        Self { no_progress: None }
    }

    /// The guard with another progress bound (tests of the guard).
    pub fn with_no_progress_bound(no_progress: Duration) -> Self {
        Self { no_progress: Some(no_progress) }
    }
}

impl Default for PageGuard {
    fn default() -> Self {
        Self::with_no_progress_bound(NO_PROGRESS)
    }
}

/// Layer of the Leptos router: pages (GET and HEAD outside `/api/` and the static bundle) are
/// bounded by [`PageGuard`]; server functions and files pass straight through.
pub async fn guard_page_renders(State(guard): State<PageGuard>, request: Request, next: Next) -> Response {
    let Some(no_progress) = guard.no_progress.filter(|_| is_page(&request)) else {
        return next.run(request).await;
    };
    let route = request.uri().path().to_owned();
    match render_whole(next, request, no_progress).await {
        Ok(response) => response,
        Err(stalled_at) => {
            tracing::error!(%route, stalled_at, secs = no_progress.as_secs(), "page made no progress; the render was ended");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Runs the page and reads its body to the end, each step bounded by `no_progress`; on a stall,
/// the step it stalled at.
async fn render_whole(next: Next, request: Request, no_progress: Duration) -> Result<Response, &'static str> {
    let response = tokio::time::timeout(no_progress, next.run(request)).await.map_err(|_| "before the headers")?;
    let (parts, mut body) = response.into_parts();
    let mut bytes = Vec::new();
    loop {
        match tokio::time::timeout(no_progress, body.frame()).await {
            Err(_) => return Err("in the body"),
            Ok(None) => break,
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    bytes.extend_from_slice(&data);
                }
            }
            Ok(Some(Err(error))) => {
                tracing::error!(%error, "page body failed");
                return Ok(StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
        }
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    matches!(*request.method(), http::Method::GET | http::Method::HEAD)
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use futures_util::StreamExt;
    use tower::ServiceExt;

    fn router(guard: PageGuard) -> Router {
        Router::new()
            .route("/fine", get(|| async { "<p>страница</p>" }))
            .route("/never", get(std::future::pending::<&'static str>))
            .route(
                "/stops-midway",
                get(|| async {
                    let chunks = futures_util::stream::once(async { Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"<p>")) })
                        .chain(futures_util::stream::pending());
                    Body::from_stream(chunks)
                }),
            )
            .route("/api/never", get(|| async { "server function" }))
            .layer(axum::middleware::from_fn_with_state(guard, guard_page_renders))
    }

    async fn get_status(router: &Router, path: &str) -> (StatusCode, String) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_page_renders_whole_and_a_stalled_one_is_ended() {
        let router = router(PageGuard::with_no_progress_bound(Duration::from_millis(200)));
        assert_eq!(get_status(&router, "/fine").await, (StatusCode::OK, "<p>страница</p>".to_owned()));
        assert_eq!(get_status(&router, "/api/never").await.0, StatusCode::OK);
        let started = std::time::Instant::now();
        assert_eq!(get_status(&router, "/never").await, (StatusCode::INTERNAL_SERVER_ERROR, String::new()));
        assert_eq!(get_status(&router, "/stops-midway").await, (StatusCode::INTERNAL_SERVER_ERROR, String::new()));
        assert!(started.elapsed() < Duration::from_secs(5), "both stalls were ended by the bound");
    }

    #[test]
    fn only_pages_are_guarded() {
        let request = |method: http::Method, path: &str| Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
        assert!(is_page(&request(http::Method::GET, "/requests/my")));
        assert!(is_page(&request(http::Method::GET, "/requests/1001?x=1")));
        assert!(!is_page(&request(http::Method::POST, "/requests/my")));
        assert!(!is_page(&request(http::Method::GET, "/api/me")));
        assert!(!is_page(&request(http::Method::GET, "/pkg/portal.wasm")));
        assert!(!is_page(&request(http::Method::GET, "/favicon.svg")));
    }
}
