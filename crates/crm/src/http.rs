//! `/customers`: records, search, merge, consent and the vehicles a customer owns; the funnel
//! in `leads`.

mod conversations;
mod intake;
mod leads;
mod privacy;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use innexar_http::etag::{created, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, CustomerId, Page};
use innexar_vehicles::commands::CustomerVehicle;
use innexar_vehicles::ids::VehicleId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::commands::{self, CustomerPatch, NewConsent, NewCustomer, PossibleDuplicate};
use crate::model::{Customer, CustomerKind};
use crate::permissions::*;
use crate::queries::{self, ConsentState, CustomerQuery};
use crate::store::Consent;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customers, create_customer))
        .routes(routes!(get_customer, update_customer))
        .routes(routes!(merge_customer))
        .routes(routes!(list_consents, record_consent))
        .routes(routes!(list_customer_vehicles, add_customer_vehicle))
        .routes(routes!(remove_customer_vehicle))
        .merge(leads::routes())
        .merge(conversations::routes())
        .merge(intake::routes())
        .merge(privacy::routes())
}

/// A customer as the API answers it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    pub id: CustomerId,
    #[serde(flatten)]
    pub record: Customer,
    /// A company's legal name (the same as `name`), as companies are written to the API.
    pub legal_name: Option<String>,
    /// The user who registered the customer.
    pub created_by: Option<uuid::Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Customer> for CustomerView {
    fn from(c: Customer) -> Self {
        CustomerView {
            id: c.id,
            legal_name: (c.kind == CustomerKind::Company).then(|| c.name.clone()),
            created_by: c.created_by,
            version: c.version,
            created_at: c.created_at,
            updated_at: c.updated_at,
            record: c,
        }
    }
}

/// A customer just registered, with the customers it may duplicate.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedCustomer {
    #[serde(flatten)]
    pub customer: CustomerView,
    /// Customers with a similar name and the same phone or e-mail (flagged, not refused).
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

fn customer_sort() -> utoipa::openapi::schema::Object {
    innexar_kernel::page::sort_schema(queries::SORTABLE)
}

/// The list's query: the page and the filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CustomerListQuery {
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// `createdAt`, `name` or `updatedAt`, `-` first for descending; default `-createdAt`.
    #[param(schema_with = customer_sort)]
    pub sort: Option<String>,
    /// Name (any case, with or without accents), CPF or CNPJ (with or without mask), phone (in
    /// any common format), e-mail, or the placa of a vehicle the customer owns. Words of one or
    /// two letters match the start of a word; longer ones match anywhere. A search counts at
    /// most 100 matches past the page's start (`totalExact` false beyond).
    #[param(max_length = 100)]
    pub q: Option<String>,
    pub kind: Option<CustomerKind>,
    pub store_id: Option<innexar_kernel::StoreId>,
    #[param(max_length = 40)]
    pub tag: Option<String>,
}

/// Find customers: by name (any case, accents aside), CPF or CNPJ (masked or not), phone (any
/// common format), e-mail, or the placa of a vehicle they own. Only the customers you may see.
#[utoipa::path(get, path = "/customers", tag = "customers", security(("bearer" = [])), params(CustomerListQuery),
    responses((status = 200, body = Page<CustomerView>), (status = 422, body = Problem)))]
async fn list_customers(
    ctx: Ctx,
    Query(q): Query<CustomerListQuery>,
) -> Result<axum::Json<Page<CustomerView>>, AppError> {
    ctx.require(CUSTOMERS_READ)?;
    let page = PageParams { page: q.page, page_size: q.page_size, sort: q.sort };
    let filter = CustomerQuery { q: q.q, kind: q.kind, store_id: q.store_id, tag: q.tag };
    let found = queries::list_customers(ctx.db.read().await?.conn(), &ctx.actor, filter, page).await?;
    Ok(axum::Json(found.map(CustomerView::from)))
}

