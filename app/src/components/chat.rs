//! «Чат с поддержкой»: the history of a request's messages, kept live, and the composer.
//!
//! How nothing is lost or shown twice: the server's event stream (`/api/requests/{n}/events`)
//! only tells the page that something new exists; the page then asks for every message after
//! the last id it holds (`messages_after`) and merges the answer by id. When the connection
//! drops, the page reconnects with a growing pause and, once connected again, asks for what
//! came meanwhile the same way. A message the user sent is merged from the answer to the post,
//! and the announcement of the same message finds it already there.
//!
//! Without JavaScript the chat is a server-rendered list and the composer a plain form posting
//! to `/requests/{n}/messages`; after hydration the form is sent by the server function instead.

use std::sync::atomic::{AtomicU64, Ordering};

use domain::chat::{AuthorRole, SystemEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::request_page::{ChatMessage, NewMessage, messages_after, post_message};
use crate::components::attachments::AttachmentsPanel;
use crate::components::linked_text::LinkedText;
use crate::i18n::{Texts, use_texts};
use domain::attachment::AttachmentInfo;

/// The longest message the composer accepts (the server checks it again).
pub const MAX_MESSAGE_CHARS: usize = domain::chat::limits::MESSAGE_MAX_CHARS;

/// Adds `incoming` to `held`, skipping ids already held, and keeps the list ordered by id.
/// Returns whether anything was added.
pub fn merge_messages(held: &mut Vec<ChatMessage>, incoming: Vec<ChatMessage>) -> bool {
    let before = held.len();
    for message in incoming {
        if let Err(position) = held.binary_search_by_key(&message.id, |m| m.id) {
            held.insert(position, message);
        }
    }
    held.len() != before
}

/// The short role word under an author's name: клиент / поддержка / менеджер.
pub fn role_word(texts: &'static Texts, role: Option<AuthorRole>) -> &'static str {
    match role {
        Some(AuthorRole::Manager) => texts.chat_role_manager,
        Some(AuthorRole::Support) => texts.chat_role_support,
        Some(AuthorRole::Client) | None => texts.chat_role_customer,
    }
}

/// A system line in the user's language: «Статус изменён: Новый → В работе».
pub fn system_text(texts: &'static Texts, event: &SystemEvent) -> String {
    match event {
        SystemEvent::StatusChanged { from, to } => (texts.chat_status_changed)(texts.status(*from), texts.status(*to)),
        SystemEvent::Assigned { assignee_name } => (texts.chat_assigned)(assignee_name),
        SystemEvent::AuthorAssigned { by_name, author_name } if by_name == author_name => (texts.chat_author_taken)(by_name),
        SystemEvent::AuthorAssigned { by_name, author_name } => (texts.chat_author_assigned)(by_name, author_name),
        SystemEvent::AuthorDeactivated { author_name } => (texts.chat_author_deactivated)(author_name),
    }
}

/// State of the live connection, shown to the user when it is not working.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveState {
    /// Before hydration, or while the first connection opens.
    Connecting,
    Open,
    /// The connection dropped; a new attempt is scheduled.
    Reconnecting,
}

impl LiveState {
    fn as_str(self) -> &'static str {
        match self {
            LiveState::Connecting => "connecting",
            LiveState::Open => "open",
            LiveState::Reconnecting => "reconnecting",
        }
    }
}

static NEXT_CHAT: AtomicU64 = AtomicU64::new(1);

