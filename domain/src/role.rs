//! Who a user is to the portal. The role decides which part of the portal a user sees.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// An employee of a customer organization.
    Customer,
    /// A customer who also administers their organization's portal members.
    OrgAdmin,
    /// A vendor support engineer.
    SupportAgent,
    /// A vendor commercial manager (answers commercial requests).
    Manager,
    /// Portal operator with every staff right.
    Administrator,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Customer, Role::OrgAdmin, Role::SupportAgent, Role::Manager, Role::Administrator];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::OrgAdmin => "org_admin",
            Role::SupportAgent => "support_agent",
            Role::Manager => "manager",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// Customer-side users belong to an organization and only ever see its data.
    pub fn is_customer_side(self) -> bool {
        matches!(self, Role::Customer | Role::OrgAdmin)
    }

    /// Vendor staff work in the support workspace («Очередь») across all organizations.
    pub fn is_staff(self) -> bool {
        !self.is_customer_side()
    }

    /// The page a user lands on after signing in.
    pub fn home_path(self) -> &'static str {
        if self.is_customer_side() { "/requests/my" } else { "/queue" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_database_value() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn customers_and_staff_are_disjoint() {
        assert!(Role::Customer.is_customer_side());
        assert!(Role::OrgAdmin.is_customer_side());
        for staff in [Role::SupportAgent, Role::Manager, Role::Administrator] {
            assert!(staff.is_staff());
            assert!(!staff.is_customer_side());
        }
        assert_eq!(Role::Customer.home_path(), "/requests/my");
        assert_eq!(Role::Manager.home_path(), "/queue");
    }
}
