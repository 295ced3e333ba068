//! `GET /audit`: the tenant's audit log, for Owners.

use innexar_db::audit::{self, AuditEntry, AuditFilter};
use innexar_http::{AppState, Ctx, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Page, Permission, Role};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub const AUDIT_READ: Permission = Permission::new("audit.read", &[Role::Owner]);
pub const PERMISSIONS: &[Permission] = &[AUDIT_READ];

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Items per page, 1..=100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// e.g. `vehicle`, `user`, `store`.
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
}

/// Who changed what and when, newest first.
#[utoipa::path(get, path = "/audit", tag = "audit", security(("bearer" = [])), params(AuditParams),
    responses((status = 200, body = Page<AuditEntry>), (status = 403, body = Problem)))]
async fn list_audit(ctx: Ctx, Query(p): Query<AuditParams>) -> Result<axum::Json<Page<AuditEntry>>, AppError> {
    ctx.require(AUDIT_READ)?;
    let page = PageParams { page: p.page, page_size: p.page_size, sort: None }.validate(&[])?;
    let filter =
        AuditFilter { entity_type: p.entity_type, entity_id: p.entity_id, actor_id: p.actor_id, action: p.action };
    let (items, total) = audit::list(ctx.db.read().await?.conn(), &filter, &page).await?;
    Ok(axum::Json(Page::new(items, &page, total)))
}
