//! HTTP handlers for vehicles.

mod bulk;

use crate::ids::{ExpenseId, VehicleId};
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use innexar_http::etag::{created, optional_if_match, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Money, Page, StoreId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::commands::{self, MoneyAccess, NewExpense, NewVehicle, StatusChange, VehiclePatch};
use crate::model::Vehicle;
use crate::model::VehicleStatus;
use crate::permissions::*;
use crate::queries::{self, AgingReport, InventorySummary, NameQuery, NameSuggestions, VehicleQuery};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_vehicles, create_vehicle))
        .routes(routes!(list_makes))
        .routes(routes!(list_models))
        .routes(routes!(get_vehicle, update_vehicle, delete_vehicle))
        .routes(routes!(change_status))
        .routes(routes!(price_history))
        .routes(routes!(status_history))
        .routes(routes!(list_expenses, add_expense))
        .routes(routes!(delete_expense))
        .routes(routes!(stock_aging))
        .routes(routes!(inventory_summary))
        .merge(crate::media::routes())
        .merge(bulk::routes())
}

/// A vehicle as the API shows it: its record, what the record implies (the next statuses, the
/// VIN decoded, days in stock) and its version and timestamps.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VehicleView {
    pub id: VehicleId,
    #[serde(flatten)]
    pub record: Vehicle,
    /// Statuses the caller may move this vehicle to next: the lifecycle's next steps for its
    /// origin (only a consigned car is returned) that the caller's permissions allow.
    pub next_statuses: Vec<VehicleStatus>,
    /// Whether it is still the dealer's stock (not sold, delivered or returned): what
    /// `inStock=true` lists and the home screen counts; expenses are recorded only then.
    pub in_stock: bool,
    /// The cover photo (`GET /vehicles/{id}/photos/{coverPhotoId}/thumbnail`), if it has photos.
    pub cover_photo_id: Option<crate::ids::PhotoId>,
    /// What the VIN says, when there is one.
    pub vin_info: Option<VinInfo>,
    /// Days since the vehicle entered stock (until it left, for sold vehicles).
    pub days_in_stock: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status_changed_at: DateTime<Utc>,
}

/// A VIN decoded: manufacturer and country from the WMI, the model year from position 10, and
/// whether position 9 holds the North-American check digit (many Brazilian VINs do not: a
/// warning, not an error).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VinInfo {
    pub wmi: String,
    pub manufacturer: Option<&'static str>,
    pub country: Option<&'static str>,
    pub model_year: Option<i32>,
    pub check_digit_valid: bool,
    pub expected_check_digit: String,
}

fn vin_info(vin: &str, now: DateTime<Utc>) -> Option<VinInfo> {
    use chrono::Datelike;
    let v = crate::identifiers::parse_vin(vin, now.year()).ok()?;
    Some(VinInfo {
        wmi: v.wmi,
        manufacturer: v.manufacturer,
        country: v.country,
        model_year: v.model_year,
        check_digit_valid: v.check_digit_valid,
        expected_check_digit: v.expected_check_digit.to_string(),
    })
}

/// The statuses `actor` may move `v` to.
fn next_statuses(v: &Vehicle, actor: &innexar_kernel::Actor) -> Vec<VehicleStatus> {
    if !actor.can(VEHICLES_CHANGE_STATUS) {
        return Vec::new();
    }
    v.status
        .next_for(v.origin)
        .filter(|to| !crate::commands::deal_status(v.status, *to))
        .filter(|to| crate::permissions::status_move_permission(v.status, *to).is_none_or(|p| actor.can(p)))
        .collect()
}

/// A vehicle's view with its cover photo read (after a write; reads take it with the record).
async fn vehicle_view_read(v: Vehicle, ctx: &Ctx) -> Result<VehicleView, AppError> {
    let cover = crate::media::store::cover_photo(ctx.db.read().await?.conn(), v.id).await?;
    Ok(vehicle_view(v, ctx, cover))
}

