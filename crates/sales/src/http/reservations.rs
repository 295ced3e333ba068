//! `/vehicles/{id}/reservations` and `/reservations`.

use axum::response::Response;
use innexar_http::etag::created;
use innexar_http::{AppState, Ctx, Json, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, StoreId};
use innexar_vehicles::ids::VehicleId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::permissions::{SALES_READ, SALES_RESERVE};
use crate::reservations::{self, NewReservation, Release, Reservation, ReservationId};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_vehicle_reservations, reserve_vehicle))
        .routes(routes!(list_reservations))
        .routes(routes!(get_reservation))
        .routes(routes!(release_reservation))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReservationList {
    pub items: Vec<Reservation>,
}

/// Hold a vehicle for a customer until a time (at most 30 days). The vehicle becomes
/// `reserved`; a vehicle already held for another customer answers 409 `sales.vehicle_reserved`
/// and nothing changes, unless a manager gives an `overrideReason`.
#[utoipa::path(post, path = "/vehicles/{id}/reservations", tag = "reservations", security(("bearer" = [])),
    params(("id" = VehicleId, Path)), request_body = NewReservation,
    responses((status = 201, body = Reservation), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn reserve_vehicle(
    ctx: Ctx,
    Path(id): Path<VehicleId>,
    Json(input): Json<NewReservation>,
) -> Result<Response, AppError> {
    ctx.require(SALES_RESERVE)?;
    let tx = ctx.db.begin().await?;
    let r = reservations::reserve(&tx, id, input).await?;
    ctx.commit(tx, created(format!("/api/v1/reservations/{}", r.id), r.version, &r)).await
}

/// A vehicle's reservations, newest first (the active one, if any, is first).
#[utoipa::path(get, path = "/vehicles/{id}/reservations", tag = "reservations", security(("bearer" = [])),
    params(("id" = VehicleId, Path)),
    responses((status = 200, body = ReservationList), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_vehicle_reservations(
    ctx: Ctx,
    Path(id): Path<VehicleId>,
) -> Result<axum::Json<ReservationList>, AppError> {
    ctx.require(SALES_READ)?;
    let db = ctx.db.read().await?;
    // The vehicle must be one the actor may see.
    innexar_vehicles::queries::get_vehicle(db.conn(), &ctx.actor, id).await?;
    Ok(axum::Json(ReservationList { items: reservations::of_vehicle(db.conn(), id).await? }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReservationQuery {
    pub store_id: Option<StoreId>,
}

/// The active reservations you may see (yours; a manager's stores), ending soonest first.
#[utoipa::path(get, path = "/reservations", tag = "reservations", security(("bearer" = [])),
    params(ReservationQuery),
    responses((status = 200, body = ReservationList), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_reservations(
    ctx: Ctx,
    Query(q): Query<ReservationQuery>,
) -> Result<axum::Json<ReservationList>, AppError> {
    ctx.require(SALES_READ)?;
    let items = reservations::list_active(ctx.db.read().await?.conn(), &ctx.actor, q.store_id).await?;
    Ok(axum::Json(ReservationList { items }))
}

#[utoipa::path(get, path = "/reservations/{id}", tag = "reservations", security(("bearer" = [])),
    params(("id" = ReservationId, Path)),
    responses((status = 200, body = Reservation), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_reservation(ctx: Ctx, Path(id): Path<ReservationId>) -> Result<axum::Json<Reservation>, AppError> {
    ctx.require(SALES_READ)?;
    Ok(axum::Json(reservations::get(ctx.db.read().await?.conn(), &ctx.actor, id).await?))
}

/// End a reservation early (its holder, or a manager with a reason); the vehicle is available
/// again.
#[utoipa::path(post, path = "/reservations/{id}/release", tag = "reservations", security(("bearer" = [])),
    params(("id" = ReservationId, Path)), request_body = Release,
    responses((status = 200, body = Reservation), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn release_reservation(
    ctx: Ctx,
    Path(id): Path<ReservationId>,
    Json(input): Json<Release>,
) -> Result<Response, AppError> {
    ctx.require(SALES_RESERVE)?;
    let tx = ctx.db.begin().await?;
    let r = reservations::release(&tx, id, input).await?;
    ctx.commit(tx, axum::Json(r)).await
}
