//! One module per page.

pub mod admin;
pub mod drafts;
pub mod home;
pub mod kb;
pub mod login;
pub mod new_request;
pub mod not_found;
pub mod on_behalf;
pub mod org_admin;
pub mod password;
pub mod profile;
pub mod queue;
pub mod request;
pub mod requests;
