//! The request chat over plain HTTP: the live stream of messages (Server-Sent Events) and the
//! form post that works without JavaScript.
//!
//! Why SSE and not WebSockets: messages flow one way (posting is an ordinary request), SSE goes
//! through the same session, access and CSRF layers as any GET, and the browser's EventSource
//! reconnects by itself, sending `Last-Event-ID` — the id of the last message it got — so the
//! stream resumes exactly where it stopped.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::Form;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::chat::{ChatMessage, NewMessage, limits::MESSAGE_BATCH};
use futures_util::Stream;
use portal_service::live::LiveSignal;
use portal_service::local_time::ReaderClock;
use portal_service::{AppState, DatabaseConnection, ServiceError, requests::access, requests::chat};
use serde::Deserialize;
use tokio::sync::broadcast;
use tokio::time::Instant;

use app::server::AuthSession;

/// A comment line this often keeps proxies and the browser from closing an idle stream.
pub const KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(15);
/// A stream ends after this long; the browser reconnects at once, and the reconnection checks
/// the session and the access rule again (a signed-out or moved user stops receiving).
pub const STREAM_LIFETIME: Duration = Duration::from_secs(10 * 60);

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/api/requests/{number}/events", get(events))
        .route("/requests/{number}/messages", post(post_form))
        .with_state(state)
}

#[derive(Debug, Default, Deserialize)]
pub struct EventsQuery {
    /// The last message id the page already shows (when there is no `Last-Event-ID`).
    after: Option<String>,
}

/// `GET /api/requests/{number}/events`: first every message after the given id, then new ones
/// as they are committed. 401 without a session, 404 for a request the user may not see.
async fn events(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(number): Path<String>,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(account) = auth.user else { return StatusCode::UNAUTHORIZED.into_response() };
    let Ok(number) = number.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let last_event_id = headers.get("last-event-id").and_then(|value| value.to_str().ok()).map(str::to_owned);
    let Some(after_id) = resume_position(last_event_id.as_deref(), query.after.as_deref()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    // Subscribe before reading the backlog: whatever commits in between is signalled.
    let signals = state.live.subscribe();
    let request = match access::find_viewable(&state.db, &account, number).await {
        Ok(request) => request,
        Err(error) => return app::server::status_of(error).into_response(),
    };
    let clock = ReaderClock::of(&account.time_zone);
    let stream = message_stream(state.db.clone(), request.id, after_id, signals, clock, Instant::now() + STREAM_LIFETIME);
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE_INTERVAL)).into_response();
    // Reverse proxies (nginx) must pass events through at once instead of buffering them.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// Where to resume: `Last-Event-ID` (sent by a reconnecting EventSource) wins over `?after=`;
/// neither means from the start. None for a value that is not a message id.
fn resume_position(last_event_id: Option<&str>, after: Option<&str>) -> Option<i64> {
    match given(last_event_id).or(given(after)) {
        None => Some(0),
        Some(value) => value.parse::<i64>().ok().filter(|id| *id >= 0),
    }
}

/// A header or parameter with something in it.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

struct StreamState {
    db: DatabaseConnection,
    request_id: i32,
    last_id: i64,
    signals: broadcast::Receiver<LiveSignal>,
    /// The subscriber's time zone, for the messages' times.
    clock: ReaderClock,
    pending: VecDeque<ChatMessage>,
    /// The database must be read before waiting (at the start, and after a full batch).
    read_now: bool,
    ends_at: Instant,
}

impl StreamState {
    /// Reads what was committed after the last delivered message.
    async fn catch_up(&mut self) -> Result<(), ServiceError> {
        let batch = chat::messages_of_request_after(&self.db, self.request_id, self.last_id, self.clock).await?;
        self.read_now = batch.len() as u64 == MESSAGE_BATCH;
        if let Some(last) = batch.last() {
            self.last_id = last.id;
        }
        self.pending.extend(batch);
        Ok(())
    }

