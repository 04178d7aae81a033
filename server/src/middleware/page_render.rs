//! Where and how long a page renders.
//!
//! Each page render runs whole on one thread: a pool of single-threaded runtimes (one per core,
//! `tokio_util`'s `LocalPoolHandle`) takes the request, and every task the render spawns
//! (leptos spawns resource loaders through `tokio::spawn`) lands on the same thread, so no
//! reactive value is read on one thread while another recomputes it or drops it. On the
//! shared multi-threaded runtime Leptos 0.8's server rendering now and then lost a wake-up
//! (the page never finished) or panicked with "already been disposed" when several pages
//! rendered at once; see docs/ARCHITECTURE.md «Pages». The body is read to its end on that
//! thread as well (pages are rendered whole, `SsrMode::Async`), so nothing of the render is
//! polled or dropped elsewhere.
//!
//! A guard for what is still unknown: a render that makes no progress for [`NO_PROGRESS`] is
//! dropped and answered with a bare 500 (worded by `error_pages`), with an error in the log
//! naming the route, so no connection waits forever and operators see it.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http_body_util::BodyExt;
use tokio_util::task::LocalPoolHandle;

/// A page render that has neither produced its response nor a piece of its body for this long
/// is ended.
pub const NO_PROGRESS: Duration = Duration::from_secs(15);

/// The threads pages render on; cheap to clone (one pool per router).
#[derive(Clone)]
pub struct PageRenderers {
    /// `None`: render on the shared runtime (the benchmark's comparison only).
    pool: Option<LocalPoolHandle>,
    no_progress: Duration,
}

impl PageRenderers {
    /// One single-threaded runtime per core.
    pub fn one_thread_per_page() -> Self {
        let threads = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        Self { pool: Some(LocalPoolHandle::new(threads)), no_progress: NO_PROGRESS }
    }

    /// Pages render on the multi-threaded runtime that serves the connection and stream from
    /// there, unbounded — how Leptos renders by default: kept so `portal-bench --mode pages` can
    /// compare the two.
    pub fn shared_runtime() -> Self {
        Self { pool: None, no_progress: NO_PROGRESS }
    }

    /// The same, with another progress bound (tests of the guard).
    pub fn with_no_progress_bound(self, no_progress: Duration) -> Self {
        Self { no_progress, ..self }
    }
}

impl Default for PageRenderers {
    fn default() -> Self {
        Self::one_thread_per_page()
    }
}

impl std::fmt::Debug for PageRenderers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageRenderers").field("pinned", &self.pool.is_some()).field("no_progress", &self.no_progress).finish()
    }
}

/// Layer of the Leptos router: pages (GET and HEAD outside `/api/` and the static bundle) are
/// rendered by [`PageRenderers`]; server functions and files pass straight through.
pub async fn render_pages(State(renderers): State<PageRenderers>, request: Request, next: Next) -> Response {
    if !is_page(&request) {
        return next.run(request).await;
    }
    let Some(pool) = &renderers.pool else {
        // Leptos's own way, unbounded: the comparison in `portal-bench --mode pages`.
        return next.run(request).await;
    };
    let route = request.uri().path().to_owned();
    let no_progress = renderers.no_progress;
    let rendered = match pool.spawn_pinned(move || render_whole(next, request, no_progress)).await {
        Ok(rendered) => rendered,
        Err(error) => {
            tracing::error!(%route, %error, "page render task failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match rendered {
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
    use tower::ServiceExt;

    fn router(renderers: PageRenderers) -> Router {
        Router::new()
            .route("/fine", get(|| async { "<p>страница</p>" }))
            .route("/never", get(|| std::future::pending::<&'static str>()))
            .route(
                "/stops-midway",
                get(|| async {
                    let chunks = futures_util::stream::once(async { Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"<p>")) })
                        .chain(futures_util::stream::pending());
                    Body::from_stream(chunks)
                }),
            )
            .route("/api/never", get(|| async { "server function" }))
            .layer(axum::middleware::from_fn_with_state(renderers, render_pages))
    }

    async fn get_status(router: &Router, path: &str) -> (StatusCode, String) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    use futures_util::StreamExt;

    #[tokio::test]
    async fn a_page_renders_whole_on_the_pool_and_a_stalled_one_is_ended() {
        {
            let router = router(PageRenderers::one_thread_per_page().with_no_progress_bound(Duration::from_millis(200)));
            assert_eq!(get_status(&router, "/fine").await, (StatusCode::OK, "<p>страница</p>".to_owned()));
            assert_eq!(get_status(&router, "/api/never").await.0, StatusCode::OK);
            let started = std::time::Instant::now();
            assert_eq!(get_status(&router, "/never").await, (StatusCode::INTERNAL_SERVER_ERROR, String::new()));
            assert_eq!(get_status(&router, "/stops-midway").await, (StatusCode::INTERNAL_SERVER_ERROR, String::new()));
            assert!(started.elapsed() < Duration::from_secs(5), "both stalls were ended by the bound");
        }
    }

    #[test]
    fn only_pages_are_rendered_by_the_pool() {
        let request = |method: http::Method, path: &str| Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
        assert!(is_page(&request(http::Method::GET, "/requests/my")));
        assert!(is_page(&request(http::Method::GET, "/requests/1001?x=1")));
        assert!(!is_page(&request(http::Method::POST, "/requests/my")));
        assert!(!is_page(&request(http::Method::GET, "/api/me")));
        assert!(!is_page(&request(http::Method::GET, "/pkg/portal.wasm")));
        assert!(!is_page(&request(http::Method::GET, "/favicon.svg")));
    }
}
