//! «Запрос № N» (`/requests/{number}`): the request's details, description and files, its
//! participants, the chat, and for staff the work controls (take, assign, change the status).
//!
//! The whole page, history included, is rendered on the server, so it reads (and the chat form
//! posts) without JavaScript. The details are reloaded when a system line arrives in the chat,
//! which is how a status change made by someone else shows up without a reload.

use domain::RequestStatus;
use domain::request_view::ParticipantKind;
use domain::validation::Code;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::request_page::{
    Participant, RequestCard, assign_request, change_status, fetch_request_card, load_request_page, take_request,
};
use crate::components::chat::{AttachmentLinks, Chat};
use crate::components::linked_text::LinkedText;
use crate::components::page::{ErrorAlert, Loading};
use crate::components::request_actions::{LifecycleInfo, RequestActionsPanel};
use crate::error::AppError;
use crate::i18n::{Texts, use_texts};
use crate::pages::not_found::ForbiddenPage;

/// The number in the address, when it is one.
fn parse_number(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|number| *number > 0)
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let texts = use_texts();
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("number").as_deref().and_then(parse_number));
    let page = Resource::new(
        move || number.get(),
        |number| async move {
            match number {
                Some(number) => load_request_page(number).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => view! { <Loaded card=data.card messages=data.messages /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <ForbiddenPage /> }.into_any(),
                    Err(AppError::NotFound) => view! { <RequestNotFound /> }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Shown for a number that does not exist and for a request of another organization alike, so
/// the page does not tell which numbers exist. The server answered 404.
#[component]
fn RequestNotFound() -> impl IntoView {
    let texts = use_texts();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=texts.request_not_found_title />
        <section class="not-found">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1 class="not-found__title">{texts.request_not_found_title}</h1>
            <p class="not-found__text">{texts.request_not_found_text}</p>
            <a class="btn btn--primary" href="/">{texts.go_home}</a>
        </section>
    }
}

#[component]
fn Loaded(card: RequestCard, messages: Vec<crate::api::request_page::ChatMessage>) -> impl IntoView {
    let texts = use_texts();
    let number = card.details.number;
    let can_post = card.details.can_post;
    let closed = card.details.status == RequestStatus::Closed;
    let card = RwSignal::new(card);
    let reload = Callback::new(move |_: ()| {
        spawn_local(async move {
            if let Ok(fresh) = fetch_request_card(number).await {
                card.try_set(fresh);
            }
        });
    });
    let query = use_query_map();
    // The no-JavaScript form comes back here with `?chat_error=<code>` when the message was refused.
    let chat_error = move || {
        query.read().get("chat_error").map(|code| match Code::parse(&code) {
            Some(code) => texts.validation_message(code),
            None if code == "internal" => texts.internal_error,
            None => texts.invalid_input,
        })
    };
    let description = card.with_untracked(|c| c.details.description.clone());
    let files = card.with_untracked(|c| c.details.attachments.clone());

    view! {
        <Title text=(texts.request_title)(number) />
        <div class="page__header request-header">
            <div>
                <h1 class="page__title">
                    {(texts.request_title)(number)}
                    " "
                    {move || card.with(|c| {
                        let status = c.details.status;
                        view! { <span class=format!("badge badge--{}", status.as_str()) data-testid="request-status">{texts.status(status)}</span> }
                    })}
                </h1>
                <p class="page__subtitle request-header__subject">{move || card.with(|c| c.details.subject.clone())}</p>
            </div>
        </div>
        <div class="request-layout">
            <div class="request-layout__main">
                <section class="card" aria-labelledby="description-title">
                    <h2 class="card__title" id="description-title">{texts.description_label}</h2>
                    <p class="request-description"><LinkedText text=description /></p>
                    {(!files.is_empty()).then(|| view! {
                        <h3 class="request-section-title">{texts.attachments_label}</h3>
                        <AttachmentLinks attachments=files />
                    })}
                </section>
                {move || chat_error().map(|message| view! { <ErrorAlert message /> })}
                <Chat number initial=messages can_post closed on_system_line=reload />
            </div>
            <aside class="request-layout__side">
                <Details card />
                {move || card.with(|c| c.details.allowed_statuses.len() + usize::from(c.details.can_take) + usize::from(c.details.can_assign) > 0)
                    .then(|| view! { <StaffControls card reload /> })}
                // Subscription, sharing, closing and the rating.
                <RequestActionsPanel number on_change=reload />
                <Participants card />
                <Information card />
            </aside>
        </div>
    }
}

/// Terms and their values; a term without a value is left out.
fn facts(rows: Vec<(&'static str, Option<String>)>) -> impl IntoView + use<> {
    let rows: Vec<_> = rows.into_iter().filter_map(|(term, value)| value.map(|value| (term, value))).collect();
    view! {
        <dl class="facts">
            {rows.into_iter().map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> }).collect_view()}
        </dl>
    }
}

#[component]
fn Details(card: RwSignal<RequestCard>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <section class="card request-facts" aria-labelledby="details-title">
            <h2 class="card__title" id="details-title">{texts.request_details}</h2>
            {move || card.with(|card| {
                let d = &card.details;
                let classification = (!d.classification_path.is_empty()).then(|| d.classification_path.join(" / "));
                facts(vec![
                    (texts.column_kind, Some(texts.kind_short(d.kind).to_owned())),
                    (texts.column_status, Some(texts.status(d.status).to_owned())),
                    (texts.column_organization, Some(d.organization_name.clone())),
                    (texts.product_label, d.product_name.clone()),
                    (texts.version_label, d.version_name.clone()),
                    (texts.update_label, d.update_name.clone()),
                    (texts.certificate_label, d.certificate_number.clone()),
                    (texts.classification_label, classification),
                    (texts.request_author, Some(d.author_name.clone().unwrap_or_else(|| texts.no_author.to_owned()))),
                ])
            })}
        </section>
    }
}

