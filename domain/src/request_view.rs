//! Everything the request page shows about one request, as the browser receives it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::attachment::AttachmentInfo;
use crate::{RequestKind, RequestStatus, Role};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParticipantKind {
    /// Who opened the request.
    Initiator,
    /// A colleague the request was shared with.
    Shared,
    /// The engineer or manager handling it.
    Responsible,
}

impl ParticipantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantKind::Initiator => "initiator",
            ParticipantKind::Shared => "shared",
            ParticipantKind::Responsible => "responsible",
        }
    }

    pub fn parse(value: &str) -> Option<ParticipantKind> {
        [ParticipantKind::Initiator, ParticipantKind::Shared, ParticipantKind::Responsible]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub user_id: i32,
    pub display_name: String,
    pub role: Role,
    pub kind: ParticipantKind,
}

/// A colleague offered in the «Поделиться» dialog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub user_id: i32,
    pub display_name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetails {
    pub id: i32,
    pub number: i64,
    pub subject: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub organization_name: String,
    pub product_name: Option<String>,
    pub version_name: Option<String>,
    pub update_name: Option<String>,
    pub certificate_number: Option<String>,
    /// From the root of the classification tree to the chosen leaf (services requests).
    pub classification_path: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// None: «Без автора».
    pub author_name: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub description: String,
    /// Files of the request itself; files of messages come with the messages.
    pub attachments: Vec<AttachmentInfo>,
    pub participants: Vec<Participant>,
    pub assignee: Option<Participant>,
    /// Statuses the viewer may move the request to (empty for customers).
    pub allowed_statuses: Vec<RequestStatus>,
    /// The viewer may assign the request to themselves.
    pub can_take: bool,
    /// The viewer may assign the request to another staff member.
    pub can_assign: bool,
    /// The viewer may write to the chat.
    pub can_post: bool,
}

/// One line of a list of requests («Мои запросы», «Запросы организации», the queue) as its reader
/// sees it: the service fills it, the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i32,
    pub number: i64,
    pub subject: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub product_name: Option<String>,
    pub organization_name: String,
    /// None: «Без автора».
    pub author_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `created_at` and `updated_at` on the reader's clock, e.g. «29.11.2026 14:05».
    pub created: String,
    pub updated: String,
}
