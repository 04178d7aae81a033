//! Building blocks shared by pages.

pub mod attachments;
pub mod draft_sync;
pub mod empty_state;
pub mod kb_article;
pub mod language_switch;
pub mod layout;
pub mod suggestions;
