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

/// The background job worker with the job kinds of every area.
pub fn worker(state: &innexar_http::AppState) -> innexar_jobs::Worker {
    let mut w = innexar_jobs::Worker::new(state.clock.clone(), Some(state.outbox_signal.clone()));
    w.register(std::sync::Arc::new(innexar_vehicles::import::ImportJob::new(state)));
    w
}

/// Every permission of every area.
pub fn all_permissions() -> Vec<Permission> {
    [innexar_identity::permissions::ALL, innexar_vehicles::permissions::ALL, audit::PERMISSIONS].concat()
}