/// Register a customer: `{"kind": "person", "name", "cpf", ...}` or `{"kind": "company",
/// "legalName", "tradeName", "cnpj", ...}`. A CPF or CNPJ already registered is 409
/// `customers.duplicate` naming the customer who has it. Writes `customer.created`.
#[utoipa::path(post, path = "/customers", tag = "customers", security(("bearer" = [])), request_body = NewCustomer,
    responses((status = 201, body = CreatedCustomer), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_customer(ctx: Ctx, Json(input): Json<NewCustomer>) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_CREATE)?;
    let tx = ctx.db.begin().await?;
    let done = commands::create_customer(&tx, input).await?;
    let c = done.customer;
    let location = format!("/api/v1/customers/{}", c.id);
    let body = CreatedCustomer { customer: c.into(), possible_duplicates: done.possible_duplicates };
    ctx.commit(tx, created(location, body.customer.version, body)).await
}

/// One customer, whole. Every read is recorded in the audit log (who, when): LGPD asks who saw
/// a person's data. The id of a merged record answers the record it was merged into.
#[utoipa::path(get, path = "/customers/{id}", tag = "customers", security(("bearer" = [])),
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = CustomerView, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_customer(ctx: Ctx, Path(id): Path<CustomerId>) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_READ)?;
    let tx = ctx.db.begin().await?;
    let c = queries::get_customer(&tx, &ctx.actor, id).await?;
    innexar_db::audit::record(
        &tx,
        innexar_db::audit::Change {
            action: "customers.viewed",
            entity_type: "customer",
            entity_id: Some(c.id.uuid()),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(with_etag(c.version, CustomerView::from(c)))
}

/// Change a customer. Requires `If-Match`. Lists (phones, e-mails, addresses, contacts, tags)
/// are replaced whole. Writes `customer.updated` with the names of the fields changed.
#[utoipa::path(patch, path = "/customers/{id}", tag = "customers", security(("bearer" = [])), request_body = CustomerPatch,
    params(("id" = CustomerId, Path), ("If-Match" = String, Header, description = "The customer's ETag as last read")),
    responses((status = 200, body = CustomerView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_customer(
    ctx: Ctx,
    Path(id): Path<CustomerId>,
    headers: HeaderMap,
    Json(patch): Json<CustomerPatch>,
) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_UPDATE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let c = commands::update_customer(&tx, id, expected, patch).await?;
    ctx.commit(tx, with_etag(c.version, CustomerView::from(c))).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeRequest {
    /// The duplicate record, which becomes a tombstone of this one.
    pub merged_id: CustomerId,
}

/// Merge a duplicate record into this customer: fields this one lacks and every phone, e-mail,
/// address and tag of the other are kept; every link (consents, vehicles owned, and the other
/// areas' records) moves here in one transaction; the duplicate's id keeps resolving to this
/// customer. Writes `customer.merged`.
#[utoipa::path(post, path = "/customers/{id}/merge", tag = "customers", security(("bearer" = [])), request_body = MergeRequest,
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = CustomerView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn merge_customer(
    ctx: Ctx,
    Path(id): Path<CustomerId>,
    Json(req): Json<MergeRequest>,
) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_MERGE)?;
    let tx = ctx.db.begin().await?;
    let c = commands::merge_customers(&tx, id, req.merged_id).await?;
    ctx.commit(tx, with_etag(c.version, CustomerView::from(c))).await
}

/// The customer's consent: the current answer per purpose and channel, and its history.
#[utoipa::path(get, path = "/customers/{id}/consents", tag = "customers", security(("bearer" = [])),
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = ConsentState), (status = 404, body = Problem)))]
async fn list_consents(ctx: Ctx, Path(id): Path<CustomerId>) -> Result<axum::Json<ConsentState>, AppError> {
    ctx.require(CUSTOMERS_READ)?;
    Ok(axum::Json(queries::consents(ctx.db.read().await?.conn(), &ctx.actor, id).await?))
}

