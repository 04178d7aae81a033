use domain::{RequestKind, RequestStatus};
use sea_orm::entity::prelude::*;

use crate::error::{ServiceError, ServiceResult};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Human-readable, sequential number shown as «Запрос № N».
    pub number: i64,
    /// A [domain::RequestKind] code.
    pub kind: String,
    pub organization_id: i32,
    /// None for requests without author (registered by support, or author deactivated).
    pub author_id: Option<i32>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub subject: String,
    pub description: String,
    pub product_id: Option<i32>,
    pub version_id: Option<i32>,
    pub update_id: Option<i32>,
    pub certificate_id: Option<i32>,
    pub classification_id: Option<i32>,
    /// A [domain::RequestStatus] code.
    pub status: String,
    pub assignee_id: Option<i32>,
    pub related_request_id: Option<i32>,
    pub close_reason: Option<String>,
    /// Minted when the creation form opens; makes submission idempotent.
    pub idempotency_key: Option<String>,
    pub created_by_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    /// `domain::request::search_text` of number and subject.
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The stored status code; an unknown one means a corrupt row.
    pub fn parsed_status(&self) -> ServiceResult<RequestStatus> {
        RequestStatus::parse(&self.status)
            .ok_or_else(|| ServiceError::Internal(format!("request {} has status {}", self.id, self.status)))
    }

    /// The stored kind code; an unknown one means a corrupt row.
    pub fn parsed_kind(&self) -> ServiceResult<RequestKind> {
        RequestKind::parse(&self.kind)
            .ok_or_else(|| ServiceError::Internal(format!("request {} has kind {}", self.id, self.kind)))
    }
}
