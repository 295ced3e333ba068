//! The tenant itself: provisioning and administration for platform admins, what anyone may
//! know of a tenant before signing in (`GET /tenant`), its audit log (`GET /audit`), and the
//! housekeeping every tenant database needs (expired idempotency keys).
//!
//! Owns no business table: the tenant registry lives in the control database and the audit log
//! and idempotency keys are platform tables (`innexar-db`).

pub mod audit;
mod housekeeping;
pub mod platform;
pub mod problems;
pub mod tenant_info;

use std::time::Duration;

use innexar_http::{Area, Tag};
use utoipa_axum::router::OpenApiRouter;

pub fn area() -> Area {
    Area::new("tenants")
        .routes(OpenApiRouter::new().merge(audit::routes()).merge(tenant_info::routes()))
        .platform_routes(platform::routes())
        .tags(&[
            Tag { name: "audit", description: "Who changed what" },
            Tag { name: "platform", description: "Tenant provisioning, for platform admins" },
        ])
        .permissions(&[audit::AUDIT_READ])
        .problems(problems::ALL)
        .scheduled(Duration::from_secs(300), housekeeping::task)
}
