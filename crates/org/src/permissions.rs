use innexar_kernel::role::EVERY_ROLE;
use innexar_kernel::{Permission, Role};

pub const STORES_READ: Permission = Permission::new("stores.read", EVERY_ROLE);
pub const STORES_MANAGE: Permission = Permission::new("stores.manage", &[Role::Owner]);

pub const ALL: &[Permission] = &[STORES_READ, STORES_MANAGE];
