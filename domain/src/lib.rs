//! Business vocabulary and rules shared by the server and the browser.
//!
//! Everything here is plain data and pure functions (no I/O, no clock of its own), so the same
//! rule runs in a service, in a server function and in the hydrated page, and is unit-tested once.

pub mod access;
pub mod account_link;
pub mod attachment;
pub mod catalog;
pub mod certificate;
pub mod chat;
pub mod draft;
pub mod kb;
pub mod lifecycle;
pub mod locale;
pub mod organization;
pub mod person;
pub mod request;
pub mod request_view;
pub mod role;
pub mod validation;
pub mod workflow;

pub use certificate::{CertificateKind, ServicesAvailability};
pub use locale::Locale;
pub use request::{RequestKind, RequestStatus};
pub use role::Role;
