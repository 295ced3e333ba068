//! The CRM's permissions. Which customers a reader sees is itself a permission
//! (`customers.see_all`, `customers.see_store`; neither: the ones they registered), so a tenant
//! can widen or narrow a role's view as its floor works.

use innexar_kernel::{Permission, Role};

const FRONT_DESK: &[Role] = &[Role::Owner, Role::StoreManager, Role::Sales, Role::ServiceAdvisor, Role::Parts];

pub const CUSTOMERS_READ: Permission = Permission::new(
    "customers.read",
    &[Role::Owner, Role::StoreManager, Role::Sales, Role::ServiceAdvisor, Role::Parts, Role::Accounting, Role::Viewer],
);
pub const CUSTOMERS_CREATE: Permission = Permission::new("customers.create", FRONT_DESK);
pub const CUSTOMERS_UPDATE: Permission = Permission::new("customers.update", FRONT_DESK);
/// Every customer of the tenant. The workshop and the parts counter serve whoever comes in;
/// accounting bills them all.
pub const CUSTOMERS_SEE_ALL: Permission =
    Permission::new("customers.see_all", &[Role::Owner, Role::ServiceAdvisor, Role::Parts, Role::Accounting]);
/// The customers of the stores one works in (the Owner holds it too, as every permission,
/// though `customers.see_all` already shows them everything).
pub const CUSTOMERS_SEE_STORE: Permission =
    Permission::new("customers.see_store", &[Role::Owner, Role::StoreManager, Role::Viewer]);
/// Merge two records of one customer: it moves their history, so a manager's call.
pub const CUSTOMERS_MERGE: Permission = Permission::new("customers.merge", &[Role::Owner, Role::StoreManager]);
/// Record a consent given or withdrawn.
pub const CUSTOMERS_RECORD_CONSENT: Permission = Permission::new("customers.record_consent", FRONT_DESK);

const SALES_FLOOR: &[Role] = &[Role::Owner, Role::StoreManager, Role::Sales];

pub const LEADS_READ: Permission =
    Permission::new("leads.read", &[Role::Owner, Role::StoreManager, Role::Sales, Role::Viewer]);
/// Open leads, move them between stages, log their activities.
pub const LEADS_WORK: Permission = Permission::new("leads.work", SALES_FLOOR);
/// Hand a lead to a salesperson, or take it from one.
pub const LEADS_ASSIGN: Permission = Permission::new("leads.assign", &[Role::Owner, Role::StoreManager]);
/// Every lead of the tenant.
pub const LEADS_SEE_ALL: Permission = Permission::new("leads.see_all", &[Role::Owner]);
/// The leads of one's stores (a salesperson sees the leads they work).
pub const LEADS_SEE_STORE: Permission =
    Permission::new("leads.see_store", &[Role::Owner, Role::StoreManager, Role::Viewer]);
/// A store's lead settings (response time, assignment) and the tenant's lists.
pub const CRM_CONFIGURE: Permission = Permission::new("crm.configure", &[Role::Owner, Role::StoreManager]);
/// Log activities and tasks on customers.
pub const ACTIVITIES_LOG: Permission = Permission::new("activities.log", FRONT_DESK);

/// Make, list and revoke the keys lead sources post with.
pub const CRM_MANAGE_INTAKE_KEYS: Permission = Permission::new("crm.manage_intake_keys", &[Role::Owner]);

/// A person's rights (LGPD art. 18): register their requests, export everything held about
/// them, anonymise them. The Owner answers for the tenant's data.
pub const CUSTOMERS_PERSONAL_DATA: Permission = Permission::new("customers.personal_data", &[Role::Owner]);

pub const ALL: &[Permission] = &[
    CUSTOMERS_PERSONAL_DATA,
    CRM_MANAGE_INTAKE_KEYS,
    LEADS_READ,
    LEADS_WORK,
    LEADS_ASSIGN,
    LEADS_SEE_ALL,
    LEADS_SEE_STORE,
    CRM_CONFIGURE,
    ACTIVITIES_LOG,
    CUSTOMERS_READ,
    CUSTOMERS_CREATE,
    CUSTOMERS_UPDATE,
    CUSTOMERS_SEE_ALL,
    CUSTOMERS_SEE_STORE,
    CUSTOMERS_MERGE,
    CUSTOMERS_RECORD_CONSENT,
];