#[component]
pub fn Chat(
    number: i64,
    initial: Vec<ChatMessage>,
    can_post: bool,
    /// A closed request: instead of the composer, a notice that offers a linked request.
    #[prop(optional)]
    closed: bool,
    /// Called when a system line arrives (status or assignee changed), so the page can reload
    /// the request's details.
    on_system_line: Callback<()>,
) -> impl IntoView {
    let texts = use_texts();
    let messages = RwSignal::new(initial);
    let live = RwSignal::new(LiveState::Connecting);

    let fetch_new = move || {
        spawn_local(async move {
            let after = messages.with_untracked(|list| list.last().map_or(0, |m| m.id));
            if let Ok(incoming) = messages_after(number, after).await {
                let system = incoming.iter().any(|m| m.system.is_some());
                let added = messages.try_update(|list| merge_messages(list, incoming)).unwrap_or(false);
                if added && system {
                    on_system_line.run(());
                }
            }
        });
    };

    // Only in the browser: the effect does not run on the server.
    Effect::new(move |_| {
        let key = NEXT_CHAT.fetch_add(1, Ordering::Relaxed);
        live::connect(
            key,
            number,
            move || messages.with_untracked(|list| list.last().map_or(0, |m| m.id)),
            fetch_new,
            move |state| {
                live.try_set(state);
            },
        );
        on_cleanup(move || live::disconnect(key));
    });

    let list_ref = NodeRef::<leptos::html::Ol>::new();
    // Keep the newest message in view.
    Effect::new(move |_| {
        messages.track();
        if let Some(list) = list_ref.get() {
            list.set_scroll_top(list.scroll_height());
        }
    });

    view! {
        <section class="card chat" id="chat" aria-labelledby="chat-title" data-live=move || live.get().as_str()>
            <h2 class="card__title" id="chat-title">{texts.chat_title}</h2>
            <p class="chat__live" role="status">
                {move || (live.get() == LiveState::Reconnecting).then_some(texts.chat_reconnecting)}
            </p>
            <ol class="chat__messages" node_ref=list_ref aria-label=texts.chat_title>
                <For each=move || messages.get() key=|message| message.id children=move |message| view! { <MessageLine message /> } />
            </ol>
            {move || messages.with(Vec::is_empty).then(|| view! { <p class="chat__empty">{texts.chat_empty}</p> })}
            {can_post.then(|| view! { <Composer number messages /> })}
            {(closed && !can_post).then(|| view! { <crate::components::linked_request::ClosedComposer number /> })}
        </section>
    }
}

#[component]
fn MessageLine(message: ChatMessage) -> impl IntoView {
    let texts = use_texts();
    let ChatMessage { id, system, author_name, author_role, body, created_at, time, attachments, .. } = message;
    let at = created_at.to_rfc3339();
    let time = view! { <time class="chat-message__time" datetime=at>{time}</time> };
    if let Some(event) = system {
        return view! {
            <li class="chat-line" data-message-id=id.to_string()>
                <span class="chat-line__text">{system_text(texts, &event)}</span>
                " "
                {time}
            </li>
        }
        .into_any();
    }
    let role_class = match author_role {
        Some(AuthorRole::Support | AuthorRole::Manager) => "chat-message chat-message--staff",
        _ => "chat-message",
    };
    view! {
        <li class=role_class data-message-id=id.to_string()>
            <div class="chat-message__meta">
                <span class="chat-message__author">{author_name.unwrap_or_else(|| texts.no_author.to_owned())}</span>
                <span class="chat-message__role">{role_word(texts, author_role)}</span>
                {time}
            </div>
            <p class="chat-message__body"><LinkedText text=body /></p>
            <AttachmentLinks attachments />
        </li>
    }
    .into_any()
}

