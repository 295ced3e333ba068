//! The customer's answer (`/public/quotes/{token}` without a login, `/quotes/{id}/answer` at the
//! desk), the sale (`/quotes/{id}/sale`, `/sales`) and commissions.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use innexar_http::etag::{created, required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path, Query, TenantCtx};
use innexar_identity::reset::app_origin;
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Page, StoreId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::acceptance::{
    self, AcceptInput, Acceptance, CodeSent, DeclineInput, InPersonAnswer, Origin, PublicQuote, QuoteLink,
};
use crate::commissions::{self, Commission, CommissionPlan, PlanId, PlanInput};
use crate::permissions::*;
use crate::quotes::{self, Quote, QuoteId};
use crate::rows::{CarLabel, Names};
use crate::sale::{self, CancellationInput, Sale, SaleId, SaleView};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read_public_quote))
        .routes(routes!(send_confirmation_code))
        .routes(routes!(accept_public_quote))
        .routes(routes!(decline_public_quote))
        .routes(routes!(new_quote_link))
        .routes(routes!(answer_in_person))
        .routes(routes!(sell_quote))
        .routes(routes!(list_sales))
        .routes(routes!(get_sale))
        .routes(routes!(cancel_sale))
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(get_plan, replace_plan))
        .routes(routes!(list_commissions))
}

fn origin(ip: &str, headers: &HeaderMap) -> Origin {
    Origin {
        ip: (!ip.is_empty()).then(|| ip.to_string()),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string),
    }
}

/// A quote as its customer reads it through the link they received (no login): the document,
/// its SHA-256, where a confirmation code would go. 404 for an unknown link, 410 once it expired
/// or the quote was revised.
#[utoipa::path(get, path = "/public/quotes/{token}", tag = "acceptance",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = PublicQuote), (status = 404, body = Problem), (status = 410, body = Problem)))]
async fn read_public_quote(ctx: TenantCtx, Path(token): Path<String>) -> Result<axum::Json<PublicQuote>, AppError> {
    Ok(axum::Json(acceptance::read(ctx.db.read().await?.conn(), &token, ctx.now).await?))
}

/// Send the customer a 6-digit code to confirm an acceptance with (at most 5 per link).
#[utoipa::path(post, path = "/public/quotes/{token}/confirmation-code", tag = "acceptance",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 202, body = CodeSent), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 410, body = Problem), (status = 429, body = Problem)))]
async fn send_confirmation_code(ctx: TenantCtx, Path(token): Path<String>) -> Result<Response, AppError> {
    let tx = ctx.db.begin().await?;
    let sent = acceptance::send_code(&tx, &token).await?;
    tx.commit().await?;
    Ok((StatusCode::ACCEPTED, axum::Json(sent)).into_response())
}

/// Accept the quote with the code received. Records the document's SHA-256, the version, the
/// time, IP address and user agent; the link answers once.
#[utoipa::path(post, path = "/public/quotes/{token}/acceptance", tag = "acceptance",
    params(("token" = String, Path, description = "The link's token")), request_body = AcceptInput,
    responses((status = 200, body = Acceptance), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 410, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
async fn accept_public_quote(
    ctx: TenantCtx,
    Path(token): Path<String>,
    headers: HeaderMap,
    Json(input): Json<AcceptInput>,
) -> Result<axum::Json<Acceptance>, AppError> {
    // Counted first, in its own transaction: a wrong code's try stays counted.
    let count = ctx.db.begin().await?;
    acceptance::count_attempt(&count, &token).await?;
    count.commit().await?;
    let tx = ctx.db.begin().await?;
    let a = acceptance::accept_by_link(&tx, &token, input, origin(&ctx.ip, &headers)).await?;
    tx.commit().await?;
    Ok(axum::Json(a))
}

/// Decline the quote (no code needed).
#[utoipa::path(post, path = "/public/quotes/{token}/decline", tag = "acceptance",
    params(("token" = String, Path, description = "The link's token")), request_body = DeclineInput,
    responses((status = 200, body = Acceptance), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 410, body = Problem), (status = 422, body = Problem)))]
async fn decline_public_quote(
    ctx: TenantCtx,
    Path(token): Path<String>,
    headers: HeaderMap,
    Json(input): Json<DeclineInput>,
) -> Result<axum::Json<Acceptance>, AppError> {
    let tx = ctx.db.begin().await?;
    let a = acceptance::decline_by_link(&tx, &token, input, origin(&ctx.ip, &headers)).await?;
    tx.commit().await?;
    Ok(axum::Json(a))
}

