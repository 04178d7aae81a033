//! The request page's action panel: «Отписаться»/«Подписаться», «Поделиться»,
//! «Закрыть запрос», «Скачать в PDF», the reopen deadline of a resolved request and the rating. Everything is
//! loaded by one server function and reloaded after each action.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::request_actions::{
    Colleague, RequestActions, ShareInput, close_request, load_after_hydration, search_colleagues, set_subscription,
    share_request,
};
use crate::components::linked_request::LinkedRequests;
use crate::components::rating::RatingPanel;
use crate::i18n::use_texts;

/// The panel for request `number`; `on_change` lets the page refresh its card (status, people).
#[component]
pub fn RequestActionsPanel(number: i64, on_change: Callback<()>) -> impl IntoView {
    let version = RwSignal::new(0u32);
    let actions = load_after_hydration(number, version);
    let refresh = Callback::new(move |_: ()| {
        version.update(|v| *v += 1);
        on_change.run(());
    });
    view! { {move || actions.get().map(|actions| view! { <Panel actions refresh /> })} }
}

/// The lifecycle lines of «Информация»: «Можно возобновить, оставив комментарий, до 14:05
/// 12 марта» on a resolved request, the linked requests and «Создать связанный запрос».
#[component]
pub fn LifecycleInfo(number: i64) -> impl IntoView {
    let texts = use_texts().lifecycle();
    let actions = load_after_hydration(number, RwSignal::new(0));
    view! {
        {move || actions.get().map(|actions| view! {
            {actions.reopen_until.clone().map(|until| view! {
                <p class="reopen-notice" data-testid="reopen-notice">{(texts.reopen_until)(&until.time, until.day, until.month)}</p>
            })}
            <LinkedRequests actions />
        })}
    }
}

#[component]
fn Panel(actions: RequestActions, refresh: Callback<()>) -> impl IntoView {
    let texts = use_texts();
    let life = texts.lifecycle();
    let number = actions.number;
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let share_open = RwSignal::new(false);
    let close_open = RwSignal::new(false);
    let subscribed = actions.subscribed;

    let toggle_subscription = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match set_subscription(number, !subscribed).await {
                Ok(_) => refresh.run(()),
                Err(failure) => {
                    error.try_set(Some(failure.message(texts)));
                }
            }
            busy.try_set(false);
        });
    };
    let confirm_close = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match close_request(number).await {
                Ok(()) => {
                    close_open.try_set(false);
                    // The whole page changes (status, composer, rating): load it afresh.
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
                Err(failure) => {
                    close_open.try_set(false);
                    error.try_set(Some(failure.message(texts)));
                }
            }
            busy.try_set(false);
        });
    };

    let rating = actions.clone();
    view! {
        <section class="card request-actions" aria-labelledby="actions-title">
            <h2 class="card__title" id="actions-title">{life.actions_title}</h2>
            <div class="request-actions__buttons">
                {actions.can_subscribe.then(|| view! {
                    <button type="button" class="btn btn--secondary" data-testid="subscription" disabled=move || busy.get()
                        aria-pressed=if subscribed { "false" } else { "true" } on:click=toggle_subscription>
                        {if subscribed { life.unsubscribe } else { life.subscribe }}
                    </button>
                })}
                {actions.can_share.then(|| view! {
                    <button type="button" class="btn btn--secondary" data-testid="share" on:click=move |_| share_open.set(true)>
                        {life.share}
                    </button>
                })}
                // A plain download: `rel="external"` keeps the router from treating it as a page.
                <a class="btn btn--secondary" data-testid="download-pdf" rel="external" download
                    href=format!("/requests/{number}/pdf")>{life.download_pdf}</a>
                {actions.can_close.then(|| view! {
                    <button type="button" class="btn btn--danger" data-testid="close-request" on:click=move |_| close_open.set(true)>
                        {life.close}
                    </button>
                })}
            </div>
            {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
        </section>
        <RatingPanel actions=rating refresh />
        {move || share_open.get().then(|| view! { <ShareDialog number open=share_open refresh /> })}
        {move || close_open.get().then(|| view! {
            <div class="dialog-backdrop" on:click=move |_| close_open.set(false)>
                <div class="dialog dialog--open" role="dialog" aria-modal="true" aria-labelledby="close-title"
                    on:click=|event| event.stop_propagation()>
                    <h2 class="dialog__title" id="close-title">{life.close_title}</h2>
                    <p class="dialog__body">{life.close_text}</p>
                    <div class="dialog__actions">
                        <button type="button" class="btn btn--secondary" on:click=move |_| close_open.set(false)>{texts.cancel}</button>
                        <button type="button" class="btn btn--danger" data-testid="confirm-close" disabled=move || busy.get()
                            on:click=confirm_close>{life.close_confirm}</button>
                    </div>
                </div>
            </div>
        })}
    }
}

/// «Поделиться»: search colleagues of the organization by name or e-mail, tick, add.
#[component]
fn ShareDialog(number: i64, open: RwSignal<bool>, refresh: Callback<()>) -> impl IntoView {
    let texts = use_texts();
    let life = texts.lifecycle();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<Colleague>::new());
    let chosen = RwSignal::new(Vec::<i32>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let search = move || {
        let text = query.get_untracked();
        spawn_local(async move {
            match search_colleagues(number, text).await {
                Ok(people) => {
                    found.try_set(people);
                }
                Err(failure) => {
                    error.try_set(Some(failure.message(texts)));
                }
            }
        });
    };
    search();
    let submit = move |_| {
        let user_ids = chosen.get_untracked();
        if user_ids.is_empty() {
            error.set(Some(life.share_choose.to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match share_request(ShareInput { number, user_ids }).await {
                Ok(_) => {
                    open.try_set(false);
                    refresh.run(());
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
            <div class="dialog dialog--open" role="dialog" aria-modal="true" aria-labelledby="share-title"
                on:click=|event| event.stop_propagation()>
                <h2 class="dialog__title" id="share-title">{life.share_title}</h2>
                <div class="dialog__body">
                    <input class="input" type="search" data-testid="share-search" aria-label=life.share_search
                        placeholder=life.share_search prop:value=move || query.get()
                        on:input=move |event| { query.set(event_target_value(&event)); search(); } />
                    <ul class="share-list">
                        {move || {
                            let people = found.get();
                            if people.is_empty() {
                                return view! { <li class="muted">{life.share_nobody_found}</li> }.into_any();
                            }
                            people.into_iter().map(|person| {
                                let id = person.user_id;
                                view! {
                                    <li class="share-list__item">
                                        <label class="checkbox">
                                            <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                                on:change=move |_| chosen.update(|c| if let Some(at) = c.iter().position(|x| *x == id) { c.remove(at); } else { c.push(id); }) />
                                            <span>{person.display_name}" "<span class="muted">{person.email}</span></span>
                                        </label>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }}
                    </ul>
                    {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                </div>
                <div class="dialog__actions">
                    <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{texts.cancel}</button>
                    <button type="button" class="btn btn--primary" data-testid="share-add" disabled=move || busy.get() on:click=submit>
                        {life.share_add}
                    </button>
                </div>
            </div>
        </div>
    }
}
