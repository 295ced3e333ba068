//! The tenant's mailbox, for Owners: every message the system wrote to people, as sent (the
//! e-mail's HTML part rendered by the web app, SMS and WhatsApp as text), with where it stands.
//! Without e-mail or providers set up, messages stay here (`kept`), so a single store and a
//! newcomer see every notification with no server at all.

use innexar_http::{AppState, Ctx, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, FieldError, Page};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::message::{self, Channel, MessageView, Status};
use crate::permissions::MESSAGES_READ;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_messages)).routes(routes!(get_message))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MessageParams {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Items per page, 1..=100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// Only messages by this channel.
    #[param(inline)]
    pub channel: Option<Channel>,
    /// Only messages in this state.
    #[param(inline)]
    pub status: Option<Status>,
    /// Only messages of this kind, e.g. `password_reset`.
    #[param(max_length = 64)]
    pub kind: Option<String>,
    /// Only messages to this address.
    #[param(max_length = 320)]
    pub recipient: Option<String>,
}

/// The messages written to people, newest first: what each said, by which channel, and where it
/// stands (queued, kept in the mailbox, sent, delivered, read, failed, suppressed).
#[utoipa::path(get, path = "/messages", tag = "messages", security(("bearer" = [])), params(MessageParams),
    responses((status = 200, body = Page<MessageView>), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn list_messages(ctx: Ctx, Query(p): Query<MessageParams>) -> Result<axum::Json<Page<MessageView>>, AppError> {
    ctx.require(MESSAGES_READ)?;
    let page = PageParams { page: p.page, page_size: p.page_size, sort: None }.validate(&[])?;
    let mut errors = Vec::new();
    if p.kind.as_ref().is_some_and(|k| k.chars().count() > 64) {
        errors.push(FieldError::new("/kind", "field.too_long", "at most 64 characters"));
    }
    if p.recipient.as_ref().is_some_and(|r| r.chars().count() > 320) {
        errors.push(FieldError::new("/recipient", "field.too_long", "at most 320 characters"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let filter = message::Filter { channel: p.channel, status: p.status, kind: p.kind, recipient: p.recipient };
    let (items, total) = message::list(ctx.db.read().await?.conn(), &filter, &page).await?;
    Ok(axum::Json(Page::new(items.into_iter().map(MessageView::from).collect(), &page, total)))
}

/// One message, as it was sent.
#[utoipa::path(get, path = "/messages/{id}", tag = "messages", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = MessageView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_message(ctx: Ctx, Path(id): Path<Uuid>) -> Result<axum::Json<MessageView>, AppError> {
    ctx.require(MESSAGES_READ)?;
    let m = message::find(ctx.db.read().await?.conn(), id)
        .await?
        .ok_or_else(|| AppError::not_found("messages.not_found", "no such message"))?;
    Ok(axum::Json(m.into()))
}