fn vehicle_view(mut v: Vehicle, ctx: &Ctx, cover: Option<crate::ids::PhotoId>) -> VehicleView {
    let until = if v.status.is_in_stock() { ctx.now } else { v.status_changed_at };
    if !ctx.actor.can(VEHICLES_VIEW_COST) {
        v.cost = None;
    }
    if !ctx.actor.can(VEHICLES_VIEW_MINIMUM_PRICE) {
        v.min_price = None;
    }
    VehicleView {
        id: v.id,
        next_statuses: next_statuses(&v, &ctx.actor),
        in_stock: v.status.is_in_stock(),
        cover_photo_id: cover,
        vin_info: v.vin.as_deref().and_then(|vin| vin_info(vin, ctx.now)),
        days_in_stock: (until - v.entered_at).num_days().max(0),
        version: v.version,
        created_at: v.created_at,
        updated_at: v.updated_at,
        status_changed_at: v.status_changed_at,
        record: v,
    }
}

/// A query string split between a handler's own parameters (the keys in `own`: paging, a file
/// format) and the stock list's filters, each part read strictly, so a key neither knows is
/// still refused as unknown.
pub(crate) async fn split_query<P: DeserializeOwned>(uri: &Uri, own: &[&str]) -> Result<(P, VehicleQuery), AppError> {
    let (mut mine, mut filters) = (Vec::new(), Vec::new());
    for pair in uri.query().unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let key = pair.split('=').next().unwrap_or_default();
        if own.contains(&key) { mine.push(pair) } else { filters.push(pair) }
    }
    Ok((read_query(&mine.join("&")).await?, read_query(&filters.join("&")).await?))
}

async fn read_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let request = axum::http::Request::builder().uri(format!("/?{query}")).body(()).map_err(AppError::internal)?;
    let (mut parts, ()) = request.into_parts();
    Ok(Query::<T>::from_request_parts(&mut parts, &()).await?.0)
}

/// The stock list's order, as `GET /vehicles` and its export take it. Only documented here:
/// `PageParams` reads it, with the fields `queries::SORTABLE` lists.
#[derive(utoipa::IntoParams)]
#[expect(dead_code, reason = "a parameter's documentation, never built")]
#[into_params(parameter_in = Query)]
pub(crate) struct VehicleSort {
    #[param(schema_with = vehicle_sort)]
    pub sort: Option<String>,
}

pub(crate) fn vehicle_sort() -> utoipa::openapi::schema::Object {
    innexar_kernel::page::sort_schema(queries::SORTABLE)
}

/// The stock list, filtered, sorted and paginated.
///
/// Sorts by `createdAt`, `price`, `year`, `mileage`, `make`, `model`, `stockNumber`,
/// `statusChangedAt` or `daysInStock` (by entry date: `-daysInStock` is longest in stock
/// first); default `-createdAt`.
#[utoipa::path(get, path = "/vehicles", tag = "vehicles", security(("bearer" = [])), params(PageParams, VehicleSort, VehicleQuery),
    responses((status = 200, body = Page<VehicleView>), (status = 422, body = Problem)))]
async fn list_vehicles(ctx: Ctx, uri: Uri) -> Result<axum::Json<Page<VehicleView>>, AppError> {
    ctx.require(VEHICLES_READ)?;
    let (params, query) = split_query::<PageParams>(&uri, &["page", "pageSize", "sort"]).await?;
    let page = queries::list_vehicles(ctx.db.read().await?.conn(), &ctx.actor, query, &params, ctx.now).await?;
    Ok(axum::Json(page.map(|l| vehicle_view(l.vehicle, &ctx, l.cover_photo_id))))
}

/// The makes the stock holds that match what was typed (case, accents, part of the name or a
/// common alias such as `VW` or `GM`), most vehicles first, at most 20: a make box's suggestions.
#[utoipa::path(get, path = "/vehicles/makes", tag = "vehicles", security(("bearer" = [])), params(NameQuery),
    responses((status = 200, body = NameSuggestions), (status = 422, body = Problem)))]
async fn list_makes(ctx: Ctx, Query(q): Query<NameQuery>) -> Result<axum::Json<NameSuggestions>, AppError> {
    ctx.require(VEHICLES_READ)?;
    Ok(axum::Json(queries::suggest_names(ctx.db.read().await?.conn(), &ctx.actor, q, false).await?))
}

