//! Suggestions under «Тема запроса»: knowledge-base articles and resolved requests of the user's
//! organization that match what is being typed, so a customer may find the answer before asking.
//!
//! Timing: the query goes out 120 ms after the last keystroke (3 characters at least). Every query
//! gets a sequence number, and an answer that arrives after a newer query was started is dropped,
//! so a slow answer never replaces the list of what the user typed later. A failed search keeps
//! the panel quiet (the server logs it).
//!
//! Keyboard: the panel listens to the keys of the subject field (the field itself belongs to the
//! form): ↓/↑ move through the suggestions, Enter opens one, Escape hides the panel. An article
//! opens in a side panel on top of the form, so everything typed stays where it was.

use std::time::Duration;

use leptos::leptos_dom::helpers::{TimeoutHandle, set_timeout_with_handle, window_event_listener};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::api::kb::{get_article, record_deflection, suggest_solutions};
use crate::components::kb_article::ArticleContent;
use crate::components::page::{ErrorAlert, Loading};
use crate::i18n::use_texts;
use domain::kb::{MIN_QUERY_CHARS, Span, Suggestions};

/// Pause after the last keystroke before asking the server.
const DEBOUNCE: Duration = Duration::from_millis(120);
/// The list's element id, referenced by the subject field's `aria-controls`.
const LIST_ID: &str = "kb-suggestions";

fn item_id(index: usize) -> String {
    format!("kb-suggestion-{index}")
}

/// What the panel shows; `query` is the text the results belong to.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    query: String,
    suggestions: Suggestions,
}

impl Shown {
    fn len(&self) -> usize {
        self.suggestions.articles.len() + self.suggestions.requests.len()
    }
}

fn render_spans(spans: Vec<Span>) -> impl IntoView {
    spans
        .into_iter()
        .map(|span| if span.highlighted { view! { <mark>{span.text}</mark> }.into_any() } else { span.text.into_any() })
        .collect_view()
}

/// `input_id`: the subject field whose text is `subject` and whose keys drive the panel.
/// `leave_path`: where «Это решило мою проблему» goes, the same place as the form's «Отмена».
#[component]
pub fn SuggestionsPanel(
    #[prop(into)] subject: Signal<String>,
    #[prop(into)] product: Signal<Option<i32>>,
    #[prop(into)] version: Signal<Option<i32>>,
    input_id: &'static str,
    leave_path: &'static str,
) -> impl IntoView {
    let texts = use_texts();
    let shown = RwSignal::new(None::<Shown>);
    // The text of the newest answer, whatever it held (the browser benchmark waits for it).
    let answered = RwSignal::new(String::new());
    let dismissed = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let opened = RwSignal::new(None::<i32>);
    let sequence = StoredValue::new(0u64);
    let pending_timer = StoredValue::new(None::<TimeoutHandle>);

    // Effects run in the browser only, which is where the timer and the calls belong.
    Effect::new(move |_| {
        let text = subject.get().trim().to_owned();
        let (product_id, version_id) = (product.get(), version.get());
        let current = sequence.get_value() + 1;
        sequence.set_value(current);
        if let Some(timer) = pending_timer.get_value() {
            timer.clear();
        }
        dismissed.set(false);
        active.set(None);
        if text.chars().count() < MIN_QUERY_CHARS {
            pending_timer.set_value(None);
            shown.set(None);
            return;
        }
        let timer = set_timeout_with_handle(
            move || {
                spawn_local(async move {
                    let answer = suggest_solutions(text.clone(), product_id, version_id).await;
                    if sequence.get_value() != current {
                        return; // the user typed on meanwhile: this answer is stale
                    }
                    answered.set(text.clone());
                    match answer {
                        Ok(suggestions) if !suggestions.search_failed => shown.set(Some(Shown { query: text, suggestions })),
                        // Quiet on failure: the form works without suggestions.
                        _ => shown.set(None),
                    }
                });
            },
            DEBOUNCE,
        );
        pending_timer.set_value(timer.ok());
    });

    let visible = Memo::new(move |_| !dismissed.get() && shown.read().as_ref().is_some_and(|s| s.len() > 0));
    let article_count =
        Memo::new(move |_| if visible.get() { shown.read().as_ref().map_or(0, |s| s.suggestions.articles.len()) } else { 0 });

    let open_item = move |index: usize| {
        let Some(shown) = shown.get_untracked() else { return };
        if let Some(article) = shown.suggestions.articles.get(index) {
            opened.set(Some(article.id));
        } else if let Some(element) =
            document().get_element_by_id(&item_id(index)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            element.click(); // a similar request: its link opens in a new tab
        }
    };

    // The keys of the subject field. A window listener, because the field is the form's element.
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        let from_subject = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|element| element.id() == input_id);
        if !from_subject || opened.get_untracked().is_some() {
            return;
        }
        let count = shown.with_untracked(|s| s.as_ref().map_or(0, Shown::len));
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                dismissed.set(false);
                active.set(Some(active.get_untracked().map_or(0, |i| (i + 1).min(count - 1))));
            }
            "ArrowUp" if visible.get_untracked() => {
                event.prevent_default();
                active.set(active.get_untracked().and_then(|i| i.checked_sub(1)));
            }
            // Enter opens the chosen suggestion instead of submitting the form.
            "Enter" if visible.get_untracked() => {
                if let Some(index) = active.get_untracked() {
                    event.prevent_default();
                    open_item(index);
                }
            }
            "Escape" if visible.get_untracked() => {
                event.prevent_default();
                dismissed.set(true);
                active.set(None);
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    // The field points at the list and at the chosen item, so screen readers follow the arrows.
    Effect::new(move |_| {
        let chosen = active.get().filter(|_| visible.get()).map(item_id);
        if let Some(field) = document().get_element_by_id(input_id) {
            let _ = field.set_attribute("aria-controls", LIST_ID);
            let _ = match chosen {
                Some(id) => field.set_attribute("aria-activedescendant", &id),
                None => field.remove_attribute("aria-activedescendant"),
            };
        }
    });

    let close_article = Callback::new(move |()| {
        opened.set(None);
        if let Some(field) = document().get_element_by_id(input_id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = field.focus();
        }
    });

    view! {
        <div class="suggestions" data-answered=move || answered.get()>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || match article_count.get() {
                    0 => String::new(),
                    n => (texts.suggestions_found)(n as u64),
                }}
            </p>
            {move || visible.get().then(|| {
                let Shown { query, suggestions } = shown.get().unwrap_or_else(|| Shown { query: String::new(), suggestions: Suggestions::default() });
                let article_total = suggestions.articles.len();
                let articles = suggestions.articles.into_iter().enumerate().map(|(index, article)| {
                    let id = article.id;
                    view! {
                        <li>
                            <button type="button" class="suggestion" id=item_id(index) tabindex="-1"
                                class:suggestion--active=move || active.get() == Some(index)
                                aria-selected=move || if active.get() == Some(index) { "true" } else { "false" }
                                on:mouseenter=move |_| active.set(Some(index))
                                on:click=move |_| opened.set(Some(id))>
                                <span class="suggestion__title">{render_spans(article.title)}</span>
                                <span class="suggestion__snippet">{render_spans(article.snippet)}</span>
                                {article.product_name.map(|name| view! { <span class="suggestion__scope">{name}</span> })}
                            </button>
                        </li>
                    }
                }).collect_view();
                let requests = (!suggestions.requests.is_empty()).then(|| {
                    let items = suggestions.requests.into_iter().enumerate().map(|(offset, request)| {
                        let index = article_total + offset;
                        view! {
                            <li>
                                <a class="suggestion suggestion--request" id=item_id(index) tabindex="-1"
                                    href=format!("/requests/my?q={}", request.number) target="_blank" rel="noopener"
                                    class:suggestion--active=move || active.get() == Some(index)
                                    aria-selected=move || if active.get() == Some(index) { "true" } else { "false" }
                                    on:mouseenter=move |_| active.set(Some(index))>
                                    <span class="suggestion__number">{(texts.similar_request_number)(request.number)}</span>
                                    <span class="suggestion__title">{render_spans(request.subject)}</span>
                                    <span class=format!("badge badge--{}", request.status.as_str())>{texts.status(request.status)}</span>
                                </a>
                            </li>
                        }
                    }).collect_view();
                    view! {
                        <h3 class="suggestions__group" id="kb-suggestions-requests">{texts.similar_requests_title}</h3>
                        <ul class="suggestions__list" aria-labelledby="kb-suggestions-requests">{items}</ul>
                    }
                });
                view! {
                    <section class="suggestions__panel" id=LIST_ID aria-labelledby="kb-suggestions-title" data-query=query>
                        <div class="suggestions__header">
                            <h2 class="suggestions__title" id="kb-suggestions-title">{texts.suggestions_title}</h2>
                            <span class="suggestions__keys" aria-hidden="true">{texts.suggestions_keys}</span>
                        </div>
                        {(article_total > 0).then(|| view! {
                            <ul class="suggestions__list" aria-labelledby="kb-suggestions-title">{articles}</ul>
                        })}
                        {requests}
                    </section>
                }
            })}
            {move || opened.get().map(|id| view! { <ArticlePanel id on_close=close_article leave_path /> })}
        </div>
    }
}

