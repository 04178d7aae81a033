//! Request types and statuses, with their database codes.

use serde::{Deserialize, Serialize};

/// The four kinds of request a customer can open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestKind {
    /// «Консультация по вопросам технической поддержки и обновлений»
    TechnicalSupport,
    /// «Запрос на услуги» — needs an active services certificate.
    Services,
    /// «Коммерческий запрос» — answered by a commercial manager.
    Commercial,
    /// «Консультация по сервисам» — questions about the portal itself.
    PortalServices,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] = [
        RequestKind::TechnicalSupport,
        RequestKind::Services,
        RequestKind::Commercial,
        RequestKind::PortalServices,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::TechnicalSupport => "technical_support",
            RequestKind::Services => "services",
            RequestKind::Commercial => "commercial",
            RequestKind::PortalServices => "portal_services",
        }
    }

    pub fn parse(value: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// Commercial requests are answered by managers, everything else by support engineers.
    pub fn answered_by_managers(self) -> bool {
        self == RequestKind::Commercial
    }
}

/// Where a request is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    /// «Новый»
    New,
    /// «В работе»
    InProgress,
    /// «Ожидает ответа клиента»
    AwaitingCustomer,
    /// «Решено» — may still be reopened by a comment within the reopen window.
    Resolved,
    /// «Закрыт» — final.
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::New,
        RequestStatus::InProgress,
        RequestStatus::AwaitingCustomer,
        RequestStatus::Resolved,
        RequestStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::AwaitingCustomer => "awaiting_customer",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|status| status.as_str() == value)
    }

    /// Open requests still expect work from support or the customer.
    pub fn is_open(self) -> bool {
        !matches!(self, RequestStatus::Resolved | RequestStatus::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::parse(kind.as_str()), Some(kind));
        }
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(RequestStatus::parse("deleted"), None);
    }

    #[test]
    fn only_commercial_requests_go_to_managers() {
        let to_managers: Vec<_> =
            RequestKind::ALL.into_iter().filter(|kind| kind.answered_by_managers()).collect();
        assert_eq!(to_managers, vec![RequestKind::Commercial]);
    }

    #[test]
    fn resolved_and_closed_are_not_open() {
        assert!(RequestStatus::New.is_open());
        assert!(RequestStatus::AwaitingCustomer.is_open());
        assert!(!RequestStatus::Resolved.is_open());
        assert!(!RequestStatus::Closed.is_open());
    }
}
