//! The browser's copy of unsent drafts, and sending it to the server once it is reachable.
//!
//! Why: autosave talks to the server, but the server may be down (restart, crash) or the network
//! gone exactly when the user types. Every state of the form is therefore first written to
//! `localStorage` (one entry per form, named by user and form key) and marked synced only when
//! the server confirmed it. [`PendingDraftsSync`] (mounted once in the app) sends unsynced
//! copies when the app loads, when the browser reports `online`, and every few seconds; the
//! server keeps whichever copy is newest (`DraftForm::revision`), so sending twice is harmless.
//! Copies of forms open in this page are left to the form's own autosave.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::drafts::save_draft;
use crate::auth::use_auth;
use crate::error::AppError;

/// How often unsynced copies are retried while the server cannot be reached.
pub const RETRY_INTERVAL_MS: u64 = 3_000;

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const PREFIX: &str = "portal.draft.v1.";

/// One form's copy in `localStorage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalCopy {
    /// The JSON of `domain::draft::DraftForm`, exactly as it is sent to the server.
    pub payload: String,
    /// The server has confirmed this payload.
    pub synced: bool,
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn entry_name(user_id: i32, form_key: &str) -> String {
    format!("{PREFIX}{user_id}.{form_key}")
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

/// Writes the newest state of a form.
pub fn write(user_id: i32, form_key: &str, payload: &str, synced: bool) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&LocalCopy { payload: payload.to_owned(), synced })) {
        // A full storage only costs the offline copy; the server copy still works.
        let _ = storage.set_item(&entry_name(user_id, form_key), &text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (user_id, form_key, payload, synced);
}

/// Marks the copy synced if it still holds `payload` (the user may have typed on meanwhile).
pub fn mark_synced(user_id: i32, form_key: &str, payload: &str) {
    if read(user_id, form_key).is_some_and(|copy| copy.payload == payload) {
        write(user_id, form_key, payload, true);
    }
}

pub fn read(user_id: i32, form_key: &str) -> Option<LocalCopy> {
    #[cfg(feature = "hydrate")]
    {
        let text = storage()?.get_item(&entry_name(user_id, form_key)).ok().flatten()?;
        serde_json::from_str(&text).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (user_id, form_key);
        None
    }
}

pub fn remove(user_id: i32, form_key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&entry_name(user_id, form_key));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (user_id, form_key);
}

/// The user's copies the server has not confirmed: (form key, payload).
pub fn unsynced(user_id: i32) -> Vec<(String, String)> {
    #[cfg(feature = "hydrate")]
    {
        let Some(storage) = storage() else { return Vec::new() };
        let own_prefix = format!("{PREFIX}{user_id}.");
        let length = storage.length().unwrap_or(0);
        let names: Vec<String> = (0..length).filter_map(|index| storage.key(index).ok().flatten()).collect();
        names
            .into_iter()
            .filter_map(|name| {
                let form_key = name.strip_prefix(&own_prefix)?.to_owned();
                let copy = read(user_id, &form_key)?;
                (!copy.synced).then_some((form_key, copy.payload))
            })
            .collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = user_id;
        Vec::new()
    }
}

thread_local! {
    /// Form keys of the forms open in this page: their own autosave sends them.
    static OPEN_FORMS: std::cell::RefCell<std::collections::HashSet<String>> = Default::default();
}

/// An open form sends its copy itself; the background sync leaves it alone meanwhile (so it
/// never races the form's submission).
pub fn hold(form_key: &str) {
    OPEN_FORMS.with(|open| open.borrow_mut().insert(form_key.to_owned()));
}

pub fn release(form_key: &str) {
    OPEN_FORMS.with(|open| open.borrow_mut().remove(form_key));
}

fn is_held(form_key: &str) -> bool {
    OPEN_FORMS.with(|open| open.borrow().contains(form_key))
}

/// What to do with a copy after the server answered a save.
pub enum SendOutcome {
    Saved(crate::api::drafts::SavedDraft),
    /// The server refused it for good (already a request, invalid): the copy is dropped.
    Refused(AppError),
    /// Not reachable or failed: try again later.
    Unreachable,
}

/// Sends one copy and updates it according to the answer.
pub async fn send(user_id: i32, form_key: &str, payload: String) -> SendOutcome {
    match save_draft(payload.clone()).await {
        Ok(saved) => {
            mark_synced(user_id, form_key, &payload);
            SendOutcome::Saved(saved)
        }
        Err(error @ AppError::Invalid { .. }) => {
            remove(user_id, form_key);
            SendOutcome::Refused(error)
        }
        Err(_) => SendOutcome::Unreachable,
    }
}

/// Sends the signed-in user's unsynced copies: on load, on `online`, and on an interval.
#[component]
pub fn PendingDraftsSync() -> impl IntoView {
    let auth = use_auth();
    let busy = StoredValue::new(false);
    let sync_all = move || {
        let Some(Ok(Some(me))) = auth.me.get_untracked() else { return };
        if busy.get_value() || !me.role.is_customer_side() {
            return;
        }
        let pending: Vec<_> = unsynced(me.id).into_iter().filter(|(form_key, _)| !is_held(form_key)).collect();
        if pending.is_empty() {
            return;
        }
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            for (form_key, payload) in pending {
                if let SendOutcome::Unreachable = send(me.id, &form_key, payload).await {
                    break;
                }
            }
            busy.try_set_value(false);
        });
    };
    // After sign-in and on every page load.
    Effect::new(move |_| {
        if let Some(Ok(Some(_))) = auth.me.get() {
            sync_all();
        }
    });
    Effect::new(move |_| {
        let online = window_event_listener_untyped("online", move |_| sync_all());
        let interval = set_interval_with_handle(sync_all, std::time::Duration::from_millis(RETRY_INTERVAL_MS)).ok();
        on_cleanup(move || {
            online.remove();
            if let Some(interval) = interval {
                interval.clear();
            }
        });
    });
}