/// The article in a side panel over the form. «Это решило мою проблему» records that the article
/// helped and leaves the form the way «Отмена» does.
#[component]
fn ArticlePanel(id: i32, on_close: Callback<()>, leave_path: &'static str) -> impl IntoView {
    let texts = use_texts();
    let article = LocalResource::new(move || get_article(id));
    let navigate = use_navigate();
    let solved = Action::new_local(move |_: &()| record_deflection(id));
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| match solved.value().get() {
        Some(Ok(())) => navigate(leave_path, Default::default()),
        Some(Err(error)) => failure.set(Some(error.message(texts))),
        None => {}
    });
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            on_close.run(());
        }
    };
    view! {
        <div class="side-panel-backdrop" on:click=move |_| on_close.run(())></div>
        <aside class="side-panel" role="dialog" aria-modal="true" aria-labelledby="kb-panel-title" on:keydown=on_keydown>
            <div class="side-panel__header">
                <button class="btn btn--ghost btn--small side-panel__close" type="button" node_ref=close_button
                    aria-label=texts.article_close on:click=move |_| on_close.run(())>
                    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
                        <path d="M5 5l10 10M15 5L5 15" />
                    </svg>
                </button>
            </div>
            <div class="side-panel__body">
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match article.await {
                            Ok(article) => view! { <ArticleContent article heading_id="kb-panel-title" /> }.into_any(),
                            Err(error) => view! {
                                <h1 class="kb-article__title" id="kb-panel-title">{texts.kb_article_not_found_title}</h1>
                                <ErrorAlert message=error.message(texts) />
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
            {move || failure.get().map(|message| view! { <div class="alert alert--error side-panel__alert" role="alert">{message}</div> })}
            <div class="side-panel__actions">
                <button class="btn btn--ghost" type="button" on:click=move |_| on_close.run(())>{texts.article_back_to_form}</button>
                <button class="btn btn--primary" type="button" disabled=move || solved.pending().get()
                    on:click=move |_| { solved.dispatch(()); }>
                    {texts.article_solved}
                </button>
            </div>
        </aside>
    }
}
