//! `/conversations` (each store's shared WhatsApp inbox) and a lead's conversation.

use axum::response::Response;
use innexar_http::etag::created;
use innexar_http::{AppState, Ctx, Json, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Page, StoreId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::conversations::{self, ConversationStatus, ConversationView, Reply};
use crate::model::LeadId;
use crate::permissions::{LEADS_READ, LEADS_WORK};
use crate::queries::ActivityView;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(read_conversation))
        .routes(routes!(close_conversation))
        .routes(routes!(lead_conversation))
        .routes(routes!(reply))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// 1..=100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// One of your stores.
    pub store_id: Option<StoreId>,
    /// `open` (default) or `closed`.
    #[param(inline)]
    pub status: Option<ConversationStatus>,
}

/// The shared inbox: WhatsApp conversations of the stores you work in, the latest first, with
/// what no one has read and whether free text may still be sent (24 hours after the customer's
/// last message).
#[utoipa::path(get, path = "/conversations", tag = "leads", security(("bearer" = [])), params(InboxParams),
    responses((status = 200, body = Page<ConversationView>), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn inbox(ctx: Ctx, Query(p): Query<InboxParams>) -> Result<axum::Json<Page<ConversationView>>, AppError> {
    ctx.require(LEADS_READ)?;
    let page = PageParams { page: p.page, page_size: p.page_size, sort: None }.validate(&[])?;
    let status = Some(p.status.unwrap_or(ConversationStatus::Open));
    let db = ctx.db.read().await?;
    let (items, total) = conversations::inbox(db.conn(), &ctx.actor, p.store_id, status, &page, ctx.now).await?;
    Ok(axum::Json(Page::new(items, &page, total)))
}

/// Marks a conversation read.
#[utoipa::path(post, path = "/conversations/{id}/read", tag = "leads", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ConversationView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn read_conversation(ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(LEADS_WORK)?;
    let tx = ctx.db.begin().await?;
    let v = conversations::mark(&tx, id, None).await?;
    ctx.commit(tx, axum::Json(v)).await
}

/// Closes a conversation (it leaves the open inbox; the customer's next message opens it again).
#[utoipa::path(post, path = "/conversations/{id}/close", tag = "leads", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ConversationView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn close_conversation(ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    ctx.require(LEADS_WORK)?;
    let tx = ctx.db.begin().await?;
    let v = conversations::mark(&tx, id, Some(ConversationStatus::Closed)).await?;
    ctx.commit(tx, axum::Json(v)).await
}

/// The lead's WhatsApp conversation (its messages are the lead's timeline's WhatsApp
/// activities); 404 `conversations.not_started` until the customer writes.
#[utoipa::path(get, path = "/leads/{id}/conversation", tag = "leads", security(("bearer" = [])),
    params(("id" = LeadId, Path)),
    responses((status = 200, body = ConversationView), (status = 404, body = Problem)))]
async fn lead_conversation(ctx: Ctx, Path(id): Path<LeadId>) -> Result<axum::Json<ConversationView>, AppError> {
    ctx.require(LEADS_READ)?;
    let db = ctx.db.read().await?;
    conversations::of_lead(db.conn(), &ctx.actor, id, ctx.now)
        .await?
        .map(axum::Json)
        .ok_or_else(|| AppError::not_found("conversations.not_started", "the customer has not written by WhatsApp"))
}

/// Answer the customer by WhatsApp from the lead: free text within 24 hours of their last
/// message, else `followUp: true` (the approved template). Filed on the lead as an outbound
/// WhatsApp activity; the message shows in the mailbox with where it stands.
#[utoipa::path(post, path = "/leads/{id}/conversation/messages", tag = "leads", security(("bearer" = [])),
    params(("id" = LeadId, Path)), request_body = Reply,
    responses((status = 201, body = ActivityView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn reply(ctx: Ctx, Path(id): Path<LeadId>, Json(input): Json<Reply>) -> Result<Response, AppError> {
    ctx.require(LEADS_WORK)?;
    let tx = ctx.db.begin().await?;
    let a = conversations::reply(&tx, id, input).await?;
    let location = format!("/api/v1/activities/{}", a.id);
    ctx.commit(tx, created(location, a.version, ActivityView::from(a))).await
}