/// The models the stock holds that match what was typed, of the makes `make` matches when it
/// is given, most vehicles first, at most 20: a model box's suggestions.
#[utoipa::path(get, path = "/vehicles/models", tag = "vehicles", security(("bearer" = [])), params(NameQuery),
    responses((status = 200, body = NameSuggestions), (status = 422, body = Problem)))]
async fn list_models(ctx: Ctx, Query(q): Query<NameQuery>) -> Result<axum::Json<NameSuggestions>, AppError> {
    ctx.require(VEHICLES_READ)?;
    Ok(axum::Json(queries::suggest_names(ctx.db.read().await?.conn(), &ctx.actor, q, true).await?))
}

/// Enter a vehicle into stock. Writes `vehicle.created`.
#[utoipa::path(post, path = "/vehicles", tag = "vehicles", security(("bearer" = [])), request_body = NewVehicle,
    responses((status = 201, body = VehicleView), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_vehicle(ctx: Ctx, Json(mut input): Json<NewVehicle>) -> Result<Response, AppError> {
    ctx.require(VEHICLES_CREATE)?;
    // Fields the user may not see are not theirs to set either.
    if !ctx.actor.can(VEHICLES_VIEW_COST) {
        input.cost_cents = None;
    }
    if !ctx.actor.can(VEHICLES_VIEW_MINIMUM_PRICE) {
        input.min_price_cents = None;
    }
    let tx = ctx.db.begin().await?;
    let v = commands::create_vehicle(&tx, input).await?;
    let reply = created(format!("/api/v1/vehicles/{}", v.id), v.version, vehicle_view(v, &ctx, None));
    let response = ctx.commit(tx, reply).await?;
    Ok(response)
}

/// One vehicle.
#[utoipa::path(get, path = "/vehicles/{id}", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    responses((status = 200, body = VehicleView, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_vehicle(ctx: Ctx, Path(id): Path<VehicleId>) -> Result<Response, AppError> {
    ctx.require(VEHICLES_READ)?;
    let l = queries::get_listed(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(with_etag(l.vehicle.version, vehicle_view(l.vehicle, &ctx, l.cover_photo_id)))
}

/// Change a vehicle's data (not its status). Requires `If-Match`. Writes `vehicle.updated`
/// and, when the price changes, `vehicle.price_changed`.
#[utoipa::path(patch, path = "/vehicles/{id}", tag = "vehicles", security(("bearer" = [])), request_body = VehiclePatch,
    params(("id" = VehicleId, Path), ("If-Match" = String, Header, description = "The vehicle's ETag as last read")),
    responses((status = 200, body = VehicleView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_vehicle(
    ctx: Ctx,
    Path(id): Path<VehicleId>,
    headers: HeaderMap,
    Json(patch): Json<VehiclePatch>,
) -> Result<Response, AppError> {
    ctx.require(VEHICLES_UPDATE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let access = MoneyAccess {
        cost: ctx.actor.can(VEHICLES_VIEW_COST),
        minimum_price: ctx.actor.can(VEHICLES_VIEW_MINIMUM_PRICE),
    };
    let v = commands::update_vehicle(&tx, id, expected, patch, access).await?;
    tx.commit().await?;
    let version = v.version;
    Ok(with_etag(version, vehicle_view_read(v, &ctx).await?))
}

/// Move a vehicle along its lifecycle (in_transit, in_preparation, available, reserved, sold,
/// delivered, unavailable, returned). `If-Match` is honoured when sent. Writes `vehicle.status_changed`.
#[utoipa::path(post, path = "/vehicles/{id}/status", tag = "vehicles", security(("bearer" = [])), request_body = StatusChange,
    params(("id" = VehicleId, Path), ("If-Match" = Option<String>, Header, description = "The vehicle's ETag as last read")),
    responses((status = 200, body = VehicleView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem)))]
async fn change_status(
    ctx: Ctx,
    Path(id): Path<VehicleId>,
    headers: HeaderMap,
    Json(input): Json<StatusChange>,
) -> Result<Response, AppError> {
    ctx.require(VEHICLES_CHANGE_STATUS)?;
    let expected = optional_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let v = commands::change_status(&tx, id, expected, input).await?;
    let cover = crate::media::store::cover_photo(&*tx, v.id).await?;
    let response = ctx.commit(tx, with_etag(v.version, vehicle_view(v, &ctx, cover))).await?;
    Ok(response)
}

/// Delete a vehicle entered by mistake (not one reserved, sold or delivered), with its photos
/// and documents. Requires `If-Match`.
#[utoipa::path(delete, path = "/vehicles/{id}", tag = "vehicles", security(("bearer" = [])),
    params(("id" = VehicleId, Path), ("If-Match" = String, Header, description = "The vehicle's ETag as last read")),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem)))]
