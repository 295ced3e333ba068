//! `/webhooks/...`: the Owner's endpoints, the event types to subscribe to, the delivery log.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use innexar_http::etag::{created, optional_if_match, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, EventType, Json, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::{Page, PageParams};
use innexar_kernel::{AppError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::commands::{self, Rules};
use crate::deliveries::{FAILED, PENDING, SUCCEEDED};
use crate::model::{
    DeliveryDetail, DeliveryId, DeliveryView, EndpointId, EndpointPatch, EndpointView, EndpointWithSecret,
    NewEndpointInput, SecretRotation,
};
use crate::permissions::WEBHOOKS_MANAGE;
use crate::queries::{self, DeliveryFilter};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_event_types))
        .routes(routes!(list_endpoints, create_endpoint))
        .routes(routes!(get_endpoint, update_endpoint, delete_endpoint))
        .routes(routes!(rotate_secret))
        .routes(routes!(test_endpoint))
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(redeliver))
}

fn rules(ctx: &Ctx) -> Rules<'_> {
    Rules {
        catalogue: &ctx.state.event_types,
        allow_private_targets: ctx.state.settings.webhooks.allow_private_targets,
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeList {
    pub items: Vec<EventType>,
}

/// The event types an endpoint may subscribe to, by type. Each delivery's body is the
/// CloudEvents envelope with the event's `data`.
#[utoipa::path(get, path = "/webhooks/event-types", tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = EventTypeList), (status = 403, body = Problem)))]
async fn list_event_types(ctx: Ctx) -> Result<axum::Json<EventTypeList>, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    Ok(axum::Json(EventTypeList { items: ctx.state.event_types.clone() }))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndpointList {
    pub items: Vec<EndpointView>,
}

/// The tenant's webhook endpoints, oldest first.
#[utoipa::path(get, path = "/webhooks/endpoints", tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = EndpointList), (status = 403, body = Problem)))]
async fn list_endpoints(ctx: Ctx) -> Result<axum::Json<EndpointList>, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let items = queries::list_endpoints(ctx.db.read().await?.conn(), ctx.now).await?;
    Ok(axum::Json(EndpointList { items }))
}

/// Register an endpoint for the event types given (or `*`). The answer holds its signing
/// `secret`, shown this once: every delivery carries `Innexar-Signature: t=<unix seconds>,
/// v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. It takes the events that happen from now on.
#[utoipa::path(post, path = "/webhooks/endpoints", tag = "webhooks", security(("bearer" = [])), request_body = NewEndpointInput,
    responses((status = 201, body = EndpointWithSecret, headers(("ETag" = String), ("Location" = String))),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_endpoint(ctx: Ctx, Json(input): Json<NewEndpointInput>) -> Result<Response, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let tx = ctx.db.begin().await?;
    let made = commands::create_endpoint(&tx, &ctx.state.sealer, rules(&ctx), input).await?;
    let location = format!("/api/v1/webhooks/endpoints/{}", made.endpoint.id);
    ctx.commit(tx, created(location, made.endpoint.version, &made)).await
}

