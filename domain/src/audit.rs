//! The audit trail («Журнал изменений»): what kinds of change are recorded, and the journal page
//! as the service answers it. A kind is a topic (what changed) and a verb (how), stored as
//! `organization.updated` or, for the catalog, `catalog.product.renamed`; writers name it with
//! [`AuditKind`], so the journal can word every kind it finds.

use serde::{Deserialize, Serialize};

use crate::Role;
use crate::certificate::CertificateKind;
use crate::request::RequestStatus;

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditTopic {
    Organization,
    User,
    Certificate,
    Request,
    Product,
    Version,
    Update,
    Classification,
}

impl AuditTopic {
    pub const ALL: [AuditTopic; 8] = [
        AuditTopic::Organization,
        AuditTopic::User,
        AuditTopic::Certificate,
        AuditTopic::Request,
        AuditTopic::Product,
        AuditTopic::Version,
        AuditTopic::Update,
        AuditTopic::Classification,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditTopic::Organization => "organization",
            AuditTopic::User => "user",
            AuditTopic::Certificate => "certificate",
            AuditTopic::Request => "request",
            AuditTopic::Product => "product",
            AuditTopic::Version => "version",
            AuditTopic::Update => "update",
            AuditTopic::Classification => "classification",
        }
    }

    pub fn parse(value: &str) -> Option<AuditTopic> {
        AuditTopic::ALL.into_iter().find(|topic| topic.as_str() == value)
    }

    /// The topic of a catalog item.
    pub fn of_catalog(item: crate::catalog::CatalogItem) -> AuditTopic {
        use crate::catalog::CatalogItem;
        match item {
            CatalogItem::Product(_) => AuditTopic::Product,
            CatalogItem::Version(_) => AuditTopic::Version,
            CatalogItem::Update(_) => AuditTopic::Update,
            CatalogItem::Classification(_) => AuditTopic::Classification,
        }
    }

    /// Catalog items are stored under `catalog.` (`catalog.version.retired`).
    pub fn is_catalog(self) -> bool {
        matches!(self, AuditTopic::Product | AuditTopic::Version | AuditTopic::Update | AuditTopic::Classification)
    }

    /// The section of the journal's filter the topic belongs to.
    pub fn area(self) -> AuditArea {
        match self {
            AuditTopic::Organization => AuditArea::Organizations,
            AuditTopic::User => AuditArea::People,
            AuditTopic::Certificate => AuditArea::Certificates,
            AuditTopic::Request => AuditArea::Requests,
            AuditTopic::Product | AuditTopic::Version | AuditTopic::Update | AuditTopic::Classification => AuditArea::Catalog,
        }
    }
}

/// How it changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditVerb {
    Created,
    Updated,
    Deactivated,
    Reactivated,
    Invited,
    InvitationResent,
    RoleChanged,
    PasswordChanged,
    EmailsChanged,
    SessionEnded,
    OtherSessionsEnded,
    Issued,
    Revoked,
    StatusChanged,
    Closed,
    Assigned,
    AuthorAssigned,
    AuthorRemoved,
    Renamed,
    Moved,
    Reordered,
    Retired,
    Restored,
    Deleted,
}

impl AuditVerb {
    pub const ALL: [AuditVerb; 24] = [
        AuditVerb::Created,
        AuditVerb::Updated,
        AuditVerb::Deactivated,
        AuditVerb::Reactivated,
        AuditVerb::Invited,
        AuditVerb::InvitationResent,
        AuditVerb::RoleChanged,
        AuditVerb::PasswordChanged,
        AuditVerb::EmailsChanged,
        AuditVerb::SessionEnded,
        AuditVerb::OtherSessionsEnded,
        AuditVerb::Issued,
        AuditVerb::Revoked,
        AuditVerb::StatusChanged,
        AuditVerb::Closed,
        AuditVerb::Assigned,
        AuditVerb::AuthorAssigned,
        AuditVerb::AuthorRemoved,
        AuditVerb::Renamed,
        AuditVerb::Moved,
        AuditVerb::Reordered,
        AuditVerb::Retired,
        AuditVerb::Restored,
        AuditVerb::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditVerb::Created => "created",
            AuditVerb::Updated => "updated",
            AuditVerb::Deactivated => "deactivated",
            AuditVerb::Reactivated => "reactivated",
            AuditVerb::Invited => "invited",
            AuditVerb::InvitationResent => "invitation_resent",
            AuditVerb::RoleChanged => "role_changed",
            AuditVerb::PasswordChanged => "password_changed",
            AuditVerb::EmailsChanged => "emails_changed",
            AuditVerb::SessionEnded => "session_ended",
            AuditVerb::OtherSessionsEnded => "other_sessions_ended",
            AuditVerb::Issued => "issued",
            AuditVerb::Revoked => "revoked",
            AuditVerb::StatusChanged => "status_changed",
            AuditVerb::Closed => "closed",
            AuditVerb::Assigned => "assigned",
            AuditVerb::AuthorAssigned => "author_assigned",
            AuditVerb::AuthorRemoved => "author_removed",
            AuditVerb::Renamed => "renamed",
            AuditVerb::Moved => "moved",
            AuditVerb::Reordered => "reordered",
            AuditVerb::Retired => "retired",
            AuditVerb::Restored => "restored",
            AuditVerb::Deleted => "deleted",
        }
    }

    pub fn parse(value: &str) -> Option<AuditVerb> {
        AuditVerb::ALL.into_iter().find(|verb| verb.as_str() == value)
    }
}

