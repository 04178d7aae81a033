//! sea-orm entities, one module per table. Relations are expressed as plain foreign-key columns;
//! services join explicitly, which keeps each query visible where it is used.

pub mod account_link;
pub mod attachment;
pub mod audit_event;
pub mod certificate;
pub mod certificate_product;
pub mod counter;
pub mod draft;
pub mod kb_article;
pub mod message;
pub mod notification_outbox;
pub mod organization;
pub mod product;
pub mod product_update;
pub mod product_version;
pub mod rating;
pub mod request;
pub mod request_participant;
pub mod service_classification;
pub mod session;
pub mod setting;
pub mod sign_in_failure;
pub mod user;