/// One endpoint.
#[utoipa::path(get, path = "/webhooks/endpoints/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = EndpointId, Path)),
    responses((status = 200, body = EndpointView, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_endpoint(ctx: Ctx, Path(id): Path<EndpointId>) -> Result<Response, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let e = queries::get_endpoint(ctx.db.read().await?.conn(), id, ctx.now).await?;
    Ok(with_etag(e.version, &e))
}

/// Change an endpoint's URL, description, event types, or whether it is active. Requires
/// `If-Match`. Enabling it clears its failure count and sends what waited at once.
#[utoipa::path(patch, path = "/webhooks/endpoints/{id}", tag = "webhooks", security(("bearer" = [])), request_body = EndpointPatch,
    params(("id" = EndpointId, Path), ("If-Match" = String, Header, description = "The endpoint's ETag as last read")),
    responses((status = 200, body = EndpointView, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_endpoint(
    ctx: Ctx,
    Path(id): Path<EndpointId>,
    headers: HeaderMap,
    Json(patch): Json<EndpointPatch>,
) -> Result<Response, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let e = commands::update_endpoint(&tx, rules(&ctx), id, expected, patch).await?;
    ctx.commit(tx, with_etag(e.version, &e)).await
}

/// Remove an endpoint with its delivery log; deliveries still waiting are dropped. `If-Match`
/// is optional.
#[utoipa::path(delete, path = "/webhooks/endpoints/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = EndpointId, Path), ("If-Match" = Option<String>, Header, description = "The endpoint's ETag as last read")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem)))]
async fn delete_endpoint(ctx: Ctx, Path(id): Path<EndpointId>, headers: HeaderMap) -> Result<Response, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let expected = optional_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    commands::delete_endpoint(&tx, id, expected).await?;
    ctx.commit(tx, StatusCode::NO_CONTENT.into_response()).await
}

/// Give the endpoint a new signing secret, shown this once. The current secret keeps signing
/// beside it (a second `v1` in `Innexar-Signature`) for `keepPreviousForHours` (default 24), so
/// receivers switch without refusing a delivery. `If-Match` is optional.
#[utoipa::path(post, path = "/webhooks/endpoints/{id}/secret", tag = "webhooks", security(("bearer" = [])),
    request_body = SecretRotation,
    params(("id" = EndpointId, Path), ("If-Match" = Option<String>, Header, description = "The endpoint's ETag as last read")),
    responses((status = 200, body = EndpointWithSecret, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn rotate_secret(
    ctx: Ctx,
    Path(id): Path<EndpointId>,
    headers: HeaderMap,
    Json(rotation): Json<SecretRotation>,
) -> Result<Response, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let expected = optional_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let e = commands::rotate_secret(&tx, &ctx.state.sealer, id, expected, rotation).await?;
    ctx.commit(tx, with_etag(e.endpoint.version, &e)).await
}

/// Send a `webhook.test` event to this endpoint alone. It goes at once, signed and logged as
/// any delivery; its outcome appears in the delivery log.
#[utoipa::path(post, path = "/webhooks/endpoints/{id}/test", tag = "webhooks", security(("bearer" = [])),
    params(("id" = EndpointId, Path)),
    responses((status = 202, body = DeliveryView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn test_endpoint(ctx: Ctx, Path(id): Path<EndpointId>) -> Result<Response, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let tx = ctx.db.begin().await?;
    let d = commands::test_send(&tx, id).await?;
    ctx.commit(tx, (StatusCode::ACCEPTED, axum::Json(d))).await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// `pending`, `succeeded` or `failed`.
    #[param(pattern = "^(pending|succeeded|failed)$")]
    pub status: Option<String>,
    /// One event type (`vehicle.created`, `webhook.test`).
    #[param(max_length = 100)]
    pub event_type: Option<String>,
}

/// The endpoint's deliveries, newest first: status, attempts, the last answer's status and
/// latency.
#[utoipa::path(get, path = "/webhooks/endpoints/{id}/deliveries", tag = "webhooks", security(("bearer" = [])),
    params(("id" = EndpointId, Path), DeliveryQuery),
    responses((status = 200, body = Page<DeliveryView>), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list_deliveries(
    ctx: Ctx,
    Path(id): Path<EndpointId>,
    Query(q): Query<DeliveryQuery>,
) -> Result<axum::Json<Page<DeliveryView>>, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let page = PageParams { page: q.page, page_size: q.page_size, sort: None }.validate(&[])?;
    if let Some(s) = &q.status
        && ![PENDING, SUCCEEDED, FAILED].contains(&s.as_str())
    {
        return Err(AppError::validation(vec![FieldError::new(
            "/status",
            "field.invalid_enum",
            "status is pending, succeeded or failed",
        )]));
    }
    if q.event_type.as_ref().is_some_and(|t| t.chars().count() > 100) {
        return Err(AppError::validation(vec![FieldError::new(
            "/eventType",
            "field.too_long",
            "an event type has at most 100 characters",
        )]));
    }
    let filter = DeliveryFilter { status: q.status, event_type: q.event_type };
    Ok(axum::Json(queries::list_deliveries(ctx.db.read().await?.conn(), id, filter, &page).await?))
}

/// One delivery: the body exactly as signed and sent, and every attempt with the receiver's
/// status, latency and the start of its answer.
#[utoipa::path(get, path = "/webhooks/deliveries/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = DeliveryId, Path)),
    responses((status = 200, body = DeliveryDetail), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_delivery(ctx: Ctx, Path(id): Path<DeliveryId>) -> Result<axum::Json<DeliveryDetail>, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    Ok(axum::Json(queries::get_delivery(ctx.db.read().await?.conn(), id).await?))
}

/// Send a delivery again now, whatever its status (the same body, newly signed). Refused while
/// an attempt is under way or the endpoint is disabled.
#[utoipa::path(post, path = "/webhooks/deliveries/{id}/redeliver", tag = "webhooks", security(("bearer" = [])),
    params(("id" = DeliveryId, Path)),
    responses((status = 202, body = DeliveryView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn redeliver(ctx: Ctx, Path(id): Path<DeliveryId>) -> Result<Response, AppError> {
    ctx.require(WEBHOOKS_MANAGE)?;
    let tx = ctx.db.begin().await?;
    let d = commands::redeliver(&tx, id).await?;
    ctx.commit(tx, (StatusCode::ACCEPTED, axum::Json(d))).await
}