/// One kind of recorded change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuditKind {
    pub topic: AuditTopic,
    pub verb: AuditVerb,
}

impl AuditKind {
    pub const fn new(topic: AuditTopic, verb: AuditVerb) -> AuditKind {
        AuditKind { topic, verb }
    }

    /// The stored name: `user.role_changed`, `catalog.product.renamed`.
    pub fn code(self) -> String {
        let prefix = if self.topic.is_catalog() { "catalog." } else { "" };
        format!("{prefix}{}.{}", self.topic.as_str(), self.verb.as_str())
    }

    pub fn parse(code: &str) -> Option<AuditKind> {
        let (topic, verb) = code.strip_prefix("catalog.").unwrap_or(code).split_once('.')?;
        let topic = AuditTopic::parse(topic)?;
        (topic.is_catalog() == code.starts_with("catalog.")).then_some(())?;
        Some(AuditKind { topic, verb: AuditVerb::parse(verb)? })
    }
}

/// The sections the journal can be narrowed to («Раздел»).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditArea {
    Organizations,
    People,
    Certificates,
    Catalog,
    Requests,
}

impl AuditArea {
    pub const ALL: [AuditArea; 5] =
        [AuditArea::Organizations, AuditArea::People, AuditArea::Certificates, AuditArea::Catalog, AuditArea::Requests];

    /// The `?area=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditArea::Organizations => "organizations",
            AuditArea::People => "people",
            AuditArea::Certificates => "certificates",
            AuditArea::Catalog => "catalog",
            AuditArea::Requests => "requests",
        }
    }

    pub fn parse(value: &str) -> Option<AuditArea> {
        AuditArea::ALL.into_iter().find(|area| area.as_str() == value)
    }

    /// The start every stored kind of the section has (`catalog.` for all four catalog topics).
    pub fn code_prefix(self) -> &'static str {
        match self {
            AuditArea::Organizations => "organization.",
            AuditArea::People => "user.",
            AuditArea::Certificates => "certificate.",
            AuditArea::Catalog => "catalog.",
            AuditArea::Requests => "request.",
        }
    }
}

/// What the journal is narrowed to; every part optional. Dates are days on the reader's clock,
/// both ends included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub area: Option<AuditArea>,
    /// Words of the name or e-mail of who made the change.
    pub who: Option<String>,
    pub organization_id: Option<i32>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// A value before or after a change, ready to word: the service resolves ids to names and
/// codes to their types, the page words the types in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditValue {
    Empty,
    Text(String),
    Flag(bool),
    Role(Role),
    Status(RequestStatus),
    CertificateKind(CertificateKind),
    List(Vec<String>),
}

/// One field of a change: `before` is [`AuditValue::Empty`] for what an event only states
/// (a creation, an invitation's role).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditChange {
    /// The field's key as recorded (`inn`, `valid_to`); the page words the known ones.
    pub field: String,
    pub before: AuditValue,
    pub after: AuditValue,
}

/// Where a line's subject can be opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditSubject {
    pub label: String,
    pub href: Option<String>,
}

/// One line of «Журнал изменений».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// «02.12.2026 14:05» on the reader's clock.
    pub at: String,
    /// Who made the change; `None`: the portal itself (the command line, jobs).
    pub actor: Option<String>,
    /// `None` for a kind this build does not know (an older or newer one): shown as `code`.
    pub kind: Option<AuditKind>,
    pub code: String,
    pub organization: Option<(i32, String)>,
    pub subject: Option<AuditSubject>,
    pub changes: Vec<AuditChange>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Every organization, for the filter («Организация»).
    pub organizations: Vec<(i32, String)>,
}

impl AuditPage {
    pub fn page_count(&self) -> u32 {
        crate::page_count(self.total, self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_code() {
        for topic in AuditTopic::ALL {
            for verb in AuditVerb::ALL {
                let kind = AuditKind::new(topic, verb);
                assert_eq!(AuditKind::parse(&kind.code()), Some(kind), "{}", kind.code());
                assert!(kind.code().starts_with(topic.area().code_prefix()), "{}", kind.code());
            }
        }
    }

    #[test]
    fn codes_keep_their_stored_shape() {
        assert_eq!(AuditKind::new(AuditTopic::User, AuditVerb::RoleChanged).code(), "user.role_changed");
        assert_eq!(AuditKind::new(AuditTopic::Product, AuditVerb::Renamed).code(), "catalog.product.renamed");
        assert_eq!(AuditKind::parse("product.renamed"), None, "catalog topics are stored under catalog.");
        assert_eq!(AuditKind::parse("catalog.user.created"), None);
        assert_eq!(AuditKind::parse("organization.exploded"), None);
        assert_eq!(AuditKind::parse("nonsense"), None);
    }
}
