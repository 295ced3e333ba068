use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The dealership roles. A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    StoreManager,
    Sales,
    ServiceAdvisor,
    Technician,
    Parts,
    Accounting,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Owner,
        Role::StoreManager,
        Role::Sales,
        Role::ServiceAdvisor,
        Role::Technician,
        Role::Parts,
        Role::Accounting,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::StoreManager => "store_manager",
            Role::Sales => "sales",
            Role::ServiceAdvisor => "service_advisor",
            Role::Technician => "technician",
            Role::Parts => "parts",
            Role::Accounting => "accounting",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A permission named `<area>.<verb>`, with the roles that hold it written beside its name so
/// the role x permission matrix is read where each permission is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permission {
    pub name: &'static str,
    pub roles: &'static [Role],
}

impl Permission {
    pub const fn new(name: &'static str, roles: &'static [Role]) -> Self {
        Permission { name, roles }
    }

    pub fn is_granted_to(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Every role: for reads that all staff need (the stock list, the stores).
pub const EVERY_ROLE: &[Role] = &Role::ALL;
