use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::get;
use innexar_kernel::AppError;
use innexar_http::AppState;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::middleware::{self as mw, metrics_handle};
use crate::openapi::ApiDoc;

/// Every documented route, without middleware (also the source of the OpenAPI document).
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1/platform", platform_routes())
        .nest("/api/v1/links", innexar_vehicles::media::public_routes())
        .nest("/api/v1", tenant_routes())
}

/// Routes inside a tenant (resolved from the host or `X-Tenant`).
fn tenant_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(innexar_identity::routes())
        .merge(innexar_vehicles::routes())
        .merge(crate::audit::routes())
        .merge(crate::tenant_info::routes())
}

fn platform_routes() -> OpenApiRouter<AppState> {
    innexar_identity::platform_routes().merge(crate::platform::routes())
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    // The recorder must exist before the first request records anything.
    metrics_handle();
    // Layers run outside-in: resolve the tenant and token first, then idempotency (which needs both).
    let tenant = tenant_routes()
        .layer(from_fn_with_state(state.clone(), innexar_http::idempotency::idempotency))
        .layer(from_fn_with_state(state.clone(), innexar_http::tenant::resolve_tenant));
    let (api, _) = OpenApiRouter::<AppState>::new()
        .nest("/api/v1/platform", platform_routes())
        .nest("/api/v1/links", innexar_vehicles::media::public_routes())
        .nest("/api/v1", tenant)
        .split_for_parts();
    let doc = crate::openapi::document();
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", doc))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback(crate::spa::serve)
        .method_not_allowed_fallback(mw::method_not_allowed)
        .layer(DefaultBodyLimit::max(state.settings.server.body_limit_bytes))
        .layer(from_fn_with_state(state.clone(), mw::security_headers))
        .layer(from_fn_with_state(state.clone(), mw::observe))
        .layer(CatchPanicLayer::custom(mw::panic_response))
        .with_state(state)
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The control database answers: the process can serve.
async fn readyz(State(state): State<AppState>) -> Result<&'static str, AppError> {
    state.control.ping().await.map_err(|e| AppError::unavailable("health.control_db_unreachable", e.to_string()))?;
    Ok("ready")
}

/// Prometheus metrics, pool gauges refreshed at each scrape.
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let s = state.pools.stats().await;
    metrics::gauge!("innexar_db_tenant_pools_open").set(s.open_pools as f64);
    metrics::gauge!("innexar_db_tenant_connections_open").set(s.open_connections as f64);
    metrics::gauge!("innexar_db_tenant_connections_idle").set(s.idle_connections as f64);
    metrics::gauge!("innexar_db_tenant_connections_max").set(s.max_open_connections as f64);
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4")], metrics_handle().render())
}
