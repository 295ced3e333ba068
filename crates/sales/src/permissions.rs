use innexar_kernel::{Permission, Role};

/// Simulating a loan reveals nothing of the tenant's data: whoever works a deal may.
pub const FINANCING_SIMULATE: Permission =
    Permission::new("financing.simulate", &[Role::Owner, Role::StoreManager, Role::Sales, Role::Accounting]);

/// The banks' rate tables are the store's commercial terms: managers keep them.
pub const FINANCING_MANAGE_RATES: Permission =
    Permission::new("financing.manage_rates", &[Role::Owner, Role::StoreManager]);

/// The deal desk: whoever sells.
const DESK: &[Role] = &[Role::Owner, Role::StoreManager, Role::Sales];

/// Hold a vehicle for a customer, and release one's own hold.
pub const SALES_RESERVE: Permission = Permission::new("sales.reserve", DESK);

/// End someone else's reservation (to reserve or quote the car for another customer), with a
/// reason: a manager's call.
pub const SALES_OVERRIDE_RESERVATION: Permission =
    Permission::new("sales.override_reservation", &[Role::Owner, Role::StoreManager]);

/// Read reservations, quotes and appraisals (one's own; a manager's stores with `sales.see_store`).
pub const SALES_READ: Permission =
    Permission::new("sales.read", &[Role::Owner, Role::StoreManager, Role::Sales, Role::Accounting, Role::Viewer]);

/// See every deal of one's stores, not only one's own.
pub const SALES_SEE_STORE: Permission =
    Permission::new("sales.see_store", &[Role::Owner, Role::StoreManager, Role::Accounting, Role::Viewer]);

/// Build, revise and send quotes, and record the customer's answer.
pub const QUOTES_WRITE: Permission = Permission::new("quotes.write", DESK);

/// Appraise a customer's car for a trade-in.
pub const SALES_APPRAISE: Permission = Permission::new("sales.appraise", DESK);

/// Decide on discounts above a salesperson's limit.
pub const SALES_APPROVE_DISCOUNTS: Permission =
    Permission::new("sales.approve_discounts", &[Role::Owner, Role::StoreManager]);

/// Set each role's discount limit per store.
pub const SALES_MANAGE_LIMITS: Permission =
    Permission::new("sales.manage_discount_limits", &[Role::Owner, Role::StoreManager]);

/// Make the sale of an accepted quote.
pub const SALES_SELL: Permission = Permission::new("sales.sell", DESK);

/// Keep the commission plans.
pub const COMMISSIONS_MANAGE: Permission = Permission::new("commissions.manage", &[Role::Owner]);

pub const ALL: &[Permission] = &[
    FINANCING_SIMULATE,
    FINANCING_MANAGE_RATES,
    SALES_RESERVE,
    SALES_OVERRIDE_RESERVATION,
    SALES_READ,
    SALES_SEE_STORE,
    QUOTES_WRITE,
    SALES_APPRAISE,
    SALES_APPROVE_DISCOUNTS,
    SALES_MANAGE_LIMITS,
    SALES_SELL,
    COMMISSIONS_MANAGE,
];
