//! Drafts in the request form: restoring a draft, autosave, the page-hide save, the
//! «Черновик сохранён в 14:05» line and the «Сохранить черновик?» dialog on leaving.
//!
//! Autosave: every change is written to the browser's copy at once (see
//! `components::draft_sync`) and sent to the server 1.5 s after typing stops, one save at a
//! time; a failed save is retried every few seconds, so at most the last ~3 s of typing wait
//! for the server, and nothing is lost while it is away. When the page is hidden or closed the
//! state goes out with `fetch(…, {keepalive: true})`, which outlives the page.

use domain::validation::Code;
use std::time::Duration;

use domain::RequestKind;
use domain::draft::DraftForm;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{RequestForm, Tab};
use crate::api::drafts::{discard_draft, open_draft};
use crate::api::requests::{CreatedRequest, FormOptions, NewRequestInput};
use crate::auth::use_auth;
use crate::components::draft_sync::{self, RETRY_INTERVAL_MS, SendOutcome};
use crate::components::page::{ErrorAlert, Loading};
use crate::error::AppError;
use crate::i18n::use_texts;
use domain::attachment::AttachmentInfo;
use domain::draft::OpenedDraft;

/// How long typing must pause before the form is sent to the server.
const DEBOUNCE_MS: u64 = 1_500;

