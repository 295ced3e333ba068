use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::get;
use innexar_http::{AppState, Area};
use innexar_kernel::AppError;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa::OpenApi;
use utoipa::openapi::tag::TagBuilder;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::middleware::{self as mw, metrics_handle};
use crate::openapi::ApiDoc;

/// The API's route tree, written once from the areas. `tenant_layers` wraps the routes that
/// live inside a tenant (the router passes tenant resolution and idempotency; the OpenAPI
/// document passes nothing), so the document always describes exactly the routes served.
fn api_tree(
    areas: Vec<Area>,
    tenant_layers: impl FnOnce(OpenApiRouter<AppState>) -> OpenApiRouter<AppState>,
) -> OpenApiRouter<AppState> {
    let mut doc = ApiDoc::openapi();
    let mut tenant = OpenApiRouter::new();
    let mut platform = OpenApiRouter::new();
    let mut public = Vec::new();
    for area in areas {
        let tags = doc.tags.get_or_insert_with(Vec::new);
        tags.extend(area.tags.iter().map(|t| TagBuilder::new().name(t.name).description(Some(t.description)).build()));
        tenant = tenant.merge(area.routes);
        platform = platform.merge(area.platform_routes);
        public.extend(area.public_routes);
    }
    let mut api = OpenApiRouter::with_openapi(doc).nest("/api/v1/platform", platform);
    for (path, routes) in public {
        api = api.nest(path, routes);
    }
    api.nest("/api/v1", tenant_layers(tenant))
}

/// The OpenAPI document of every area's routes, as served at `/api/v1/openapi.json` and
/// committed in `docs/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let areas = crate::areas();
    let public = public_prefixes(&areas);
    crate::openapi::complete(api_tree(areas, |tenant| tenant).into_openapi(), &public)
}

/// Where the routes that need neither tenant nor token are mounted.
fn public_prefixes(areas: &[Area]) -> Vec<&'static str> {
    areas.iter().flat_map(|a| a.public_routes.iter().map(|(path, _)| *path)).collect()
}

pub fn document_json() -> String {
    document().to_pretty_json().unwrap_or_default() + "\n"
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    // The recorder must exist before the first request records anything.
    metrics_handle();
    // Layers run outside-in: resolve the tenant and token first, then idempotency (which needs both).
    let areas = crate::areas();
    let public = public_prefixes(&areas);
    let (api, doc) = api_tree(areas, |tenant| {
        tenant
            .layer(from_fn_with_state(state.clone(), innexar_http::idempotency::idempotency))
            .layer(from_fn_with_state(state.clone(), innexar_http::tenant::resolve_tenant))
    })
    .split_for_parts();
    let doc = crate::openapi::complete(doc, &public);
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

/// What a worker process serves (`serve --roles worker`): whether it is alive and ready, and
/// its metrics, for the orchestrator and Prometheus; any other path is 404.
pub fn health_router(state: AppState) -> Router {
    metrics_handle();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback(mw::not_found)
        .method_not_allowed_fallback(mw::method_not_allowed)
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
