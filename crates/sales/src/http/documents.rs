//! The deal's PDFs: a quote (any version), the sales order and the deal jacket, and the quote
//! as its customer downloads it through their link.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use innexar_http::{AppState, Ctx, Path, TenantCtx};
use innexar_kernel::AppError;
use innexar_kernel::error::Problem;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::documents::{self, Parties};
use crate::permissions::SALES_READ;
use crate::quotes::{self, QuoteId};
use crate::sale::{self, SaleId};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(quote_pdf))
        .routes(routes!(quote_version_pdf))
        .routes(routes!(order_pdf))
        .routes(routes!(jacket_pdf))
        .routes(routes!(public_quote_pdf))
}

/// A PDF's bytes.
#[derive(Debug, utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[expect(dead_code, reason = "describes response bodies in the OpenAPI document; never built")]
pub struct Pdf(Vec<u8>);

/// Lays the document out off the async workers (a long schedule takes a few milliseconds).
async fn render(
    name: String,
    f: impl FnOnce() -> Result<Vec<u8>, AppError> + Send + 'static,
) -> Result<Response, AppError> {
    let bytes = tokio::task::spawn_blocking(f).await.map_err(AppError::internal)??;
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // Personal data: never kept by a shared cache.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(r)
}

/// The quote's current version as a PDF.
#[utoipa::path(get, path = "/quotes/{id}/pdf", tag = "quotes", security(("bearer" = [])), params(("id" = QuoteId, Path)),
    responses((status = 200, description = "The quote", content((Pdf = "application/pdf"))), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
async fn quote_pdf(ctx: Ctx, Path(id): Path<QuoteId>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let db = ctx.db.read().await?;
    let q = quotes::visible(db.conn(), &ctx.actor, id).await?;
    let (_, v) = quotes::get_version(db.conn(), &ctx.actor, id, q.current_version).await?;
    let p = documents::parties(db.conn(), &q).await?;
    drop(db);
    let p = p.with_logo(&ctx.state.files, ctx.tenant.id).await;
    let name = format!("proposta-{}-v{}.pdf", q.number, v.version);
    render(name, move || documents::quote_pdf(&q, &v, &p)).await
}

/// One version of a quote as a PDF, as the customer was shown it.
#[utoipa::path(get, path = "/quotes/{id}/versions/{version}/pdf", tag = "quotes", security(("bearer" = [])),
    params(("id" = QuoteId, Path), ("version" = i32, Path)),
    responses((status = 200, description = "The quote's version", content((Pdf = "application/pdf"))),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn quote_version_pdf(ctx: Ctx, Path((id, n)): Path<(QuoteId, i32)>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let db = ctx.db.read().await?;
    let (q, v) = quotes::get_version(db.conn(), &ctx.actor, id, n).await?;
    let p = documents::parties(db.conn(), &q).await?;
    drop(db);
    let p = p.with_logo(&ctx.state.files, ctx.tenant.id).await;
    let name = format!("proposta-{}-v{}.pdf", q.number, v.version);
    render(name, move || documents::quote_pdf(&q, &v, &p)).await
}

async fn sale_parts(
    ctx: &Ctx,
    id: SaleId,
) -> Result<(sale::Sale, quotes::Quote, quotes::QuoteVersion, Parties), AppError> {
    let db = ctx.db.read().await?;
    let s = sale::get(db.conn(), &ctx.actor, id).await?;
    let q = quotes::entity_by_id(db.conn(), s.quote_id).await?;
    let v = quotes::version_of(db.conn(), &q, s.quote_version).await?;
    let p = documents::parties(db.conn(), &q).await?;
    drop(db);
    Ok((s, q, v, p.with_logo(&ctx.state.files, ctx.tenant.id).await))
}

/// The sales order (pedido de venda) as a PDF, with the signatures' lines.
#[utoipa::path(get, path = "/sales/{id}/pdf", tag = "sales", security(("bearer" = [])), params(("id" = SaleId, Path)),
    responses((status = 200, description = "The sales order", content((Pdf = "application/pdf"))),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn order_pdf(ctx: Ctx, Path(id): Path<SaleId>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let (s, _, v, p) = sale_parts(&ctx, id).await?;
    let name = format!("pedido-{}.pdf", s.number);
    render(name, move || documents::order_pdf(&s, &p, &v.content)).await
}

/// The deal jacket: the sales order, the accepted quote and the record of its acceptance, in one
/// PDF.
#[utoipa::path(get, path = "/sales/{id}/jacket", tag = "sales", security(("bearer" = [])), params(("id" = SaleId, Path)),
    responses((status = 200, description = "The deal jacket", content((Pdf = "application/pdf"))),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn jacket_pdf(ctx: Ctx, Path(id): Path<SaleId>) -> Result<Response, AppError> {
    ctx.require(SALES_READ)?;
    let (s, q, v, p) = sale_parts(&ctx, id).await?;
    let answers = crate::acceptance::of_quote(ctx.db.read().await?.conn(), q.id).await?;
    let accepted = answers.into_iter().find(|a| a.quote_version == s.quote_version);
    let name = format!("pasta-{}.pdf", s.number);
    render(name, move || documents::jacket_pdf(&s, &q, &v, accepted.as_ref(), &p)).await
}

/// The quote as its customer downloads it through their link (no login).
#[utoipa::path(get, path = "/public/quotes/{token}/pdf", tag = "acceptance",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, description = "The quote", content((Pdf = "application/pdf"))), (status = 404, body = Problem),
        (status = 410, body = Problem)))]
async fn public_quote_pdf(ctx: TenantCtx, Path(token): Path<String>) -> Result<Response, AppError> {
    let db = ctx.db.read().await?;
    let (q, v) = crate::acceptance::open_version(db.conn(), &token, ctx.now).await?;
    let p = documents::parties(db.conn(), &q).await?;
    drop(db);
    let p = p.with_logo(&ctx.state.files, ctx.tenant.id).await;
    let name = format!("proposta-{}.pdf", q.number);
    render(name, move || documents::quote_pdf(&q, &v, &p)).await
}
