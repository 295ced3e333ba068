//! `POST /intake/leads` (a lead source's key, no user) and the Owner's keys.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use innexar_http::{AppState, Ctx, Json, Path, TenantCtx};
use innexar_kernel::AppError;
use innexar_kernel::error::Problem;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::intake::{self, CreatedIntakeKey, IntakeKey, IntakeKeyId, IntakeLead, IntakeResult, NewIntakeKey};
use crate::permissions::CRM_MANAGE_INTAKE_KEYS;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(intake_lead))
        .routes(routes!(list_intake_keys, create_intake_key))
        .routes(routes!(revoke_intake_key))
}

/// Post a lead from a website form or a portal integration, with the source's key in
/// `X-Api-Key` (no user token). The key names the source and the store. Idempotent by
/// `externalId`: a repeat answers 200 with the first lead and writes nothing. A known phone or
/// e-mail links the lead to that customer; an unknown one registers the customer. Limited per
/// key (600 a minute) and per contact (5 leads an hour); the `website` field must stay empty.
#[utoipa::path(post, path = "/intake/leads", tag = "intake", security(("api_key" = [])), request_body = IntakeLead,
    responses((status = 201, body = IntakeResult), (status = 200, body = IntakeResult), (status = 401, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem), (status = 503, body = Problem)))]
async fn intake_lead(ctx: TenantCtx, headers: HeaderMap, Json(input): Json<IntakeLead>) -> Result<Response, AppError> {
    let presented = headers.get("x-api-key").and_then(|v| v.to_str().ok()).unwrap_or_default().trim().to_string();
    if presented.is_empty() {
        return Err(AppError::unauthorized("intake.invalid_key", "send the source's key as X-Api-Key"));
    }
    // Counted before anything else, and a slot taken before a connection: a flood of made-up
    // keys neither runs unbounded nor takes the tenant's pool.
    intake::count_attempt(&intake::presented_hash(&presented))?;
    let _slot = intake::slot(ctx.tenant.id).await?;
    let key = intake::authenticate(ctx.db.read().await?.conn(), &presented).await?;
    let tx = ctx.db.begin().await?;
    let result = intake::receive(&tx, &key, input).await?;
    if !result.created {
        // A repeat: whatever the attempt wrote on its way (a customer made again) goes.
        tx.rollback().await?;
        return Ok((StatusCode::OK, axum::Json(result)).into_response());
    }
    tx.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(result)).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IntakeKeys {
    pub items: Vec<IntakeKey>,
}

/// The tenant's intake keys, by their prefix (the keys themselves are not kept).
#[utoipa::path(get, path = "/crm/intake-keys", tag = "intake", security(("bearer" = [])),
    responses((status = 200, body = IntakeKeys), (status = 403, body = Problem)))]
async fn list_intake_keys(ctx: Ctx) -> Result<axum::Json<IntakeKeys>, AppError> {
    ctx.require(CRM_MANAGE_INTAKE_KEYS)?;
    Ok(axum::Json(IntakeKeys { items: intake::list_keys(ctx.db.read().await?.conn()).await? }))
}

/// Make a key for a lead source and store. The answer is the only time the key is shown.
#[utoipa::path(post, path = "/crm/intake-keys", tag = "intake", security(("bearer" = [])), request_body = NewIntakeKey,
    responses((status = 201, body = CreatedIntakeKey), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_intake_key(ctx: Ctx, Json(input): Json<NewIntakeKey>) -> Result<Response, AppError> {
    ctx.require(CRM_MANAGE_INTAKE_KEYS)?;
    let tx = ctx.db.begin().await?;
    let k = intake::create_key(&tx, input).await?;
    ctx.commit(tx, (StatusCode::CREATED, axum::Json(k))).await
}

/// Revoke a key: its next request is refused (401).
#[utoipa::path(delete, path = "/crm/intake-keys/{id}", tag = "intake", security(("bearer" = [])),
    params(("id" = IntakeKeyId, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn revoke_intake_key(ctx: Ctx, Path(id): Path<IntakeKeyId>) -> Result<Response, AppError> {
    ctx.require(CRM_MANAGE_INTAKE_KEYS)?;
    let tx = ctx.db.begin().await?;
    intake::revoke_key(&tx, id).await?;
    ctx.commit(tx, StatusCode::NO_CONTENT).await
}
