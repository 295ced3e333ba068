//! `/quotes`, `/appraisals`, `/approvals` and a store's discount limits.

use axum::http::HeaderMap;
use axum::response::Response;
use innexar_http::etag::{created, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path, Query};
use innexar_identity::reset::app_origin;
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{Actor, AppError, CustomerId, Page, StoreId};
use innexar_vehicles::ids::VehicleId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::appraisals::{self, Appraisal, AppraisalId, AppraisalValues, NewAppraisal};
use crate::approvals::{
    self, Approval, ApprovalId, ApprovalRequest, ApprovalStatus, DecisionInput, LimitsInput, StoreLimits,
};
use crate::permissions::*;
use crate::quotes::{self, Quote, QuoteContent, QuoteId, QuoteInput, QuoteStatus, QuoteVersion, Rejection};
use crate::rows::{CarLabel, Names};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_quotes, create_quote))
        .routes(routes!(get_quote, revise_quote))
        .routes(routes!(list_quote_versions))
        .routes(routes!(get_quote_version))
        .routes(routes!(send_quote))
        .routes(routes!(reject_quote))
        .routes(routes!(request_approval))
        .routes(routes!(list_approvals))
        .routes(routes!(decide_approval))
        .routes(routes!(get_discount_limits, set_discount_limits))
        .routes(routes!(create_appraisal, list_appraisals))
        .routes(routes!(get_appraisal, update_appraisal))
}

/// A quote with its current version, as the desk reads it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    #[serde(flatten)]
    pub quote: Quote,
    pub content: QuoteContent,
    /// Its discount requests, newest first.
    pub approvals: Vec<Approval>,
}

/// The content as the actor may read it: costs and margin need `vehicles.view_cost`.
fn shown(actor: &Actor, c: QuoteContent) -> QuoteContent {
    if actor.can(innexar_vehicles::permissions::VEHICLES_VIEW_COST) { c } else { c.without_costs() }
}

async fn view(ctx: &Ctx, db: &impl sea_orm::ConnectionTrait, q: Quote, c: QuoteContent) -> Result<QuoteView, AppError> {
    let approvals = approvals::of_quote(db, q.id).await?;
    Ok(QuoteView { quote: q, content: shown(&ctx.actor, c), approvals })
}

