//! The tenant's mailbox, for Owners: every message the system wrote to people, as sent (the
//! e-mail's HTML part rendered by the web app, SMS and WhatsApp as text), with where it stands.
//! Without e-mail or providers set up, messages stay here (`kept`), so a single store and a
//! newcomer see every notification with no server at all.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use innexar_http::etag::{required_if_match, with_etag};
use innexar_http::{AppState, Ctx, Json, Path, Query, app_origin};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, FieldError, IfMatch, Page};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::channels::{self, ChannelInput, ChannelView};
use crate::custom::{KindView, Preview, TemplateInput, TemplateView};
use crate::message::{self, Channel, MessageView, Status};
use crate::permissions::{MESSAGES_CONFIGURE, MESSAGES_READ};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_messages))
        .routes(routes!(get_message))
        .routes(routes!(list_channels))
        .routes(routes!(get_channel, save_channel, remove_channel))
        .routes(routes!(test_channel))
        .routes(routes!(list_templates))
        .routes(routes!(preview_template))
        .routes(routes!(save_template, remove_template))
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

fn sms_or_whatsapp(channel: Channel) -> Result<Channel, AppError> {
    match channel {
        Channel::Email => Err(AppError::not_found(
            "messages.channel_not_found",
            "e-mail is set up by the operator (notify.email_url), not per tenant",
        )),
        c => Ok(c),
    }
}

/// The SMS and WhatsApp providers set up, with where their callbacks go and, for WhatsApp, the
/// templates to register with Meta. Tokens are never shown: only their last four characters.
#[utoipa::path(get, path = "/messages/channels", tag = "messages", security(("bearer" = [])),
    responses((status = 200, body = Vec<ChannelView>), (status = 403, body = Problem)))]
async fn list_channels(ctx: Ctx) -> Result<axum::Json<Vec<ChannelView>>, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let origin = app_origin(&ctx.state.settings, &ctx.tenant.slug);
    let db = ctx.db.read().await?;
    let rows = channels::all(db.conn()).await?;
    let forms = crate::custom::whatsapp_forms(db.conn()).await?;
    let views = rows.iter().map(|r| channels::view(&ctx.state.sealer, r, &origin, &forms)).collect::<Result<_, _>>()?;
    Ok(axum::Json(views))
}

/// One channel's provider, with its ETag.
#[utoipa::path(get, path = "/messages/channels/{channel}", tag = "messages", security(("bearer" = [])),
    params(("channel" = Channel, Path, description = "`sms` or `whatsapp`")),
    responses((status = 200, body = ChannelView), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_channel(ctx: Ctx, Path(channel): Path<Channel>) -> Result<Response, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let channel = sms_or_whatsapp(channel)?;
    let db = ctx.db.read().await?;
    let row = channels::find(db.conn(), channel).await?.ok_or_else(channels::not_set_up)?;
    let forms = crate::custom::whatsapp_forms(db.conn()).await?;
    let view = channels::view(&ctx.state.sealer, &row, &app_origin(&ctx.state.settings, &ctx.tenant.slug), &forms)?;
    Ok(with_etag(view.version, view))
}

/// Sets up or changes a channel's provider. The first save sends `If-None-Match: *`, later
/// ones the ETag read in `If-Match`; a token or app secret left out keeps the one in use.
#[utoipa::path(put, path = "/messages/channels/{channel}", tag = "messages", security(("bearer" = [])),
    params(("channel" = Channel, Path, description = "`sms` or `whatsapp`"),
        ("If-Match" = Option<String>, Header, description = "The channel's ETag as last read (to change it)"),
        ("If-None-Match" = Option<String>, Header, description = "`*` to set the channel up the first time")),
    request_body = ChannelInput,
    responses((status = 200, body = ChannelView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn save_channel(
    ctx: Ctx,
    Path(channel): Path<Channel>,
    headers: HeaderMap,
    Json(input): Json<ChannelInput>,
) -> Result<Response, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let channel = sms_or_whatsapp(channel)?;
    let creating = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::trim) == Some("*");
    let expected = if creating { IfMatch::version(0) } else { required_if_match(&headers)? };
    let tx = ctx.db.begin().await?;
    let row = channels::save(&tx, &ctx.state.sealer, channel, expected, input).await?;
    let forms = crate::custom::whatsapp_forms(&*tx).await?;
    let view = channels::view(&ctx.state.sealer, &row, &app_origin(&ctx.state.settings, &ctx.tenant.slug), &forms)?;
    let reply = ctx.commit(tx, with_etag(view.version, view)).await?;
    crate::callbacks::forget(ctx.tenant.id, channel);
    Ok(reply)
}