fn participant_kind(texts: &'static Texts, kind: ParticipantKind) -> &'static str {
    match kind {
        ParticipantKind::Initiator => texts.participant_initiator,
        ParticipantKind::Shared => texts.participant_shared,
        ParticipantKind::Responsible => texts.participant_responsible,
    }
}

#[component]
fn Participants(card: RwSignal<RequestCard>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <section class="card" aria-labelledby="participants-title">
            <h2 class="card__title" id="participants-title">{texts.participants_title}</h2>
            {move || card.with(|card| {
                let people = card.details.participants.clone();
                if people.is_empty() {
                    return view! { <p class="muted">{texts.participants_none}</p> }.into_any();
                }
                view! {
                    <ul class="participants">
                        {people.into_iter().map(|person: Participant| view! {
                            <li class="participants__item">
                                <span class="participants__name">{person.display_name}</span>
                                <span class="participants__kind">{participant_kind(texts, person.kind)}" · "{texts.role(person.role)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn Information(card: RwSignal<RequestCard>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <section class="card request-facts" aria-labelledby="information-title">
            <h2 class="card__title" id="information-title">{texts.information_title}</h2>
            {move || card.with(|card| {
                let d = &card.details;
                let assignee = d.assignee.as_ref().map(|p| p.display_name.clone()).unwrap_or_else(|| texts.not_assigned.to_owned());
                facts(vec![
                    (texts.column_number, Some(d.number.to_string())),
                    (texts.column_created, Some(card.created.clone())),
                    (texts.column_updated, Some(card.updated.clone())),
                    (texts.assignee_label, Some(assignee)),
                ])
            })}
            // The reopen deadline, linked requests, «Создать связанный запрос».
            <LifecycleInfo number=card.with_untracked(|c| c.details.number) />
        </section>
    }
}

/// «Взять в работу», «Назначить», «Статус» for engineers and managers. Each change comes back
/// to everyone as a system line in the chat.
#[component]
fn StaffControls(card: RwSignal<RequestCard>, reload: Callback<()>) -> impl IntoView {
    let texts = use_texts();
    let number = card.with_untracked(|c| c.details.number);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let chosen_status = RwSignal::new(String::new());
    let chosen_assignee = RwSignal::new(String::new());

    let run = move |action: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>>>>| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match action.await {
                Ok(()) => reload.run(()),
                Err(failure) => {
                    error.try_set(Some(failure.message(texts)));
                }
            }
            busy.try_set(false);
        });
    };

    view! {
        <section class="card staff-controls" aria-labelledby="work-title">
            <h2 class="card__title" id="work-title">{texts.work_title}</h2>
            {move || card.with(|c| c.details.can_take).then(|| view! {
                <button class="btn btn--primary staff-controls__take" type="button" disabled=move || busy.get()
                    on:click=move |_| run(Box::pin(take_request(number)))>
                    {texts.take_request}
                </button>
            })}
            {move || card.with(|c| !c.details.allowed_statuses.is_empty()).then(|| {
                let statuses: Vec<RequestStatus> = card.with_untracked(|c| c.details.allowed_statuses.clone());
                view! {
                    <div class="field">
                        <label class="field__label" for="status-change">{texts.column_status}</label>
                        <div class="inline-control">
                            <select class="select" id="status-change" on:change=move |event| chosen_status.set(event_target_value(&event))>
                                <option value="">{texts.choose_placeholder}</option>
                                {statuses.into_iter().map(|status| view! { <option value=status.as_str()>{texts.status(status)}</option> }).collect_view()}
                            </select>
                            <button class="btn btn--secondary" type="button" disabled=move || busy.get()
                                on:click=move |_| {
                                    let status = chosen_status.get_untracked();
                                    if status.is_empty() {
                                        error.set(Some(texts.choose_status.to_owned()));
                                        return;
                                    }
                                    chosen_status.set(String::new());
                                    run(Box::pin(change_status(number, status)))
                                }>
                                {texts.change_status}
                            </button>
                        </div>
                    </div>
                }
            })}
            {move || card.with(|c| c.details.can_assign).then(|| {
                let options = card.with_untracked(|c| c.assignees.clone()).into_iter().map(|person| view! {
                    <option value=person.user_id.to_string()>{person.display_name}</option>
                }).collect_view();
                view! {
                <div class="field">
                    <label class="field__label" for="assignee">{texts.assign_label}</label>
                    <div class="inline-control">
                        <select class="select" id="assignee" on:change=move |event| chosen_assignee.set(event_target_value(&event))>
                            <option value="">{texts.choose_placeholder}</option>
                            {options}
                        </select>
                        <button class="btn btn--secondary" type="button" disabled=move || busy.get()
                            on:click=move |_| {
                                match chosen_assignee.get_untracked().parse::<i32>() {
                                    Ok(id) => run(Box::pin(assign_request(number, id))),
                                    Err(_) => error.set(Some(texts.choose_assignee.to_owned())),
                                }
                            }>
                            {texts.assign_button}
                        </button>
                    </div>
                </div>
                }
            })}
            {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn only_positive_numbers_open_a_request() {
        assert_eq!(parse_number("1001"), Some(1001));
        assert_eq!(parse_number("my"), None);
        assert_eq!(parse_number("-5"), None);
        assert_eq!(parse_number("1001abc"), None);
    }
}
