use innexar_kernel::{Permission, Role};

/// See the users of the tenant.
pub const USERS_READ: Permission = Permission::new("users.read", &[Role::Owner, Role::StoreManager]);
/// Create, change and deactivate users.
pub const USERS_MANAGE: Permission = Permission::new("users.manage", &[Role::Owner, Role::StoreManager]);

/// Decide which permissions each role holds in this tenant. Owners only, and never grantable:
/// the Owner role is fixed, so no tenant loses the way back.
pub const ROLES_MANAGE: Permission = Permission::new("roles.manage", &[Role::Owner]);

pub const ALL: &[Permission] = &[USERS_READ, USERS_MANAGE, ROLES_MANAGE];
