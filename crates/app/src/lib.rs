//! The application: router assembly (every area's routes under `/api/v1`, platform routes,
//! health and metrics), the middleware every request passes through, the OpenAPI document,
//! and building the shared state from settings.

pub mod audit;
pub mod demo;
pub mod middleware;
pub mod openapi;
pub mod platform;
pub mod router;
pub mod spa;
pub mod state;
pub mod tenant_info;

pub use router::router;
pub use state::{StateError, build_state};

use innexar_kernel::Permission;

/// Every permission of every area.
pub fn all_permissions() -> Vec<Permission> {
    [innexar_identity::permissions::ALL, innexar_vehicles::permissions::ALL, audit::PERMISSIONS].concat()
}