/// `/requests/new?draft=<id>`: loads the draft, then shows the form as it was left.
#[component]
pub(super) fn FromDraft(id: i32, options: Result<FormOptions, AppError>) -> impl IntoView {
    let texts = use_texts();
    let opened = Resource::new(move || id, open_draft);
    let options = StoredValue::new(options);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (opened.await, options.get_value()) {
                    (Ok(draft), Ok(options)) => match draft.form.kind() {
                        Some(kind) => view! { <RequestForm kind options renewal=false restored=draft /> }.into_any(),
                        None => view! { <ErrorAlert message=texts.draft().open_failed /> }.into_any(),
                    },
                    (Err(error), _) | (_, Err(error)) => view! {
                        <ErrorAlert message=format!("{}: {}", texts.draft().open_failed, error.message(texts)) />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The form's signals, as drafts see them.
#[derive(Clone, Copy)]
pub(super) struct FormFields {
    pub kind: RequestKind,
    pub tab: RwSignal<Tab>,
    pub product: RwSignal<Option<i32>>,
    pub version: RwSignal<Option<i32>>,
    pub update: RwSignal<Option<i32>>,
    pub certificate: RwSignal<Option<i32>>,
    pub classification: RwSignal<Option<i32>>,
    pub subject: RwSignal<String>,
    pub description: RwSignal<String>,
    pub attachments: RwSignal<Vec<AttachmentInfo>>,
    pub idempotency_key: RwSignal<String>,
}

fn tab_code(tab: Tab) -> &'static str {
    match tab {
        Tab::Parameters => "parameters",
        Tab::Description => "description",
        Tab::Attachments => "attachments",
    }
}

fn tab_of_code(code: &str) -> Option<Tab> {
    match code {
        "parameters" => Some(Tab::Parameters),
        "description" => Some(Tab::Description),
        "attachments" => Some(Tab::Attachments),
        _ => None,
    }
}

impl FormFields {
    /// The form as it stands (tracked: an effect reading it reruns on every change).
    fn snapshot(&self) -> DraftForm {
        DraftForm {
            kind: self.kind.as_str().to_owned(),
            subject: self.subject.get(),
            description: self.description.get(),
            product_id: self.product.get(),
            version_id: self.version.get(),
            update_id: self.update.get(),
            certificate_id: self.certificate.get(),
            classification_id: self.classification.get(),
            idempotency_key: self.idempotency_key.get(),
            attachment_ids: self.attachments.with(|list| list.iter().map(|a| a.id).collect()),
            tab: tab_code(self.tab.get()).to_owned(),
            revision: 0,
        }
    }

    fn snapshot_untracked(&self) -> DraftForm {
        untrack(|| self.snapshot())
    }

    /// Puts a stored draft back into the form, uploads and tab included.
    pub fn restore(&self, draft: &OpenedDraft) {
        let form = &draft.form;
        self.subject.set(form.subject.clone());
        self.description.set(form.description.clone());
        self.product.set(form.product_id);
        self.version.set(form.version_id);
        self.update.set(form.update_id);
        self.certificate.set(form.certificate_id);
        self.classification.set(form.classification_id);
        self.idempotency_key.set(form.idempotency_key.clone());
        self.attachments.set(draft.attachments.clone());
        if let Some(tab) = tab_of_code(&form.tab) {
            self.tab.set(tab);
        }
    }
}

/// What the user typed, without what only describes the form (key, tab, revision).
fn content_of(form: &DraftForm) -> DraftForm {
    DraftForm { idempotency_key: String::new(), tab: String::new(), revision: 0, ..form.clone() }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum SaveState {
    Nothing,
    Saving,
    Saved(String),
    LocalOnly,
    /// The server refused the draft or the request's link to it; the sentence says why.
    Problem(String),
}

/// The autosave of one open form.
#[derive(Clone, Copy)]
pub(super) struct Autosave {
    fields: FormFields,
    user_id: i32,
    locale: domain::Locale,
    state: RwSignal<SaveState>,
    draft_id: RwSignal<Option<i32>>,
    /// The form as it was opened; leaving it unchanged asks nothing.
    initial: StoredValue<DraftForm>,
    /// The request was created, or the user chose «Не сохранять»: nothing more is saved.
    stopped: RwSignal<bool>,
    /// A submission is under way.
    paused: RwSignal<bool>,
    /// Changed since the server last confirmed a save.
    dirty: StoredValue<bool>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
    /// Counts finished rounds of saving (a round ends when no newer state waits to be sent).
    rounds: RwSignal<u32>,
    timer: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>>,
}

impl Autosave {
    pub fn start(
        fields: FormFields,
        submit: Action<NewRequestInput, Result<CreatedRequest, AppError>>,
        restored: Option<&OpenedDraft>,
    ) -> Autosave {
        let user_id = use_auth().me.get_untracked().and_then(|me| me.ok().flatten()).map_or(0, |me| me.id);
        let autosave = Autosave {
            fields,
            user_id,
            locale: use_texts().locale,
            state: RwSignal::new(restored.map_or(SaveState::Nothing, |draft| SaveState::Saved(draft.saved_time.clone()))),
            draft_id: RwSignal::new(restored.map(|draft| draft.id)),
            initial: StoredValue::new(content_of(&fields.snapshot_untracked())),
            stopped: RwSignal::new(false),
            paused: RwSignal::new(false),
            dirty: StoredValue::new(false),
            in_flight: StoredValue::new(false),
            again: StoredValue::new(false),
            rounds: RwSignal::new(0),
            timer: StoredValue::new(None),
        };
        // Every change: the local copy at once, the server after a pause.
        Effect::new(move |previous: Option<()>| {
            let form = fields.snapshot();
            if previous.is_none() || autosave.stopped.get_untracked() || !autosave.has_changes_in(&form) {
                return;
            }
            autosave.dirty.set_value(true);
            autosave.write_local();
            if !autosave.paused.get_untracked() {
                autosave.schedule(DEBOUNCE_MS);
            }
        });
        Effect::new(move |_| {
            if submit.pending().get() {
                autosave.paused.set(true);
                autosave.cancel_timer();
            }
        });
        Effect::new(move |_| match submit.value().get() {
            Some(Ok(_)) => autosave.finish(),
            Some(Err(error)) => {
                if matches!(&error, AppError::Invalid { code, .. } if *code == Code::DraftNotFound) {
                    // The draft was deleted meanwhile (another tab): the next attempt goes without it.
                    autosave.draft_id.set(None);
                    autosave.state.set(SaveState::Problem(error.message(crate::i18n::Texts::for_locale(autosave.locale))));
                }
                // A failed creation keeps everything: the draft is saved now (or kept locally).
                autosave.paused.set(false);
                if autosave.has_changes() || autosave.draft_id.get_untracked().is_some() {
                    autosave.dirty.set_value(true);
                    autosave.write_local();
                    autosave.schedule(0);
                }
            }
            None => {}
        });
        // Hidden or closed page: send what the server has not got yet, in a request that
        // survives the page.
        Effect::new(move |_| {
            let on_hide = move |_| {
                let hidden = document().visibility_state() == web_sys::VisibilityState::Hidden;
                if hidden && !autosave.stopped.get_untracked() && autosave.dirty.get_value() && autosave.has_changes() {
                    let payload = autosave.write_local();
                    browser::send_with_keepalive(&payload);
                }
            };
            let visibility = window_event_listener_untyped("visibilitychange", on_hide);
            let pagehide = window_event_listener_untyped("pagehide", move |_| {
                if !autosave.stopped.get_untracked() && autosave.dirty.get_value() && autosave.has_changes() {
                    let payload = autosave.write_local();
                    browser::send_with_keepalive(&payload);
                }
            });
            on_cleanup(move || {
                visibility.remove();
                pagehide.remove();
            });
        });
        on_cleanup(move || {
            autosave.cancel_timer();
            if let Some(key) = fields.idempotency_key.try_get_untracked() {
                draft_sync::release(&key);
            }
        });
        autosave
    }

    /// The draft to remove when the request is created (known once the server saved it).
    pub fn draft_id(&self) -> Option<i32> {
        self.draft_id.get_untracked()
    }

    fn has_changes_in(&self, form: &DraftForm) -> bool {
        self.initial.with_value(|initial| *initial != content_of(form))
    }

    /// Whether leaving the form loses anything worth asking about.
    fn has_changes(&self) -> bool {
        self.has_changes_in(&self.fields.snapshot_untracked())
    }

    fn payload(&self) -> String {
        let mut form = self.fields.snapshot_untracked();
        form.revision = js_now_ms();
        serde_json::to_string(&form).unwrap_or_default()
    }

    /// Writes the current state to the browser's copy and returns it.
    fn write_local(&self) -> String {
        let payload = self.payload();
        let key = self.fields.idempotency_key.get_untracked();
        if !key.is_empty() {
            draft_sync::hold(&key);
            draft_sync::write(self.user_id, &key, &payload, false);
        }
        payload
    }

    fn cancel_timer(&self) {
        if let Some(timer) = self.timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    }

    fn schedule(self, after_ms: u64) {
        self.cancel_timer();
        let handle = set_timeout_with_handle(move || self.save_soon(), Duration::from_millis(after_ms)).ok();
        self.timer.try_set_value(handle);
    }

    fn save_soon(self) {
        if self.stopped.try_get_untracked() != Some(false) {
            return;
        }
        leptos::task::spawn_local(async move {
            self.save_now().await;
        });
    }

    /// Sends the current state (one save at a time; a change during a save is sent after it).
    async fn save_now(self) {
        if self.in_flight.try_get_value() != Some(false) {
            self.again.try_set_value(true);
            return;
        }
        let key = self.fields.idempotency_key.get_untracked();
        if key.is_empty() {
            self.rounds.update(|rounds| *rounds += 1);
            return;
        }
        self.in_flight.set_value(true);
        self.again.set_value(false);
        let payload = self.write_local();
        if !matches!(self.state.get_untracked(), SaveState::Saved(_)) {
            self.state.set(SaveState::Saving);
        }
        let outcome = draft_sync::send(self.user_id, &key, payload).await;
        if self.in_flight.try_set_value(false).is_some() {
            // The form is gone.
            return;
        }
        if self.stopped.get_untracked() {
            return;
        }
        let round_done = match outcome {
            SendOutcome::Saved(saved) => {
                self.draft_id.set(Some(saved.id));
                self.state.set(SaveState::Saved(saved.saved_time));
                if self.again.get_value() {
                    self.schedule(0);
                    false
                } else {
                    self.dirty.set_value(false);
                    true
                }
            }
            SendOutcome::Refused(error) => {
                self.state.set(SaveState::Problem(error.message(crate::i18n::Texts::for_locale(self.locale))));
                true
            }
            SendOutcome::Unreachable => {
                // Kept in the browser; tried again shortly.
                self.state.set(SaveState::LocalOnly);
                self.schedule(RETRY_INTERVAL_MS);
                true
            }
        };
        if round_done {
            self.rounds.update(|rounds| *rounds += 1);
        }
    }

    /// The request was created: the server removed the draft, the local copy goes too.
    fn finish(&self) {
        self.stopped.set(true);
        self.cancel_timer();
        draft_sync::remove(self.user_id, &self.fields.idempotency_key.get_untracked());
        self.state.set(SaveState::Nothing);
    }

    /// «Не сохранять»: the server draft, the uploads and the local copy are removed.
    async fn discard(self) {
        self.stopped.set(true);
        self.cancel_timer();
        let key = self.fields.idempotency_key.get_untracked();
        draft_sync::remove(self.user_id, &key);
        let uploads: Vec<i32> = self.fields.attachments.with_untracked(|list| list.iter().map(|a| a.id).collect());
        if !key.is_empty() {
            let _ = discard_draft(key, uploads).await;
        }
    }
}

fn js_now_ms() -> u64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::js_sys::Date::now() as u64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// «Черновик сохранён в 14:05» / «…только на этом устройстве».
#[component]
pub(super) fn SaveStatus(autosave: Autosave) -> impl IntoView {
    let texts = use_texts().draft();
    let line = move || match autosave.state.get() {
        SaveState::Nothing => String::new(),
        SaveState::Saving => texts.saving.to_owned(),
        SaveState::Saved(time) => (texts.saved_at)(&time),
        SaveState::LocalOnly => texts.saved_locally.to_owned(),
        SaveState::Problem(message) => message,
    };
    view! {
        <p class="draft-status" role="status" aria-live="polite"
            class:draft-status--local=move || autosave.state.get() == SaveState::LocalOnly>
            {line}
        </p>
    }
}

/// Asks «Сохранить черновик?» when the user leaves the changed form by a link inside the app
/// («Отмена», the navigation, «Изменить тип»).
#[component]
pub(super) fn LeaveGuard(autosave: Autosave) -> impl IntoView {
    let texts = use_texts().draft();
    let common = use_texts();
    let leaving_to = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Where to go once the dialog is done. The navigation happens in an effect, in the browser:
    // the router's navigate function is not thread-safe, and a thread-local value created while
    // rendering on the server would panic when the server drops the page on another thread.
    let navigate_to = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(href) = navigate_to.get() {
            use_navigate()(&href, Default::default());
        }
    });

    Effect::new(move |_| {
        // Kept in the effect's owner: dropped (listener removed) when the form goes away.
        StoredValue::new_local(browser::intercept_link_clicks(move |href| {
            if autosave.stopped.get_untracked() || !autosave.has_changes() {
                return false;
            }
            leaving_to.set(Some(href));
            true
        }));
    });

    let save_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = save_button.get() {
            let _ = button.focus();
        }
    });
    let back = move || {
        if !busy.get_untracked() {
            leaving_to.set(None);
        }
    };
    // «Сохранить» leaves once a round of saving that includes the latest state has finished
    // (saved, or kept in the browser when the server is away).
    let leave_after_round = RwSignal::new(None::<u32>);
    Effect::new(move |_| {
        let rounds = autosave.rounds.get();
        if let Some(started) = leave_after_round.get()
            && rounds > started
            && let Some(href) = leaving_to.get_untracked()
        {
            leave_after_round.set(None);
            autosave.stopped.set(true);
            autosave.cancel_timer();
            navigate_to.set(Some(href));
        }
    });
    let save = move |_| {
        if leaving_to.get_untracked().is_none() {
            return;
        }
        busy.set(true);
        leave_after_round.set(Some(autosave.rounds.get_untracked()));
        autosave.dirty.set_value(true);
        autosave.cancel_timer();
        autosave.save_soon();
    };
    let dont_save = move |_| {
        let Some(href) = leaving_to.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            autosave.discard().await;
            navigate_to.set(Some(href));
        });
    };
    view! {
        {move || leaving_to.get().is_some().then(|| view! {
            <div class="dialog-backdrop" on:click=move |_| back()>
                <div class="dialog dialog--open dialog--leave" role="alertdialog" aria-modal="true"
                    aria-labelledby="leave-title" aria-describedby="leave-text"
                    on:click=|event| event.stop_propagation()
                    on:keydown=move |event| if event.key() == "Escape" { event.prevent_default(); back(); }>
                    <h2 class="dialog__title" id="leave-title">{texts.leave_title}</h2>
                    <p class="dialog__body" id="leave-text">{texts.leave_text}</p>
                    <div class="dialog__actions">
                        <button class="btn btn--ghost" type="button" disabled=move || busy.get() on:click=move |_| back()>
                            {texts.back_to_form}
                        </button>
                        <button class="btn btn--secondary" type="button" disabled=move || busy.get() on:click=dont_save>
                            {texts.dont_save}
                        </button>
                        <button class="btn btn--primary" type="button" node_ref=save_button disabled=move || busy.get() on:click=save>
                            {move || if busy.get() { common.loading } else { texts.save }}
                        </button>
                    </div>
                </div>
            </div>
        })}
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    use crate::api::drafts::SAVE_DRAFT_URL;

    /// Posts the draft in a request the browser completes even after the page is gone.
    pub fn send_with_keepalive(payload: &str) {
        let Ok(body) = serde_json::to_string(&serde_json::json!({ "payload": payload })) else { return };
        let Some(window) = web_sys::window() else { return };
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        // `keepalive` is not in web-sys's stable API; the property is set directly.
        let _ = web_sys::js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
        init.set_body(&wasm_bindgen::JsValue::from_str(&body));
        if let Ok(headers) = web_sys::Headers::new() {
            let _ = headers.set("Content-Type", "application/json");
            let _ = headers.set("Accept", "application/json");
            init.set_headers(&headers);
        }
        // The answer is of no use to a page that is going away; a failure leaves the local copy.
        let _ = window.fetch_with_str_and_init(SAVE_DRAFT_URL, &init);
    }

    /// Removes the click listener when dropped.
    pub struct ClickInterceptor {
        closure: Closure<dyn FnMut(web_sys::MouseEvent)>,
    }

    impl Drop for ClickInterceptor {
        fn drop(&mut self) {
            if let Some(window) = web_sys::window() {
                let _ = window.remove_event_listener_with_callback_and_bool("click", self.closure.as_ref().unchecked_ref(), true);
            }
        }
    }

    /// Listens, before the router does (capture phase), to clicks on links to another page of
    /// this site; `stop` decides whether the navigation is held back.
    pub fn intercept_link_clicks(stop: impl Fn(String) -> bool + 'static) -> ClickInterceptor {
        let closure = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
            if event.default_prevented()
                || event.button() != 0
                || event.meta_key()
                || event.ctrl_key()
                || event.shift_key()
                || event.alt_key()
            {
                return;
            }
            let Some(anchor) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("a[href]").ok().flatten())
            else {
                return;
            };
            if anchor.has_attribute("target") || anchor.has_attribute("download") {
                return;
            }
            let href = anchor.get_attribute("href").unwrap_or_default();
            // Only paths of this site; anchors within the page («#main») stay as they are.
            if !href.starts_with('/') || href.starts_with("//") {
                return;
            }
            if stop(href) {
                event.prevent_default();
                event.stop_immediate_propagation();
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback_and_bool("click", closure.as_ref().unchecked_ref(), true);
        }
        ClickInterceptor { closure }
    }
}

/// On the server nothing is clicked or hidden: the effects that call these never run there.
#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn send_with_keepalive(_payload: &str) {}

    /// The server renders no listener; the type mirrors the browser's handle.
    pub struct ClickInterceptor;

    pub fn intercept_link_clicks(_stop: impl Fn(String) -> bool + 'static) -> ClickInterceptor {
        ClickInterceptor
    }
}
