//! A person of the portal as the administrator manages them («Администрирование → Люди»): the
//! invitation form, the list's filters and rows.

use serde::{Deserialize, Serialize};

use crate::Role;

/// What «Пригласить» sends: who, in which role, and for customers in which organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Required for customer-side roles, absent for staff.
    pub organization_id: Option<i32>,
}

/// Which people the list shows by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PersonState {
    #[default]
    Active,
    /// Invited, no password chosen yet.
    Invited,
    Inactive,
    All,
}

impl PersonState {
    pub const ALL: [PersonState; 4] = [PersonState::Active, PersonState::Invited, PersonState::Inactive, PersonState::All];

    /// The `?state=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            PersonState::Active => "active",
            PersonState::Invited => "invited",
            PersonState::Inactive => "inactive",
            PersonState::All => "all",
        }
    }

    pub fn parse(value: &str) -> Option<PersonState> {
        PersonState::ALL.into_iter().find(|state| state.as_str() == value)
    }
}

/// One line of «Люди».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub organization: Option<(i32, String)>,
    pub is_active: bool,
    /// Invited and has not chosen a password yet («Отправить приглашение ещё раз»).
    pub invited: bool,
    /// «02.12.2026 14:05» on the reader's clock; `None`: never signed in.
    pub last_sign_in: Option<String>,
    /// The reader themselves (cannot switch themselves off or change their own role).
    pub is_me: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub rows: Vec<PersonRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl PeoplePage {
    pub fn page_count(&self) -> u32 {
        crate::page_count(self.total, self.per_page)
    }
}

/// Roles a person may be moved between: within the customer side, or within the staff (the
/// organization a customer belongs to does not move with a role change).
pub fn can_change_role(from: Role, to: Role) -> bool {
    from.is_customer_side() == to.is_customer_side()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_change_within_their_side_only() {
        assert!(can_change_role(Role::Customer, Role::OrgAdmin));
        assert!(can_change_role(Role::SupportAgent, Role::Administrator));
        assert!(!can_change_role(Role::OrgAdmin, Role::Manager));
        assert!(!can_change_role(Role::Administrator, Role::Customer));
        for state in PersonState::ALL {
            assert_eq!(PersonState::parse(state.as_str()), Some(state));
        }
    }
}
