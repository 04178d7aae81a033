//! Business vocabulary and rules shared by the server and the browser.
//!
//! Everything here is plain data and pure functions (no I/O, no clock of its own), so the same
//! rule runs in a service, in a server function and in the hydrated page, and is unit-tested once.

pub mod access;
pub mod account_link;
pub mod attachment;
pub mod audit;
pub mod catalog;
pub mod certificate;
pub mod chat;
pub mod draft;
pub mod kb;
pub mod lifecycle;
pub mod locale;
pub mod organization;
pub mod person;
pub mod profile;
pub mod request;
pub mod request_view;
pub mod role;
pub mod validation;
pub mod workflow;

pub use certificate::{CertificateKind, ServicesAvailability};
pub use locale::Locale;
pub use request::{RequestKind, RequestStatus};
pub use role::Role;

/// How many pages of `per_page` rows `total` rows fill (one, when there are none: the empty
/// list is a page too). Shared by the paged lists of administration.
pub fn page_count(total: u64, per_page: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(per_page.max(1))).max(1)).unwrap_or(u32::MAX)
}
