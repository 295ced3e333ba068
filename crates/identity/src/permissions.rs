use innexar_kernel::{Permission, Role};

/// See the users of the tenant.
pub const USERS_READ: Permission = Permission::new("users.read", &[Role::Owner, Role::StoreManager]);
/// Create, change and deactivate users.
pub const USERS_MANAGE: Permission = Permission::new("users.manage", &[Role::Owner, Role::StoreManager]);

pub const ALL: &[Permission] = &[USERS_READ, USERS_MANAGE];
