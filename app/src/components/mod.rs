//! Building blocks shared by pages.

pub mod attachments;
pub mod draft_sync;
pub mod chat;
pub mod empty_state;
pub mod kb_article;
pub mod language_switch;
pub mod layout;
pub mod suggestions;
pub mod linked_request;
pub mod linked_text;
pub mod rating;
pub mod request_actions;
