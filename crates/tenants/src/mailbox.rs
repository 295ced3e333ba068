//! `GET /messages`: the tenant's mailbox, for Owners. Messages wait here until a notification
//! channel delivers them (`innexar_db::messages`); a password reset link, until e-mail is
//! configured, reaches its user through the Owner.

use innexar_db::messages::{self, Message};
use innexar_http::{AppState, Ctx, Query};
use innexar_kernel::error::Problem;
use innexar_kernel::page::PageParams;
use innexar_kernel::{AppError, Page, Permission, Role};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Read the messages the system wrote to people (reset links among them): Owners only.
pub const MESSAGES_READ: Permission = Permission::new("messages.read", &[Role::Owner]);

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_messages))
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
}

/// The messages written to people (password reset links, later notifications), newest first,
/// with whether a channel delivered them.
#[utoipa::path(get, path = "/messages", tag = "audit", security(("bearer" = [])), params(MessageParams),
    responses((status = 200, body = Page<Message>), (status = 403, body = Problem)))]
async fn list_messages(ctx: Ctx, Query(p): Query<MessageParams>) -> Result<axum::Json<Page<Message>>, AppError> {
    ctx.require(MESSAGES_READ)?;
    let page = PageParams { page: p.page, page_size: p.page_size, sort: None }.validate(&[])?;
    let (items, total) = messages::list(ctx.db.read().await?.conn(), &page).await?;
    Ok(axum::Json(Page::new(items, &page, total)))
}
