//! «Создать связанный запрос» on a closed request: the form asks for the additional information
//! and optional files, the server copies type, product parameters and the subject «Связан с № N»
//! (not the chat), and a dialog shows the new number. Also lists the links in «Информация».

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::request_actions::{LinkedInput, RequestActions, create_linked_request, load_after_hydration};
use crate::components::attachments::AttachmentsPanel;
use crate::i18n::use_texts;
use domain::attachment::AttachmentInfo;

#[component]
pub fn LinkedRequests(actions: RequestActions) -> impl IntoView {
    let life = use_texts().lifecycle();
    let number = actions.number;
    let open = RwSignal::new(false);
    let created = RwSignal::new(None::<i64>);
    view! {
        {actions.continues.map(|other| view! {
            <p class="linked-request" data-testid="continues">
                {life.linked_continues}" "<a href=format!("/requests/{other}")>{format!("№ {other}")}</a>
            </p>
        })}
        {(!actions.continued_by.is_empty()).then(|| view! {
            <p class="linked-request" data-testid="continued-by">
                {life.linked_continued_by}" "
                {actions.continued_by.iter().map(|other| view! { <a href=format!("/requests/{other}")>{format!("№ {other}")}</a>" " }).collect_view()}
            </p>
        })}
        {actions.can_link.then(|| view! {
            <button type="button" class="btn btn--secondary" data-testid="create-linked" on:click=move |_| open.set(true)>
                {life.linked_create}
            </button>
        })}
        <LinkedDialogs number open created />
    }
}

/// The form dialog while `open`, then «Создан запрос № N» once `created` holds the new number.
#[component]
fn LinkedDialogs(number: i64, open: RwSignal<bool>, created: RwSignal<Option<i64>>) -> impl IntoView {
    let life = use_texts().lifecycle();
    view! {
        {move || open.get().then(|| view! { <LinkedForm number open created /> })}
        {move || created.get().map(|new_number| view! {
            <div class="dialog-backdrop">
                <div class="dialog dialog--open" role="dialog" aria-modal="true" aria-labelledby="linked-created-title">
                    <h2 class="dialog__title" id="linked-created-title">{(life.linked_created)(new_number)}</h2>
                    <div class="dialog__actions">
                        <a class="btn btn--primary" href=format!("/requests/{new_number}")>{life.linked_open}</a>
                    </div>
                </div>
            </div>
        })}
    }
}

/// Stands in for the chat composer on a closed request. Without JavaScript it is still the plain
/// message form, so a post gets the server's «Запрос закрыт» refusal; in the browser, trying to
/// write (focus, click or send) opens «Создать связанный запрос» instead, for those who may
/// create one (a customer of the organization) — everyone else just reads the notice.
#[component]
pub fn ClosedComposer(number: i64) -> impl IntoView {
    let texts = use_texts();
    let life = texts.lifecycle();
    let actions = load_after_hydration(number, RwSignal::new(0));
    let can_link = move || actions.with(|loaded| loaded.as_ref().is_some_and(|a| a.can_link));
    let open = RwSignal::new(false);
    let created = RwSignal::new(None::<i64>);
    let offer = move || {
        if can_link() {
            open.set(true);
        }
    };
    view! {
        <form class="composer composer--closed" method="post" action=format!("/requests/{number}/messages") data-testid="closed-composer"
            on:submit=move |event| {
                event.prevent_default();
                offer();
            }>
            <p class="composer__closed-notice" id="closed-composer-notice">{life.closed_composer}</p>
            <div class="field">
                <label class="field__label" for="chat-message">{texts.chat_message_label}</label>
                <textarea class="textarea composer__text" id="chat-message" name="body" rows="2"
                    aria-describedby="closed-composer-notice" on:focus=move |_| offer() on:click=move |_| offer()></textarea>
            </div>
            <div class="composer__actions">
                {move || can_link().then(|| view! {
                    <button type="button" class="btn btn--primary" data-testid="closed-create-linked" on:click=move |_| open.set(true)>
                        {life.linked_create}
                    </button>
                })}
            </div>
        </form>
        <LinkedDialogs number open created />
    }
}

#[component]
fn LinkedForm(number: i64, open: RwSignal<bool>, created: RwSignal<Option<i64>>) -> impl IntoView {
    let texts = use_texts();
    let life = texts.lifecycle();
    let info = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let uploaded = RwSignal::new(Vec::<AttachmentInfo>::new());
    let uploading = RwSignal::new(false);
    let key = StoredValue::new(mint_key());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if let Err(code) = domain::lifecycle::linked::validate_info(&info.get_untracked()) {
            error.set(Some(texts.validation_message(code).to_owned()));
            return;
        }
        if uploading.get_untracked() {
            error.set(Some(texts.chat_wait_uploads.to_owned()));
            return;
        }
        busy.set(true);
        error.set(None);
        let attachment_ids = uploaded.with_untracked(|files| files.iter().map(|file| file.id).collect());
        let input = LinkedInput { number, info: info.get_untracked(), idempotency_key: key.get_value(), attachment_ids };
        spawn_local(async move {
            match create_linked_request(input).await {
                Ok(new_number) => {
                    open.try_set(false);
                    created.try_set(Some(new_number));
                }
                Err(failure) => {
                    error.try_set(Some(failure.message(texts)));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| open.set(false)>
            <form class="dialog dialog--open" method="post" role="dialog" aria-modal="true" aria-labelledby="linked-title" novalidate
                on:click=|event| event.stop_propagation() on:submit=submit>
                <h2 class="dialog__title" id="linked-title">{life.linked_create}</h2>
                <div class="dialog__body">
                    <p class="muted">{(life.linked_hint)(number)}</p>
                    <label class="field">
                        <span class="field__label">{life.linked_info}</span>
                        <textarea class="input" rows="5" maxlength="10000" data-testid="linked-info"
                            prop:value=move || info.get() on:input=move |event| info.set(event_target_value(&event))></textarea>
                    </label>
                    <div class="field">
                        <span class="field__label">{texts.attachments_label}</span>
                        <AttachmentsPanel uploaded uploading />
                    </div>
                    {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                </div>
                <div class="dialog__actions">
                    <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{texts.cancel}</button>
                    <button type="submit" class="btn btn--primary" data-testid="linked-submit"
                        disabled=move || busy.get() || uploading.get()>{life.linked_submit}</button>
                </div>
            </form>
        </div>
    }
}

/// A fresh idempotency key per opened form, so a double submit creates one request.
fn mint_key() -> String {
    web_sys::window().and_then(|window| window.crypto().ok()).map(|crypto| crypto.random_uuid()).unwrap_or_default()
}
