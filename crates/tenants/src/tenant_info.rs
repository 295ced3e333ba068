//! `GET /tenant`: the dealership a host name or `X-Tenant` names, before anyone signs in, so the
//! web app's sign-in page can greet it by name or ask for the tenant when the host says nothing.

use innexar_http::{AppState, TenantCtx};
use innexar_kernel::AppError;
use innexar_kernel::error::Problem;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(public_tenant))
}

/// What anyone may know of a tenant: the slug they typed and the dealership's name.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicTenantView {
    pub slug: String,
    pub name: String,
}

/// The tenant this request names (no sign-in needed). 400 `tenants.missing` when neither the
/// host nor `X-Tenant` names one; 404 `tenants.not_found`; 403 `tenants.suspended`.
#[utoipa::path(get, path = "/tenant", tag = "identity",
    responses((status = 200, body = PublicTenantView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
async fn public_tenant(ctx: TenantCtx) -> Result<axum::Json<PublicTenantView>, AppError> {
    Ok(axum::Json(PublicTenantView { slug: ctx.tenant.slug, name: ctx.tenant.name }))
}
