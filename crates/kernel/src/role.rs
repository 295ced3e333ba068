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

/// A tenant's own choices of who may do what: for each role it customised, the permissions it
/// added to the role's defaults and those it took away. Kept as changes to the defaults, not as
/// whole lists, so a permission a later release adds reaches every role with its default grant.
/// The Owner role is never customised: a tenant cannot lock itself out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    changes: std::collections::BTreeMap<Role, RoleChanges>,
}

/// What a tenant changed of one role's defaults (permission names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChanges {
    pub granted: std::collections::BTreeSet<String>,
    pub revoked: std::collections::BTreeSet<String>,
}

impl Grants {
    pub fn new(changes: impl IntoIterator<Item = (Role, RoleChanges)>) -> Self {
        Grants { changes: changes.into_iter().filter(|(r, _)| *r != Role::Owner).collect() }
    }

    /// Whether `role` holds `permission` in this tenant.
    pub fn allows(&self, role: Role, permission: Permission) -> bool {
        match self.changes.get(&role) {
            Some(c) if c.granted.contains(permission.name) => true,
            Some(c) if c.revoked.contains(permission.name) => false,
            _ => permission.is_granted_to(role),
        }
    }

    /// Whether the tenant changed this role's defaults.
    pub fn is_customized(&self, role: Role) -> bool {
        self.changes.get(&role).is_some_and(|c| !c.granted.is_empty() || !c.revoked.is_empty())
    }

    /// The changes that turn `role`'s defaults among `all` into exactly `wanted`.
    pub fn changes_for(role: Role, all: &[Permission], wanted: &[&str]) -> RoleChanges {
        let mut c = RoleChanges::default();
        for p in all {
            match (p.is_granted_to(role), wanted.contains(&p.name)) {
                (false, true) => {
                    c.granted.insert(p.name.to_string());
                }
                (true, false) => {
                    c.revoked.insert(p.name.to_string());
                }
                _ => {}
            }
        }
        c
    }
}

/// Every role: for reads that all staff need (the stock list, the stores).
pub const EVERY_ROLE: &[Role] = &Role::ALL;

#[cfg(test)]
mod tests {
    use super::*;

    const READ: Permission = Permission::new("vehicles.read", EVERY_ROLE);
    const PRICE: Permission = Permission::new("vehicles.change_price", &[Role::Owner, Role::StoreManager]);

    #[test]
    fn a_tenant_grants_and_revokes_against_the_defaults() {
        let all = [READ, PRICE];
        let sales = Grants::changes_for(Role::Sales, &all, &["vehicles.change_price"]);
        let g = Grants::new([(Role::Sales, sales)]);
        assert!(g.allows(Role::Sales, PRICE));
        assert!(!g.allows(Role::Sales, READ));
        assert!(g.allows(Role::StoreManager, PRICE), "other roles keep their defaults");
        assert!(g.is_customized(Role::Sales));
        assert!(!g.is_customized(Role::Viewer));
    }

    #[test]
    fn a_permission_added_later_keeps_its_default_for_a_customised_role() {
        let g = Grants::new([(Role::Sales, Grants::changes_for(Role::Sales, &[PRICE], &[]))]);
        assert!(g.allows(Role::Sales, READ), "READ was not among the permissions when the role was customised");
    }

    #[test]
    fn the_owner_role_cannot_be_customised() {
        let g = Grants::new([(Role::Owner, Grants::changes_for(Role::Owner, &[READ, PRICE], &[]))]);
        assert!(g.allows(Role::Owner, PRICE));
        assert!(!g.is_customized(Role::Owner));
    }
}