/// Record a consent given, refused or withdrawn for one purpose and channel. Answers are never
/// edited: a withdrawal is a new answer. Writes `consent.changed` when the answer changes.
#[utoipa::path(post, path = "/customers/{id}/consents", tag = "customers", security(("bearer" = [])), request_body = NewConsent,
    params(("id" = CustomerId, Path)),
    responses((status = 201, body = Consent), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn record_consent(
    ctx: Ctx,
    Path(id): Path<CustomerId>,
    Json(input): Json<NewConsent>,
) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_RECORD_CONSENT)?;
    let tx = ctx.db.begin().await?;
    let c = commands::record_consent(&tx, id, input).await?;
    ctx.commit(tx, (StatusCode::CREATED, axum::Json(c))).await
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnedVehicle {
    pub id: VehicleId,
    /// `E-00042` for a car sold from stock, `C-00007` for a customer's own car registered here.
    pub number: String,
    pub vin: Option<String>,
    pub placa: Option<String>,
    pub make: String,
    pub model: String,
    pub trim: Option<String>,
    pub year: i32,
    pub model_year: i32,
    pub color: Option<String>,
    pub mileage_km: i64,
    pub status: innexar_vehicles::model::VehicleStatus,
    pub owned_since: Option<DateTime<Utc>>,
}

impl From<innexar_vehicles::model::Vehicle> for OwnedVehicle {
    fn from(v: innexar_vehicles::model::Vehicle) -> Self {
        OwnedVehicle {
            id: v.id,
            number: v.stock_number,
            vin: v.vin,
            placa: v.placa,
            make: v.make,
            model: v.model,
            trim: v.trim,
            year: v.year,
            model_year: v.model_year,
            color: v.color,
            mileage_km: v.mileage_km,
            status: v.status,
            owned_since: v.owned_since,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnedVehicles {
    pub items: Vec<OwnedVehicle>,
}

/// The vehicles the customer owns: bought here, or their own registered for service, appraisal
/// or by the desk.
#[utoipa::path(get, path = "/customers/{id}/vehicles", tag = "customers", security(("bearer" = [])),
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = OwnedVehicles), (status = 404, body = Problem)))]
async fn list_customer_vehicles(ctx: Ctx, Path(id): Path<CustomerId>) -> Result<axum::Json<OwnedVehicles>, AppError> {
    ctx.require(CUSTOMERS_READ)?;
    let vs = queries::vehicles(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(axum::Json(OwnedVehicles { items: vs.into_iter().map(OwnedVehicle::from).collect() }))
}

/// Add a vehicle the customer owns. The car is one record through its life: one already known
/// by its VIN or placa (either format), sold here or seen before, becomes theirs (200); an
/// unknown one is registered as the customer's (201). A car still in stock is 409
/// `vehicles.in_dealer_stock`.
#[utoipa::path(post, path = "/customers/{id}/vehicles", tag = "customers", security(("bearer" = [])), request_body = CustomerVehicle,
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = OwnedVehicle), (status = 201, body = OwnedVehicle), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn add_customer_vehicle(
    ctx: Ctx,
    Path(id): Path<CustomerId>,
    Json(input): Json<CustomerVehicle>,
) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_UPDATE)?;
    let tx = ctx.db.begin().await?;
    let (v, made) = commands::add_vehicle(&tx, id, input).await?;
    let status = if made { StatusCode::CREATED } else { StatusCode::OK };
    ctx.commit(tx, (status, axum::Json(OwnedVehicle::from(v))).into_response()).await
}

/// The customer no longer owns this vehicle (sold it, or it was added by mistake). The
/// vehicle's record stays.
#[utoipa::path(delete, path = "/customers/{id}/vehicles/{vehicle_id}", tag = "customers", security(("bearer" = [])),
    params(("id" = CustomerId, Path), ("vehicle_id" = VehicleId, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
async fn remove_customer_vehicle(
    ctx: Ctx,
    Path((id, vehicle_id)): Path<(CustomerId, VehicleId)>,
) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_UPDATE)?;
    let tx = ctx.db.begin().await?;
    commands::remove_vehicle(&tx, id, vehicle_id).await?;
    ctx.commit(tx, StatusCode::NO_CONTENT).await
}
