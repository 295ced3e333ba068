use innexar_kernel::{Permission, Role};

/// Read the messages the system wrote to people (reset links among them): Owners only.
pub const MESSAGES_READ: Permission = Permission::new("messages.read", &[Role::Owner]);

/// Set up the tenant's SMS and WhatsApp providers (their tokens), send a test, and write the
/// tenant's own words for its messages: Owners only.
pub const MESSAGES_CONFIGURE: Permission = Permission::new("messages.configure", &[Role::Owner]);

pub const ALL: &[Permission] = &[MESSAGES_READ, MESSAGES_CONFIGURE];