/// A new link to a sent quote for its customer (also sent to them); the token is shown once.
#[utoipa::path(post, path = "/quotes/{id}/links", tag = "acceptance", security(("bearer" = [])),
    params(("id" = QuoteId, Path)),
    responses((status = 201, body = QuoteLink), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
async fn new_quote_link(ctx: Ctx, Path(id): Path<QuoteId>) -> Result<Response, AppError> {
    ctx.require(QUOTES_WRITE)?;
    let tx = ctx.db.begin().await?;
    let q = quotes::visible(&tx, &ctx.actor, id).await?;
    if q.status != quotes::QuoteStatus::Sent {
        return Err(AppError::conflict("sales.quote_not_open", "only a sent quote has a link"));
    }
    let link = acceptance::issue_link(&tx, &q, &app_origin(&ctx.state.settings, &ctx.tenant.slug)).await?;
    ctx.commit(tx, (StatusCode::CREATED, axum::Json(link))).await
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnsweredQuote {
    pub quote: Quote,
    pub answer: Acceptance,
}

/// Record the customer's answer given at the desk (signed on paper).
#[utoipa::path(post, path = "/quotes/{id}/answer", tag = "acceptance", security(("bearer" = [])),
    params(("id" = QuoteId, Path), ("If-Match" = String, Header, description = "The quote's ETag as last read")),
    request_body = InPersonAnswer,
    responses((status = 200, body = AnsweredQuote, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
        (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn answer_in_person(
    ctx: Ctx,
    Path(id): Path<QuoteId>,
    headers: HeaderMap,
    Json(input): Json<InPersonAnswer>,
) -> Result<Response, AppError> {
    ctx.require(QUOTES_WRITE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let (quote, answer) = acceptance::answer_in_person(&tx, id, expected, input, origin(&ctx.ip, &headers)).await?;
    let version = quote.version;
    ctx.commit(tx, with_etag(version, AnsweredQuote { quote, answer })).await
}

/// Sell an accepted quote: in one transaction the vehicle is sold and its buyer's, the trade-in
/// enters stock, the commission is computed, the lead is won, `sale.completed` is published. Of
/// concurrent attempts on one vehicle exactly one succeeds (409 for the others).
#[utoipa::path(post, path = "/quotes/{id}/sale", tag = "sales", security(("bearer" = [])),
    params(("id" = QuoteId, Path)),
    responses((status = 201, body = SaleView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
async fn sell_quote(ctx: Ctx, Path(id): Path<QuoteId>) -> Result<Response, AppError> {
    ctx.require(SALES_SELL)?;
    let tx = ctx.db.begin().await?;
    let (s, earned) = sale::complete(&tx, id).await?;
    let view = sale::new_view(&ctx.actor, s, earned);
    ctx.commit(tx, created(format!("/api/v1/sales/{}", view.sale.id), 1, &view)).await
}

fn sale_sort() -> utoipa::openapi::schema::Object {
    innexar_kernel::page::sort_schema(sale::SORTABLE)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SaleListQuery {
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    #[param(schema_with = sale_sort)]
    pub sort: Option<String>,
    /// `YYYY-MM`.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    pub store_id: Option<StoreId>,
    pub salesperson_id: Option<uuid::Uuid>,
}

/// Sales you may see (a salesperson: theirs; a manager: their stores'), newest first.
#[utoipa::path(get, path = "/sales", tag = "sales", security(("bearer" = [])), params(SaleListQuery),
    responses((status = 200, body = Page<SaleRow>), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_sales(ctx: Ctx, Query(q): Query<SaleListQuery>) -> Result<axum::Json<Page<SaleRow>>, AppError> {
    ctx.require(SALES_READ)?;
    let filter = sale::SaleFilter { month: q.month, store_id: q.store_id, salesperson_id: q.salesperson_id };
    let page = PageParams { page: q.page, page_size: q.page_size, sort: q.sort };
    let db = ctx.db.read().await?;
    let found = sale::list(db.conn(), &ctx.actor, filter, page).await?;
    let names = Names::load(
        db.conn(),
        found.items.iter().map(|s| s.customer_id).collect(),
        found.items.iter().map(|s| s.vehicle_id).collect(),
        found.items.iter().filter_map(|s| s.salesperson_id).collect(),
    )
    .await?;
    let cancelled = sale::cancelled_among(db.conn(), found.items.iter().map(|s| s.id).collect()).await?;
    Ok(axum::Json(found.map(|s| SaleRow {
        customer_name: names.customer(s.customer_id),
        vehicle: names.car(s.vehicle_id),
        salesperson_name: names.person(s.salesperson_id),
        cancelled: cancelled.contains(&s.id),
        sale: s,
    })))
}

/// A sale in a list, with the names its row shows and whether it was cancelled.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SaleRow {
    #[serde(flatten)]
    pub sale: Sale,
    pub customer_name: String,
    pub vehicle: Option<CarLabel>,
    pub salesperson_name: Option<String>,
    /// Undone by a cancellation (the sale stays, as its record).
    pub cancelled: bool,
}

#[utoipa::path(get, path = "/sales/{id}", tag = "sales", security(("bearer" = [])), params(("id" = SaleId, Path)),
    responses((status = 200, body = SaleView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_sale(ctx: Ctx, Path(id): Path<SaleId>) -> Result<axum::Json<SaleView>, AppError> {
    ctx.require(SALES_READ)?;
    let db = ctx.db.read().await?;
    let s = sale::get(db.conn(), &ctx.actor, id).await?;
    Ok(axum::Json(sale::view(db.conn(), &ctx.actor, s).await?))
}

/// Cancel a sale with its reason: a reversing record (`sale.cancelled`); the vehicle returns to
/// stock, the trade-in to its owner, the commissions are reversed.
#[utoipa::path(post, path = "/sales/{id}/cancellation", tag = "sales", security(("bearer" = [])),
    params(("id" = SaleId, Path)), request_body = CancellationInput,
    responses((status = 201, body = SaleView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn cancel_sale(
    ctx: Ctx,
    Path(id): Path<SaleId>,
    Json(input): Json<CancellationInput>,
) -> Result<Response, AppError> {
    // Putting a sold car back on sale is inventory's `vehicles.undo_sale` (a manager's).
    ctx.require(innexar_vehicles::permissions::VEHICLES_UNDO_SALE)?;
    let tx = ctx.db.begin().await?;
    let (s, _) = sale::cancel(&tx, id, input).await?;
    let view = sale::view(&tx, &ctx.actor, s).await?;
    ctx.commit(tx, (StatusCode::CREATED, axum::Json(view))).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanList {
    pub items: Vec<CommissionPlan>,
}

#[utoipa::path(get, path = "/commission-plans", tag = "sales", security(("bearer" = [])),
    responses((status = 200, body = PlanList), (status = 403, body = Problem)))]
async fn list_plans(ctx: Ctx) -> Result<axum::Json<PlanList>, AppError> {
    ctx.require(SALES_READ)?;
    let items = commissions::plans(ctx.db.read().await?.conn())
        .await?
        .into_iter()
        .filter(|p| p.store_id.is_none_or(|s| ctx.actor.can_access_store(s)))
        .collect();
    Ok(axum::Json(PlanList { items }))
}

/// Add a commission plan for a role (at one store, or every store without its own).
#[utoipa::path(post, path = "/commission-plans", tag = "sales", security(("bearer" = [])), request_body = PlanInput,
    responses((status = 201, body = CommissionPlan, headers(("ETag" = String), ("Location" = String))),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_plan(ctx: Ctx, Json(input): Json<PlanInput>) -> Result<Response, AppError> {
    ctx.require(COMMISSIONS_MANAGE)?;
    let tx = ctx.db.begin().await?;
    let p = commissions::create_plan(&tx, input).await?;
    ctx.commit(tx, created(format!("/api/v1/commission-plans/{}", p.id), p.version, &p)).await
}

/// One commission plan, with its version as the ETag.
#[utoipa::path(get, path = "/commission-plans/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = PlanId, Path)),
    responses((status = 200, body = CommissionPlan, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
async fn get_plan(ctx: Ctx, Path(id): Path<PlanId>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let p = commissions::get_plan(ctx.db.read().await?.conn(), id).await?;
    // Another store's plan is not one a manager limited to theirs may know of.
    if p.store_id.is_some_and(|s| !ctx.actor.can_access_store(s)) {
        return Err(commissions::plan_not_found());
    }
    Ok(with_etag(p.version, p))
}

/// Replace a plan (sales already made keep the plan they were paid by).
#[utoipa::path(put, path = "/commission-plans/{id}", tag = "sales", security(("bearer" = [])),
    params(("id" = PlanId, Path), ("If-Match" = String, Header, description = "The plan's ETag as last read")),
    request_body = PlanInput,
    responses((status = 200, body = CommissionPlan, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn replace_plan(
    ctx: Ctx,
    Path(id): Path<PlanId>,
    headers: HeaderMap,
    Json(input): Json<PlanInput>,
) -> Result<Response, AppError> {
    ctx.require(COMMISSIONS_MANAGE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    let p = commissions::replace_plan(&tx, id, expected, input).await?;
    ctx.commit(tx, with_etag(p.version, &p)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CommissionQuery {
    /// `YYYY-MM`.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: String,
    /// One person's (managers); a salesperson always sees their own.
    pub user_id: Option<uuid::Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommissionList {
    pub items: Vec<Commission>,
    /// Earned less reversed.
    pub total_cents: i64,
}

/// Commissions of a month: yours, or your stores' people's with `sales.see_store`.
#[utoipa::path(get, path = "/commissions", tag = "sales", security(("bearer" = [])), params(CommissionQuery),
    responses((status = 200, body = CommissionList), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_commissions(ctx: Ctx, Query(q): Query<CommissionQuery>) -> Result<axum::Json<CommissionList>, AppError> {
    ctx.require(SALES_READ)?;
    if !sale::valid_month(&q.month) {
        return Err(AppError::field("/month", "sales.invalid_month", "a month is YYYY-MM"));
    }
    let items = commissions::list(ctx.db.read().await?.conn(), &ctx.actor, &q.month, q.user_id).await?;
    let total_cents = items.iter().map(|c| c.amount.0).sum();
    Ok(axum::Json(CommissionList { items, total_cents }))
}