async fn delete_vehicle(ctx: Ctx, Path(id): Path<VehicleId>, headers: HeaderMap) -> Result<StatusCode, AppError> {
    ctx.require(VEHICLES_DELETE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    // The photo and document records go with the vehicle (foreign keys cascade); their objects
    // are removed once that is committed.
    let keys = crate::media::store::object_keys_of_vehicle(&*tx, id).await?;
    commands::delete_vehicle(&tx, id, expected).await?;
    tx.commit().await?;
    ctx.state.files.delete_all(ctx.tenant.id, &keys).await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriceChangeView {
    pub previous_cents: Option<Money>,
    pub price_cents: Option<Money>,
    pub changed_by: Option<Uuid>,
    pub changed_by_email: Option<String>,
    pub changed_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PriceHistory {
    pub items: Vec<PriceChangeView>,
}

/// Every asking price the vehicle had, oldest first.
#[utoipa::path(get, path = "/vehicles/{id}/price-history", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    responses((status = 200, body = PriceHistory), (status = 404, body = Problem)))]
async fn price_history(ctx: Ctx, Path(id): Path<VehicleId>) -> Result<axum::Json<PriceHistory>, AppError> {
    ctx.require(VEHICLES_READ)?;
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let items = crate::store::list_price_changes(ctx.db.read().await?.conn(), id)
        .await?
        .into_iter()
        .map(|c| PriceChangeView {
            previous_cents: c.previous_cents,
            price_cents: c.price_cents,
            changed_by: c.changed_by,
            changed_by_email: c.changed_by_email,
            changed_at: c.changed_at,
        })
        .collect();
    Ok(axum::Json(PriceHistory { items }))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExpenseView {
    pub id: ExpenseId,
    #[schema(value_type = String, format = Date)]
    pub spent_on: chrono::NaiveDate,
    pub description: String,
    pub supplier: Option<String>,
    pub amount_cents: Money,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<crate::store::Expense> for ExpenseView {
    fn from(e: crate::store::Expense) -> Self {
        ExpenseView {
            id: e.id,
            spent_on: e.spent_on,
            description: e.description,
            supplier: e.supplier,
            amount_cents: e.amount_cents,
            created_by: e.created_by,
            created_at: e.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExpenseList {
    pub items: Vec<ExpenseView>,
    /// Sum of the items, centavos.
    pub total_cents: Money,
}

/// Reconditioning expenses of a vehicle (needs `vehicles.view_cost`).
#[utoipa::path(get, path = "/vehicles/{id}/expenses", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    responses((status = 200, body = ExpenseList), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_expenses(ctx: Ctx, Path(id): Path<VehicleId>) -> Result<axum::Json<ExpenseList>, AppError> {
    ctx.require(VEHICLES_VIEW_COST)?;
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let items: Vec<ExpenseView> = crate::store::list_expenses(ctx.db.read().await?.conn(), id)
        .await?
        .into_iter()
        .map(ExpenseView::from)
        .collect();
    let total_cents = Money(items.iter().map(|e| e.amount_cents.0).sum());
    Ok(axum::Json(ExpenseList { items, total_cents }))
}

/// Record a reconditioning expense (dated, itemised, with supplier). Writes `vehicle.expense_recorded`.
#[utoipa::path(post, path = "/vehicles/{id}/expenses", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)), request_body = NewExpense,
    responses((status = 201, body = ExpenseView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn add_expense(ctx: Ctx, Path(id): Path<VehicleId>, Json(input): Json<NewExpense>) -> Result<Response, AppError> {
    ctx.require(VEHICLES_UPDATE)?;
    ctx.require(VEHICLES_VIEW_COST)?;
    let tx = ctx.db.begin().await?;
    let e = commands::add_expense(&tx, id, input).await?;
    let location = format!("/api/v1/vehicles/{id}/expenses/{}", e.id);
    let response =
        ctx.commit(tx, (StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(ExpenseView::from(e)))).await?;
    Ok(response)
}

/// Delete an expense recorded by mistake.
#[utoipa::path(delete, path = "/vehicles/{id}/expenses/{expense_id}", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path), ("expense_id" = ExpenseId, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn delete_expense(
    ctx: Ctx,
    Path((id, expense_id)): Path<(VehicleId, ExpenseId)>,
) -> Result<StatusCode, AppError> {
    ctx.require(VEHICLES_UPDATE)?;
    ctx.require(VEHICLES_VIEW_COST)?;
    let tx = ctx.db.begin().await?;
    commands::delete_expense(&tx, id, expense_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgingParams {
    /// One store only.
    pub store_id: Option<StoreId>,
}

/// Stock by age (0-30, 31-60, 61-90, 90+ days in stock) per store, with its value at asking
/// price and, with `vehicles.view_cost`, at cost (acquisition plus reconditioning).
#[utoipa::path(get, path = "/reports/stock-aging", tag = "vehicles", security(("bearer" = [])), params(AgingParams),
    responses((status = 200, body = AgingReport), (status = 403, body = Problem)))]
async fn stock_aging(ctx: Ctx, Query(p): Query<AgingParams>) -> Result<axum::Json<AgingReport>, AppError> {
    ctx.require(REPORTS_STOCK_AGING)?;
    let with_cost = ctx.actor.can(VEHICLES_VIEW_COST);
    Ok(axum::Json(queries::stock_aging(ctx.db.read().await?.conn(), &ctx.actor, ctx.now, p.store_id, with_cost).await?))
}

/// Stock by status, average days in stock and stock value, over the stores the caller may see:
/// what a home screen shows. Anyone who can read vehicles may ask; cost needs `vehicles.view_cost`.
#[utoipa::path(get, path = "/reports/inventory-summary", tag = "vehicles", security(("bearer" = [])), params(AgingParams),
    responses((status = 200, body = InventorySummary), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn inventory_summary(ctx: Ctx, Query(p): Query<AgingParams>) -> Result<axum::Json<InventorySummary>, AppError> {
    ctx.require(VEHICLES_READ)?;
    let with_cost = ctx.actor.can(VEHICLES_VIEW_COST);
    Ok(axum::Json(
        queries::inventory_summary(ctx.db.read().await?.conn(), &ctx.actor, ctx.now, p.store_id, with_cost).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeView {
    /// Absent for the vehicle's entry into stock.
    pub from: Option<VehicleStatus>,
    pub to: VehicleStatus,
    pub note: Option<String>,
    pub changed_by: Option<Uuid>,
    pub changed_by_email: Option<String>,
    pub changed_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusHistory {
    pub items: Vec<StatusChangeView>,
}

/// Every status the vehicle went through, who moved it and when, oldest first.
#[utoipa::path(get, path = "/vehicles/{id}/status-history", tag = "vehicles", security(("bearer" = [])), params(("id" = VehicleId, Path)),
    responses((status = 200, body = StatusHistory), (status = 404, body = Problem)))]
async fn status_history(ctx: Ctx, Path(id): Path<VehicleId>) -> Result<axum::Json<StatusHistory>, AppError> {
    ctx.require(VEHICLES_READ)?;
    queries::get_vehicle(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    let items = crate::store::list_status_changes(ctx.db.read().await?.conn(), id)
        .await?
        .into_iter()
        .map(|c| StatusChangeView {
            from: c.from_status.as_deref().and_then(VehicleStatus::parse),
            to: VehicleStatus::parse(&c.to_status).unwrap_or(VehicleStatus::Available),
            note: c.note,
            changed_by: c.changed_by,
            changed_by_email: c.changed_by_email,
            changed_at: c.changed_at,
        })
        .collect();
    Ok(axum::Json(StatusHistory { items }))
}
