//! `GET /audit`: the tenant's audit log, for Owners.

use chrono::{DateTime, Utc};
use innexar_db::audit::{self, AuditEntry, AuditFilter};
use innexar_http::{AppState, Ctx, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Page, Permission, Role};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub const AUDIT_READ: Permission = Permission::new("audit.read", &[Role::Owner]);
pub const PERMISSIONS: &[Permission] = &[AUDIT_READ];

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntryView {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// `user`, `platform_admin` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_email: Option<String>,
    /// `<area>.<verb>`, e.g. `vehicles.updated`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    /// `{"field": {"before": .., "after": ..}}` for each changed field.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    pub request_id: Option<String>,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(e: AuditEntry) -> Self {
        AuditEntryView {
            id: e.id,
            occurred_at: e.occurred_at,
            actor_kind: e.actor_kind,
            actor_id: e.actor_id,
            actor_email: e.actor_email,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            changes: e.changes,
            request_id: e.request_id,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// e.g. `vehicle`, `user`, `store`.
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
}

/// Who changed what and when, newest first.
#[utoipa::path(get, path = "/audit", tag = "audit", security(("bearer" = [])), params(AuditParams),
    responses((status = 200, body = Page<AuditEntryView>), (status = 403, body = Problem)))]
async fn list_audit(ctx: Ctx, Query(p): Query<AuditParams>) -> Result<axum::Json<Page<AuditEntryView>>, AppError> {
    ctx.require(AUDIT_READ)?;
    let page = PageParams { page: p.page, page_size: p.page_size, sort: None }.validate(&[])?;
    let filter =
        AuditFilter { entity_type: p.entity_type, entity_id: p.entity_id, actor_id: p.actor_id, action: p.action };
    let (items, total) = audit::list(ctx.db.read().await?.conn(), &filter, &page).await?;
    Ok(axum::Json(Page::new(items.into_iter().map(AuditEntryView::from).collect(), &page, total)))
}
