//! `/me/notifications`: what the app's bell shows the signed-in user. Areas write them through
//! `innexar_db::notifications::notify` in their own transactions; here each person reads and
//! dismisses only their own, so no permission is asked and another's id is a 404.

use axum::http::StatusCode;
use innexar_db::notifications::{self, Notification};
use innexar_http::{AppState, Ctx, Path, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Page};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::model::actor_user;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(unread_count))
        .routes(routes!(read_notification))
        .routes(routes!(read_all))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationParams {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Items per page, 1..=100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
    /// Only those not read yet.
    pub unread: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnreadCount {
    pub count: u64,
}

fn me(ctx: &Ctx) -> Result<Uuid, AppError> {
    actor_user(&ctx.actor)
        .map(|u| u.uuid())
        .ok_or_else(|| AppError::forbidden("auth.forbidden", "notifications belong to signed-in users"))
}

/// Your notifications, newest first.
#[utoipa::path(get, path = "/me/notifications", tag = "auth", security(("bearer" = [])), params(NotificationParams),
    responses((status = 200, body = Page<Notification>), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn list_notifications(
    ctx: Ctx,
    Query(p): Query<NotificationParams>,
) -> Result<axum::Json<Page<Notification>>, AppError> {
    let user = me(&ctx)?;
    let page = PageParams { page: p.page, page_size: p.page_size, sort: None }.validate(&[])?;
    let (items, total) =
        notifications::list(ctx.db.read().await?.conn(), user, p.unread.unwrap_or(false), &page).await?;
    Ok(axum::Json(Page::new(items, &page, total)))
}

/// How many of your notifications are unread (the bell's number).
#[utoipa::path(get, path = "/me/notifications/unread-count", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UnreadCount), (status = 401, body = Problem)))]
async fn unread_count(ctx: Ctx) -> Result<axum::Json<UnreadCount>, AppError> {
    let user = me(&ctx)?;
    let count = notifications::unread_count(ctx.db.read().await?.conn(), user).await?;
    Ok(axum::Json(UnreadCount { count }))
}

/// Mark one of your notifications read (again is harmless).
#[utoipa::path(post, path = "/me/notifications/{id}/read", tag = "auth", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn read_notification(ctx: Ctx, Path(id): Path<Uuid>) -> Result<StatusCode, AppError> {
    let user = me(&ctx)?;
    let tx = ctx.db.begin().await?;
    let found = notifications::mark_read(&tx, user, id, ctx.now).await?;
    tx.commit().await?;
    if !found {
        return Err(AppError::not_found("notifications.not_found", "no notification of yours has this id"));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReadAllParams {
    /// The newest notification you saw: it and those before it are marked, not one that arrived
    /// since. Without it, every one.
    pub up_to: Option<Uuid>,
}

/// Mark your notifications read: all, or up to the newest you saw.
#[utoipa::path(post, path = "/me/notifications/read", tag = "auth", security(("bearer" = [])),
    params(ReadAllParams),
    responses((status = 204), (status = 401, body = Problem)))]
async fn read_all(ctx: Ctx, Query(p): Query<ReadAllParams>) -> Result<StatusCode, AppError> {
    let user = me(&ctx)?;
    let tx = ctx.db.begin().await?;
    notifications::mark_all_read(&tx, user, p.up_to, ctx.now).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