/// Removes a channel's provider: its messages stay in the mailbox again.
#[utoipa::path(delete, path = "/messages/channels/{channel}", tag = "messages", security(("bearer" = [])),
    params(("channel" = Channel, Path, description = "`sms` or `whatsapp`"),
        ("If-Match" = String, Header, description = "The channel's ETag as last read")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn remove_channel(ctx: Ctx, Path(channel): Path<Channel>, headers: HeaderMap) -> Result<Response, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let channel = sms_or_whatsapp(channel)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    channels::remove(&tx, channel, expected).await?;
    let reply = ctx.commit(tx, StatusCode::NO_CONTENT).await?;
    crate::callbacks::forget(ctx.tenant.id, channel);
    Ok(reply)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestInput {
    /// A phone number, as Brazilians write one or in E.164.
    #[schema(max_length = 40)]
    pub to: String,
}

/// Sends a test message by the channel to a number (the Owner's own): it shows in the mailbox
/// with where it stands, so a wrong token or template shows there.
#[utoipa::path(post, path = "/messages/channels/{channel}/test", tag = "messages", security(("bearer" = [])),
    params(("channel" = Channel, Path, description = "`sms` or `whatsapp`")),
    request_body = TestInput,
    responses((status = 202, body = MessageView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn test_channel(
    ctx: Ctx,
    Path(channel): Path<Channel>,
    Json(input): Json<TestInput>,
) -> Result<Response, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let channel = sms_or_whatsapp(channel)?;
    let to = (input.to.chars().count() <= 40).then(|| innexar_kernel::br::phone(&input.to).ok()).flatten().ok_or_else(
        || {
            AppError::validation(vec![FieldError::new(
                "/to",
                "messages.invalid_recipient",
                "a phone number such as (11) 98765-4321 or +5511987654321",
            )])
        },
    )?;
    let tx = ctx.db.begin().await?;
    let row = channels::find(&*tx, channel).await?.ok_or_else(channels::not_set_up)?;
    if !row.enabled {
        return Err(AppError::conflict("messages.channel_disabled", "enable the channel to send by it"));
    }
    let m = crate::notice::queue(
        &tx,
        crate::Notice::new("channel_test", channel, &to, serde_json::json!({ "tenant": ctx.tenant.name })),
    )
    .await?;
    ctx.commit(tx, (StatusCode::ACCEPTED, axum::Json(MessageView::from(m)))).await
}

/// Every kind of message with its words on each channel and language: the tenant's where it wrote
/// its own, the default's otherwise, with the variables each may use.
#[utoipa::path(get, path = "/messages/templates", tag = "messages", security(("bearer" = [])),
    responses((status = 200, body = Vec<KindView>), (status = 403, body = Problem)))]
async fn list_templates(ctx: Ctx) -> Result<axum::Json<Vec<KindView>>, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    Ok(axum::Json(crate::custom::list(ctx.db.read().await?.conn()).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = MessagePreviewInput)]
pub struct PreviewInput {
    #[schema(max_length = 64)]
    pub kind: String,
    pub channel: Channel,
    /// `pt-BR` or `en`.
    #[schema(max_length = 8)]
    pub language: String,
    #[schema(max_length = 200)]
    pub subject: Option<String>,
    #[schema(max_length = 20000)]
    pub body: String,
}

/// The text as it would be sent, rendered with sample values, before it is saved; a variable the
/// kind does not have, or a template that does not parse, is a 422 at its field.
#[utoipa::path(post, path = "/messages/templates/preview", tag = "messages", security(("bearer" = [])),
    request_body = PreviewInput,
    responses((status = 200, body = Preview), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn preview_template(ctx: Ctx, Json(input): Json<PreviewInput>) -> Result<axum::Json<Preview>, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let kind = crate::custom::editable(&input.kind, input.channel, &input.language)?;
    let words = TemplateInput { subject: input.subject, body: input.body };
    Ok(axum::Json(crate::custom::check(kind, input.channel, &input.language, &words)?))
}

/// Saves the tenant's words for a kind on a channel in a language: `If-None-Match: *` while the
/// default's are in use, the ETag read in `If-Match` after.
#[utoipa::path(put, path = "/messages/templates/{kind}/{channel}/{language}", tag = "messages",
    security(("bearer" = [])),
    params(("kind" = String, Path, description = "e.g. `quote_sent`"), ("channel" = Channel, Path),
        ("language" = String, Path, description = "`pt-BR` or `en`"),
        ("If-Match" = Option<String>, Header, description = "The tenant's words' ETag as last read (to change them)"),
        ("If-None-Match" = Option<String>, Header, description = "`*` while the default's words are in use")),
    request_body = TemplateInput,
    responses((status = 200, body = TemplateView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn save_template(
    ctx: Ctx,
    Path((kind, channel, language)): Path<(String, Channel, String)>,
    headers: HeaderMap,
    Json(input): Json<TemplateInput>,
) -> Result<Response, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let creating = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::trim) == Some("*");
    let expected = if creating { IfMatch::version(0) } else { required_if_match(&headers)? };
    let tx = ctx.db.begin().await?;
    let view = crate::custom::save(&tx, &kind, channel, &language, expected, input).await?;
    ctx.commit(tx, with_etag(view.version, view)).await
}

/// Drops the tenant's words: the default's go again.
#[utoipa::path(delete, path = "/messages/templates/{kind}/{channel}/{language}", tag = "messages",
    security(("bearer" = [])),
    params(("kind" = String, Path, description = "e.g. `quote_sent`"), ("channel" = Channel, Path),
        ("language" = String, Path, description = "`pt-BR` or `en`"),
        ("If-Match" = String, Header, description = "The tenant's words' ETag as last read")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn remove_template(
    ctx: Ctx,
    Path((kind, channel, language)): Path<(String, Channel, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    ctx.require(MESSAGES_CONFIGURE)?;
    let expected = required_if_match(&headers)?;
    let tx = ctx.db.begin().await?;
    crate::custom::remove(&tx, &kind, channel, &language, expected).await?;
    ctx.commit(tx, StatusCode::NO_CONTENT).await
}