/// Download links for a request's or a message's files.
#[component]
pub fn AttachmentLinks(attachments: Vec<AttachmentInfo>) -> impl IntoView {
    let texts = use_texts();
    (!attachments.is_empty()).then(|| {
        view! {
            <ul class="file-links">
                {attachments.into_iter().map(|file| view! {
                    <li>
                        <a class="file-links__link" href=file.href() download=file.file_name.clone()>{file.file_name.clone()}</a>
                        " "
                        <span class="file-links__size">{(texts.file_size)(file.size_bytes)}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// «Сообщение» and «Отправить». Ctrl+Enter (⌘+Enter) sends too.
#[component]
fn Composer(number: i64, messages: RwSignal<Vec<ChatMessage>>) -> impl IntoView {
    let texts = use_texts();
    let body = RwSignal::new(String::new());
    let uploaded = RwSignal::new(Vec::<AttachmentInfo>::new());
    let uploading = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Minted when a message is started and kept until it is stored: a retry after a lost
    // answer carries the same id and the server stores the message once.
    let client_id = RwSignal::new(String::new());
    let textarea = NodeRef::<leptos::html::Textarea>::new();

    let send = move || {
        if sending.get_untracked() {
            return;
        }
        if uploading.get_untracked() {
            error.set(Some(texts.chat_wait_uploads.to_owned()));
            return;
        }
        let text = body.get_untracked();
        let attachment_ids: Vec<i32> = uploaded.with_untracked(|list| list.iter().map(|a| a.id).collect());
        if text.trim().is_empty() && attachment_ids.is_empty() {
            error.set(Some(texts.chat_message_required.to_owned()));
            return;
        }
        if text.chars().count() > MAX_MESSAGE_CHARS {
            error.set(Some(texts.chat_message_too_long.to_owned()));
            return;
        }
        if client_id.get_untracked().is_empty() {
            client_id.set(mint_id());
        }
        let message = NewMessage { number, body: text, client_message_id: client_id.get_untracked(), attachment_ids };
        sending.set(true);
        error.set(None);
        spawn_local(async move {
            match post_message(message).await {
                Ok(stored) => {
                    messages.try_update(|list| merge_messages(list, vec![stored]));
                    body.try_set(String::new());
                    uploaded.try_set(Vec::new());
                    client_id.try_set(String::new());
                    if let Some(textarea) = textarea.get_untracked() {
                        let _ = textarea.focus();
                    }
                }
                Err(failure) => {
                    error.try_set(Some(failure.message(texts)));
                }
            }
            sending.try_set(false);
        });
    };

    view! {
        <form
            class="composer"
            method="post"
            action=format!("/requests/{number}/messages")
            on:submit=move |event| {
                event.prevent_default();
                send();
            }
        >
            <input type="hidden" name="client_message_id" value=form_message_id() />
            <div class="field">
                <label class="field__label" for="chat-message">{texts.chat_message_label}</label>
                <textarea
                    class="textarea composer__text"
                    id="chat-message"
                    name="body"
                    rows="3"
                    maxlength=MAX_MESSAGE_CHARS.to_string()
                    placeholder=texts.chat_message_placeholder
                    aria-describedby="chat-message-hint"
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    node_ref=textarea
                    prop:value=move || body.get()
                    on:input=move |event| {
                        body.set(event_target_value(&event));
                        if client_id.get_untracked().is_empty() {
                            client_id.set(mint_id());
                        }
                    }
                    on:keydown=move |event: web_sys::KeyboardEvent| {
                        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                            event.prevent_default();
                            send();
                        }
                    }
                ></textarea>
                <p class="field__hint" id="chat-message-hint">{texts.chat_send_hint}</p>
                {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
            </div>
            <details class="composer__files">
                <summary>{texts.attachments_label}</summary>
                <AttachmentsPanel uploaded uploading />
            </details>
            <div class="composer__actions">
                <button class="btn btn--primary" type="submit" disabled=move || sending.get() aria-busy=move || sending.get().then_some("true")>
                    {move || if sending.get() { texts.chat_sending } else { texts.chat_send }}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// The id of a message sent by the plain form (no JavaScript): minted when the page is rendered,
/// so submitting the same form twice stores the message once.
fn form_message_id() -> String {
    #[cfg(feature = "ssr")]
    {
        let mut random = [0u8; 16];
        if getrandom::fill(&mut random).is_ok() {
            return random.iter().map(|byte| format!("{byte:02x}")).collect();
        }
    }
    // In the browser the form is sent by `post_message` with its own id; this field is unused.
    String::new()
}

fn mint_id() -> String {
    web_sys::window().and_then(|window| window.crypto().ok()).map(|crypto| crypto.random_uuid()).unwrap_or_default()
}

/// The browser's `EventSource`, reopened with a growing pause after a failure.
#[cfg(feature = "hydrate")]
mod live {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::{TimeoutHandle, WindowListenerHandle, set_timeout_with_handle, window_event_listener_untyped};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::EventSource;

    use super::LiveState;

    /// Pauses before the 1st, 2nd, … reconnection attempt; the last one repeats.
    const BACKOFF_MS: [u64; 5] = [500, 1_000, 2_000, 4_000, 8_000];

    struct Spec {
        number: i64,
        last_id: Box<dyn Fn() -> i64>,
        on_news: Box<dyn Fn()>,
        on_state: Box<dyn Fn(LiveState)>,
    }

    struct Connection {
        spec: Rc<Spec>,
        source: Option<EventSource>,
        /// Kept alive as long as the source that calls them.
        handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
        retry: Option<TimeoutHandle>,
        failures: usize,
        online: Option<WindowListenerHandle>,
    }

    thread_local! {
        static CONNECTIONS: RefCell<HashMap<u64, Connection>> = RefCell::new(HashMap::new());
    }

    pub fn connect(
        key: u64,
        number: i64,
        last_id: impl Fn() -> i64 + 'static,
        on_news: impl Fn() + 'static,
        on_state: impl Fn(LiveState) + 'static,
    ) {
        let spec = Rc::new(Spec { number, last_id: Box::new(last_id), on_news: Box::new(on_news), on_state: Box::new(on_state) });
        // Back online: try at once instead of waiting for the pause to end.
        let online = window_event_listener_untyped("online", move |_| {
            let waiting = with_connection(key, |connection| connection.retry.take());
            if let Some(Some(retry)) = waiting {
                retry.clear();
                open(key);
            }
        });
        CONNECTIONS.with(|all| {
            all.borrow_mut().insert(
                key,
                Connection { spec, source: None, handlers: Vec::new(), retry: None, failures: 0, online: Some(online) },
            )
        });
        open(key);
    }

    pub fn disconnect(key: u64) {
        let removed = CONNECTIONS.with(|all| all.borrow_mut().remove(&key));
        if let Some(mut connection) = removed {
            close(&mut connection);
            if let Some(online) = connection.online.take() {
                online.remove();
            }
        }
    }

    fn with_connection<T>(key: u64, f: impl FnOnce(&mut Connection) -> T) -> Option<T> {
        CONNECTIONS.with(|all| all.borrow_mut().get_mut(&key).map(f))
    }

    fn close(connection: &mut Connection) {
        if let Some(source) = connection.source.take() {
            source.set_onopen(None);
            source.set_onmessage(None);
            source.set_onerror(None);
            source.close();
        }
        if let Some(retry) = connection.retry.take() {
            retry.clear();
        }
        // Never called from inside one of these handlers (see `on_error`), so dropping is safe.
        connection.handlers.clear();
    }

    /// Opens a stream that starts after the last message the page holds.
    fn open(key: u64) {
        let Some(spec) = with_connection(key, |connection| {
            close(connection);
            connection.spec.clone()
        }) else {
            return;
        };
        let url = format!("/api/requests/{}/events?after={}", spec.number, (spec.last_id)());
        let Ok(source) = EventSource::new(&url) else {
            schedule_retry(key);
            return;
        };
        let on_open = {
            let spec = spec.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
                with_connection(key, |connection| connection.failures = 0);
                (spec.on_state)(LiveState::Open);
                // Whatever arrived while there was no connection.
                (spec.on_news)();
            })
        };
        let on_message = {
            let spec = spec.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| (spec.on_news)())
        };
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            // Leave the handler first: `open` drops the closures of this source.
            let _ = set_timeout_with_handle(move || schedule_retry(key), Duration::ZERO);
        });
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        with_connection(key, |connection| {
            connection.source = Some(source);
            connection.handlers = vec![on_open, on_message, on_error];
        });
    }

    /// The browser would reconnect by itself, but with the `after` of the first connection and
    /// no pause control: close it and open a fresh one after the back-off pause.
    fn schedule_retry(key: u64) {
        let Some((spec, pause)) = with_connection(key, |connection| {
            close(connection);
            let pause = BACKOFF_MS[connection.failures.min(BACKOFF_MS.len() - 1)];
            connection.failures += 1;
            (connection.spec.clone(), pause)
        }) else {
            return;
        };
        (spec.on_state)(LiveState::Reconnecting);
        if let Ok(handle) = set_timeout_with_handle(move || open(key), Duration::from_millis(pause)) {
            with_connection(key, |connection| connection.retry = Some(handle));
        }
    }
}

/// On the server there is no live connection: the effect that calls this never runs there.
#[cfg(not(feature = "hydrate"))]
mod live {
    use super::LiveState;

    pub fn connect(
        _key: u64,
        _number: i64,
        _last_id: impl Fn() -> i64 + 'static,
        _on_news: impl Fn() + 'static,
        _on_state: impl Fn(LiveState) + 'static,
    ) {
    }

    pub fn disconnect(_key: u64) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: i64) -> ChatMessage {
        ChatMessage {
            id,
            system: None,
            author_name: Some("Иван Петров".into()),
            author_role: Some(AuthorRole::Client),
            body: format!("Сообщение {id}"),
            kind: domain::chat::MessageKind::User,
            created_at: chrono::DateTime::parse_from_rfc3339("2026-11-29T11:05:00Z").unwrap().to_utc(),
            time: "29.11.2026 14:05".into(),
            attachments: Vec::new(),
        }
    }

    #[test]
    fn merging_keeps_each_message_once_in_order() {
        let mut held = vec![message(1), message(3)];
        assert!(merge_messages(&mut held, vec![message(3), message(2), message(4), message(4)]));
        assert_eq!(held.iter().map(|m| m.id).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        assert!(!merge_messages(&mut held, vec![message(2)]));
        assert_eq!(held.len(), 4);
    }

    #[test]
    fn roles_and_system_lines_read_naturally() {
        use crate::i18n::Texts;
        let (ru, en) = (Texts::for_locale(domain::Locale::Ru), Texts::for_locale(domain::Locale::En));
        use domain::RequestStatus;
        assert_eq!(role_word(ru, Some(AuthorRole::Client)), "клиент");
        assert_eq!(role_word(ru, Some(AuthorRole::Support)), "поддержка");
        assert_eq!(role_word(ru, Some(AuthorRole::Manager)), "менеджер");
        let changed = SystemEvent::StatusChanged { from: RequestStatus::New, to: RequestStatus::InProgress };
        assert_eq!(system_text(ru, &changed), "Статус изменён: Новый → В работе");
        assert_eq!(system_text(en, &changed), "Status changed: New → In progress");
    }
}