    /// The next message to send, or None when the stream should end.
    async fn next_message(&mut self) -> Option<ChatMessage> {
        loop {
            if let Some(message) = self.pending.pop_front() {
                return Some(message);
            }
            if !self.read_now {
                let signal = tokio::time::timeout_at(self.ends_at, self.signals.recv()).await.ok()?;
                match signal {
                    Ok(signal) if !signal.concerns(self.request_id) => continue,
                    // A slow reader missed signals: one read covers all of them.
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
            if let Err(error) = self.catch_up().await {
                // The browser reconnects with the last id it received; nothing is lost.
                tracing::warn!(%error, request_id = self.request_id, "reading chat messages for a stream failed");
                return None;
            }
        }
    }
}

fn message_stream(
    db: DatabaseConnection,
    request_id: i32,
    after_id: i64,
    signals: broadcast::Receiver<LiveSignal>,
    clock: ReaderClock,
    ends_at: Instant,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let state =
        StreamState { db, request_id, last_id: after_id, signals, clock, pending: VecDeque::new(), read_now: true, ends_at };
    futures_util::stream::unfold(state, |mut state| async move {
        let message = state.next_message().await?;
        let event = match Event::default().event("message").id(message.id.to_string()).json_data(&message) {
            Ok(event) => event,
            Err(error) => {
                tracing::error!(%error, "serialising a chat message failed");
                return None;
            }
        };
        Some((Ok(event), state))
    })
}

/// The chat form as a browser without JavaScript sends it.
#[derive(Debug, Deserialize)]
pub struct ChatForm {
    #[serde(default)]
    body: String,
    /// Rendered into the form by the server; a retried submission is stored once.
    #[serde(default)]
    client_message_id: String,
}

/// `POST /requests/{number}/messages`: posts and sends the browser back to the chat (303), with
/// `?chat_error=<code>` when the message was refused.
async fn post_form(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(number): Path<String>,
    form: Result<Form<ChatForm>, FormRejection>,
) -> Response {
    let Ok(number) = number.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let page = format!("/requests/{number}");
    let Some(account) = auth.user else {
        return see_other(&domain::access::sign_in_path(&page));
    };
    let Ok(Form(form)) = form else { return see_other(&format!("{page}?chat_error=message.invalid#chat")) };
    let client_message_id = if form.client_message_id.trim().is_empty() {
        // Without an id from the page the post cannot be deduplicated, but it still goes through.
        match new_client_message_id() {
            Some(id) => id,
            None => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    } else {
        form.client_message_id
    };
    let posted = chat::post_message(
        &state.db,
        &state.live,
        &account,
        &NewMessage::new(number, form.body, client_message_id, &[]),
        chrono::Utc::now(),
        state.reopen_window,
    )
    .await;
    match posted {
        Ok(_) => see_other(&format!("{page}#chat")),
        Err(ServiceError::Invalid(code)) => see_other(&format!("{page}?chat_error={code}#chat")),
        Err(ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(ServiceError::Forbidden) => StatusCode::FORBIDDEN.into_response(),
        Err(error) => {
            tracing::error!(%error, number, "posting a chat message failed");
            see_other(&format!("{page}?chat_error=internal#chat"))
        }
    }
}

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

/// 128 random bits in the UUID text layout.
fn new_client_message_id() -> Option<String> {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).ok()?;
    let hex: String = random.iter().map(|byte| format!("{byte:02x}")).collect();
    Some(format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_resumes_from_last_event_id_then_after() {
        assert_eq!(resume_position(None, None), Some(0));
        assert_eq!(resume_position(Some("42"), Some("7")), Some(42));
        assert_eq!(resume_position(None, Some("7")), Some(7));
        assert_eq!(resume_position(Some(" "), Some("7")), Some(7));
        assert_eq!(resume_position(Some("abc"), None), None);
        assert_eq!(resume_position(None, Some("-1")), None);
    }

    #[test]
    fn minted_client_ids_are_valid() {
        let id = new_client_message_id().unwrap();
        assert!(domain::chat::is_valid_client_message_id(&id));
        assert_eq!(id.len(), 36);
    }
}