/// Build a quote: the customer, a stock vehicle (available, or reserved for this customer),
/// discount, accessories and services, F&I products, trade-in and payments that add up to the
/// total. It starts as a draft, `P-00001`, version 1.
#[utoipa::path(post, path = "/quotes", tag = "quotes", security(("bearer" = [])), request_body = QuoteInput,
    responses((status = 201, body = QuoteView), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn create_quote(ctx: Ctx, Json(input): Json<QuoteInput>) -> Result<Response, AppError> {
    ctx.require(QUOTES_WRITE)?;
    let tx = ctx.db.begin().await?;
    let (q, c) = quotes::create(&tx, input).await?;
    // A new quote has no approval requests yet: nothing more to read.
    let v = QuoteView { quote: q, content: shown(&ctx.actor, c), approvals: Vec::new() };
    ctx.commit(tx, created(format!("/api/v1/quotes/{}", v.quote.id), v.quote.version, &v)).await
}

fn quote_sort() -> utoipa::openapi::schema::Object {
    innexar_kernel::page::sort_schema(quotes::SORTABLE)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuoteListQuery {
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    #[param(schema_with = quote_sort)]
    pub sort: Option<String>,
    /// Comma-separated statuses.
    pub status: Option<String>,
    pub store_id: Option<StoreId>,
    pub customer_id: Option<CustomerId>,
    pub vehicle_id: Option<VehicleId>,
    pub salesperson_id: Option<uuid::Uuid>,
}

/// Quotes you may see (a salesperson: theirs; a manager: their stores'), newest first.
#[utoipa::path(get, path = "/quotes", tag = "quotes", security(("bearer" = [])), params(QuoteListQuery),
    responses((status = 200, body = Page<QuoteRow>), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_quotes(ctx: Ctx, Query(q): Query<QuoteListQuery>) -> Result<axum::Json<Page<QuoteRow>>, AppError> {
    ctx.require(SALES_READ)?;
    let status = match q.status.as_deref() {
        None => None,
        Some(raw) => Some(
            raw.split(',')
                .map(|s| {
                    QuoteStatus::parse(s.trim()).ok_or_else(|| {
                        AppError::field("/status", "sales.invalid_status", format!("unknown status {s:?}"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let filter = quotes::QuoteFilter {
        status,
        store_id: q.store_id,
        customer_id: q.customer_id,
        vehicle_id: q.vehicle_id,
        salesperson_id: q.salesperson_id,
    };
    let page = PageParams { page: q.page, page_size: q.page_size, sort: q.sort };
    let db = ctx.db.read().await?;
    let found = quotes::list(db.conn(), &ctx.actor, filter, page).await?;
    let names = Names::load(
        db.conn(),
        found.items.iter().map(|q| q.customer_id).collect(),
        found.items.iter().map(|q| q.vehicle_id).collect(),
        found.items.iter().filter_map(|q| q.salesperson_id).collect(),
    )
    .await?;
    Ok(axum::Json(found.map(|q| QuoteRow {
        customer_name: names.customer(q.customer_id),
        vehicle: names.car(q.vehicle_id),
        salesperson_name: names.person(q.salesperson_id),
        quote: q,
    })))
}

/// A quote in a list, with the names its row shows.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteRow {
    #[serde(flatten)]
    pub quote: Quote,
    pub customer_name: String,
    pub vehicle: Option<CarLabel>,
    pub salesperson_name: Option<String>,
}

#[utoipa::path(get, path = "/quotes/{id}", tag = "quotes", security(("bearer" = [])), params(("id" = QuoteId, Path)),
    responses((status = 200, body = QuoteView, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
async fn get_quote(ctx: Ctx, Path(id): Path<QuoteId>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let db = ctx.db.read().await?;
    let (q, c) = quotes::get(db.conn(), &ctx.actor, id).await?;
    let v = view(&ctx, db.conn(), q, c).await?;
    Ok(with_etag(v.quote.version, &v))
}

/// Revise a quote: its terms again, as a new version (the earlier ones stay readable). A sent,
/// rejected or expired quote returns to draft; an accepted one cannot be revised.
#[utoipa::path(put, path = "/quotes/{id}", tag = "quotes", security(("bearer" = [])), params(("id" = QuoteId, Path), ("If-Match" = String, Header, description = "The quote's ETag as last read")),
    request_body = QuoteInput,
    responses((status = 200, body = QuoteView, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn revise_quote(
    ctx: Ctx,
    Path(id): Path<QuoteId>,
    headers: HeaderMap,
    Json(input): Json<QuoteInput>,
) -> Result<Response, AppError> {
    ctx.require(QUOTES_WRITE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let (q, c) = quotes::revise(&tx, id, expected, input).await?;
    let v = view(&ctx, &tx, q, c).await?;
    ctx.commit(tx, with_etag(v.quote.version, &v)).await
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersionView {
    pub version: i32,
    pub content: QuoteContent,
    pub created_by: Option<uuid::Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn version_view(actor: &Actor, v: QuoteVersion) -> VersionView {
    VersionView {
        version: v.version,
        content: shown(actor, v.content),
        created_by: v.created_by,
        created_at: v.created_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionList {
    pub items: Vec<VersionView>,
}

/// Every version of a quote, oldest first.
#[utoipa::path(get, path = "/quotes/{id}/versions", tag = "quotes", security(("bearer" = [])),
    params(("id" = QuoteId, Path)),
    responses((status = 200, body = VersionList), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_quote_versions(ctx: Ctx, Path(id): Path<QuoteId>) -> Result<axum::Json<VersionList>, AppError> {
    ctx.require(SALES_READ)?;
    let items = quotes::versions(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(axum::Json(VersionList { items: items.into_iter().map(|v| version_view(&ctx.actor, v)).collect() }))
}

/// One version of a quote, as the customer was shown it.
#[utoipa::path(get, path = "/quotes/{id}/versions/{version}", tag = "quotes", security(("bearer" = [])),
    params(("id" = QuoteId, Path), ("version" = i32, Path)),
    responses((status = 200, body = VersionView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_quote_version(ctx: Ctx, Path((id, n)): Path<(QuoteId, i32)>) -> Result<axum::Json<VersionView>, AppError> {
    ctx.require(SALES_READ)?;
    let (_, v) = quotes::get_version(ctx.db.read().await?.conn(), &ctx.actor, id, n).await?;
    Ok(axum::Json(version_view(&ctx.actor, v)))
}

/// Give the quote to the customer. A discount above your limit needs a manager's approval
/// first (409 `sales.approval_required`). Answers with the link the customer accepts through.
#[utoipa::path(post, path = "/quotes/{id}/send", tag = "quotes", security(("bearer" = [])), params(("id" = QuoteId, Path), ("If-Match" = String, Header, description = "The quote's ETag as last read")),
    responses((status = 200, body = SentQuote, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
        (status = 428, body = Problem)))]
async fn send_quote(ctx: Ctx, Path(id): Path<QuoteId>, headers: HeaderMap) -> Result<Response, AppError> {
    ctx.require(QUOTES_WRITE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let quote = quotes::send(&tx, id, expected).await?;
    let link = crate::acceptance::issue_link(&tx, &quote, &app_origin(&ctx.state.settings, &ctx.tenant.slug)).await?;
    let version = quote.version;
    ctx.commit(tx, with_etag(version, SentQuote { quote, link })).await
}

/// A sent quote and the link its customer answers through (also sent to them).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SentQuote {
    #[serde(flatten)]
    pub quote: Quote,
    pub link: crate::acceptance::QuoteLink,
}

/// Record that the customer declined a sent quote.
#[utoipa::path(post, path = "/quotes/{id}/reject", tag = "quotes", security(("bearer" = [])), params(("id" = QuoteId, Path), ("If-Match" = String, Header, description = "The quote's ETag as last read")),
    request_body = Rejection,
    responses((status = 200, body = Quote, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn reject_quote(
    ctx: Ctx,
    Path(id): Path<QuoteId>,
    headers: HeaderMap,
    Json(input): Json<Rejection>,
) -> Result<Response, AppError> {
    ctx.require(QUOTES_WRITE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let q = quotes::reject(&tx, id, expected, input).await?;
    ctx.commit(tx, with_etag(q.version, &q)).await
}

/// Ask a manager to approve the draft's discount (above your limit).
#[utoipa::path(post, path = "/quotes/{id}/approval-requests", tag = "approvals", security(("bearer" = [])),
    params(("id" = QuoteId, Path)), request_body = ApprovalRequest,
    responses((status = 201, body = Approval), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn request_approval(
    ctx: Ctx,
    Path(id): Path<QuoteId>,
    Json(input): Json<ApprovalRequest>,
) -> Result<Response, AppError> {
    ctx.require(QUOTES_WRITE)?;
    let tx = ctx.db.begin().await?;
    let a = approvals::request(&tx, id, input).await?;
    ctx.commit(tx, created(format!("/api/v1/approvals/{}", a.id), a.version, &a)).await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApprovalQuery {
    pub status: Option<ApprovalStatus>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalList {
    pub items: Vec<Approval>,
}

/// The approvals inbox: a manager's stores' discount requests (a salesperson's own), newest
/// first.
#[utoipa::path(get, path = "/approvals", tag = "approvals", security(("bearer" = [])), params(ApprovalQuery),
    responses((status = 200, body = ApprovalList), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_approvals(ctx: Ctx, Query(q): Query<ApprovalQuery>) -> Result<axum::Json<ApprovalList>, AppError> {
    ctx.require(SALES_READ)?;
    Ok(axum::Json(ApprovalList { items: approvals::list(ctx.db.read().await?.conn(), &ctx.actor, q.status).await? }))
}

/// Approve, reject or counter-propose a discount request.
#[utoipa::path(post, path = "/approvals/{id}/decision", tag = "approvals", security(("bearer" = [])),
    params(("id" = ApprovalId, Path)), request_body = DecisionInput,
    responses((status = 200, body = Approval), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn decide_approval(
    ctx: Ctx,
    Path(id): Path<ApprovalId>,
    Json(input): Json<DecisionInput>,
) -> Result<Response, AppError> {
    ctx.require(SALES_APPROVE_DISCOUNTS)?;
    let tx = ctx.db.begin().await?;
    let a = approvals::decide(&tx, id, input).await?;
    ctx.commit(tx, axum::Json(a)).await
}

/// How much discount each role gives at a store without approval.
#[utoipa::path(get, path = "/stores/{id}/discount-limits", tag = "approvals", security(("bearer" = [])),
    params(("id" = StoreId, Path)),
    responses((status = 200, body = StoreLimits, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
async fn get_discount_limits(ctx: Ctx, Path(id): Path<StoreId>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let db = ctx.db.read().await?;
    innexar_org::queries::get_store(db.conn(), &ctx.actor, id).await?;
    let l = approvals::limits(db.conn(), id).await?;
    Ok(with_etag(l.version, l))
}

/// Set roles' discount limits at a store (a role left out keeps its limit), over the version
/// read.
#[utoipa::path(put, path = "/stores/{id}/discount-limits", tag = "approvals", security(("bearer" = [])),
    params(("id" = StoreId, Path), ("If-Match" = String, Header, description = "The limits' ETag as last read")),
    request_body = LimitsInput,
    responses((status = 200, body = StoreLimits, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn set_discount_limits(
    ctx: Ctx,
    Path(id): Path<StoreId>,
    headers: HeaderMap,
    Json(input): Json<LimitsInput>,
) -> Result<Response, AppError> {
    ctx.require(SALES_MANAGE_LIMITS)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let l = approvals::set_limits(&tx, id, expected, input).await?;
    ctx.commit(tx, with_etag(l.version, l)).await
}

/// An appraisal with the car it appraises.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppraisalView {
    #[serde(flatten)]
    pub appraisal: Appraisal,
    pub vehicle: crate::quotes::content::VehicleSnapshot,
}

/// Appraise a customer's car for a trade-in: found by VIN or placa (or registered as theirs),
/// its condition, value and the loan owed on it. Its photos go to `/vehicles/{vehicleId}/photos`.
#[utoipa::path(post, path = "/appraisals", tag = "appraisals", security(("bearer" = [])), request_body = NewAppraisal,
    responses((status = 201, body = AppraisalView), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
async fn create_appraisal(ctx: Ctx, Json(input): Json<NewAppraisal>) -> Result<Response, AppError> {
    ctx.require(SALES_APPRAISE)?;
    let tx = ctx.db.begin().await?;
    let today = crate::http::today(&ctx);
    let (a, v) = appraisals::create(&tx, today, input).await?;
    let view = AppraisalView { appraisal: a, vehicle: crate::quotes::content::VehicleSnapshot::of(&v) };
    ctx.commit(tx, created(format!("/api/v1/appraisals/{}", view.appraisal.id), view.appraisal.version, &view)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AppraisalQuery {
    pub customer_id: CustomerId,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AppraisalList {
    pub items: Vec<Appraisal>,
}

/// A customer's appraisals, newest first.
#[utoipa::path(get, path = "/appraisals", tag = "appraisals", security(("bearer" = [])), params(AppraisalQuery),
    responses((status = 200, body = AppraisalList), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_appraisals(ctx: Ctx, Query(q): Query<AppraisalQuery>) -> Result<axum::Json<AppraisalList>, AppError> {
    ctx.require(SALES_READ)?;
    let items = appraisals::of_customer(ctx.db.read().await?.conn(), &ctx.actor, q.customer_id).await?;
    Ok(axum::Json(AppraisalList { items }))
}

#[utoipa::path(get, path = "/appraisals/{id}", tag = "appraisals", security(("bearer" = [])),
    params(("id" = AppraisalId, Path)),
    responses((status = 200, body = Appraisal, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
async fn get_appraisal(ctx: Ctx, Path(id): Path<AppraisalId>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let a = appraisals::get(ctx.db.read().await?.conn(), &ctx.actor, id).await?;
    Ok(with_etag(a.version, &a))
}

/// Appraise the car again (its value, condition, payoff).
#[utoipa::path(put, path = "/appraisals/{id}", tag = "appraisals", security(("bearer" = [])),
    params(("id" = AppraisalId, Path), ("If-Match" = String, Header, description = "The appraisal's ETag as last read")), request_body = AppraisalValues,
    responses((status = 200, body = Appraisal, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_appraisal(
    ctx: Ctx,
    Path(id): Path<AppraisalId>,
    headers: HeaderMap,
    Json(input): Json<AppraisalValues>,
) -> Result<Response, AppError> {
    ctx.require(SALES_APPRAISE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let today = crate::http::today(&ctx);
    let a = appraisals::update(&tx, today, id, expected, input).await?;
    ctx.commit(tx, with_etag(a.version, &a)).await
}
