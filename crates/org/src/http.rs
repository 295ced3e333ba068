//! `/stores`.

use axum::http::HeaderMap;
use axum::response::Response;
use innexar_http::etag::{created, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path};
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, StoreId};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::commands::{self, NewStore, StorePatch};
use crate::model::Store;
use crate::permissions::{STORES_MANAGE, STORES_READ};
use crate::queries;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_stores, create_store)).routes(routes!(get_store, update_store))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StoreList {
    pub items: Vec<Store>,
}

/// The stores you may see.
#[utoipa::path(get, path = "/stores", tag = "stores", security(("bearer" = [])), responses((status = 200, body = StoreList)))]
async fn list_stores(ctx: Ctx) -> Result<axum::Json<StoreList>, AppError> {
    ctx.require(STORES_READ)?;
    let items = queries::list_stores(ctx.db.read().await?.conn(), &ctx.actor).await?;
    Ok(axum::Json(StoreList { items }))
}

/// Open a store (branch).
#[utoipa::path(post, path = "/stores", tag = "stores", security(("bearer" = [])), request_body = NewStore,
    responses((status = 201, body = Store), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_store(ctx: Ctx, Json(input): Json<NewStore>) -> Result<Response, AppError> {
    ctx.require(STORES_MANAGE)?;
    let tx = ctx.db.begin().await?;
    let store = commands::create_store(&tx, input).await?;
    ctx.commit(tx, created(format!("/api/v1/stores/{}", store.id), store.version, &store)).await
}

/// One store.
#[utoipa::path(get, path = "/stores/{id}", tag = "stores", security(("bearer" = [])),
    params(("id" = StoreId, Path)),
    responses((status = 200, body = Store, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_store(ctx: Ctx, Path(id): Path<StoreId>) -> Result<Response, AppError> {
    ctx.require(STORES_READ)?;
    let s = queries::get_store(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(with_etag(s.version, &s))
}

/// Change a store. Requires `If-Match`.
#[utoipa::path(patch, path = "/stores/{id}", tag = "stores", security(("bearer" = [])), request_body = StorePatch,
    params(("id" = StoreId, Path), ("If-Match" = String, Header, description = "The store's ETag as last read")),
    responses((status = 200, body = Store), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn update_store(
    ctx: Ctx,
    Path(id): Path<StoreId>,
    headers: HeaderMap,
    Json(patch): Json<StorePatch>,
) -> Result<Response, AppError> {
    ctx.require(STORES_MANAGE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let s = commands::update_store(&tx, id, expected, patch).await?;
    ctx.commit(tx, with_etag(s.version, &s)).await
}
