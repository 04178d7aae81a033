//! Building blocks shared by pages.

pub mod attachments;
pub mod chat;
pub mod draft_sync;
pub mod empty_state;
pub mod form;
pub mod kb_article;
pub mod language_switch;
pub mod layout;
pub mod linked_request;
pub mod linked_text;
pub mod list;
pub mod page;
pub mod rating;
pub mod request_actions;
pub mod suggestions;

use leptos::prelude::*;

/// False while the page is only server-rendered HTML (before the wasm arrives, or without
/// JavaScript), true once it is hydrated. Server and first browser render agree on `false`.
pub fn hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}
