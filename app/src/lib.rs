//! The portal's user interface: the HTML shell, routes, pages, components and the thin
//! `#[server]` functions they call. Compiled twice: with `ssr` into the server, with `hydrate`
//! into the browser bundle.

// Deeply nested views (the request form) exceed the default type-layout depth in release builds.
#![recursion_limit = "256"]

pub mod api;
pub mod auth;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
mod root;
#[cfg(feature = "ssr")]
pub mod server;

pub use root::{App, shell};
