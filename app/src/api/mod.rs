//! Server functions, grouped by concept. Each one authenticates, authorises, calls one service
//! and maps the error; the business rules live in `portal-service` and `domain`.

pub mod audit;
pub mod catalog_admin;
pub mod certificates;
pub mod drafts;
pub mod kb;
pub mod on_behalf;
pub mod org_admin;
pub mod organizations;
pub mod password;
pub mod people;
pub mod profile;
pub mod request_actions;
pub mod request_page;
pub mod requests;
pub mod session;
