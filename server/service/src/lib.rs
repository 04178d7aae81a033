//! The portal's data model and business services.
//!
//! Services take a `&DatabaseConnection` (or a transaction) plus plain values — including "now" —
//! and know nothing about HTTP, so they are tested directly against SQLite and PostgreSQL.

// Features, one folder (or file) each; `audit`, `db`, `entity`, `error`, `live`, `local_time`,
// `rate_limit` and `seed` are the infrastructure they share.
pub mod accounts;
pub mod administrator;
pub mod attachments;
pub mod catalog;
pub mod drafts;
pub mod import;
pub mod kb;
pub mod lifecycle;
pub mod notifications;
pub mod org_admin;
pub mod organizations;
pub mod people;
pub mod profile;
pub mod requests;
pub mod workflow;

pub mod audit;
pub mod db;
pub mod entity;
pub mod error;
pub mod live;
pub mod local_time;
pub mod rate_limit;
pub mod seed;
#[cfg(feature = "testing")]
pub mod testing;

pub use error::ServiceError;
pub use sea_orm::DatabaseConnection;

/// Shared state handed to every server function and route through context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// True when the portal runs with demo data (`PORTAL_DEMO=1`): the sign-in page lists the
    /// demo accounts.
    pub demo_mode: bool,
    /// True when the portal is served over https: cookies get the `Secure` flag.
    pub secure_cookies: bool,
    /// Where uploaded files are kept (`<data dir>/attachments`).
    pub attachments: attachments::AttachmentStore,
    /// Knowledge base and similar-request search (kept in step with the database).
    pub kb_search: kb::search::KbSearch,
    /// Tells open request pages about new chat messages (across instances on PostgreSQL).
    pub live: live::LiveHub,
    /// Signs and checks the «Отписаться» links in notification e-mails.
    pub unsubscribe_key: notifications::unsubscribe::SigningKey,
    /// How long after «Решено» a customer's comment reopens a request (`PORTAL_REOPEN_WINDOW_HOURS`).
    pub reopen_window: domain::lifecycle::ReopenWindow,
}
