//! Request guards that run before any page or server function, and the headers every response
//! gets.

pub mod access;
pub mod client_address;
pub mod csrf;
pub mod error_pages;
pub mod page_render;
pub mod security_headers;
