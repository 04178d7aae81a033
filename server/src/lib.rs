//! The portal's HTTP server: configuration, the axum router with sessions, sign-in and access
//! guards, and the Leptos pages and server functions.

pub mod admin;
pub mod backup;
pub mod chat_routes;
pub mod config;
pub mod downloads;
pub mod import;
pub mod jobs;
pub mod kb_import;
pub mod mail_setup;
pub mod middleware;
pub mod pdf_route;
pub mod router;
pub mod serve;
pub mod unsubscribe;
pub mod uploads;

pub use config::Config;
pub use router::{RouterSettings, build_router, build_router_with};
