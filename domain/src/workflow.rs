//! How a request moves through its statuses and which staff handle which kind of request.
//!
//! One rule for the server (which refuses anything else) and the request page (which offers
//! only the allowed targets).

use crate::{RequestKind, RequestStatus, Role};

/// Statuses a request may move to from `from` by a staff member's decision.
///
/// «Новый» → «В работе» → «Ожидает ответа клиента» ⇄ «В работе» → «Решено» → «В работе»
/// (reopened). «Закрыт» is final.
pub fn allowed_targets(from: RequestStatus) -> &'static [RequestStatus] {
    use RequestStatus::*;
    match from {
        New => &[InProgress],
        InProgress => &[AwaitingCustomer, Resolved],
        AwaitingCustomer => &[InProgress, Resolved],
        Resolved => &[InProgress],
        Closed => &[],
    }
}

/// Only staff change statuses; customers move a request only by answering (see
/// [`customer_reply_reopens`]).
pub fn staff_may_change_status(role: Role, from: RequestStatus, to: RequestStatus) -> bool {
    role.is_staff() && allowed_targets(from).contains(&to)
}

/// A customer's message to a request awaiting them puts it back «В работе».
pub fn customer_reply_reopens(status: RequestStatus) -> Option<RequestStatus> {
    (status == RequestStatus::AwaitingCustomer).then_some(RequestStatus::InProgress)
}

/// Messages may be added to every request that is not closed.
pub fn accepts_messages(status: RequestStatus) -> bool {
    status != RequestStatus::Closed
}

/// Which requests a staff member's queue shows by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueueRouting {
    /// Everything but commercial requests: the support engineers' work.
    Support,
    /// Commercial requests: the managers' work.
    Commercial,
    Everything,
}

impl QueueRouting {
    pub fn default_for(role: Role) -> QueueRouting {
        match role {
            Role::SupportAgent => QueueRouting::Support,
            Role::Manager => QueueRouting::Commercial,
            _ => QueueRouting::Everything,
        }
    }

    pub fn includes(self, kind: RequestKind) -> bool {
        match self {
            QueueRouting::Support => !kind.answered_by_managers(),
            QueueRouting::Commercial => kind.answered_by_managers(),
            QueueRouting::Everything => true,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QueueRouting::Support => "support",
            QueueRouting::Commercial => "commercial",
            QueueRouting::Everything => "all",
        }
    }

    pub fn parse(value: &str) -> Option<QueueRouting> {
        [QueueRouting::Support, QueueRouting::Commercial, QueueRouting::Everything]
            .into_iter()
            .find(|routing| routing.as_str() == value)
    }
}

/// Whether a staff member may take or be assigned a request of this kind: commercial requests go
/// to managers, the others to support engineers; administrators may handle anything.
pub fn may_handle(role: Role, kind: RequestKind) -> bool {
    match role {
        Role::Administrator => true,
        Role::SupportAgent | Role::Manager => QueueRouting::default_for(role).includes(kind),
        Role::Customer | Role::OrgAdmin => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus::*;

    #[test]
    fn the_life_cycle_moves_forward_and_back_to_work() {
        assert_eq!(allowed_targets(New), &[InProgress]);
        assert!(allowed_targets(InProgress).contains(&AwaitingCustomer));
        assert!(allowed_targets(AwaitingCustomer).contains(&InProgress));
        assert!(allowed_targets(AwaitingCustomer).contains(&Resolved));
        assert_eq!(allowed_targets(Resolved), &[InProgress]);
        assert!(allowed_targets(Closed).is_empty());
        assert!(!allowed_targets(New).contains(&Resolved), "a new request is worked on before it is solved");
        for status in RequestStatus::ALL {
            assert!(!allowed_targets(status).contains(&status), "{status:?} to itself is no change");
        }
    }

    #[test]
    fn only_staff_change_statuses() {
        assert!(staff_may_change_status(Role::SupportAgent, New, InProgress));
        assert!(staff_may_change_status(Role::Manager, InProgress, Resolved));
        assert!(!staff_may_change_status(Role::Customer, New, InProgress));
        assert!(!staff_may_change_status(Role::OrgAdmin, AwaitingCustomer, InProgress));
        assert!(!staff_may_change_status(Role::Administrator, Closed, InProgress));
    }

    #[test]
    fn only_awaiting_requests_reopen_on_a_customer_reply() {
        assert_eq!(customer_reply_reopens(AwaitingCustomer), Some(InProgress));
        for status in [New, InProgress, Resolved, Closed] {
            assert_eq!(customer_reply_reopens(status), None);
        }
        assert!(!accepts_messages(Closed));
        assert!(accepts_messages(Resolved));
    }

    #[test]
    fn commercial_requests_go_to_managers() {
        assert!(may_handle(Role::Manager, RequestKind::Commercial));
        assert!(!may_handle(Role::Manager, RequestKind::TechnicalSupport));
        assert!(may_handle(Role::SupportAgent, RequestKind::Services));
        assert!(!may_handle(Role::SupportAgent, RequestKind::Commercial));
        assert!(may_handle(Role::Administrator, RequestKind::Commercial));
        assert!(!may_handle(Role::Customer, RequestKind::TechnicalSupport));
        assert!(QueueRouting::Support.includes(RequestKind::PortalServices));
        assert_eq!(QueueRouting::parse("commercial"), Some(QueueRouting::Commercial));
    }
}
