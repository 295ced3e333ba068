use innexar_kernel::{Permission, Role};

/// Register, change and remove webhook endpoints, read their delivery logs, redeliver.
pub const WEBHOOKS_MANAGE: Permission = Permission::new("webhooks.manage", &[Role::Owner]);

pub const ALL: &[Permission] = &[WEBHOOKS_MANAGE];
