use innexar_kernel::{Permission, Role};

/// Read the messages the system wrote to people (reset links among them): Owners only.
pub const MESSAGES_READ: Permission = Permission::new("messages.read", &[Role::Owner]);

pub const ALL: &[Permission] = &[MESSAGES_READ];
