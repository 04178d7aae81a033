//! Building blocks shared by pages.

pub mod attachments;
pub mod draft_sync;
pub mod empty_state;
pub mod language_switch;
pub mod layout;
