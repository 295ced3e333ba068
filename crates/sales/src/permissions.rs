use innexar_kernel::{Permission, Role};

/// Simulating a loan reveals nothing of the tenant's data: whoever works a deal may.
pub const FINANCING_SIMULATE: Permission =
    Permission::new("financing.simulate", &[Role::Owner, Role::StoreManager, Role::Sales, Role::Accounting]);

/// The banks' rate tables are the store's commercial terms: managers keep them.
pub const FINANCING_MANAGE_RATES: Permission =
    Permission::new("financing.manage_rates", &[Role::Owner, Role::StoreManager]);

pub const ALL: &[Permission] = &[FINANCING_SIMULATE, FINANCING_MANAGE_RATES];
