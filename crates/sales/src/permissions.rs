use innexar_kernel::{Permission, Role};

/// Simulating a loan reveals nothing of the tenant's data: whoever works a deal may.
pub const FINANCING_SIMULATE: Permission =
    Permission::new("financing.simulate", &[Role::Owner, Role::StoreManager, Role::Sales, Role::Accounting]);

pub const ALL: &[Permission] = &[FINANCING_SIMULATE];
