//! A person's rights: their requests, their data as one document, anonymisation.

use axum::http::StatusCode;
use axum::response::Response;
use innexar_http::{AppState, Ctx, Json, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::{AppError, CustomerId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::CustomerView;
use crate::permissions::CUSTOMERS_PERSONAL_DATA;
use crate::privacy::{
    self, CloseDataRequest, DataRequest, DataRequestId, DataRequestView, NewDataRequest, PersonalData, RequestStatus,
};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(personal_data))
        .routes(routes!(anonymize))
        .routes(routes!(register_request))
        .routes(routes!(list_requests))
        .routes(routes!(close_request))
}

/// Everything held about the person, as one JSON document: the record, consents, leads with
/// their history, activities, vehicles owned, their requests and who read their record. The
/// export itself is audited.
#[utoipa::path(get, path = "/customers/{id}/personal-data", tag = "customers", security(("bearer" = [])),
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = PersonalData), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn personal_data(ctx: Ctx, Path(id): Path<CustomerId>) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_PERSONAL_DATA)?;
    let tx = ctx.db.begin().await?;
    let doc = privacy::personal_data(&tx, id).await?;
    ctx.commit(tx, axum::Json(doc)).await
}

/// Remove the person's personal data everywhere it is stored (name, documents, contacts,
/// addresses, free texts, the audit log's values, cached responses, messages). The record stays
/// with a pseudonym, so sales, invoices and accounting that name it remain. Writes
/// `customer.anonymized`. Cannot be undone.
#[utoipa::path(post, path = "/customers/{id}/anonymize", tag = "customers", security(("bearer" = [])),
    params(("id" = CustomerId, Path)),
    responses((status = 200, body = CustomerView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem)))]
async fn anonymize(ctx: Ctx, Path(id): Path<CustomerId>) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_PERSONAL_DATA)?;
    let tx = ctx.db.begin().await?;
    let c = privacy::anonymize(&tx, id).await?;
    let response = ctx.commit(tx, axum::Json(CustomerView::from(c))).await?;
    privacy::checkpoint(ctx.db.read().await?.conn()).await?;
    Ok(response)
}

/// Register a request the person made (access, correction, anonymisation, portability, sharing,
/// consent withdrawal); it is due 15 days after the day it arrived.
#[utoipa::path(post, path = "/customers/{id}/data-requests", tag = "customers", security(("bearer" = [])),
    request_body = NewDataRequest, params(("id" = CustomerId, Path)),
    responses((status = 201, body = DataRequest), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn register_request(
    ctx: Ctx,
    Path(id): Path<CustomerId>,
    Json(input): Json<NewDataRequest>,
) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_PERSONAL_DATA)?;
    let tx = ctx.db.begin().await?;
    let r = privacy::register_request(&tx, id, input).await?;
    ctx.commit(tx, (StatusCode::CREATED, axum::Json(r))).await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    pub status: Option<RequestStatus>,
    pub customer_id: Option<CustomerId>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataRequests {
    pub items: Vec<DataRequestView>,
}

/// The tenant's data-subject requests, soonest due first, each with whether it is overdue.
#[utoipa::path(get, path = "/crm/data-requests", tag = "customers", security(("bearer" = [])), params(RequestQuery),
    responses((status = 200, body = DataRequests), (status = 403, body = Problem)))]
async fn list_requests(ctx: Ctx, Query(q): Query<RequestQuery>) -> Result<axum::Json<DataRequests>, AppError> {
    ctx.require(CUSTOMERS_PERSONAL_DATA)?;
    let items = privacy::list_requests(ctx.db.read().await?.conn(), q.status, q.customer_id, ctx.now).await?;
    Ok(axum::Json(DataRequests { items }))
}

/// Close a request as completed or refused, with the answer given.
#[utoipa::path(post, path = "/crm/data-requests/{id}/close", tag = "customers", security(("bearer" = [])),
    request_body = CloseDataRequest, params(("id" = DataRequestId, Path)),
    responses((status = 200, body = DataRequest), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn close_request(
    ctx: Ctx,
    Path(id): Path<DataRequestId>,
    Json(input): Json<CloseDataRequest>,
) -> Result<Response, AppError> {
    ctx.require(CUSTOMERS_PERSONAL_DATA)?;
    let tx = ctx.db.begin().await?;
    let r = privacy::close_request(&tx, id, input).await?;
    ctx.commit(tx, axum::Json(r)).await
}
