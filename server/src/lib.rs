//! The portal's HTTP server: configuration, the axum router with sessions, sign-in and access
//! guards, and the Leptos pages and server functions.

pub mod chat_routes;
pub mod config;
pub mod downloads;
pub mod jobs;
pub mod middleware;
pub mod pdf_route;
pub mod router;
pub mod uploads;

pub use config::Config;
pub use router::build_router;
