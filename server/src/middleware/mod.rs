//! Request guards that run before any page or server function.

pub mod access;
pub mod csrf;
