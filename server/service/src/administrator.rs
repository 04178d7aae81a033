//! Who may change the portal's organizations, people, certificates and catalog: an active portal
//! administrator, or the portal itself (its command line: the demo seed, `portal import`). The
//! services that make such changes take an [`Administrator`], so the rule is checked once, here,
//! and a server function cannot forget it.

use domain::Role;

use crate::accounts::Account;
use crate::error::{ServiceError, ServiceResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Administrator {
    actor_id: Option<i32>,
}

impl Administrator {
    /// The signed-in `account`, if it is an active portal administrator; else `Forbidden`.
    pub fn of(account: &Account) -> ServiceResult<Administrator> {
        if account.role == Role::Administrator && account.is_active {
            Ok(Administrator { actor_id: Some(account.id) })
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// The portal acting on its own (seed, import): the audit trail names no person.
    pub fn portal() -> Administrator {
        Administrator { actor_id: None }
    }

    /// Who the audit trail names.
    pub fn actor_id(&self) -> Option<i32> {
        self.actor_id
    }
}
